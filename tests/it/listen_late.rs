//! `unibox listen`'s `/late` route, started from the library on 127.0.0.1 in front of a cache
//! filled from the Late sandbox: a post signed as Zernio signs (HMAC-SHA256 of the raw body)
//! reaches the cache; a wrong, missing or repeated one changes nothing.

use crate::listen_support::files_of;
use crate::sync_support::{Cache, options};

use std::sync::Arc;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use reqwest::StatusCode;
use serde_json::json;
use unibox::domain::{Message, MessageId};
use unibox::listen::{
    LATE_EVENT_HEADER, LATE_EVENT_ID_HEADER, LATE_SIGNATURE_HEADER, ListenConfig, Listener,
    MAX_BODY_BYTES, Progress, WebhookSecret, sign_late,
};
use unibox::provider::late::{ConversationRef, Late, LateConfig};
use unibox_sandbox::late::{
    LateConversation, LateSandbox, LateSandboxConfig, LateWebhookEvent, LateWebhookReceiver,
};

/// A guard against a hang, not a measure.
const PATIENCE: Duration = Duration::from_secs(30);

struct LateRig {
    late: LateSandbox,
    cache: Cache,
    listener: Listener,
    secret: WebhookSecret,
    http: reqwest::Client,
}

impl LateRig {
    async fn start() -> Self {
        let late = LateSandbox::start(LateSandboxConfig {
            anchor: Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap(),
            ..LateSandboxConfig::default()
        })
        .await
        .unwrap();
        let cache = Cache::new();
        let secret = WebhookSecret::generate();
        let key = unibox::secret::ApiKey::new(late.api_key()).unwrap();
        let reader = Late::new(LateConfig::new(&late.base_url(), key).unwrap())
            .unwrap()
            .reader();
        let config = ListenConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            secret: None,
            late_secret: Some(secret.clone()),
            sync_interval: Duration::from_secs(24 * 3600),
            sync: options(),
        };
        let listener = unibox::listen::start(config, cache.store.clone(), Arc::new(reader))
            .await
            .unwrap();
        let rig = Self {
            late,
            cache,
            listener,
            secret,
            http: reqwest::Client::new(),
        };
        rig.wait_for(|p| p.syncs >= 1).await;
        rig
    }

    /// The Late sandbox posts its events here, signed with the right secret.
    fn subscribe_sandbox(&self) {
        self.late.add_webhook(&LateWebhookReceiver {
            url: self.url(),
            secret: self.secret.expose().to_owned(),
        });
    }

    /// Waits until the cached copy of `id` satisfies `ready`.
    async fn wait_for_message(&self, id: &MessageId, ready: impl Fn(&Message) -> bool) -> Message {
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

    fn url(&self) -> String {
        format!("http://{}/late", self.listener.addr())
    }

    fn progress(&self) -> Progress {
        *self.listener.progress().borrow()
    }

    async fn wait_for(&self, done: impl Fn(&Progress) -> bool) {
        let mut progress = self.listener.progress();
        tokio::time::timeout(PATIENCE, progress.wait_for(done))
            .await
            .expect("the listener got there")
            .unwrap();
    }

    /// A conversation the cache holds and the customer can write into.
    fn conversation(&self) -> LateConversation {
        self.late
            .conversations()
            .into_iter()
            .find(|c| self.late.accounts().iter().any(|a| a.id == c.account_id))
            .unwrap()
    }

    /// The customer writes; the event Zernio would post about it, and the message's id.
    fn customer_writes(&self, event_id: &str, text: &str) -> (Vec<u8>, MessageId) {
        let conversation = self.conversation();
        let wamid = self.late.inject_inbound(&conversation.id, text).unwrap();
        let chat = ConversationRef::new(&conversation.account_id, &conversation.id);
        let body = json!({
            "id": event_id,
            "event": "message.received",
            "message": {"id": wamid, "text": text, "direction": "incoming"},
            "conversation": {"id": conversation.id, "platformConversationId": conversation.participant_id, "status": "active"},
            "account": {"id": conversation.account_id, "platform": "whatsapp", "username": "shop"},
            "timestamp": "2025-03-14T10:00:00Z",
        });
        (
            serde_json::to_vec(&body).unwrap(),
            chat.message(&wamid).message_id(),
        )
    }

    async fn post(&self, body: Vec<u8>, event_id: &str, signatures: &[String]) -> StatusCode {
        let mut request = self
            .http
            .post(self.url())
            .header(LATE_EVENT_HEADER, "message.received")
            .header(LATE_EVENT_ID_HEADER, event_id)
            .body(body);
        for signature in signatures {
            request = request.header(LATE_SIGNATURE_HEADER, signature);
        }
        tokio::time::timeout(PATIENCE, request.send())
            .await
            .expect("the listener answered")
            .unwrap()
            .status()
    }

    async fn post_signed(&self, body: Vec<u8>, event_id: &str) -> StatusCode {
        let signature = sign_late(&self.secret, &body);
        self.post(body, event_id, &[signature]).await
    }

    async fn cached(&self, id: &MessageId) -> Option<Message> {
        let id = id.clone();
        self.cache
            .store
            .call(move |db| db.message(&id))
            .await
            .unwrap()
    }

    fn bytes(&self) -> Vec<Vec<u8>> {
        files_of(&self.cache.path())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_late_sandbox_posts_reaches_the_cache() {
    let rig = LateRig::start().await;
    rig.subscribe_sandbox();
    let conversation = rig.conversation();
    let chat = ConversationRef::new(&conversation.account_id, &conversation.id);
    // Hostile text is stored as received: it is made safe only where it is shown.
    let text = "Bonjour \u{1b}]0;owned\u{7} ¿hay stock?\u{202e}";
    let wamid = rig.late.inject_inbound(&conversation.id, text).unwrap();
    let id = chat.message(&wamid).message_id();
    let arrived = rig.wait_for_message(&id, |_| true).await;
    assert_eq!(arrived.text.as_deref(), Some(text));

    // The customer reacts to their own message; the sandbox posts the reaction.
    assert!(rig.late.change_message(&conversation.id, &wamid, |m| {
        m.reactions.push(unibox_sandbox::late::LateReaction {
            emoji: "👍".into(),
            from_me: false,
            reacted_at: m.created_at,
        });
    }));
    assert!(
        rig.late
            .notify(LateWebhookEvent::Reaction, &conversation.id, &wamid)
    );
    let reacted = rig.wait_for_message(&id, |m| !m.reactions.is_empty()).await;
    assert_eq!(reacted.reactions.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_late_event_brings_its_message_and_a_redelivery_changes_nothing() {
    let rig = LateRig::start().await;
    let (body, id) = rig.customer_writes("evt_1", "Hola, ¿tienen la talla 42?");
    assert!(rig.cached(&id).await.is_none());

    assert_eq!(rig.post_signed(body.clone(), "evt_1").await, StatusCode::OK);
    rig.wait_for(|p| p.hints >= 1).await;
    let arrived = rig
        .cached(&id)
        .await
        .expect("the message reached the cache");
    assert_eq!(arrived.text.as_deref(), Some("Hola, ¿tienen la talla 42?"));

    // Zernio retries with the same event id: answered 200, nothing queued.
    assert_eq!(rig.listener.redeliveries(), 0);
    assert_eq!(rig.post_signed(body, "evt_1").await, StatusCode::OK);
    assert_eq!(rig.listener.redeliveries(), 1);
    // A different event is still taken.
    let (next, next_id) = rig.customer_writes("evt_2", "¿Y en azul?");
    assert_eq!(rig.post_signed(next, "evt_2").await, StatusCode::OK);
    rig.wait_for(|p| p.hints >= 2).await;
    assert!(rig.cached(&next_id).await.is_some());
    assert_eq!(rig.listener.redeliveries(), 1);
}

#[tokio::test]
async fn a_redelivered_event_leaves_the_cache_dump_unchanged() {
    let rig = LateRig::start().await;
    let (body, id) = rig.customer_writes("evt_9", "¿Abren el domingo?");
    assert_eq!(rig.post_signed(body.clone(), "evt_9").await, StatusCode::OK);
    rig.wait_for(|p| p.hints >= 1).await;
    assert!(rig.cached(&id).await.is_some());
    let once = rig.cache.dump();
    let bytes = rig.bytes();
    assert_eq!(rig.post_signed(body, "evt_9").await, StatusCode::OK);
    assert_eq!(rig.listener.redeliveries(), 1);
    assert_eq!(rig.cache.dump(), once);
    assert!(rig.bytes() == bytes, "the cache files changed");
}

#[tokio::test]
async fn a_wrong_or_missing_signature_is_refused_and_writes_nothing() {
    let rig = LateRig::start().await;
    let (body, id) = rig.customer_writes("evt_3", "Is the shop open?");
    let before = rig.bytes();

    let right = sign_late(&rig.secret, &body);
    let other = sign_late(&WebhookSecret::generate(), &body);
    let of_other_body = sign_late(&rig.secret, b"{}");
    for signatures in [
        vec![],
        vec![other],
        vec![of_other_body],
        vec![right[2..].to_owned()],
        vec!["not hex at all".to_owned()],
        // Two copies: ambiguous, refused even when one is right.
        vec![right.clone(), "00".repeat(32)],
    ] {
        assert_eq!(
            rig.post(body.clone(), "evt_3", &signatures).await,
            StatusCode::UNAUTHORIZED,
            "{signatures:?}"
        );
    }
    assert_eq!(rig.progress().hints, 0);
    assert!(rig.bytes() == before, "the cache files changed");
    assert!(rig.cached(&id).await.is_none());

    // The refusals did not burn the event id: the genuine post is still taken.
    assert_eq!(rig.post(body, "evt_3", &[right]).await, StatusCode::OK);
    rig.wait_for(|p| p.hints >= 1).await;
    assert!(rig.cached(&id).await.is_some());
}

#[tokio::test]
async fn oversize_is_413_and_malformed_is_400() {
    let rig = LateRig::start().await;
    let before = rig.bytes();
    let huge = vec![b' '; MAX_BODY_BYTES + 1];
    assert_eq!(
        rig.post_signed(huge, "evt_big").await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    for garbage in [&b"{\"event\":"[..], b"[1,2]", b"\xff\xfe", b""] {
        assert_eq!(
            rig.post_signed(garbage.to_vec(), "evt_bad").await,
            StatusCode::BAD_REQUEST,
            "{garbage:?}"
        );
    }
    assert_eq!(rig.progress().hints, 0);
    assert!(rig.bytes() == before, "the cache files changed");
}

#[tokio::test]
async fn a_disconnection_reads_the_account_again() {
    let rig = LateRig::start().await;
    let account = rig.late.accounts()[0].id.clone();
    let body = serde_json::to_vec(&json!({
        "id": "evt_acc",
        "event": "account.disconnected",
        "account": {"accountId": account, "profileId": "p", "platform": "whatsapp",
            "username": "shop", "disconnectionType": "unintentional", "reason": "token expired"},
        "timestamp": "2025-03-14T10:00:00Z",
    }))
    .unwrap();
    let account_reads = || {
        rig.late
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/v1/accounts"))
            .count()
    };
    let before = account_reads();
    assert_eq!(rig.post_signed(body, "evt_acc").await, StatusCode::OK);
    rig.wait_for(|p| p.hints >= 1).await;
    assert!(
        account_reads() > before,
        "the account list was not read again"
    );
}
