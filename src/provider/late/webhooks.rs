//! Late's webhook settings (`POST`, `GET`, `DELETE /v1/webhooks/settings`): the writer creates
//! and removes them, the reader lists them. The secret a webhook signs with goes out once, at
//! creation; what is listed back is never kept.

use std::fmt;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

use super::reader::LateReader;
use super::transport::WriteBody;
use super::writer::LateWriter;
use crate::provider::{IdempotencyKey, ProviderError, Result};

/// One webhook to create.
pub struct LateWebhookRegistration<'a> {
    pub name: &'a str,
    pub url: &'a str,
    /// The HMAC key Late signs each post with (`X-Zernio-Signature`).
    pub secret: &'a str,
    pub events: &'a [&'a str],
}

impl fmt::Debug for LateWebhookRegistration<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LateWebhookRegistration")
            .field("name", &self.name)
            .field("url", &self.url)
            .field("events", &self.events)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// A webhook as listed (its secret is not read).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(default)]
pub struct LateWebhook {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: Option<String>,
    pub url: Option<String>,
    pub events: Vec<String>,
}

impl LateWriter {
    /// Creates one webhook; its id.
    pub async fn register_webhook(
        &self,
        registration: &LateWebhookRegistration<'_>,
    ) -> Result<String> {
        let body = json!({
            "name": registration.name,
            "url": registration.url,
            "secret": registration.secret,
            "events": registration.events,
            "isActive": true,
        });
        let url = self.http.url(["webhooks", "settings"]);
        let answer = self
            .http
            .send(
                Method::POST,
                url,
                &IdempotencyKey::fresh(),
                WriteBody::Json(body),
            )
            .await?;
        answer
            .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
            .and_then(|created| created.pointer("/webhook/_id")?.as_str().map(str::to_owned))
            .filter(|id| !id.is_empty())
            .ok_or_else(|| ProviderError::Decode("the webhook was created without an id".into()))
    }

    pub async fn remove_webhook(&self, id: &str) -> Result<()> {
        let mut url = self.http.url(["webhooks", "settings"]);
        url.query_pairs_mut().append_pair("id", id);
        self.http
            .send(
                Method::DELETE,
                url,
                &IdempotencyKey::fresh(),
                WriteBody::None,
            )
            .await
            .map(drop)
    }
}

impl LateReader {
    /// Every webhook of the key's owner (at most 50, as Late allows).
    pub async fn webhooks(&self) -> Result<Vec<LateWebhook>> {
        let url = self.http.url(["webhooks", "settings"]);
        let body = self.get("webhooks", url).await?;
        let list: Value = serde_json::from_slice(&body)
            .map_err(|error| ProviderError::Decode(format!("webhook list: {error}")))?;
        let items = list
            .get("webhooks")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        // Leniently: an item that does not read is left out.
        Ok(items
            .into_iter()
            .filter_map(|item| serde_json::from_value::<LateWebhook>(item).ok())
            .filter(|hook| !hook.id.is_empty())
            .collect())
    }
}
