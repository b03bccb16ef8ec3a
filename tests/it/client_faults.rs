//! The client against a misbehaving sandbox: reads are retried the right number of times with
//! the right waits, writes never are, broken or enormous answers become typed errors, and a
//! failed write says whether it may have taken effect.

use crate::client_support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use unibox::domain::ChatId;
use unibox::provider::unipile::Limits;
use unibox::provider::{
    ChatQuery, IdempotencyKey, ListQuery, ProviderError, ProviderRead, ProviderWrite, SendMessage,
    SendOutcome,
};
use unibox_sandbox::{MalformedMode, SandboxServer};

use client_support::{chat_named, client, client_with, requests_to, sandbox};

const CHATS: &str = "/api/v1/chats";

fn hello(server: &SandboxServer) -> (ChatId, SendMessage) {
    let chat = chat_named(server, "Marie Dubois");
    let message = SendMessage {
        account_id: chat.account_id.clone(),
        text: "Exactly once".to_owned(),
        quote_id: None,
        attachments: Vec::new(),
        template: None,
        idempotency_key: IdempotencyKey::fresh(),
    };
    (chat.id, message)
}

fn delivered(server: &SandboxServer, chat: &ChatId) -> usize {
    server
        .state()
        .messages(chat)
        .iter()
        .filter(|m| m.text.as_deref() == Some("Exactly once"))
        .count()
}

#[tokio::test]
async fn a_429_with_retry_after_is_waited_out_then_the_read_succeeds() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| {
        f.rate_limited = 2;
        f.retry_after_secs = Some(3);
    });
    let page = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(requests_to(&server, CHATS), 3);
    assert_eq!(client.sleeps.taken(), [Duration::from_secs(3); 2]);
}

#[tokio::test]
async fn a_hostile_retry_after_is_capped() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = Some(86_400);
    });
    client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    assert_eq!(client.sleeps.taken(), [Duration::from_secs(60)]);
}

#[tokio::test]
async fn without_retry_after_the_waits_are_jittered_backoff() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| {
        f.rate_limited = 1;
        f.unavailable = 1;
        f.gateway_timeouts = 1;
    });
    client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    assert_eq!(requests_to(&server, CHATS), 4);
    let sleeps = client.sleeps.taken();
    // Full jitter under a doubling ceiling: 250 ms, 500 ms, 1 s.
    let ceilings = [250, 500, 1000].map(Duration::from_millis);
    assert_eq!(sleeps.len(), 3);
    assert!(
        sleeps.iter().zip(ceilings).all(|(s, c)| *s <= c),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn retries_are_bounded() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| f.rate_limited = 10);
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::RateLimited { .. }),
        "{error:?}"
    );
    assert_eq!(requests_to(&server, CHATS), 4);
    assert_eq!(client.sleeps.taken().len(), 3);
}

#[tokio::test]
async fn a_500_is_final() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| f.error_rate = 1.0);
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, ProviderError::Api(api) if api.status == 500),
        "{error:?}"
    );
    assert_eq!(requests_to(&server, CHATS), 1);
}

#[tokio::test]
async fn a_truncated_page_is_a_decode_error() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| {
        f.malformed_pages = 1;
        f.malformed_mode = MalformedMode::Truncated;
    });
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    let ProviderError::Decode(reason) = &error else {
        panic!("{error:?}")
    };
    assert!(reason.starts_with("the answer is cut short"), "{reason}");
    assert_eq!(requests_to(&server, CHATS), 1);
    // The next page is fine again.
    assert!(
        client
            .reader
            .list_chats(&ChatQuery::default())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn a_page_with_one_wrong_item_keeps_the_others() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Karim Benali");
    let query = ListQuery {
        limit: Some(20),
        ..ListQuery::default()
    };
    let clean = client.reader.list_messages(&chat.id, &query).await.unwrap();
    server.faults().update(|f| {
        f.malformed_pages = 1;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    let broken = client.reader.list_messages(&chat.id, &query).await.unwrap();
    assert_eq!(broken.skipped, 1);
    assert_eq!(broken.items.len(), clean.items.len() - 1);
    assert!(broken.items.iter().all(|m| clean.items.contains(m)));
    assert_eq!(broken.next, clean.next);
}

#[tokio::test]
async fn a_read_cut_mid_body_is_retried() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| f.resets = 1);
    let page = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    assert!(!page.items.is_empty());
    assert_eq!(requests_to(&server, CHATS), 2);
    assert_eq!(client.sleeps.taken().len(), 1);
}

#[tokio::test]
async fn a_read_cut_mid_body_every_time_ends_as_a_lost_connection() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| f.resets = 10);
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(error, ProviderError::ConnectionLost(_)),
        "{error:?}"
    );
    assert_eq!(requests_to(&server, CHATS), 4);
}

#[tokio::test]
async fn a_send_answered_201_then_cut_is_a_success_without_an_id() {
    let server = sandbox().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| f.resets = 1);
    // The status line said 201 Created: the message exists, only the acknowledgement was lost.
    let sent = client.writer.send_message(&chat, &message).await.unwrap();
    assert_eq!(sent.message_id, None);
    assert_eq!(server.writes().len(), 1);
    assert_eq!(server.writes()[0].status, Some(201));
    assert_eq!(delivered(&server, &chat), 1);
}

#[tokio::test]
async fn a_write_that_hangs_past_the_timeout_is_unknown_and_sent_once() {
    let server = sandbox().await;
    let client = client_with(&server, |config| {
        config.request_timeout = Duration::from_secs(2);
    });
    let (chat, message) = hello(&server);
    server.faults().update(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 60_000;
    });
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert_eq!(error, ProviderError::Timeout { sent: true });
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert!(!error.is_offline());
    assert_eq!(server.writes().len(), 1);
    assert_eq!(delivered(&server, &chat), 1);
    assert!(client.sleeps.taken().is_empty());
}

#[tokio::test]
async fn a_server_error_after_the_write_was_taken_is_unknown_and_sent_once() {
    let server = sandbox().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| f.error_after_write = 1);
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert_eq!(error.api().map(|api| api.status), Some(500), "{error:?}");
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert_eq!(server.writes().len(), 1);
    assert_eq!(server.writes()[0].status, Some(500));
    assert_eq!(delivered(&server, &chat), 1, "the provider did send it");
    assert!(client.sleeps.taken().is_empty(), "a write is never retried");
}

#[tokio::test]
async fn a_write_whose_connection_breaks_before_the_answer_is_unknown() {
    let server = sandbox().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 60_000;
    });
    let writer = client.writer.clone();
    let send = tokio::spawn(async move { writer.send_message(&chat, &message).await });
    while server.writes().is_empty() {
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.stop_listening().await;
    let error = send.await.unwrap().unwrap_err();
    assert!(
        matches!(error, ProviderError::ConnectionLost(_)),
        "{error:?}"
    );
    assert_eq!(error.send_outcome(), SendOutcome::Unknown);
    assert_eq!(server.writes().len(), 1);
}

#[tokio::test]
async fn a_server_that_is_down_is_unreachable_and_nothing_is_sent() {
    let server = sandbox().await;
    server.stop_listening().await;
    let client = client(&server);
    let (chat, message) = hello(&server);
    let error = client
        .writer
        .send_message(&chat, &message)
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unreachable(_)), "{error:?}");
    assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    assert!(error.is_offline());
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert!(matches!(error, ProviderError::Unreachable(_)), "{error:?}");
    assert!(client.sleeps.taken().is_empty());
    assert_eq!(server.writes(), []);

    // Back up: the same client works again.
    server.resume().await.unwrap();
    assert!(
        client
            .reader
            .list_chats(&ChatQuery::default())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn an_oversized_body_stops_at_the_limit() {
    let server = sandbox().await;
    let limit = 1 << 20;
    let client = client_with(&server, |config| {
        config.limits = Limits {
            max_body_bytes: limit,
            ..Limits::default()
        };
    });
    server.faults().update(|f| {
        f.oversized_bodies = 1;
        f.oversized_bytes = 8 << 30;
    });
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert_eq!(error, ProviderError::TooLarge { limit });
    assert_eq!(requests_to(&server, CHATS), 1);
}

#[tokio::test]
async fn a_page_of_a_million_items_is_refused_not_loaded() {
    let server = sandbox().await;
    let client = client(&server);
    server.faults().update(|f| {
        f.huge_pages = 1;
        f.huge_page_items = 1_000_000;
    });
    // Streamed without a length: the default 16 MiB cap stops it.
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ProviderError::TooLarge {
            limit: Limits::default().max_body_bytes
        }
    );

    // Small enough in bytes, too many items: the item cap stops it.
    server.faults().update(|f| {
        f.huge_pages = 1;
        f.huge_page_items = 5_000;
    });
    let error = client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ProviderError::Decode("a page of chats holds more than 1000 items".into())
    );
    assert_eq!(requests_to(&server, CHATS), 2);
}

/// A `tracing` writer into a shared buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_api_key_never_reaches_the_logs() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = sandbox().await;
    let key = server.api_key().to_owned();
    let client = client(&server);
    let (chat, message) = hello(&server);
    server.faults().update(|f| {
        f.rate_limited = 1;
        f.malformed_pages = 2;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    client
        .reader
        .list_chats(&ChatQuery::default())
        .await
        .unwrap();
    server.faults().update(|f| f.resets = 1);
    client.writer.send_message(&chat, &message).await.unwrap();
    client
        .reader
        .get_chat(&ChatId::from("nope"))
        .await
        .unwrap_err();

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("retrying a read"), "{logs}");
    assert!(logs.contains("skipping an item"), "{logs}");
    assert!(logs.contains("its answer could not be read"), "{logs}");
    assert!(!logs.contains(&key), "the key leaked into the logs");
}

#[tokio::test]
async fn a_resync_request_is_made_once_even_when_a_read_would_be_retried() {
    let server = sandbox().await;
    let client = client(&server);
    let chat = chat_named(&server, "Marie Dubois");
    let account = chat.account_id.clone();
    // Each of these starts work on the server: asking again could restart it.
    server.faults().update(|f| f.unavailable = 2);
    let error = client.reader.sync_chat(&chat.id).await.unwrap_err();
    assert!(error.is_retryable_read(), "{error:?}");
    let error = client
        .reader
        .resync_account(&account, &Default::default())
        .await
        .unwrap_err();
    assert!(error.is_retryable_read(), "{error:?}");
    assert_eq!(
        requests_to(&server, &format!("/api/v1/chats/{}/sync", chat.id)),
        1
    );
    assert_eq!(
        requests_to(&server, &format!("/api/v1/accounts/{account}/sync")),
        1
    );
    assert!(client.sleeps.taken().is_empty());
}
