//! A thread that stays true: reactions, edits and deletions made on the server to older
//! messages of a chat active lately reach the cache without refetching any history, by
//! reading newest pages again: every active chat's on `unibox sync` by hand, a rolling few
//! on each poll, and the opened chat's after every sync.

use crate::sync_support;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::unbounded_channel;
use unibox::domain::{ChatId, Message, MessageId};
use unibox::provider::ProviderRead;
use unibox::sync::{SyncOptions, spawn};
use unibox_sandbox::{ReactionRecord, SandboxServer};

use sync_support::{Cache, chat_named, client, options, sandbox, sync};

/// The sandbox's inbox is dated around its test anchor, not today: a window this wide makes
/// all of its chats "active lately".
fn active_since_the_anchor() -> SyncOptions {
    SyncOptions {
        active_window: Duration::from_secs(20 * 365 * 24 * 3600),
        ..options()
    }
}

/// Three older messages of `chat` from the contact, none of them among the newest two.
fn older_messages(server: &SandboxServer, chat: &ChatId) -> [MessageId; 3] {
    let older: Vec<MessageId> = server
        .state()
        .messages(chat)
        .into_iter()
        .rev()
        .skip(2)
        .filter(|m| !m.is_sender && m.text.is_some() && !m.deleted)
        .take(3)
        .map(|m| m.id)
        .collect();
    [older[0].clone(), older[1].clone(), older[2].clone()]
}

/// A reaction, an edit and a deletion, made by the contact on the server.
fn change_on_the_server(server: &SandboxServer, [reacted, edited, deleted]: &[MessageId; 3]) {
    assert!(server.change_message(reacted, |m| {
        m.reactions.push(ReactionRecord {
            value: "🎉".into(),
            sender_id: m.sender_id.clone(),
            is_sender: false,
        });
    }));
    assert!(server.change_message(edited, |m| {
        m.text = Some("corrected: 3 boxes, not 2".into());
        m.edited = true;
    }));
    assert!(server.change_message(deleted, |m| {
        m.text = None;
        m.deleted = true;
    }));
}

async fn cached(cache: &Cache, id: &MessageId) -> Message {
    let id = id.clone();
    cache
        .store
        .call(move |db| db.message(&id))
        .await
        .unwrap()
        .expect("cached")
}

async fn shows_the_changes(cache: &Cache, [reacted, edited, deleted]: &[MessageId; 3]) -> bool {
    let reacted = cached(cache, reacted).await;
    let edited = cached(cache, edited).await;
    let deleted = cached(cache, deleted).await;
    reacted.reactions.iter().any(|r| r.value == "🎉")
        && edited.edited
        && edited.text.as_deref() == Some("corrected: 3 boxes, not 2")
        && deleted.deleted
}

/// Requests for older history (`before` or a cursor) of any chat.
fn history_requests(server: &SandboxServer, start: usize) -> usize {
    server
        .requests()
        .split_off(start)
        .iter()
        .filter(|r| r.path.ends_with("/messages"))
        .filter(|r| {
            let query = r.query.as_deref().unwrap_or_default();
            query.contains("before=") || query.contains("cursor=")
        })
        .count()
}

#[tokio::test]
async fn a_sync_by_hand_brings_reactions_edits_and_deletions_on_older_messages() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let marie = chat_named(&server, "Marie Dubois");
    let older = older_messages(&server, &marie.id);
    change_on_the_server(&server, &older);
    let start = server.requests().len();

    // An incremental poll right after does not see them: the chat's activity did not move.
    sync(&cache, &client.reader, &active_since_the_anchor())
        .await
        .0
        .unwrap();
    assert!(!shows_the_changes(&cache, &older).await);

    let by_hand = SyncOptions {
        refresh_all: true,
        ..active_since_the_anchor()
    };
    let report = sync(&cache, &client.reader, &by_hand).await.0.unwrap();
    assert!(shows_the_changes(&cache, &older).await);
    assert_eq!(report.messages_written, 3, "only what changed is written");
    assert_eq!(history_requests(&server, start), 0, "no history refetched");
}

#[tokio::test]
async fn polls_read_every_active_chat_again_within_the_refresh_period_a_few_at_a_time() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let chats = server.state().chats().len();
    // Ten polls per refresh period: a tenth of the active chats per poll.
    let options = SyncOptions {
        poll_interval: Duration::from_millis(100),
        refresh_every: Duration::from_secs(1),
        ..active_since_the_anchor()
    };
    let accounts = server.state().accounts().len();
    let mut read_again = std::collections::BTreeSet::new();
    let mut most_in_one_poll = 0;
    for _ in 0..10 {
        let start = server.requests().len();
        // Each poll sees the previous ones' reads as older than a poll.
        tokio::time::sleep(Duration::from_millis(101)).await;
        sync(&cache, &client.reader, &options).await.0.unwrap();
        let newest_pages: Vec<String> = server
            .requests()
            .split_off(start)
            .into_iter()
            .filter(|r| {
                r.path.ends_with("/messages")
                    && r.query.as_deref().is_some_and(|q| !q.contains("after="))
            })
            .map(|r| r.path)
            .collect();
        most_in_one_poll = most_in_one_poll.max(newest_pages.len());
        read_again.extend(newest_pages);
    }
    assert_eq!(read_again.len(), chats, "every active chat read again");
    // A tenth of each account's chats, rounded up per account.
    assert!(
        most_in_one_poll <= chats.div_ceil(10) + accounts,
        "{most_in_one_poll}"
    );
}

#[tokio::test]
async fn the_opened_chat_is_read_again_after_every_poll() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let marie = chat_named(&server, "Marie Dubois");
    let older = older_messages(&server, &marie.id);
    let (events, mut received) = unbounded_channel();
    let reader: Arc<dyn ProviderRead> = Arc::new(client.reader.clone());
    let options = SyncOptions {
        poll_interval: Duration::from_millis(100),
        ..options()
    };
    let handle = spawn(cache.store.clone(), reader, options, events);
    while !matches!(
        received.recv().await,
        Some(unibox::sync::SyncEvent::Finished { .. })
    ) {}
    handle.chat_opened(marie.id.clone());
    change_on_the_server(&server, &older);
    // A few polls at most: each one ends with the opened chat read again.
    let mut polls = 0;
    while !shows_the_changes(&cache, &older).await {
        let event = tokio::time::timeout(Duration::from_secs(20), received.recv())
            .await
            .expect("the engine keeps polling");
        if matches!(event, Some(unibox::sync::SyncEvent::Finished { .. })) {
            polls += 1;
        }
        assert!(polls < 5, "the changes never reached the opened chat");
    }
    handle.stop();
}

#[tokio::test]
async fn requests_per_idle_poll() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let options = options();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let start = server.requests().len();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let idle = server.requests().split_off(start);
    let accounts = server.state().accounts().len();
    let chats = server.state().chats().len();
    println!(
        "requests per idle poll: {} ({accounts} accounts, {chats} chats): {:?}",
        idle.len(),
        idle.iter().map(|r| r.path.as_str()).collect::<Vec<_>>()
    );
    // The account list, then each account's first chat page; nothing else when nothing is
    // stale (every chat was read in full a moment ago).
    assert_eq!(idle.len(), 1 + accounts);

    // Later, every chat active and stale: a poll also reads the newest page of a twentieth
    // of each account's chats (30 s polls, 10 min period, here scaled down a hundredfold).
    let scaled = SyncOptions {
        poll_interval: Duration::from_millis(300),
        refresh_every: Duration::from_secs(6),
        ..active_since_the_anchor()
    };
    tokio::time::sleep(Duration::from_millis(301)).await;
    let start = server.requests().len();
    sync(&cache, &client.reader, &scaled).await.0.unwrap();
    let steady = server.requests().len() - start;
    let budget: usize = server
        .state()
        .accounts()
        .iter()
        .map(|a| {
            let n = server
                .state()
                .chats()
                .iter()
                .filter(|c| c.account_id == a.id)
                .count();
            n.div_ceil(20)
        })
        .sum();
    println!("requests per idle poll with every chat stale: {steady}");
    assert_eq!(steady, 1 + accounts + budget);
}
