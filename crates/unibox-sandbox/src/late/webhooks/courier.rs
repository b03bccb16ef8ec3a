//! Posts events to the registered webhooks, one at a time, signed, in a seeded disorder: now
//! and then an event is posted twice (same `X-Zernio-Event-Id`, as a retry), or held back and
//! posted after the next one, as Zernio promises no order.

use std::sync::Arc;
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use sha2::Sha256;
use tokio::sync::mpsc;

use super::registry::LateWebhooks;

const DISORDER_STREAM: u64 = 0x1A7E_0000;
/// How long a held-back event waits for a next one before it goes anyway.
const HOLD_AT_MOST: Duration = Duration::from_millis(300);

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

async fn deliver(hooks: Arc<LateWebhooks>, mut events: mpsc::UnboundedReceiver<Event>, seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ DISORDER_STREAM);
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap_or_default();
    let mut held: Option<Event> = None;
    loop {
        let next = match &held {
            Some(_) => tokio::time::timeout(HOLD_AT_MOST, events.recv())
                .await
                .unwrap_or(None),
            None => match events.recv().await {
                Some(event) => Some(event),
                None => return,
            },
        };
        let Some(event) = next else {
            if let Some(late) = held.take() {
                post_everywhere(&http, &hooks, &late).await;
            }
            continue;
        };
        if held.is_none() && rng.random_ratio(1, 5) {
            held = Some(event);
            continue;
        }
        post_everywhere(&http, &hooks, &event).await;
        if rng.random_ratio(1, 5) {
            post_everywhere(&http, &hooks, &event).await;
        }
        if let Some(late) = held.take() {
            post_everywhere(&http, &hooks, &late).await;
        }
    }
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
