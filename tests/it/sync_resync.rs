//! Resync: the account-wide resync is polled until the server is done; an account that
//! cannot (501, like the sandbox's Sales number) has only its chats known to miss messages
//! resynced, once each, two at a time; afterwards every chat's newest page is fetched again.
//! A reconnected account is resynced without asking.

use crate::sync_support;

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use unibox::domain::{AccountId, AccountStatus, ChatId};
use unibox::provider::SyncStatus;
use unibox::sync::{ResyncScope, SyncError, SyncEvent, SyncOptions, SyncReport, resync};
use unibox_sandbox::{RequestRecord, SandboxServer};

use sync_support::{
    Cache, Client, chat_named, client, messages_listed_of, options, sandbox, sync, until,
};

fn account_named(server: &SandboxServer, prefix: &str) -> AccountId {
    server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.name.starts_with(prefix))
        .expect("account")
        .id
}

fn chats_of(server: &SandboxServer, account: &AccountId) -> BTreeSet<String> {
    server
        .state()
        .chats()
        .into_iter()
        .filter(|c| &c.account_id == account)
        .map(|c| c.id.0)
        .collect()
}

fn since(server: &SandboxServer, start: usize) -> Vec<RequestRecord> {
    server.requests().split_off(start)
}

fn count(requests: &[RequestRecord], path: &str) -> usize {
    requests.iter().filter(|r| r.path == path).count()
}

/// `GET /chats/{id}/sync` requests.
fn chat_resyncs(requests: &[RequestRecord]) -> usize {
    requests
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/chats/") && r.path.ends_with("/sync"))
        .count()
}

/// Chats whose newest page (no `after`) was listed.
fn newest_pages(requests: &[RequestRecord]) -> BTreeSet<String> {
    requests
        .iter()
        .filter(|r| !r.query.as_deref().unwrap_or_default().contains("after="))
        .filter_map(messages_listed_of)
        .map(str::to_owned)
        .collect()
}

async fn run_resync(
    cache: &Cache,
    client: &Client,
    scope: &ResyncScope,
) -> (Result<SyncReport, SyncError>, Vec<SyncEvent>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let outcome = resync(&cache.store, &client.reader, scope, &options(), &mut |e| {
        seen.lock().unwrap().push(e);
    })
    .await;
    let events = events.lock().unwrap().clone();
    (outcome, events)
}

async fn resync_status(cache: &Cache, account: &AccountId) -> Option<SyncStatus> {
    let account = account.clone();
    cache
        .store
        .call(move |db| db.account_sync_state(&account))
        .await
        .unwrap()
        .resync_status
}

#[tokio::test]
async fn resync_polls_the_server_or_falls_back_chat_by_chat_then_refetches_every_chat() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let support = account_named(&server, "Maison Argile – Support");
    let sales = account_named(&server, "Maison Argile – Ventes");
    let start = server.requests().len();

    let (outcome, events) = run_resync(&cache, &client, &ResyncScope::All).await;
    let report = outcome.unwrap();
    let requests = since(&server, start);

    // Support walks SYNC_STARTED → SYNC_RUNNING → SYNC_DONE, one poll each.
    assert_eq!(
        count(&requests, &format!("/api/v1/accounts/{support}/sync")),
        3
    );
    assert_eq!(
        resync_status(&cache, &support).await,
        Some(SyncStatus::Done)
    );
    // Sales answers 501, and none of its chats is known to miss messages: no chat resync.
    assert_eq!(
        count(&requests, &format!("/api/v1/accounts/{sales}/sync")),
        1
    );
    assert_eq!(chat_resyncs(&requests), 0);
    assert!(
        events
            .iter()
            .any(|e| matches!(e, SyncEvent::Progress(text) if text.contains("chat by chat"))),
        "{events:?}"
    );
    // Then the newest page of every chat of both, for the gaps a resync may close.
    let refetched = newest_pages(&requests);
    for account in [&support, &sales] {
        let chats = chats_of(&server, account);
        assert!(chats.is_subset(&refetched), "{account}: {chats:?}");
    }
    // The two accounts that are not connected refuse to resync: skipped, not a failure.
    assert_eq!(report.accounts_skipped, 2);
}

#[tokio::test]
async fn resync_of_one_account_leaves_the_others_alone() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let support = account_named(&server, "Maison Argile – Support");
    let start = server.requests().len();

    let (outcome, _) = run_resync(&cache, &client, &ResyncScope::Account(support.clone())).await;
    let report = outcome.unwrap();
    let requests = since(&server, start);

    let resyncs: Vec<&str> = requests
        .iter()
        .map(|r| r.path.as_str())
        .filter(|p| p.ends_with("/sync"))
        .collect();
    let expected = format!("/api/v1/accounts/{support}/sync");
    assert_eq!(resyncs, [expected.as_str(); 3]);
    assert_eq!(newest_pages(&requests), chats_of(&server, &support));
    assert_eq!(report.accounts_skipped, 0);
    assert_eq!(report.messages_written, 0, "nothing was missing");
}

#[tokio::test]
async fn resync_of_an_account_the_server_does_not_have_fails_by_name() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let scope = ResyncScope::Account(AccountId::new("acc_gone"));
    let (outcome, events) = run_resync(&cache, &client, &scope).await;
    assert!(
        matches!(outcome, Err(SyncError::UnknownAccount(ref id)) if id.as_str() == "acc_gone"),
        "{outcome:?}"
    );
    assert!(
        matches!(events.last(), Some(SyncEvent::Failed { message, offline: false }) if message.contains("acc_gone")),
        "{events:?}"
    );
}

/// The cache last saw `account` waiting for its credentials (the server may say otherwise).
async fn cache_saw_it_disconnected(cache: &Cache, account: &AccountId) {
    let id = account.clone();
    cache
        .store
        .call(move |db| {
            let mut account = db.account(&id)?.expect("cached");
            account.status = AccountStatus::Credentials;
            db.upsert_accounts(&[account])
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn an_account_back_from_a_disconnection_is_resynced_by_itself() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let support = account_named(&server, "Maison Argile – Support");
    // The cache last saw the account disconnected; the server now says it is fine.
    cache_saw_it_disconnected(&cache, &support).await;
    let start = server.requests().len();

    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    outcome.unwrap();
    let requests = since(&server, start);

    assert_eq!(
        count(&requests, &format!("/api/v1/accounts/{support}/sync")),
        3
    );
    assert_eq!(newest_pages(&requests), chats_of(&server, &support));
    let cached = cache
        .store
        .call(move |db| db.account(&support))
        .await
        .unwrap()
        .expect("cached");
    assert_eq!(cached.status, AccountStatus::Ok);
    // Only that account: the others were not disconnected before.
    let sales = chat_named(&server, "Priya Natarajan").account_id;
    assert_eq!(
        count(&requests, &format!("/api/v1/accounts/{sales}/sync")),
        0
    );
}

#[tokio::test]
async fn a_reconnection_resync_interrupted_before_it_ran_is_done_by_the_next_run() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let support = account_named(&server, "Maison Argile – Support");
    cache_saw_it_disconnected(&cache, &support).await;

    // Slow answers; the run is cut off as soon as it has listed a chat list, after it
    // recorded the owed resync and before that resync can have finished.
    server.faults().update(|f| f.latency_ms = 50);
    let options = options();
    let start = server.requests().len();
    let lists_chats = |requests: &[RequestRecord]| {
        requests
            .get(start..)
            .unwrap_or_default()
            .iter()
            .any(|r| r.path == "/api/v1/chats")
    };
    tokio::select! {
        _ = sync(&cache, &client.reader, &options) => panic!("the run was not interrupted"),
        () = until(&server, lists_chats) => {}
    }
    server.faults().reset();
    // Owed: the cache already shows the account healthy, and no resync was seen through.
    let cached = {
        let id = support.clone();
        cache.store.call(move |db| db.account(&id)).await.unwrap()
    };
    assert_eq!(cached.map(|a| a.status), Some(AccountStatus::Ok));
    assert_eq!(
        resync_status(&cache, &support).await,
        Some(SyncStatus::Started)
    );

    let resync_path = format!("/api/v1/accounts/{support}/sync");
    let start = server.requests().len();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    // (A poll the interrupted run had in flight may have moved the server's walk along.)
    assert!(count(&since(&server, start), &resync_path) > 0);
    assert_eq!(
        resync_status(&cache, &support).await,
        Some(SyncStatus::Done)
    );

    // Owed no more: the run after that does not resync.
    let start = server.requests().len();
    sync(&cache, &client.reader, &options).await.0.unwrap();
    assert_eq!(count(&since(&server, start), &resync_path), 0);
}

#[tokio::test]
async fn a_whatsapp_resync_asks_only_for_the_chats_with_a_gap_two_at_a_time_once_each() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    // Tiny pages and a one-page catch-up budget, so a burst of messages leaves gaps.
    let options = SyncOptions {
        page_size: 2,
        max_catch_up_pages: 1,
        ..options()
    };
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let sales = account_named(&server, "Maison Argile – Ventes");
    let burst: Vec<ChatId> = server
        .state()
        .chats()
        .into_iter()
        .filter(|c| c.account_id == sales && c.read_only == 0)
        .take(3)
        .map(|c| c.id)
        .collect();
    assert_eq!(burst.len(), 3);
    for chat in &burst {
        for n in 0..6 {
            server.inject_inbound(chat, &format!("message {n} of a burst"));
        }
    }
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let sales_id = sales.clone();
    let gapped = cache
        .store
        .call(move |db| db.chats_with_gap(&sales_id))
        .await
        .unwrap();
    assert_eq!(
        gapped.iter().collect::<BTreeSet<_>>(),
        burst.iter().collect::<BTreeSet<_>>()
    );

    let start = server.requests().len();
    server.faults().update(|f| f.latency_ms = 20);
    resync(
        &cache.store,
        &client.reader,
        &ResyncScope::Account(sales.clone()),
        &options,
        &mut |_| {},
    )
    .await
    .unwrap();
    server.faults().reset();
    let requests = since(&server, start);
    for chat in &burst {
        assert_eq!(
            count(&requests, &format!("/api/v1/chats/{chat}/sync")),
            1,
            "one request per gap chat, never a poll"
        );
    }
    assert_eq!(chat_resyncs(&requests), burst.len());
    assert_eq!(server.most_resyncs_at_once(), 2);
}
