//! Opening the cache: migrations, reopening, damaged and newer files, the owner thread.

use crate::store_support;

use rusqlite::Connection;
use store_support::*;
use unibox::domain::AccountId;
use unibox::store::{Db, Store, StoreError};

#[test]
fn a_new_file_gets_the_whole_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    Store::open(&path).unwrap().close().unwrap();

    let raw = Connection::open(&path).unwrap();
    let version: i64 = raw
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, Db::schema_version() as i64);
    let journal: String = raw
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(journal, "wal");
    let names: Vec<String> = raw
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for expected in [
        "accounts",
        "attachments",
        "attendees",
        "account_sync",
        "audit_log",
        "chat_attendees",
        "chat_sync",
        "chats",
        "saved_attachments",
        "drafts",
        "message_search",
        "message_search_delete",
        "message_search_insert",
        "message_search_update",
        "messages",
        "outbox",
        "reactions",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn reopening_keeps_the_data_and_runs_no_migration_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let store = Store::open(&path).unwrap();
    store
        .call_blocking(|db| db.upsert_accounts(&[account("a1")]))
        .unwrap();
    drop(store);

    let store = Store::open(&path).unwrap();
    let overview = store.call_blocking(|db| db.account_overview()).unwrap();
    assert_eq!(overview.accounts.len(), 1);
    assert_eq!(overview.accounts[0].account, account("a1"));
}

#[test]
fn dropping_the_last_handle_checkpoints_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let store = Store::open(&path).unwrap();
    let clone = store.clone();
    store
        .call_blocking(|db| db.upsert_accounts(&[account("a1")]))
        .unwrap();
    drop(store);
    // The clone still works: the thread lives while any handle does.
    assert!(
        clone
            .call_blocking(|db| db.account(&"a1".into()))
            .unwrap()
            .is_some()
    );
    drop(clone);
    let wal = dir.path().join("cache.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the log should be written back on close"
    );
}

#[test]
fn a_closed_store_answers_closed() {
    let store = Store::open_in_memory().unwrap();
    let other = store.clone();
    store.close().unwrap();
    assert!(matches!(
        other.call_blocking(|db| db.account_overview()),
        Err(StoreError::Closed)
    ));
    assert!(matches!(store.close(), Err(StoreError::Closed)));
}

#[test]
fn a_panicking_job_does_not_take_the_store_down() {
    let store = Store::open_in_memory().unwrap();
    let result: Result<(), StoreError> = store.call_blocking(|_| panic!("job bug"));
    assert!(matches!(result, Err(StoreError::Closed)));
    store
        .call_blocking(|db| db.upsert_accounts(&[account("a1")]))
        .unwrap();
    assert!(
        store
            .call_blocking(|db| db.account(&"a1".into()))
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn async_callers_get_answers_too() {
    let store = Store::open_in_memory().unwrap();
    let changes = store
        .call(|db| db.upsert_accounts(&[account("a1"), account("a2")]))
        .await
        .unwrap();
    assert_eq!(changes.inserted, 2);
    let id = AccountId::from("a2");
    let found = store.call(move |db| db.account(&id)).await.unwrap();
    assert_eq!(found.map(|a| a.name), Some("Account a2".to_owned()));
}

#[test]
fn a_file_that_is_not_a_database_is_reported_as_damaged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    std::fs::write(&path, vec![0x5a; 8192]).unwrap();
    match Store::open(&path) {
        Err(StoreError::Corrupt(_)) => {}
        Err(other) => panic!("expected Corrupt, got {other}"),
        Ok(_) => panic!("opened garbage"),
    }
}

#[test]
fn a_cache_from_a_newer_unibox_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let raw = Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 99).unwrap();
    drop(raw);
    match Store::open(&path) {
        Err(StoreError::TooNew { found, supported }) => {
            assert_eq!(found, 99);
            assert_eq!(supported, Db::schema_version());
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("opened a newer schema"),
    }
    let raw = Connection::open(&path).unwrap();
    let tables: i64 = raw
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 0, "nothing was created in the newer file");
}

#[test]
fn a_missing_directory_gives_an_open_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-dir").join("cache.db");
    match Store::open(&path) {
        Err(error @ StoreError::Open { .. }) => {
            assert!(error.to_string().contains("no-such-dir"), "{error}");
        }
        Err(other) => panic!("expected Open, got {other}"),
        Ok(_) => panic!("opened a file in a missing directory"),
    }
}

#[test]
fn a_cache_locked_by_another_program_reports_busy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    let store = Store::open(&path).unwrap();
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let outcome = store.call_blocking(|db| db.upsert_accounts(&[account("a1")]));
    assert!(matches!(outcome, Err(StoreError::Busy)), "{outcome:?}");
    other.execute_batch("COMMIT").unwrap();
    // Usable again once the other program lets go.
    assert_eq!(
        store
            .call_blocking(|db| db.upsert_accounts(&[account("a1")]))
            .unwrap()
            .inserted,
        1
    );
}

#[test]
fn the_outbox_rebuilt_for_chat_changes_keeps_every_entry_and_its_id() {
    use unibox::store::{NewOutboxEntry, OutboxAction};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let before = {
        let mut db = Db::open(&path).unwrap();
        db.outbox_push(&NewOutboxEntry {
            account_id: "a1".into(),
            chat_id: Some("c1".into()),
            target_message_id: None,
            action: OutboxAction::Delete,
        })
        .unwrap()
    };
    {
        // As the version before chat changes left it: the step is run again over the rows
        // (and the index of messages with files, which came after it, built again).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("DROP INDEX messages_with_files;")
            .unwrap();
        conn.pragma_update(None, "user_version", Db::schema_version() as i64 - 2)
            .unwrap();
    }
    let mut db = Db::open(&path).unwrap();
    let kept = db
        .outbox_entry(before.id)
        .unwrap()
        .expect("the entry is kept");
    assert_eq!(kept, before);
    let change = db
        .outbox_push(&NewOutboxEntry {
            account_id: "a1".into(),
            chat_id: Some("c1".into()),
            target_message_id: None,
            action: OutboxAction::ChatChange {
                change: unibox::domain::ChatChange::Mute,
            },
        })
        .unwrap();
    assert!(change.id > before.id, "ids keep counting up");
}
