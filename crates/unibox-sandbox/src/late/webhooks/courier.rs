//! Posts events to the registered webhooks, one at a time, signed, in a seeded disorder: now
//! and then an event is posted twice (same `X-Zernio-Event-Id`, as a retry), or held back and
//! posted after the next one, as Zernio promises no order.

use std::sync::Arc;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use tokio::sync::mpsc;

use super::registry::LateWebhooks;

/// Keeps this provider's disorder apart from its other seeded choices.
const DISORDER_STREAM: u64 = 0x1A7E_0000;

#[derive(Clone)]
struct Event {
    id: String,
    name: String,
    body: Vec<u8>,
}

/// The sending side; the posting task runs as long as one exists.
#[derive(Clone)]
pub(crate) struct LateCourier {
    queue: mpsc::UnboundedSender<Event>,
}

impl LateCourier {
    pub fn start(hooks: Arc<LateWebhooks>, seed: u64) -> Self {
        let (queue, events) = mpsc::unbounded_channel();
        tokio::spawn(deliver(hooks, events, seed));
        Self { queue }
    }

    pub fn post(&self, id: &str, name: &str, body: &serde_json::Value) {
        let event = Event {
            id: id.to_owned(),
            name: name.to_owned(),
            body: serde_json::to_vec(body).unwrap_or_default(),
        };
        // The task ends only with the sandbox; an event for a stopped sandbox is moot.
        let _ = self.queue.send(event);
    }
}

async fn deliver(hooks: Arc<LateWebhooks>, events: mpsc::UnboundedReceiver<Event>, seed: u64) {
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap_or_default();
    crate::disorder::deliver(events, seed ^ DISORDER_STREAM, |event| {
        let (http, hooks) = (&http, &hooks);
        async move { post_everywhere(http, hooks, &event).await }
    })
    .await;
}

async fn post_everywhere(http: &reqwest::Client, hooks: &LateWebhooks, event: &Event) {
    for hook in hooks.all() {
        if !hook.wants(&event.name) {
            continue;
        }
        let mut request = http
            .post(&hook.url)
            .header("Content-Type", "application/json")
            .header("X-Zernio-Event", &event.name)
            .header("X-Zernio-Event-Id", &event.id)
            .body(event.body.clone());
        if let Some(secret) = &hook.secret {
            request = request.header("X-Zernio-Signature", sign(secret, &event.body));
        }
        if let Err(error) = request.send().await {
            tracing::warn!(%error, webhook = %hook.id, "late webhook post failed");
        }
    }
}

/// HMAC-SHA256 of `body` keyed with `secret`, lowercase hex.
pub(crate) fn sign(secret: &str, body: &[u8]) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.as_bytes()) else {
        return String::new();
    };
    mac.update(body);
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}
