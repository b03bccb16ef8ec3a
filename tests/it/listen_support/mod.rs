//! A sandbox, a cache on disk and the real webhook receiver started from the library on
//! 127.0.0.1, for the `listen_*` tests; posts go over real HTTP.

use crate::sync_support::{Cache, client, options, sandbox};

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use unibox::domain::{ChatId, Message, MessageId};
use unibox::listen::{ListenConfig, Listener, Progress, WebhookSecret};
use unibox::provider::unipile::WEBHOOK_TOKEN_HEADER;
use unibox_sandbox::{MessageEvent, SandboxServer, WebhookReceiver, message_payload};

/// A guard against a hang, not a measure: the tests wait for events, never for a time.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Rig {
    pub server: SandboxServer,
    pub cache: Cache,
    pub listener: Listener,
    pub secret: WebhookSecret,
    http: reqwest::Client,
}

impl Rig {
    /// Everything started, the listener's first sync done: the cache holds the inbox.
    pub async fn start() -> Self {
        let server = sandbox().await;
        let cache = Cache::new();
        let secret = WebhookSecret::generate();
        let config = ListenConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            secret: Some(secret.clone()),
            late_secret: None,
            // Only the sync at start: the tests decide when anything else happens.
            sync_interval: Duration::from_secs(24 * 3600),
            sync: options(),
        };
        let reader = Arc::new(client(&server).reader);
        let listener = unibox::listen::start(config, cache.store.clone(), reader)
            .await
            .unwrap();
        let rig = Self {
            server,
            cache,
            listener,
            secret,
            http: reqwest::Client::new(),
        };
        rig.wait_for(|p| p.syncs >= 1).await;
        rig
    }

    pub fn url(&self) -> String {
        format!("http://{}/unipile", self.listener.addr())
    }

    /// The sandbox posts its events here, with the right token.
    pub fn subscribe_sandbox(&self) {
        self.server.add_webhook(&WebhookReceiver {
            url: self.url(),
            header: (
                WEBHOOK_TOKEN_HEADER.to_owned(),
                self.secret.expose().to_owned(),
            ),
        });
    }

    pub fn progress(&self) -> Progress {
        *self.listener.progress().borrow()
    }

    pub async fn wait_for(&self, done: impl Fn(&Progress) -> bool) {
        let mut progress = self.listener.progress();
        tokio::time::timeout(PATIENCE, progress.wait_for(done))
            .await
            .expect("the listener got there")
            .unwrap();
    }

    /// Posts `body` as the provider would, with these token header values.
    pub async fn post(&self, body: Vec<u8>, tokens: &[&str]) -> StatusCode {
        let mut request = self.http.post(self.url()).body(body);
        for token in tokens {
            request = request.header(WEBHOOK_TOKEN_HEADER, *token);
        }
        tokio::time::timeout(PATIENCE, request.send())
            .await
            .expect("the listener answered")
            .unwrap()
            .status()
    }

    /// Posts `body` with the right token.
    pub async fn post_genuine(&self, body: Vec<u8>) -> StatusCode {
        let token = self.secret.expose().to_owned();
        self.post(body, &[&token]).await
    }

    /// Posts a genuine event and waits until the listener has applied it.
    pub async fn deliver(&self, body: Vec<u8>) {
        let before = self.progress().hints;
        assert_eq!(self.post_genuine(body).await, StatusCode::OK);
        self.wait_for(|p| p.hints > before).await;
    }

    /// The event's body, as the sandbox would post it now.
    pub fn payload(&self, event: MessageEvent, id: &MessageId) -> Vec<u8> {
        let body = self
            .server
            .state()
            .read(|world| message_payload(world, event, world.message(id).unwrap()));
        serde_json::to_vec(&body).unwrap()
    }

    /// A message from a customer arrives in a chat the cache holds (posting nothing yet
    /// unless the sandbox is subscribed).
    pub fn customer_writes(&self, text: &str) -> (ChatId, MessageId) {
        let chat = writable_chat(&self.server);
        let id = self.server.try_inject_inbound(&chat, text).unwrap();
        (chat, id)
    }

    pub async fn cached(&self, id: &MessageId) -> Option<Message> {
        let id = id.clone();
        self.cache
            .store
            .call(move |db| db.message(&id))
            .await
            .unwrap()
    }

    /// Waits until the cached copy of `id` satisfies `ready`.
    pub async fn wait_for_message(
        &self,
        id: &MessageId,
        ready: impl Fn(&Message) -> bool,
    ) -> Message {
        let waiting = async {
            loop {
                if let Some(message) = self.cached(id).await.filter(|m| ready(m)) {
                    return message;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        };
        tokio::time::timeout(PATIENCE, waiting)
            .await
            .expect("the message reached the cache")
    }

    /// The cache's files, byte for byte (the database and its write-ahead log).
    pub fn bytes(&self) -> Vec<Vec<u8>> {
        files_of(&self.cache.path())
    }
}

pub fn files_of(cache: &Path) -> Vec<Vec<u8>> {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut name = cache.as_os_str().to_owned();
            name.push(suffix);
            std::fs::read(name).unwrap_or_default()
        })
        .collect()
}

/// The first chat a customer can write into.
pub fn writable_chat(server: &SandboxServer) -> ChatId {
    server
        .state()
        .chats()
        .into_iter()
        .find(|chat| {
            !chat.archived
                && chat.read_only == 0
                && chat.chat_type != unibox_sandbox::ChatType::Channel
                && server.state().accounts().iter().any(|a| {
                    a.id == chat.account_id && a.status == unibox_sandbox::AccountStatus::Ok
                })
        })
        .map(|chat| chat.id)
        .unwrap()
}
