//! Full-text search: words, prefixes, non-ASCII text, hostile queries, and the index kept in
//! step with edits, deletions and bulk ingests.

use crate::store_support;

use store_support::*;
use unibox::domain::{Chat, MessageId};
use unibox::store::{Db, SearchQuery, SearchScope};

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

/// Two accounts: a group in a1 where Anna and Bruno write, a one-to-one chat with Élodie in
/// a2, our own messages in both.
fn two_accounts() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let mut second = account("a2");
    second.name = "Boutique Nord".into();
    db.upsert_accounts(&[account("a1"), second]).unwrap();
    let mut group = chat("g1", "a1", Some(minute(0)));
    group.name = Some("Shop Team".into());
    group.kind = unibox::domain::ChatKind::Group;
    let mut single = chat("s2", "a2", Some(minute(0)));
    single.name = Some("Élodie Martin".into());
    db.upsert_chats(&[group.clone(), single.clone()]).unwrap();
    db.upsert_chat_attendees(
        &group.id,
        &[
            attendee("a1", "33611111111", Some("Anna Lopez")),
            attendee("a1", "33622222222", Some("Bruno")),
        ],
    )
    .unwrap();
    let from = |mut m: unibox::domain::Message, sender: &str| {
        m.sender_id = format!("{sender}@s.whatsapp.net");
        m
    };
    let mut ours = message("g-me", &group, minute(3), "the order number is ORD-77");
    ours.is_sender = true;
    let mut with_file = message("s-file", &single, minute(5), "voici le résumé");
    with_file.attachments = vec![image("img1")];
    db.upsert_messages(&[
        from(
            message("g-anna", &group, minute(1), "where is my order"),
            "33611111111",
        ),
        from(
            message("g-bruno", &group, minute(2), "order shipped today"),
            "33622222222",
        ),
        ours,
        from(with_file, "33699999999"),
        from(
            message(
                "s-old",
                &single,
                minute(-30 * 24 * 60),
                "order from last month",
            ),
            "33699999999",
        ),
    ])
    .unwrap();
    db
}

fn found_with(db: &Db, query: &str, scope: &SearchScope) -> Vec<String> {
    let query = SearchQuery::parse(query, chrono::Offset::fix(&chrono::Utc)).unwrap();
    db.search_messages(&query, scope, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.message_id.to_string())
        .collect()
}

#[test]
fn filters_narrow_the_words_and_work_alone() {
    let db = two_accounts();
    let all = SearchScope::default();
    assert_eq!(
        found_with(&db, "order", &all),
        ["g-me", "g-bruno", "g-anna", "s-old"]
    );
    assert_eq!(found_with(&db, "order from:me", &all), ["g-me"]);
    assert_eq!(found_with(&db, "order from:anna", &all), ["g-anna"]);
    // A one-to-one chat's sender is found by the chat's name.
    assert_eq!(found_with(&db, "from:élodie", &all), ["s-file", "s-old"]);
    assert_eq!(
        found_with(&db, "from:elodie", &all),
        ["s-file", "s-old"],
        "a name is found with or without its accents"
    );
    assert_eq!(
        found_with(&db, "order in:\"shop team\"", &all),
        ["g-me", "g-bruno", "g-anna"]
    );
    assert_eq!(found_with(&db, "order account:nord", &all), ["s-old"]);
    assert_eq!(found_with(&db, "account:a2", &all), ["s-file", "s-old"]);
    assert_eq!(found_with(&db, "has:file", &all), ["s-file"]);
    assert_eq!(found_with(&db, "order before:2025-03-01", &all), ["s-old"]);
    assert_eq!(
        found_with(&db, "order after:2025-02-28", &all),
        ["g-me", "g-bruno", "g-anna"]
    );
}

/// Words with `has:file`: the matches with a file are found however many newer matches have
/// none, or have one and are turned away by another filter; a word none of whose matches has
/// a file finds nothing; a deleted message's file is not found.
#[test]
fn words_with_has_file_find_only_and_all_the_matches_with_a_file() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(0)));
    db.upsert_chats(std::slice::from_ref(&c)).unwrap();
    let with_file = |id: &str, at: i64, text: &str| {
        let mut m = message(id, &c, minute(at), text);
        m.attachments = vec![image(&format!("img-{id}"))];
        m
    };
    let mut ours = with_file("ours-old", 0, "invoice attached");
    ours.is_sender = true;
    let mut batch = vec![ours, with_file("report-file", 1, "the report")];
    // More newer matches with a file than a search considers, none of them ours.
    batch.extend((0..700).map(|i| with_file(&format!("theirs-{i}"), 10 + i, "invoice attached")));
    batch.extend(
        (0..300).map(|i| message(&format!("plain-{i}"), &c, minute(800 + i), "invoice soon")),
    );
    batch.push(message("report-plain", &c, minute(1200), "report soon"));
    let mut gone = with_file("report-deleted", 1300, "report deleted");
    gone.deleted = true;
    batch.push(gone);
    db.upsert_messages(&batch).unwrap();
    let all = SearchScope::default();

    assert_eq!(
        found_with(&db, "invoice has:file from:me", &all),
        ["ours-old"]
    );
    assert_eq!(found_with(&db, "report has:file", &all), ["report-file"]);
    assert!(found_with(&db, "soon has:file", &all).is_empty());
    let newest: Vec<String> = (680..700).rev().map(|i| format!("theirs-{i}")).collect();
    assert_eq!(found_with(&db, "invoice has:file", &all), newest);
    assert_eq!(
        found_with(&db, "invoice", &all).first().map(String::as_str),
        Some("plain-299"),
        "without has:file the newest match has none"
    );
}

/// With words, `has:file` is tested on the small index before any message row is read.
#[test]
fn has_file_with_words_probes_the_file_index_before_the_message() {
    let (mut db, c) = db_with(&[("plain", "invoice soon")]);
    let mut file = message("file", &c, minute(5), "invoice attached");
    file.attachments = vec![image("img")];
    db.upsert_messages(&[file]).unwrap();
    let plan = db.search_plan_of("invoice has:file").unwrap();
    let position = |step: &str| plan.iter().position(|line| line.starts_with(step));
    let probe = position("SEARCH f USING INDEX messages_with_files");
    let row = position("SEARCH m ");
    assert!(
        probe.is_some() && probe < row,
        "the probe comes first: {plan:?}"
    );
}

#[test]
fn phrases_prefixes_and_folded_accents() {
    let db = two_accounts();
    let all = SearchScope::default();
    assert_eq!(found_with(&db, "resume", &all), ["s-file"]);
    assert_eq!(found_with(&db, "\"order number\"", &all), ["g-me"]);
    assert_eq!(
        found_with(&db, "\"number order\"", &all),
        Vec::<String>::new()
    );
    assert_eq!(found_with(&db, "ship* order", &all), ["g-bruno"]);
    assert_eq!(found_with(&db, "ord-77", &all), ["g-me"]);
}

#[test]
fn the_scope_keeps_one_account_or_one_chat() {
    let db = two_accounts();
    let account = SearchScope {
        account: Some("a2".into()),
        chat: None,
    };
    assert_eq!(found_with(&db, "order", &account), ["s-old"]);
    let chat = SearchScope {
        account: None,
        chat: Some("g1".into()),
    };
    assert_eq!(
        found_with(&db, "order", &chat),
        ["g-me", "g-bruno", "g-anna"]
    );
}

#[test]
fn hits_carry_who_wrote_where() {
    let db = two_accounts();
    let query = SearchQuery::parse("where", chrono::Offset::fix(&chrono::Utc)).unwrap();
    let hits = db
        .search_messages(&query, &SearchScope::default(), 5)
        .unwrap();
    let hit = &hits[0];
    assert_eq!(hit.sender_name.as_deref(), Some("Anna Lopez"));
    assert_eq!(hit.account_name, "Account a1");
    assert_eq!(hit.chat_name.as_deref(), Some("Shop Team"));
    assert_eq!(hit.text.as_deref(), Some("where is my order"));
    let file = SearchQuery::parse("has:file", chrono::Offset::fix(&chrono::Utc)).unwrap();
    let hits = db
        .search_messages(&file, &SearchScope::default(), 5)
        .unwrap();
    assert!(hits[0].has_attachment);
    assert_eq!(hits[0].sender_name.as_deref(), Some("Élodie Martin"));
    assert_eq!(hits[0].snippet.len(), 1, "the text's start, unmarked");
    assert!(!hits[0].snippet[0].matched);
}

#[test]
fn messages_cached_later_are_found_without_a_rebuild() {
    let mut db = two_accounts();
    assert!(found(&db, "parcel").is_empty());
    let late = chat("g1", "a1", Some(minute(0)));
    db.upsert_messages(&[message("late", &late, minute(60), "your parcel left")])
        .unwrap();
    assert_eq!(found(&db, "parcel"), ["late"]);
}
