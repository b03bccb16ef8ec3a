//! Watching the cache: another connection's commit is noticed, our own is not (its writer
//! knows); new unread messages from others are reported once, with whether their chat is
//! muted; history and our own messages are not arrivals, whatever the clocks say.

use chrono::Duration;
use unibox::domain::Muted;
use unibox::store::{Db, Store, StoreError};

use crate::store_support::{account, chat, message, t0};

fn two_connections() -> (tempfile::TempDir, Store, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    let watcher = Store::open(&path).unwrap();
    let writer = Store::open(&path).unwrap();
    (dir, watcher, writer)
}

fn setup(db: &mut Db) -> Result<(), StoreError> {
    db.upsert_accounts(&[account("a1")])?;
    let mut muted = chat("quiet", "a1", Some(t0()));
    muted.muted = Muted::Forever;
    db.upsert_chats(&[chat("c1", "a1", Some(t0())), muted])?;
    Ok(())
}

#[test]
fn another_connections_commit_is_news_and_our_own_is_not() {
    let (_dir, watcher, writer) = two_connections();
    writer.call_blocking(setup).unwrap();
    let mut seen = watcher.call_blocking(|db| db.watch_from(t0())).unwrap();

    let (news, after) = watcher
        .call_blocking(move |db| Ok((db.news(&mut seen, t0())?, seen)))
        .unwrap();
    assert!(!news.others_wrote, "nothing written since");
    seen = after;

    writer
        .call_blocking(|db| db.upsert_accounts(&[account("a2")]))
        .unwrap();
    let (news, after) = watcher
        .call_blocking(move |db| Ok((db.news(&mut seen, t0())?, seen)))
        .unwrap();
    assert!(news.others_wrote);
    assert!(news.arrivals.is_empty(), "{:?}", news.arrivals);
    seen = after;

    watcher
        .call_blocking(|db| db.upsert_accounts(&[account("a3")]))
        .unwrap();
    let news = watcher
        .call_blocking(move |db| db.news(&mut seen, t0()))
        .unwrap();
    assert!(!news.others_wrote, "our own write");
}

#[test]
fn arrivals_are_new_unread_messages_from_others_reported_once() {
    let (_dir, watcher, writer) = two_connections();
    writer.call_blocking(setup).unwrap();
    let c1 = chat("c1", "a1", Some(t0()));
    let quiet = chat("quiet", "a1", Some(t0()));
    let start = t0() + Duration::hours(1);
    let mut seen = watcher
        .call_blocking(move |db| db.watch_from(start))
        .unwrap();

    let mut ours = message("m-ours", &c1, start, "from us");
    ours.is_sender = true;
    let mut read = message("m-read", &c1, start, "already read");
    read.seen = true;
    let history = message("m-old", &c1, start - Duration::days(2), "old history");
    let new = message("m-new", &c1, start + Duration::seconds(5), "hello there");
    let hushed = message("m-quiet", &quiet, start + Duration::seconds(6), "psst");
    writer
        .call_blocking(move |db| db.upsert_messages(&[ours, read, history, new, hushed]))
        .unwrap();

    let (news, after) = watcher
        .call_blocking(move |db| Ok((db.news(&mut seen, start)?, seen)))
        .unwrap();
    let got: Vec<(&str, Option<&str>, bool)> = news
        .arrivals
        .iter()
        .map(|a| (a.chat.as_str(), a.text.as_deref(), a.muted))
        .collect();
    assert_eq!(
        got,
        vec![
            ("c1", Some("hello there"), false),
            ("quiet", Some("psst"), true)
        ]
    );
    assert_eq!(news.arrivals[0].title, "Chat c1");

    // Reported once: the same rows rewritten are not news again.
    let mut seen = after;
    let again = message(
        "m-new",
        &c1,
        start + Duration::seconds(5),
        "hello there, edited",
    );
    watcher
        .call_blocking(move |db| db.upsert_messages(&[again]))
        .unwrap();
    let news = watcher
        .call_blocking(move |db| db.news(&mut seen, start))
        .unwrap();
    assert!(news.arrivals.is_empty(), "{:?}", news.arrivals);
}

#[test]
fn a_message_newer_than_its_chats_cached_ones_arrives_whatever_the_clock_and_older_ones_do_not() {
    let (_dir, watcher, writer) = two_connections();
    writer.call_blocking(setup).unwrap();
    let c1 = chat("c1", "a1", Some(t0()));
    let cached = message("m-cached", &c1, t0(), "cached before");
    writer
        .call_blocking(move |db| db.upsert_messages(&[cached]))
        .unwrap();
    // The watch begins long after the server's clock: its messages all look old.
    let start = t0() + Duration::days(30);
    let mut seen = watcher
        .call_blocking(move |db| db.watch_from(start))
        .unwrap();

    let older = message(
        "m-older",
        &c1,
        t0() - Duration::minutes(5),
        "history filled in",
    );
    let newer = message(
        "m-newer",
        &c1,
        t0() + Duration::minutes(1),
        "new on the server",
    );
    writer
        .call_blocking(move |db| db.upsert_messages(&[older, newer]))
        .unwrap();
    let news = watcher
        .call_blocking(move |db| db.news(&mut seen, start))
        .unwrap();
    let texts: Vec<_> = news.arrivals.iter().map(|a| a.text.as_deref()).collect();
    assert_eq!(texts, vec![Some("new on the server")]);
}
