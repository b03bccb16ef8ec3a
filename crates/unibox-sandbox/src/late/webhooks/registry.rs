//! The registered webhooks (`/v1/webhooks/settings`).

use std::sync::{Mutex, PoisonError};

use serde_json::{Value, json};

#[derive(Clone, PartialEq, Eq)]
pub struct LateWebhook {
    /// `_id`: `wh_` and a counter.
    pub id: String,
    pub name: String,
    pub url: String,
    /// Signs each post; `None`: posts go unsigned, as Zernio's do without one.
    pub secret: Option<String>,
    pub events: Vec<String>,
}

impl std::fmt::Debug for LateWebhook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LateWebhook")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("url", &self.url)
            .field("events", &self.events)
            .finish_non_exhaustive()
    }
}

impl LateWebhook {
    pub fn wants(&self, event: &str) -> bool {
        self.events.iter().any(|e| e == event)
    }

    /// As `GET /v1/webhooks/settings` lists it. The secret is echoed, as the contract's
    /// `Webhook.secret` is.
    pub fn to_wire(&self) -> Value {
        json!({
            "_id": self.id,
            "name": self.name,
            "url": self.url,
            "secret": self.secret,
            "events": self.events,
            "isActive": true,
            "failureCount": 0,
        })
    }
}

#[derive(Default)]
pub(crate) struct LateWebhooks {
    inner: Mutex<(u64, Vec<LateWebhook>)>,
    events: std::sync::atomic::AtomicU64,
}

impl LateWebhooks {
    /// A new event's id (`X-Zernio-Event-Id`), never handed out twice.
    pub fn next_event_id(&self) -> String {
        let n = self
            .events
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("evt_{:08}", n + 1)
    }

    pub fn add(
        &self,
        name: String,
        url: String,
        secret: Option<String>,
        events: Vec<String>,
    ) -> LateWebhook {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.0 += 1;
        let hook = LateWebhook {
            id: format!("wh_{:06}", inner.0),
            name,
            url,
            secret,
            events,
        };
        inner.1.push(hook.clone());
        hook
    }

    pub fn remove(&self, id: &str) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let before = inner.1.len();
        inner.1.retain(|w| w.id != id);
        inner.1.len() != before
    }

    pub fn all(&self) -> Vec<LateWebhook> {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .1
            .clone()
    }
}
