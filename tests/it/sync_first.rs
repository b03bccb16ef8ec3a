//! The first sync against the sandbox fills the cache with every account, every chat and the
//! newest page of each; a second sync right after writes nothing at all.

use crate::sync_support;

use std::collections::BTreeSet;

use unibox::domain::AccountId;
use unibox::store::ChatFilter;
use unibox::sync::{SyncEvent, SyncReport};
use unibox_sandbox::ChatType;

use sync_support::{
    Cache, client, message_lists, newest_sandbox_ids, options, sandbox, sandbox_chat_ids, sync,
};

#[tokio::test]
async fn a_first_sync_caches_every_account_every_chat_and_each_newest_page() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.unwrap();
    let world = server.state();
    let page = options().page_size as usize;

    let overview = cache.store.call(|db| db.account_overview()).await.unwrap();
    let cached_accounts: Vec<_> = overview.accounts.iter().map(|s| &s.account).collect();
    assert_eq!(cached_accounts.len(), world.accounts().len());
    for expected in world.accounts() {
        let cached = cached_accounts
            .iter()
            .find(|a| a.id == expected.id)
            .expect("account cached");
        assert_eq!(cached.name, expected.name);
        assert_eq!(cached.status.as_str(), expected.status.as_str());
    }

    let all = ChatFilter {
        include_archived: true,
        ..ChatFilter::default()
    };
    let cached_chats: BTreeSet<String> = cache
        .store
        .call(move |db| db.chat_window(&all, 0, 10_000))
        .await
        .unwrap()
        .into_iter()
        .map(|item| item.chat.id.0)
        .collect();
    assert_eq!(cached_chats, sandbox_chat_ids(&server));

    let mut expected_messages = 0;
    for chat in world.chats() {
        let history = world.messages(&chat.id).len();
        let cached: BTreeSet<String> = cache.message_ids(&chat.id).await.into_iter().collect();
        let newest: BTreeSet<String> = newest_sandbox_ids(&server, &chat.id, page)
            .into_iter()
            .collect();
        assert_eq!(cached, newest, "chat {:?}", chat.name);
        expected_messages += history.min(page);

        let id = chat.id.clone();
        let state = cache
            .store
            .call(move |db| db.chat_sync_state(&id))
            .await
            .unwrap();
        assert_eq!(state.history_complete, history <= page, "{:?}", chat.name);
        assert_eq!(
            state.older_cursor.is_some(),
            history > page,
            "{:?}",
            chat.name
        );
        assert_eq!(state.synced_activity_at, chat.timestamp);
        let newest_id = world.messages(&chat.id).last().map(|m| m.id.clone());
        assert_eq!(state.newest.map(|n| n.id), newest_id);

        if chat.chat_type == ChatType::Group {
            let id = chat.id.clone();
            let members: BTreeSet<String> = cache
                .store
                .call(move |db| db.chat_attendees(&id))
                .await
                .unwrap()
                .into_iter()
                .map(|a| a.provider_id)
                .collect();
            let expected: BTreeSet<String> =
                world.read(|w| w.members(&chat).map(|a| a.provider_id.clone()).collect());
            assert_eq!(members, expected, "members of {:?}", chat.name);
        }
    }

    for account in world.accounts() {
        let id: AccountId = account.id.clone();
        let known: BTreeSet<String> = cache
            .store
            .call(move |db| db.known_attendees(&id, "", 10_000))
            .await
            .unwrap()
            .into_iter()
            .map(|a| a.provider_id)
            .collect();
        let expected: BTreeSet<String> = world
            .known_attendees(&account.id)
            .into_iter()
            .filter(|a| !a.is_self)
            .map(|a| a.provider_id)
            .collect();
        assert_eq!(known, expected, "people known to {}", account.name);
    }

    assert_eq!(
        report,
        SyncReport {
            accounts: world.accounts().len(),
            chats_seen: world.chats().len(),
            chats_written: world.chats().len(),
            messages_seen: expected_messages,
            messages_written: expected_messages,
            ..SyncReport::default()
        }
    );
    assert_eq!(events.first(), Some(&SyncEvent::Started { first: true }));
    assert!(matches!(events.last(), Some(SyncEvent::Finished { .. })));
    let changes: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Changed(change) => Some(change),
            _ => None,
        })
        .collect();
    assert!(changes.iter().any(|c| c.accounts));
    let changed_chats: BTreeSet<String> = changes
        .iter()
        .flat_map(|c| c.chats.iter().map(|id| id.0.clone()))
        .collect();
    assert_eq!(changed_chats, sandbox_chat_ids(&server));
    // History arriving in a first sync is not news: no bell.
    assert_eq!(changes.iter().map(|c| c.inbound).sum::<u32>(), 0);
}

#[tokio::test]
async fn a_second_sync_right_after_writes_nothing_and_reads_no_messages() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, &options()).await.0.unwrap();
    let changes_before = cache.total_changes().await;
    let dump_before = cache.dump();
    let lists_before = message_lists(&server).len();

    let (outcome, events) = sync(&cache, &client.reader, &options()).await;
    let report = outcome.unwrap();

    assert_eq!(report.chats_written, 0);
    assert_eq!(report.messages_written, 0);
    assert_eq!(report.messages_seen, 0);
    assert_eq!(cache.total_changes().await, changes_before);
    assert_eq!(cache.dump(), dump_before);
    assert_eq!(message_lists(&server).len(), lists_before);
    assert_eq!(events.first(), Some(&SyncEvent::Started { first: false }));
    assert!(
        !events.iter().any(|e| matches!(e, SyncEvent::Changed(_))),
        "{events:?}"
    );
}
