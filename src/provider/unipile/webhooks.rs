//! Webhook registrations (`POST`, `GET`, `DELETE /webhooks`): the writer creates and removes
//! them, the reader lists them.

use std::fmt;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::reader::UnipileReader;
use super::transport::WriteBody;
use super::writer::UnipileWriter;
use crate::provider::{ProviderError, Result};

/// The header whose value proves a post comes from the provider: a secret unibox chose.
pub const WEBHOOK_TOKEN_HEADER: &str = "X-Unibox-Webhook-Token";

/// One registration to create.
pub struct WebhookRegistration<'a> {
    pub request_url: &'a str,
    pub name: &'a str,
    /// `messaging` or `account_status`.
    pub source: &'a str,
    pub events: &'a [&'a str],
    /// The value of `WEBHOOK_TOKEN_HEADER`.
    pub token: &'a str,
}

impl fmt::Debug for WebhookRegistration<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WebhookRegistration")
            .field("request_url", &self.request_url)
            .field("source", &self.source)
            .field("events", &self.events)
            .field("token", &"<redacted>")
            .finish()
    }
}

/// A registered webhook, as listed (its headers, which carry the secret, are not kept).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct Webhook {
    pub id: String,
    pub name: Option<String>,
    pub request_url: Option<String>,
    pub source: Option<String>,
    pub events: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Created {
    webhook_id: Option<String>,
}

impl UnipileWriter {
    /// Creates one webhook; its id.
    pub async fn register_webhook(&self, registration: &WebhookRegistration<'_>) -> Result<String> {
        let body = json!({
            "request_url": registration.request_url,
            "name": registration.name,
            "source": registration.source,
            "format": "json",
            "enabled": true,
            "events": registration.events,
            "headers": [
                {"key": "Content-Type", "value": "application/json"},
                {"key": WEBHOOK_TOKEN_HEADER, "value": registration.token},
            ],
        });
        let url = self.http.url(["webhooks"]);
        let answer = self
            .http
            .send(Method::POST, url, WriteBody::Json(body))
            .await?;
        let created: Created = answer
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        created
            .webhook_id
            .ok_or_else(|| ProviderError::Decode("the webhook was created without an id".into()))
    }

    pub async fn remove_webhook(&self, id: &str) -> Result<()> {
        let url = self.http.url(["webhooks", id]);
        self.http
            .send(Method::DELETE, url, WriteBody::None)
            .await
            .map(drop)
    }
}

impl UnipileReader {
    /// Every webhook of the key's owner (the first page: at most 250).
    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        let mut url = self.http.url(["webhooks"]);
        url.query_pairs_mut().append_pair("limit", "250");
        let body = self.get("webhooks", url).await?;
        let list: Value = serde_json::from_slice(&body)
            .map_err(|error| ProviderError::Decode(format!("webhook list: {error}")))?;
        let items = list
            .get("items")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // Leniently: an item that does not read is left out.
        Ok(items
            .into_iter()
            .filter_map(|item| serde_json::from_value::<Webhook>(item).ok())
            .filter(|hook| !hook.id.is_empty())
            .collect())
    }
}
