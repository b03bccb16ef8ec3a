//! The provider of each account in the cache, and the contact's last message that opens the
//! customer-service window.

use crate::store_support;

use store_support::*;
use unibox::domain::{AccountId, Channel, Provider};
use unibox::store::Db;

fn late_whatsapp(id: &str) -> unibox::domain::Account {
    let mut account = account(id);
    account.provider = Provider::Late;
    account.channel = Channel::WhatsApp;
    account
}

#[test]
fn an_accounts_provider_survives_the_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    {
        let mut db = Db::open(&path).unwrap();
        db.upsert_accounts(&[account("a1"), late_whatsapp("a2")])
            .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let a1 = db.account(&AccountId::from("a1")).unwrap().unwrap();
    let a2 = db.account(&AccountId::from("a2")).unwrap().unwrap();
    assert_eq!(
        (a1.provider, a1.channel),
        (Provider::Unipile, Channel::WhatsApp)
    );
    assert_eq!(
        (a2.provider, a2.channel),
        (Provider::Late, Channel::WhatsApp)
    );
    let overview = db.account_overview().unwrap();
    let providers: Vec<Provider> = overview
        .accounts
        .iter()
        .map(|s| s.account.provider)
        .collect();
    assert_eq!(providers, [Provider::Unipile, Provider::Late]);
}

#[test]
fn a_change_of_provider_is_written_and_an_unchanged_account_is_not() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    assert_eq!(db.upsert_accounts(&[account("a1")]).unwrap().written(), 0);
    let moved = late_whatsapp("a1");
    assert_eq!(db.upsert_accounts(&[moved]).unwrap().updated, 1);
    let read = db.account(&AccountId::from("a1")).unwrap().unwrap();
    assert_eq!(read.provider, Provider::Late);
}

#[test]
fn a_cache_of_the_previous_version_keeps_its_accounts_as_unipiles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    {
        let mut db = Db::open(&path).unwrap();
        let mut linkedin = account("a2");
        linkedin.channel = Channel::LinkedIn;
        db.upsert_accounts(&[account("a1"), linkedin]).unwrap();
    }
    {
        // As the version before providers left it: neither the provider column nor what the
        // four steps after it add (the waiting filter's indexes, the outbox's keys, the
        // outbox's chat changes, whose table rebuild keeps the rows, the index of messages
        // with files).
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "ALTER TABLE accounts DROP COLUMN provider;
             DROP INDEX chats_waiting;
             DROP INDEX chats_waiting_by_account;
             ALTER TABLE outbox DROP COLUMN idempotency_key;
             DROP INDEX messages_with_files;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", Db::schema_version() as i64 - 5)
            .unwrap();
    }
    let db = Db::open(&path).unwrap();
    let accounts = db.account_overview().unwrap().accounts;
    let kept: Vec<(String, Provider, Channel)> = accounts
        .into_iter()
        .map(|s| {
            (
                s.account.id.to_string(),
                s.account.provider,
                s.account.channel,
            )
        })
        .collect();
    assert_eq!(
        kept,
        [
            ("a1".to_owned(), Provider::Unipile, Channel::WhatsApp),
            ("a2".to_owned(), Provider::Unipile, Channel::LinkedIn),
        ]
    );
}

#[test]
fn the_contacts_last_message_is_the_newest_not_ours() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[late_whatsapp("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(10)));
    let other = chat("c2", "a1", Some(minute(10)));
    db.upsert_chats(&[c.clone(), other.clone()]).unwrap();
    assert_eq!(db.last_inbound_at(&c.id).unwrap(), None);

    let mut ours = message("m3", &c, minute(9), "ours, newest");
    ours.is_sender = true;
    let mut event = message("m4", &c, minute(10), "joined");
    event.is_event = true;
    db.upsert_messages(&[
        message("m1", &c, minute(2), "theirs, older"),
        message("m2", &c, minute(5), "theirs, newest"),
        ours,
        event,
        message("m9", &other, minute(8), "another chat"),
    ])
    .unwrap();
    assert_eq!(db.last_inbound_at(&c.id).unwrap(), Some(minute(5)));
}
