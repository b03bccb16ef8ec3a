//! Later syncs: only the chats whose activity moved are fetched, only their new messages, each
//! landing in the cache exactly once, and new messages from others count for the bell.

use crate::sync_support;

use std::collections::BTreeSet;

use unibox::provider::{IdempotencyKey, ProviderWrite, StartChat};
use unibox::sync::{CacheChange, SyncEvent, SyncOptions};

use sync_support::{Cache, chat_named, client, message_lists, options, sandbox, sync};

fn changes(events: &[SyncEvent]) -> Vec<&CacheChange> {
    events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Changed(change) => Some(change),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn only_the_chats_that_moved_are_fetched_and_new_messages_land_once() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let marie = chat_named(&server, "Marie Dubois");
    let team = chat_named(&server, "Équipe SAV 🛠️");
    let marie_before = cache.message_ids(&marie.id).await.len();
    let team_before = cache.message_ids(&team.id).await.len();
    let lists_before = message_lists(&server).len();

    let new = [
        server.inject_inbound(&marie.id, "Is my parcel on its way?"),
        server.inject_inbound(&team.id, "Who takes the 4pm pickup?"),
        server.inject_inbound(&team.id, "I can, after lunch"),
    ];
    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.unwrap();

    let fetched: BTreeSet<String> = message_lists(&server)
        .split_off(lists_before)
        .into_iter()
        .collect();
    let moved: BTreeSet<String> = [marie.id.0.clone(), team.id.0.clone()].into();
    assert_eq!(
        fetched, moved,
        "message lists of other chats were requested"
    );

    let marie_ids = cache.message_ids(&marie.id).await;
    let team_ids = cache.message_ids(&team.id).await;
    assert_eq!(marie_ids.len(), marie_before + 1);
    assert_eq!(team_ids.len(), team_before + 2);
    for id in &new {
        let copies = marie_ids.iter().chain(&team_ids).filter(|m| *m == &id.0);
        assert_eq!(copies.count(), 1, "{id:?}");
    }
    // Newest first: the new messages lead their threads.
    assert_eq!(marie_ids.first(), Some(&new[0].0));
    assert_eq!(team_ids.first(), Some(&new[2].0));

    assert_eq!(report.messages_written, 3);
    assert_eq!(report.chats_written, 2, "the two chats' rows moved");
    let changes = changes(&events);
    assert_eq!(changes.iter().map(|c| c.inbound).sum::<u32>(), 3);
    let changed: BTreeSet<String> = changes
        .iter()
        .flat_map(|c| c.chats.iter().map(|id| id.0.clone()))
        .collect();
    assert_eq!(changed, moved);

    // And once more: nothing moved, nothing is fetched.
    let lists_before = message_lists(&server).len();
    let (outcome, _) = sync(&cache, &client.reader, &options()).await;
    assert_eq!(outcome.unwrap().messages_written, 0);
    assert_eq!(message_lists(&server).len(), lists_before);
}

#[tokio::test]
async fn more_new_messages_than_a_page_are_all_fetched_without_a_gap() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let options = SyncOptions {
        page_size: 20,
        ..options()
    };
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let nadia = chat_named(&server, "Nadia 🌸");
    let before = cache.message_ids(&nadia.id).await.len();
    let burst: Vec<String> = (0..47)
        .map(|n| server.inject_inbound(&nadia.id, &format!("message {n}")).0)
        .collect();

    let (outcome, _) = sync(&cache, &client.reader, &options).await;
    assert_eq!(outcome.unwrap().messages_written, burst.len());

    let cached = cache.message_ids(&nadia.id).await;
    assert_eq!(cached.len(), before + burst.len());
    let newest: Vec<String> = cached.into_iter().take(burst.len()).rev().collect();
    assert_eq!(newest, burst);
}

#[tokio::test]
async fn a_chat_started_since_the_last_sync_is_listed_with_its_messages() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let support = chat_named(&server, "Marie Dubois").account_id;
    let camille = server
        .state()
        .known_attendees(&support)
        .into_iter()
        .find(|a| a.name == "Camille Rousseau")
        .expect("a warm contact");
    let started = client
        .writer
        .start_chat(&StartChat {
            account_id: support,
            attendee_provider_ids: vec![camille.provider_id],
            text: "Bonjour Camille, votre commande est prête".into(),
            attachments: vec![],
            idempotency_key: IdempotencyKey::fresh(),
            template: None,
        })
        .await
        .unwrap();
    let chat = started.chat_id.expect("the new chat's id");

    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    outcome.unwrap();

    let cached = cache.message_ids(&chat).await;
    assert_eq!(cached, [started.message_id.expect("its message").0]);
    // Our own message is not news.
    assert_eq!(changes(&events).iter().map(|c| c.inbound).sum::<u32>(), 0);
}

#[tokio::test]
async fn a_catch_up_cut_off_by_its_budget_records_the_gap_and_later_runs_fill_it() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    // Two messages a page, one page a catch-up: a burst of six cannot come in one run.
    let options = SyncOptions {
        page_size: 2,
        max_catch_up_pages: 1,
        ..options()
    };
    sync(&cache, &client.reader, &options).await.0.unwrap();
    let marie = chat_named(&server, "Marie Dubois");
    let burst: Vec<String> = (0..6)
        .map(|n| {
            server
                .inject_inbound(&marie.id, &format!("part {n} of a long story"))
                .0
        })
        .collect();

    sync(&cache, &client.reader, &options).await.0.unwrap();
    let cached = cache.message_ids(&marie.id).await;
    assert!(
        burst.iter().any(|id| !cached.contains(id)),
        "the budget must cut this catch-up short for the test to mean anything"
    );
    let chat = marie.id.clone();
    let state = cache
        .store
        .call(move |db| db.chat_sync_state(&chat))
        .await
        .unwrap();
    assert!(state.gap.is_some(), "the skipped messages are recorded");

    // Nothing new arrives; the next runs fetch what was skipped (a page of two moves a
    // message further each, the gap's bound coming back each time), and the gap closes.
    for _ in 0..8 {
        sync(&cache, &client.reader, &options).await.0.unwrap();
    }
    let cached = cache.message_ids(&marie.id).await;
    let missing: Vec<&String> = burst.iter().filter(|id| !cached.contains(id)).collect();
    assert!(missing.is_empty(), "never fetched: {missing:?}");
    let chat = marie.id.clone();
    let state = cache
        .store
        .call(move |db| db.chat_sync_state(&chat))
        .await
        .unwrap();
    assert_eq!(state.gap, None);
}
