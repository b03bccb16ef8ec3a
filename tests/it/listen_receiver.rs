//! `unibox listen`'s receiver, started from the library on 127.0.0.1, with the sandbox posting
//! its webhooks (or the test posting them by hand): what reaches the cache, and what never
//! does.

use crate::listen_support::Rig;

use reqwest::StatusCode;
use unibox::listen::MAX_BODY_BYTES;
use unibox_sandbox::MessageEvent;

#[tokio::test]
async fn what_the_sandbox_posts_reaches_the_cache_as_received() {
    let rig = Rig::start().await;
    rig.subscribe_sandbox();
    // Hostile text is stored as received: it is made safe only where it is shown.
    let text = "Bonjour \u{1b}]0;owned\u{7} là ?\u{202e}";
    let (_, id) = rig.customer_writes(text);
    let arrived = rig.wait_for_message(&id, |_| true).await;
    assert_eq!(arrived.text.as_deref(), Some(text));
    assert!(!arrived.edited);

    // The customer corrects it; the sandbox posts the edit (in its seeded disorder).
    rig.server.change_message(&id, |message| {
        message.text = Some("Bonjour, c'est pour une commande".into());
        message.edited = true;
    });
    assert!(rig.server.notify_message(MessageEvent::Edited, &id));
    let edited = rig.wait_for_message(&id, |m| m.edited).await;
    assert_eq!(
        edited.text.as_deref(),
        Some("Bonjour, c'est pour une commande")
    );
}

// On worker threads, as `unibox listen` runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_event_twice_changes_nothing_the_second_time() {
    let rig = Rig::start().await;
    let (_, id) = rig.customer_writes("Do you ship to Lyon?");
    assert!(rig.cached(&id).await.is_none());
    let body = rig.payload(MessageEvent::Received, &id);

    rig.deliver(body.clone()).await;
    assert!(rig.cached(&id).await.is_some());
    let once = rig.cache.dump();
    rig.deliver(body).await;
    assert_eq!(rig.cache.dump(), once);
}

#[tokio::test]
async fn a_post_without_the_secret_is_refused_and_writes_nothing() {
    let rig = Rig::start().await;
    let (_, id) = rig.customer_writes("Is the shop open on Sunday?");
    let body = rig.payload(MessageEvent::Received, &id);
    let before = rig.bytes();

    let wrong = "0".repeat(64);
    let right = rig.secret.expose().to_owned();
    assert_eq!(rig.post(body.clone(), &[]).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        rig.post(body.clone(), &[&wrong]).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        rig.post(body.clone(), &[&right[1..]]).await,
        StatusCode::UNAUTHORIZED
    );
    // Two copies of the header: ambiguous, refused even when one is right.
    assert_eq!(
        rig.post(body.clone(), &[&wrong, &right]).await,
        StatusCode::UNAUTHORIZED
    );

    assert_eq!(rig.progress().hints, 0);
    assert!(rig.bytes() == before, "the cache changed");
    assert!(rig.cached(&id).await.is_none());

    // The same body with the secret is taken: the refusals above were about the secret.
    rig.deliver(body).await;
    assert!(rig.cached(&id).await.is_some());
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_unread() {
    let rig = Rig::start().await;
    let (_, id) = rig.customer_writes("Here is my order list");
    let body = rig.payload(MessageEvent::Received, &id);
    // The same event, padded past the limit with a field nobody reads.
    let mut padded: serde_json::Value = serde_json::from_slice(&body).unwrap();
    padded["padding"] = serde_json::Value::String("x".repeat(MAX_BODY_BYTES));
    let padded = serde_json::to_vec(&padded).unwrap();
    let before = rig.bytes();

    assert_eq!(
        rig.post_genuine(padded).await,
        StatusCode::PAYLOAD_TOO_LARGE
    );
    assert_eq!(rig.progress().hints, 0);
    assert!(rig.bytes() == before, "the cache changed");
    assert!(rig.cached(&id).await.is_none());
}

#[tokio::test]
async fn malformed_json_is_refused_and_the_receiver_carries_on() {
    let rig = Rig::start().await;
    let (_, id) = rig.customer_writes("Are the shoes in stock?");
    let before = rig.bytes();
    for garbage in [
        &b""[..],
        b"{",
        b"{\"event\": \"message_received\", \"chat_id\": ",
        b"\xff\xfe\x00",
        b"[\"message_received\"]",
        b"null",
    ] {
        assert_eq!(
            rig.post_genuine(garbage.to_vec()).await,
            StatusCode::BAD_REQUEST,
            "{garbage:?}"
        );
    }
    assert_eq!(rig.progress().hints, 0);
    assert!(rig.bytes() == before, "the cache changed");

    rig.deliver(rig.payload(MessageEvent::Received, &id)).await;
    assert!(rig.cached(&id).await.is_some());
}

#[tokio::test]
async fn an_edit_announced_before_its_message_is_applied_once_it_comes() {
    let rig = Rig::start().await;
    let (_, id) = rig.customer_writes("Can I change my size to 42?");
    let received = rig.payload(MessageEvent::Received, &id);
    rig.server.change_message(&id, |message| {
        message.text = Some("Can I change my size to 43?".into());
        message.edited = true;
    });

    // The edit arrives first: the message comes with it, edited.
    rig.deliver(rig.payload(MessageEvent::Edited, &id)).await;
    let cached = rig.cached(&id).await.unwrap();
    assert_eq!(cached.text.as_deref(), Some("Can I change my size to 43?"));
    assert!(cached.edited);

    // The older announcement of the message, late, takes nothing back.
    let after_edit = rig.cache.dump();
    rig.deliver(received).await;
    assert_eq!(rig.cache.dump(), after_edit);
}

#[tokio::test]
async fn an_account_status_post_brings_the_account_as_the_server_has_it() {
    use unibox::domain::AccountStatus;
    let rig = Rig::start().await;
    rig.subscribe_sandbox();
    let account = rig
        .server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.status == unibox_sandbox::AccountStatus::Ok)
        .unwrap()
        .id;
    // The cache last saw it waiting for its credentials.
    let id = account.clone();
    rig.cache
        .store
        .call(move |db| {
            let mut cached = db.account(&id)?.unwrap();
            cached.status = AccountStatus::Credentials;
            db.upsert_accounts(&[cached])
        })
        .await
        .unwrap();

    assert!(rig.server.notify_account_status(&account));
    let waiting = async {
        loop {
            let id = account.clone();
            let status = rig
                .cache
                .store
                .call(move |db| db.account(&id))
                .await
                .unwrap()
                .unwrap()
                .status;
            if status == AccountStatus::Ok {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(30), waiting)
        .await
        .expect("the account's status reached the cache");
}

#[tokio::test]
async fn posts_are_answered_while_the_listener_is_still_reading_the_server() {
    let rig = Rig::start().await;
    let (_, first) = rig.customer_writes("First question");
    let (_, second) = rig.customer_writes("Second question");
    // From now on the server takes ten minutes to answer anything: the read-back of the first
    // event is still waiting when the next posts arrive.
    rig.server
        .faults()
        .update(|faults| faults.latency_ms = 600_000);

    assert_eq!(
        rig.post_genuine(rig.payload(MessageEvent::Received, &first))
            .await,
        StatusCode::OK
    );
    for _ in 0..3 {
        assert_eq!(
            rig.post_genuine(rig.payload(MessageEvent::Received, &second))
                .await,
            StatusCode::OK
        );
    }
    assert_eq!(rig.progress().hints, 0, "an answer waited for the server");
    rig.listener.shutdown().await;
}
