//! The registered webhooks.

use std::sync::{Mutex, PoisonError};

use serde_json::{Value, json};

/// What a webhook reports: messaging events or account status changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookSource {
    Messaging,
    AccountStatus,
}

impl WebhookSource {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "messaging" => Some(Self::Messaging),
            "account_status" => Some(Self::AccountStatus),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Messaging => "messaging",
            Self::AccountStatus => "account_status",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registration {
    pub id: String,
    pub request_url: String,
    pub name: String,
    pub source: WebhookSource,
    /// Empty: every event of the source.
    pub events: Vec<String>,
    pub headers: Vec<(String, String)>,
}

impl Registration {
    pub fn wants(&self, source: WebhookSource, event: &str) -> bool {
        self.source == source && (self.events.is_empty() || self.events.iter().any(|e| e == event))
    }

    /// As `GET /webhooks` lists it.
    pub fn to_wire(&self) -> Value {
        json!({
            "object": "Webhook",
            "id": self.id,
            "name": self.name,
            "request_url": self.request_url,
            "source": self.source.as_str(),
            "events": self.events,
            "headers": self.headers.iter()
                .map(|(key, value)| json!({"key": key, "value": value}))
                .collect::<Vec<_>>(),
            "enabled": true,
        })
    }
}

#[derive(Default)]
pub(crate) struct Registry {
    inner: Mutex<(u64, Vec<Registration>)>,
}

impl Registry {
    pub fn add(
        &self,
        request_url: String,
        name: String,
        source: WebhookSource,
        events: Vec<String>,
        headers: Vec<(String, String)>,
    ) -> String {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.0 += 1;
        let id = format!("whk_{:06}", inner.0);
        inner.1.push(Registration {
            id: id.clone(),
            request_url,
            name,
            source,
            events,
            headers,
        });
        id
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let before = inner.1.len();
        inner.1.retain(|w| w.id != id);
        inner.1.len() != before
    }

    pub fn all(&self) -> Vec<Registration> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .clone()
    }
}
