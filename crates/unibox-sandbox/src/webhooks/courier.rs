//! Posts events to the registered webhooks, one at a time, in a seeded disorder: now and then
//! an event is posted twice, or held back and posted after the next one, as a provider that
//! retries and promises no order does.

use std::sync::Arc;

use serde_json::Value;
use tokio::sync::mpsc;

use super::registry::{Registry, WebhookSource};

/// Keeps this provider's disorder apart from its other seeded choices.
const DISORDER_STREAM: u64 = 0x0EB0_0000;

#[derive(Clone)]
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

async fn deliver(registry: Arc<Registry>, events: mpsc::UnboundedReceiver<Event>, seed: u64) {
    let http = reqwest::Client::new();
    crate::disorder::deliver(events, seed ^ DISORDER_STREAM, |event| {
        let (http, registry) = (&http, &registry);
        async move { post_everywhere(http, registry, &event).await }
    })
    .await;
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
