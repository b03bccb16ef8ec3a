//! Older history on demand: `fetch_older` pages back to the first message of a long chat,
//! each message cached once, and then knows there is nothing older.

use crate::sync_support;

use std::collections::BTreeSet;

use unibox::domain::ChatId;
use unibox::store::{ChatSyncState, StoreError};
use unibox::sync::{SyncError, fetch_older};

use sync_support::{Cache, Client, chat_named, client, message_lists, options, sandbox, sync};

/// Calls `fetch_older` until the history is complete; the number of calls it took.
async fn page_back_to_the_start(cache: &Cache, client: &Client, chat: &ChatId) -> usize {
    for call in 1..=20 {
        let page = fetch_older(&cache.store, &client.reader, chat, &options())
            .await
            .unwrap();
        assert!(page.fetched > 0, "call {call} fetched nothing");
        if page.complete {
            return call;
        }
    }
    panic!("history still incomplete after 20 pages");
}

async fn state(cache: &Cache, chat: &ChatId) -> ChatSyncState {
    let chat = chat.clone();
    cache
        .store
        .call(move |db| db.chat_sync_state(&chat))
        .await
        .unwrap()
}

#[tokio::test]
async fn fetch_older_pages_back_to_the_first_message_without_duplicates() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let team = chat_named(&server, "Équipe SAV 🛠️");
    let history: Vec<String> = server
        .state()
        .messages(&team.id)
        .into_iter()
        .map(|m| m.id.0)
        .collect();
    assert_eq!(history.len(), 420);

    let calls = page_back_to_the_start(&cache, &client, &team.id).await;
    // 100 came with the first sync; 320 more is four pages of 100.
    assert_eq!(calls, 4);

    let cached = cache.message_ids(&team.id).await;
    assert_eq!(cached.len(), history.len(), "duplicates or gaps");
    assert_eq!(
        cached.iter().collect::<BTreeSet<_>>(),
        history.iter().collect::<BTreeSet<_>>()
    );
    let state = state(&cache, &team.id).await;
    assert!(state.history_complete);
    assert_eq!(state.older_cursor, None);

    // Complete means no more requests.
    let lists = message_lists(&server).len();
    let page = fetch_older(&cache.store, &client.reader, &team.id, &options())
        .await
        .unwrap();
    assert_eq!((page.fetched, page.complete), (0, true));
    assert_eq!(message_lists(&server).len(), lists);
}

#[tokio::test]
async fn without_a_cursor_history_continues_from_the_oldest_cached_message() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let karim = chat_named(&server, "Karim Benali");
    let total = server.state().messages(&karim.id).len();
    assert!(total > 200, "a long chat: {total}");
    // As after a cursor the server no longer knows: only the cached messages to go by.
    let mut lost = state(&cache, &karim.id).await;
    lost.older_cursor = None;
    let id = karim.id.clone();
    cache
        .store
        .call(move |db| db.put_chat_sync_state(&id, &lost))
        .await
        .unwrap();

    page_back_to_the_start(&cache, &client, &karim.id).await;

    let cached = cache.message_ids(&karim.id).await;
    assert_eq!(cached.len(), total);
    assert!(state(&cache, &karim.id).await.history_complete);
}

#[tokio::test]
async fn a_chat_the_cache_does_not_know_is_refused_without_a_request() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let outcome = fetch_older(
        &cache.store,
        &client.reader,
        &ChatId::new("not-a-chat"),
        &options(),
    )
    .await;
    assert!(
        matches!(
            outcome,
            Err(SyncError::Store(StoreError::UnknownChat(ref id))) if id.as_str() == "not-a-chat"
        ),
        "{outcome:?}"
    );
    assert!(server.requests().is_empty());
}
