//! Posts events to the registered webhooks, one at a time, in a seeded disorder: now and then
//! an event is posted twice, or held back and posted after the next one, as a provider that
//! retries and promises no order does.

use std::sync::Arc;
use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde_json::Value;
use tokio::sync::mpsc;

use super::registry::{Registry, WebhookSource};

const DISORDER_STREAM: u64 = 0x0EB0_0000;
/// How long a held-back event waits for a next one before it goes anyway.
const HOLD_AT_MOST: Duration = Duration::from_millis(300);

pub(crate) struct Event {
    pub source: WebhookSource,
    pub name: String,
    pub body: Value,
}

/// The sending side; the posting task runs as long as one exists.
#[derive(Clone)]
pub(crate) struct Courier {
    queue: mpsc::UnboundedSender<Event>,
}

impl Courier {
    pub fn start(registry: Arc<Registry>, seed: u64) -> Self {
        let (queue, events) = mpsc::unbounded_channel();
        tokio::spawn(deliver(registry, events, seed));
        Self { queue }
    }

    pub fn post(&self, source: WebhookSource, name: &str, body: Value) {
        let event = Event {
            source,
            name: name.to_owned(),
            body,
        };
        // The task ends only with the sandbox; an event for a stopped sandbox is moot.
        let _ = self.queue.send(event);
    }
}

async fn deliver(registry: Arc<Registry>, mut events: mpsc::UnboundedReceiver<Event>, seed: u64) {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ DISORDER_STREAM);
    let http = reqwest::Client::new();
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
                post_everywhere(&http, &registry, &late).await;
            }
            continue;
        };
        if held.is_none() && rng.random_ratio(1, 5) {
            held = Some(event);
            continue;
        }
        post_everywhere(&http, &registry, &event).await;
        if rng.random_ratio(1, 5) {
            post_everywhere(&http, &registry, &event).await;
        }
        if let Some(late) = held.take() {
            post_everywhere(&http, &registry, &late).await;
        }
    }
}

async fn post_everywhere(http: &reqwest::Client, registry: &Registry, event: &Event) {
    for hook in registry.all() {
        if !hook.wants(event.source, &event.name) {
            continue;
        }
        let mut request = http.post(&hook.request_url).json(&event.body);
        for (key, value) in &hook.headers {
            request = request.header(key, value);
        }
        if let Err(error) = request.send().await {
            tracing::warn!(%error, webhook = %hook.id, "webhook post failed");
        }
    }
}
