//! A sandbox and the real client pointed at it, for the `client_*` tests.
// Each test file uses a different subset of these helpers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, TimeZone, Utc};
use unibox::domain::ChatId;
use unibox::provider::unipile::{
    RetryPolicy, Sleeper, Unipile, UnipileConfig, UnipileReader, UnipileWriter,
};
use unibox::secret::ApiKey;
use unibox_sandbox::{ChatRecord, MessageRecord, SandboxConfig, SandboxServer};

/// The data's "now", so the edit and delete windows are where the tests expect them.
pub fn anchor() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap()
}

pub async fn sandbox() -> SandboxServer {
    unibox_sandbox::start(SandboxConfig {
        anchor: anchor(),
        port: 0,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// Records the waits of the retry policy instead of sleeping, so retries cost no time and
/// the tests can check each wait.
#[derive(Default)]
pub struct RecordedSleeps(Mutex<Vec<Duration>>);

impl RecordedSleeps {
    pub fn taken(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

#[async_trait]
impl Sleeper for RecordedSleeps {
    async fn sleep(&self, duration: Duration) {
        self.0.lock().unwrap().push(duration);
        tokio::task::yield_now().await;
    }
}

pub struct Client {
    pub reader: UnipileReader,
    pub writer: UnipileWriter,
    pub sleeps: Arc<RecordedSleeps>,
}

/// The client with default settings, except that waits are recorded rather than slept.
pub fn client(server: &SandboxServer) -> Client {
    client_with(server, |_| {})
}

pub fn client_with(server: &SandboxServer, adjust: impl FnOnce(&mut UnipileConfig)) -> Client {
    let key = ApiKey::new(server.api_key()).unwrap();
    let mut config = UnipileConfig::new(&server.url(), key).unwrap();
    let sleeps = Arc::new(RecordedSleeps::default());
    config.retry = RetryPolicy {
        sleeper: sleeps.clone(),
        ..RetryPolicy::default()
    };
    adjust(&mut config);
    let unipile = Unipile::new(config).unwrap();
    Client {
        reader: unipile.reader(),
        writer: unipile.writer(),
        sleeps,
    }
}

/// The first chat called `name`.
pub fn chat_named(server: &SandboxServer, name: &str) -> ChatRecord {
    server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.name.as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no chat {name}"))
}

/// Requests of any method that reached `path` (e.g. `/api/v1/chats`).
pub fn requests_to(server: &SandboxServer, path: &str) -> usize {
    server.requests().iter().filter(|r| r.path == path).count()
}

/// Our newest text message in `chat` sent at most `max_age` before the anchor.
pub fn own_text_younger_than(
    server: &SandboxServer,
    chat: &ChatId,
    max_age: chrono::TimeDelta,
) -> MessageRecord {
    server
        .state()
        .messages(chat)
        .into_iter()
        .rev()
        .find(|m| {
            m.is_sender && !m.deleted && m.text.is_some() && anchor() - m.timestamp <= max_age
        })
        .expect("a recent message of ours")
}

/// An attachment downloaded whole: the stream's chunks gathered, or its first error.
pub async fn download(
    reader: &dyn unibox::provider::ProviderRead,
    message: &unibox::domain::MessageId,
    attachment: &unibox::domain::AttachmentId,
    max_bytes: u64,
) -> Result<Vec<u8>, unibox::provider::ProviderError> {
    use futures_util::StreamExt as _;
    let mut body = reader
        .download_attachment(message, attachment, max_bytes)
        .await?;
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        bytes.extend_from_slice(&chunk?);
    }
    Ok(bytes)
}
