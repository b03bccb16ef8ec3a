//! Sync against a misbehaving sandbox: rate limits and unavailable answers are waited out, a
//! server that goes away fails the run as offline and the next run completes, a broken page
//! is reported while the rest is synced, a chat deleted on the server is noted once, and an
//! interrupted first sync resumes where it stopped. Every way ends in the same cache as a
//! clean run.

use crate::sync_support;

use std::time::Duration;

use unibox::domain::ChatId;
use unibox::store::StoreError;
use unibox::sync::{SyncError, SyncEvent, SyncOptions};
use unibox_sandbox::{MalformedMode, RequestRecord, SandboxServer};

use sync_support::{
    Cache, chat_named, client, message_lists, messages_listed, newest_sandbox_ids, options,
    reference_dump, requests_to, rows_lost, sandbox, sync, until,
};

#[tokio::test]
async fn rate_limits_and_unavailable_answers_are_waited_out_into_a_complete_cache() {
    let reference = reference_dump(&options()).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    server.faults().update(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = Some(1);
        f.unavailable = 1;
    });
    let faults_mid_run = async {
        until(&server, messages_listed).await;
        server.faults().update(|f| {
            f.unavailable = 2;
            f.rate_limited = 1;
            f.retry_after_secs = Some(2);
        });
    };
    let options = options();
    let ((outcome, _), ()) = tokio::join!(sync(&cache, &client.reader, &options), faults_mid_run);
    let report = outcome.unwrap();

    assert_eq!(report.chats_failed, 0);
    assert_eq!(report.accounts_skipped, 0);
    let waits = client.sleeps.taken();
    assert!(waits.contains(&Duration::from_secs(1)), "{waits:?}");
    assert!(waits.contains(&Duration::from_secs(2)), "{waits:?}");
    assert!(waits.len() >= 5, "{waits:?}");
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn a_rate_limit_that_outlasts_the_retries_stops_the_run_with_a_capped_wait() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    server.faults().update(|f| {
        f.rate_limited = 100;
        f.retry_after_secs = Some(86_400);
    });
    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    match outcome {
        Err(error @ SyncError::RateLimited { .. }) => {
            assert_eq!(error.retry_after(), Some(options().max_retry_after));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        events.last(),
        Some(SyncEvent::Failed { offline: false, .. })
    ));
}

#[tokio::test]
async fn a_server_that_is_down_fails_the_run_as_offline_and_the_next_run_completes() {
    let reference = reference_dump(&options()).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();

    server.stop_listening().await;
    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    assert!(
        matches!(outcome, Err(ref e) if e.is_offline()),
        "{outcome:?}"
    );
    assert!(
        matches!(events.last(), Some(SyncEvent::Failed { offline: true, .. })),
        "{events:?}"
    );

    server.resume().await.unwrap();
    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    outcome.unwrap();
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn a_server_lost_in_the_middle_of_a_run_leaves_a_cache_the_next_run_completes() {
    let reference = reference_dump(&options()).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let outage = async {
        until(&server, messages_listed).await;
        server.stop_listening().await;
    };
    let options = options();
    let ((outcome, _), ()) = tokio::join!(sync(&cache, &client.reader, &options), outage);
    assert!(
        matches!(outcome, Err(ref e) if e.is_offline()),
        "{outcome:?}"
    );
    assert_ne!(
        cache.dump(),
        reference,
        "the outage came too late to test anything"
    );

    server.resume().await.unwrap();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn an_account_that_does_not_decode_is_counted_and_the_others_are_synced() {
    let reference = reference_dump(&options()).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    server.faults().update(|f| {
        f.malformed_pages = 1;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.unwrap();
    assert_eq!(report.skipped, 1);
    assert_eq!(report.accounts, server.state().accounts().len() - 1);
    assert!(report.chats_written > 0);

    sync(&cache, &client.reader, &options()).await.0.unwrap();
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn a_truncated_page_fails_its_chat_only_and_the_next_run_fetches_it() {
    let reference = reference_dump(&options()).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let broken_page = async {
        until(&server, messages_listed).await;
        server.faults().update(|f| {
            f.malformed_pages = 1;
            f.malformed_mode = MalformedMode::Truncated;
        });
    };
    let options = options();
    let ((outcome, events), ()) = tokio::join!(sync(&cache, &client.reader, &options), broken_page);
    let report = outcome.unwrap();
    assert_eq!(report.chats_failed, 1);
    let notes: Vec<&String> = events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Progress(text) if text.contains("could not read") => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(notes.len(), 1, "{events:?}");
    assert!(notes[0].contains("next sync tries again"), "{}", notes[0]);
    assert_ne!(cache.dump(), reference);

    sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn an_interrupted_first_sync_resumes_from_the_saved_chat_list_cursor() {
    // Small pages, so the chat lists take several pages and a cursor is saved between them.
    let options = SyncOptions {
        page_size: 5,
        ..options()
    };
    let reference = reference_dump(&options).await;
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let chat_pages = |requests: &[RequestRecord]| {
        requests
            .iter()
            .filter(|r| r.path == "/api/v1/chats")
            .count()
    };
    tokio::select! {
        _ = sync(&cache, &client.reader, &options) => panic!("the sync finished before it was interrupted"),
        // Three pages list the first account's 15 chats; the fifth is the second account's.
        () = until(&server, |requests| chat_pages(requests) >= 5) => {}
    }
    let states = cache
        .store
        .call(|db| {
            let accounts = db.account_overview()?.accounts;
            accounts
                .into_iter()
                .map(|s| Ok((s.account.id.clone(), db.account_sync_state(&s.account.id)?)))
                .collect::<Result<Vec<_>, StoreError>>()
        })
        .await
        .unwrap();
    let (interrupted, _) = states
        .iter()
        .find(|(_, s)| s.chats_cursor.is_some() && !s.first_sync_done)
        .unwrap_or_else(|| panic!("no chat-list cursor saved: {states:?}"));
    let start = server.requests().len();

    sync(&cache, &client.reader, &options).await.0.unwrap();

    let resumed = server.requests().split_off(start);
    let first_listing = resumed
        .iter()
        .find(|r| {
            r.path == "/api/v1/chats"
                && r.query
                    .as_deref()
                    .is_some_and(|q| q.contains(&format!("account_id={interrupted}")))
        })
        .expect("the interrupted account's chats listed");
    assert!(
        first_listing
            .query
            .as_deref()
            .is_some_and(|q| q.contains("cursor=")),
        "its chat list started over: {first_listing:?}"
    );
    assert_eq!(cache.dump(), reference);
}

#[tokio::test]
async fn a_chat_gone_from_the_server_is_noted_once_not_retried_forever() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let marie = chat_named(&server, "Marie Dubois");
    // A chat the cache knows but the server has deleted.
    let mut gone = cache
        .store
        .call({
            let id = marie.id.clone();
            move |db| db.chat(&id)
        })
        .await
        .unwrap()
        .expect("cached")
        .chat;
    gone.id = ChatId::new("deleted-on-the-server");
    cache
        .store
        .call(move |db| db.upsert_chats(&[gone]))
        .await
        .unwrap();

    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    assert_eq!(outcome.unwrap().chats_failed, 0);
    assert!(
        events.iter().any(
            |e| matches!(e, SyncEvent::Progress(text) if text.contains("no longer on the server"))
        ),
        "{events:?}"
    );
    let asked = |server: &SandboxServer| {
        message_lists(server)
            .iter()
            .filter(|chat| chat.as_str() == "deleted-on-the-server")
            .count()
    };
    assert_eq!(asked(&server), 1);
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    assert_eq!(asked(&server), 1, "asked for again");
}

/// What a clean sync of `server` as it is now, with `options`, puts in a fresh cache.
async fn clean_dump_of(server: &SandboxServer, options: &SyncOptions) -> Vec<String> {
    let client = client(server);
    let cache = Cache::new();
    sync(&cache, &client.reader, options).await.0.unwrap();
    cache.dump()
}

#[tokio::test]
async fn a_chat_skipped_deep_in_an_incremental_listing_is_found_by_the_next_run() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    // Small pages: the account's chats span several of them.
    let options = SyncOptions {
        page_size: 5,
        ..options()
    };
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let state = server.state();
    let first_account = state.accounts()[0].id.clone();
    for chat in state.chats() {
        if chat.account_id == first_account {
            server.inject_inbound(&chat.id, "news while a page is broken");
        }
    }
    // The accounts page, then the first account's first two chat pages lose an item each.
    server.faults().update(|f| {
        f.malformed_pages = 3;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    let report = sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(report.skipped, 3);
    server.faults().reset();
    let reference = clean_dump_of(&server, &options).await;
    assert!(
        !rows_lost(&cache.dump(), &reference).is_empty(),
        "the broken pages lost nothing"
    );

    // The next run walks the whole list, but the fault lasts: it skips again.
    server.faults().update(|f| {
        f.malformed_pages = 3;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    let report = sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(report.skipped, 3);
    server.faults().reset();
    // The one after walks the whole list again: the chat skipped on the second page, behind
    // a first page of chats now unchanged, is found.
    sync(&cache, &client.reader, &options).await.0.unwrap();
    // (The cache also keeps the older messages of the first sync's small pages.)
    assert_eq!(rows_lost(&cache.dump(), &reference), Vec::<String>::new());
    // And the one after is incremental again.
    let chat_pages = requests_to(&server, "/api/v1/chats");
    sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(
        requests_to(&server, "/api/v1/chats") - chat_pages,
        state.accounts().len(),
        "one page per account"
    );
}

#[tokio::test]
async fn a_message_skipped_in_a_page_is_asked_for_again_by_the_next_run() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let options = options();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let chat = chat_named(&server, "Mehmet Yılmaz").id;
    for n in 0..3 {
        server.inject_inbound(&chat, &format!("news {n}"));
    }
    // Every list answer of the next run loses its middle item: the accounts page, the chat
    // pages, and the page of the chat's three new messages.
    server.faults().update(|f| {
        f.malformed_pages = 100;
        f.malformed_mode = MalformedMode::WrongShape;
    });
    sync(&cache, &client.reader, &options).await.0.unwrap();
    server.faults().reset();
    let cached = cache.message_ids(&chat).await;
    let on_server = newest_sandbox_ids(&server, &chat, 3);
    let missing: Vec<_> = on_server.iter().filter(|id| !cached.contains(id)).collect();
    assert_eq!(
        missing.len(),
        1,
        "one of the three news was skipped: {missing:?}"
    );

    sync(&cache, &client.reader, &options).await.0.unwrap();
    let cached = cache.message_ids(&chat).await;
    assert!(on_server.iter().all(|id| cached.contains(id)));
    assert_eq!(cache.dump(), clean_dump_of(&server, &options).await);
}
