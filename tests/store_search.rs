//! Full-text search: words, prefixes, non-ASCII text, hostile queries, and the index kept in
//! step with edits, deletions and bulk ingests.

mod store_support;

use store_support::*;
use unibox::domain::{Chat, MessageId};
use unibox::store::Db;

fn db_with(messages: &[(&str, &str)]) -> (Db, Chat) {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(0)));
    db.upsert_chats(std::slice::from_ref(&c)).unwrap();
    let batch: Vec<_> = messages
        .iter()
        .enumerate()
        .map(|(i, (id, text))| message(id, &c, minute(i as i64), text))
        .collect();
    db.upsert_messages(&batch).unwrap();
    (db, c)
}

fn found(db: &Db, query: &str) -> Vec<String> {
    db.search(query, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.message_id.to_string())
        .collect()
}

#[test]
fn words_and_word_beginnings_are_found_newest_first() {
    let (db, _) = db_with(&[
        ("m1", "The invoice is attached"),
        ("m2", "Two invoices for March"),
        ("m3", "Nothing to see here"),
    ]);
    assert_eq!(found(&db, "invoice"), ["m2", "m1"]);
    assert_eq!(found(&db, "INVOICE attached"), ["m1"]);
    assert_eq!(found(&db, "inv"), ["m2", "m1"]);
    assert!(found(&db, "absent").is_empty());
}

#[test]
fn non_ascii_words_are_found_with_and_without_accents() {
    let (db, _) = db_with(&[
        ("fr", "Rendez-vous au café à midi"),
        ("ru", "Привет, как дела?"),
        ("el", "Καλημέρα σας"),
        ("ja", "東京 で 会いましょう"),
    ]);
    assert_eq!(found(&db, "café"), ["fr"]);
    assert_eq!(found(&db, "cafe"), ["fr"]);
    assert_eq!(found(&db, "привет"), ["ru"]);
    assert_eq!(found(&db, "ΚΑΛΗΜΈΡΑ"), ["el"]);
    assert_eq!(found(&db, "東京"), ["ja"]);
}

#[test]
fn hostile_queries_never_fail() {
    let (db, _) = db_with(&[("m1", "say \"hello\" NEAR the door - or not")]);
    for query in [
        "\"",
        "\"\"",
        "*",
        "**",
        "NEAR(",
        "NEAR(a b",
        "-",
        "- -",
        "a -b",
        "OR",
        "AND",
        "NOT",
        "(",
        ")",
        "{c1}",
        "col:hello",
        "^hello",
        "hello\"*",
        "'",
        "\\",
        "\0",
        "😀",
        "  ",
        "a OR b AND",
        "text:",
        "+",
        "…",
    ] {
        assert!(db.search(query, 10).is_ok(), "query {query:?} failed");
    }
    assert_eq!(found(&db, "\"hello\""), ["m1"]);
    assert_eq!(found(&db, "NEAR"), ["m1"]);
    assert_eq!(found(&db, "door -"), ["m1"]);
    assert_eq!(found(&db, "or not"), ["m1"]);
}

#[test]
fn snippets_mark_the_matched_words() {
    let (db, _) = db_with(&[("m1", "Meet me at the station at noon")]);
    let hits = db.search("station", 10).unwrap();
    let hit = &hits[0];
    let matched: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|p| p.matched)
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(matched, ["station"]);
    let whole: String = hit.snippet.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(whole, "Meet me at the station at noon");
    assert_eq!(hit.chat_name.as_deref(), Some("Chat c1"));
    assert_eq!(hit.at, minute(0));
}

#[test]
fn edits_and_deletions_follow_into_the_index() {
    let (mut db, c) = db_with(&[("m1", "original wording")]);
    let mut edited = message("m1", &c, minute(0), "reworded text");
    edited.edited = true;
    db.upsert_messages(std::slice::from_ref(&edited)).unwrap();
    assert!(found(&db, "original").is_empty());
    assert_eq!(found(&db, "reworded"), ["m1"]);

    edited.deleted = true;
    db.upsert_messages(std::slice::from_ref(&edited)).unwrap();
    assert!(
        found(&db, "reworded").is_empty(),
        "deleted messages are not found"
    );

    let mut no_text = message("m2", &c, minute(1), "");
    no_text.text = None;
    db.upsert_messages(std::slice::from_ref(&no_text)).unwrap();
    no_text.text = Some("caption added".into());
    db.upsert_messages(std::slice::from_ref(&no_text)).unwrap();
    assert_eq!(found(&db, "caption"), ["m2"]);
    assert!(db.fts_integrity_ok().unwrap());
}

#[test]
fn a_bulk_ingest_without_the_index_is_found_after_the_rebuild() {
    let (mut db, c) = db_with(&[("m1", "before the pause")]);
    db.pause_search_index().unwrap();
    assert!(db.search_index_stale().unwrap());
    let bulk: Vec<_> = (0..50)
        .map(|i| {
            message(
                &format!("b{i}"),
                &c,
                minute(10 + i),
                &format!("bulk item {i}"),
            )
        })
        .collect();
    db.upsert_messages(&bulk).unwrap();
    assert!(found(&db, "bulk").is_empty(), "not indexed while paused");

    db.rebuild_search_index().unwrap();
    assert!(!db.search_index_stale().unwrap());
    assert_eq!(db.search("bulk", 100).unwrap().len(), 50);
    assert_eq!(found(&db, "pause"), ["m1"]);
    // Maintained again after the rebuild.
    db.upsert_messages(&[message("m9", &c, minute(99), "after the rebuild")])
        .unwrap();
    assert_eq!(found(&db, "rebuild"), ["m9"]);
    assert!(db.fts_integrity_ok().unwrap());
}

#[test]
fn the_limit_bounds_the_hits() {
    let texts: Vec<(String, String)> = (0..30)
        .map(|i| (format!("m{i:02}"), format!("repeated word {i}")))
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (db, _) = db_with(&refs);
    let hits = db.search("repeated", 5).unwrap();
    let ids: Vec<MessageId> = hits.into_iter().map(|h| h.message_id).collect();
    assert_eq!(
        ids,
        ["m29", "m28", "m27", "m26", "m25"].map(MessageId::from)
    );
}

#[test]
fn a_very_common_word_still_answers_with_hits_in_time_order() {
    let texts: Vec<(String, String)> = (0..1_200)
        .map(|i| (format!("m{i:04}"), format!("common {i}")))
        .collect();
    let refs: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let (db, _) = db_with(&refs);
    let hits = db.search("common", 40).unwrap();
    assert_eq!(hits.len(), 40);
    assert!(hits.windows(2).all(|pair| pair[0].at >= pair[1].at));
    assert!(
        hits.iter()
            .all(|h| h.snippet.iter().any(|p| p.matched && p.text == "common"))
    );
    // Cached in time order here, so the newest matches are the most recently cached ones.
    assert_eq!(hits[0].message_id, MessageId::from("m1199"));
}
