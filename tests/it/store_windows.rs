//! What the panes read: chat list windows, unread totals, thread windows, attendees, sync
//! state.

use crate::store_support;

use chrono::{DateTime, Utc};
use proptest::prelude::*;
use store_support::*;
use unibox::domain::{AccountId, ChatId, ChatKind, Message, MessageId};
use unibox::provider::{Cursor, SyncStatus};
use unibox::store::{AccountSyncState, ChatFilter, ChatSyncState, Db, MessageAnchor, UnreadTotals};

fn ids(items: &[unibox::store::ChatListItem]) -> Vec<String> {
    items.iter().map(|i| i.chat.id.to_string()).collect()
}

fn filter(
    account: Option<&str>,
    unread_only: bool,
    search: &str,
    include_archived: bool,
) -> ChatFilter {
    ChatFilter {
        account: account.map(AccountId::from),
        unread_only,
        waiting_only: false,
        search: search.into(),
        include_archived,
        archived_only: false,
    }
}

/// Reads the whole list through windows of `size` rows.
fn walk(db: &Db, filter: &ChatFilter, size: u32) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        let window = db.chat_window(filter, seen.len() as u64, size).unwrap();
        if window.is_empty() {
            return seen;
        }
        assert!(window.len() <= size as usize);
        seen.extend(ids(&window));
    }
}

#[test]
fn the_chat_list_is_ordered_by_activity_then_newest_key() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    db.upsert_chats(&[
        chat("old", "a1", Some(minute(1))),
        chat("never", "a1", None),
        chat("tie-first", "a1", Some(minute(5))),
        chat("tie-second", "a1", Some(minute(5))),
        chat("new", "a1", Some(minute(9))),
    ])
    .unwrap();
    let all = ChatFilter::default();
    assert_eq!(
        ids(&db.chat_window(&all, 0, 10).unwrap()),
        ["new", "tie-second", "tie-first", "old", "never"]
    );
    assert_eq!(
        ids(&db.chat_window(&all, 1, 2).unwrap()),
        ["tie-second", "tie-first"]
    );
    assert_eq!(
        ids(&db.chat_window(&all, 5, 2).unwrap()),
        Vec::<String>::new()
    );
    assert_eq!(db.chat_count(&all).unwrap(), 5);
}

#[test]
fn filters_select_account_unread_archived_and_search() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1"), account("a2")]).unwrap();
    let mut elodie = chat("elodie", "a1", Some(minute(1)));
    elodie.name = Some("Élodie Martin".into());
    elodie.attendee_provider_id = Some("33612345678@s.whatsapp.net".into());
    elodie.unread_count = 2;
    let mut archived = chat("archived", "a1", Some(minute(2)));
    archived.archived = true;
    archived.unread_count = 7;
    let mut shop = chat("shop", "a2", Some(minute(3)));
    shop.name = Some("Shop 24".into());
    shop.unread_count = 1;
    let plain = chat("plain", "a2", Some(minute(4)));
    db.upsert_chats(&[elodie, archived, shop, plain]).unwrap();

    let cases: &[(ChatFilter, &[&str])] = &[
        (filter(None, false, "", false), &["plain", "shop", "elodie"]),
        (
            filter(None, false, "", true),
            &["plain", "shop", "archived", "elodie"],
        ),
        (filter(Some("a1"), false, "", false), &["elodie"]),
        (filter(Some("a1"), false, "", true), &["archived", "elodie"]),
        (filter(None, true, "", false), &["shop", "elodie"]),
        (
            filter(None, true, "", true),
            &["shop", "archived", "elodie"],
        ),
        (filter(Some("a2"), true, "", false), &["shop"]),
        (filter(None, false, "ÉLOD", false), &["elodie"]),
        (filter(None, false, "martin", false), &["elodie"]),
        (filter(None, false, "+33 6 12 34", false), &["elodie"]),
        (filter(None, false, "24", false), &["shop"]),
        (filter(None, false, "nobody", false), &[]),
        (filter(Some("ghost"), false, "", true), &[]),
    ];
    for (f, expected) in cases {
        assert_eq!(ids(&db.chat_window(f, 0, 50).unwrap()), *expected, "{f:?}");
        assert_eq!(db.chat_count(f).unwrap(), expected.len() as u64, "{f:?}");
    }
}

#[test]
fn waiting_for_us_lists_chats_whose_last_message_is_the_customers_newest_first() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1"), account("a2")]).unwrap();
    let asked = chat("asked", "a1", Some(minute(1)));
    let answered = chat("answered", "a1", Some(minute(2)));
    let other_account = chat("other", "a2", Some(minute(3)));
    let empty = chat("empty", "a1", Some(minute(9)));
    let mut archived = chat("archived", "a1", Some(minute(4)));
    archived.archived = true;
    let asked_again = chat("asked-again", "a1", Some(minute(5)));
    db.upsert_chats(&[
        asked.clone(),
        answered.clone(),
        other_account.clone(),
        empty,
        archived.clone(),
        asked_again.clone(),
    ])
    .unwrap();
    let ours = |m: unibox::domain::Message| unibox::domain::Message {
        is_sender: true,
        ..m
    };
    db.upsert_messages(&[
        message("q1", &asked, minute(1), "Is it ready?"),
        message("q2", &answered, minute(1), "Is it ready?"),
        ours(message("r2", &answered, minute(2), "Yes")),
        message("q3", &other_account, minute(3), "Hello?"),
        message("q4", &archived, minute(4), "Still there?"),
        ours(message("r5", &asked_again, minute(4), "Here you are")),
        message("q5", &asked_again, minute(5), "Thanks! One more thing"),
    ])
    .unwrap();
    let waiting = |account: Option<&str>, include_archived: bool| ChatFilter {
        waiting_only: true,
        ..filter(account, false, "", include_archived)
    };
    let cases: &[(ChatFilter, &[&str])] = &[
        (waiting(None, false), &["asked-again", "other", "asked"]),
        (waiting(Some("a1"), false), &["asked-again", "asked"]),
        (
            waiting(Some("a1"), true),
            &["asked-again", "archived", "asked"],
        ),
        (
            ChatFilter {
                unread_only: true,
                ..waiting(None, false)
            },
            &[],
        ),
        (
            ChatFilter {
                search: "again".into(),
                ..waiting(None, false)
            },
            &["asked-again"],
        ),
    ];
    for (f, expected) in cases {
        assert_eq!(ids(&db.chat_window(f, 0, 50).unwrap()), *expected, "{f:?}");
        assert_eq!(db.chat_count(f).unwrap(), expected.len() as u64, "{f:?}");
    }

    // We answer: the chat is no longer waiting.
    db.upsert_messages(&[ours(message("r1", &asked, minute(6), "Yes, come by"))])
        .unwrap();
    assert_eq!(
        ids(&db.chat_window(&waiting(Some("a1"), false), 0, 50).unwrap()),
        ["asked-again"]
    );
}

#[test]
fn unread_totals_per_account_and_overall_leave_archived_chats_out() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1"), account("a2"), account("a3")])
        .unwrap();
    let mut chats = Vec::new();
    for (id, acc, unread, archived) in [
        ("c1", "a1", 3, false),
        ("c2", "a1", 2, false),
        ("c3", "a1", 9, true),
        ("c4", "a2", 1, false),
        ("c5", "a2", 0, false),
    ] {
        let mut c = chat(id, acc, Some(minute(1)));
        c.unread_count = unread;
        c.archived = archived;
        chats.push(c);
    }
    db.upsert_chats(&chats).unwrap();
    let overview = db.account_overview().unwrap();
    let per_account: Vec<(String, UnreadTotals)> = overview
        .accounts
        .iter()
        .map(|s| (s.account.id.to_string(), s.unread))
        .collect();
    assert_eq!(
        per_account,
        vec![
            (
                "a1".into(),
                UnreadTotals {
                    messages: 5,
                    chats: 2
                }
            ),
            (
                "a2".into(),
                UnreadTotals {
                    messages: 1,
                    chats: 1
                }
            ),
            (
                "a3".into(),
                UnreadTotals {
                    messages: 0,
                    chats: 0
                }
            ),
        ]
    );
    assert_eq!(
        overview.all,
        UnreadTotals {
            messages: 6,
            chats: 3
        }
    );
}

#[test]
fn chat_windows_use_indexes_for_every_filter_without_search() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    for account in [None, Some("a1")] {
        for (unread_only, waiting_only) in [(false, false), (true, false), (false, true)] {
            // The chat list, with archived chats, and the archived view.
            for (include_archived, archived_only) in [(false, false), (true, false), (false, true)]
            {
                let f = ChatFilter {
                    waiting_only,
                    archived_only,
                    ..filter(account, unread_only, "", include_archived)
                };
                let plan = db.chat_window_plan(&f).unwrap();
                println!("{f:?}\n  {}", plan.join("\n  "));
                assert!(plan.len() >= 4, "{f:?}: {plan:?}");
                // Counting and skipping read an index only; the table is read by key.
                for step in plan.iter().filter(|s| s.contains("chats")) {
                    assert!(
                        step.contains("COVERING INDEX") || step.contains("PRIMARY KEY"),
                        "{f:?}: {plan:?}"
                    );
                }
            }
        }
    }
}

/// A chat for the model: its id, account, activity, unread, archived, name.
#[derive(Debug, Clone)]
struct ChatSpec {
    account: usize,
    at: Option<i64>,
    unread: u32,
    archived: bool,
    name: usize,
}

fn chat_spec() -> impl Strategy<Value = ChatSpec> {
    (
        0..3usize,
        proptest::option::weighted(0.9, 0..20i64),
        prop_oneof![Just(0u32), 1..5u32],
        any::<bool>(),
        0..4usize,
    )
        .prop_map(|(account, at, unread, archived, name)| ChatSpec {
            account,
            at,
            unread,
            archived,
            name,
        })
}

const NAMES: [&str; 4] = ["Ana", "Bob", "Anaïs", "Zoé"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Walking the list window by window gives exactly the rows a plain filter-and-sort of
    /// the same chats gives: no gap, no duplicate, same order, same count.
    #[test]
    fn windows_agree_with_a_plain_model(
        specs in proptest::collection::vec(chat_spec(), 0..40),
        account in proptest::option::of(0..3usize),
        unread_only in any::<bool>(),
        include_archived in any::<bool>(),
        archived_only in any::<bool>(),
        search in proptest::option::of(0..4usize),
        size in 1..9u32,
    ) {
        let mut db = Db::open_in_memory().unwrap();
        db.upsert_accounts(&[account_n(0), account_n(1), account_n(2)]).unwrap();
        let chats: Vec<_> = specs.iter().enumerate().map(|(i, s)| {
            let mut c = chat(&format!("c{i:02}"), &format!("a{}", s.account), s.at.map(minute));
            c.unread_count = s.unread;
            c.archived = s.archived;
            c.name = Some(NAMES[s.name].to_owned());
            c
        }).collect();
        db.upsert_chats(&chats).unwrap();

        let query = search.map(|n| NAMES[n].to_lowercase()).unwrap_or_default();
        let f = ChatFilter {
            archived_only,
            ..filter(account.map(|a| format!("a{a}")).as_deref(), unread_only, &query, include_archived)
        };
        let mut expected: Vec<(i64, usize)> = specs.iter().enumerate().filter(|(_, s)| {
            account.is_none_or(|a| a == s.account)
                && (!unread_only || s.unread > 0)
                && if archived_only { s.archived } else { include_archived || !s.archived }
                && NAMES[s.name].to_lowercase().contains(&query)
        }).map(|(i, s)| (s.at.map_or(0, |m| minute(m).timestamp_millis()), i)).collect();
        expected.sort_by(|a, b| b.cmp(a));
        let expected: Vec<String> = expected.into_iter().map(|(_, i)| format!("c{i:02}")).collect();

        prop_assert_eq!(walk(&db, &f, size), expected.clone());
        prop_assert_eq!(db.chat_count(&f).unwrap(), expected.len() as u64);
    }
}

fn account_n(n: usize) -> unibox::domain::Account {
    account(&format!("a{n}"))
}

/// A chat whose messages share timestamps, to test the tie-break.
fn thread_db(n: usize) -> (Db, Vec<Message>) {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(0)));
    let other = chat("c2", "a1", Some(minute(0)));
    db.upsert_chats(&[c.clone(), other.clone()]).unwrap();
    let messages: Vec<Message> = (0..n)
        .map(|i| {
            message(
                &format!("m{i:03}"),
                &c,
                minute((i / 3) as i64),
                &format!("text {i}"),
            )
        })
        .collect();
    db.upsert_messages(&messages).unwrap();
    db.upsert_messages(&[message("elsewhere", &other, minute(1), "not here")])
        .unwrap();
    (db, messages)
}

fn message_ids(messages: &[Message]) -> Vec<MessageId> {
    messages.iter().map(|m| m.id.clone()).collect()
}

#[test]
fn thread_windows_walk_back_and_forth_without_gaps_or_duplicates() {
    let (db, messages) = thread_db(31);
    let chat = ChatId::from("c1");
    assert_eq!(db.message_count(&chat).unwrap(), 31);
    let newest_first: Vec<MessageId> = message_ids(&messages).into_iter().rev().collect();

    let mut backwards = Vec::new();
    let mut anchor: Option<MessageAnchor> = None;
    loop {
        let window = db.messages_before(&chat, anchor.as_ref(), 4).unwrap();
        let Some(oldest) = window.last() else { break };
        anchor = Some(MessageAnchor::of(oldest));
        backwards.extend(message_ids(&window));
    }
    assert_eq!(backwards, newest_first);

    let mut forwards: Vec<MessageId> = Vec::new();
    let mut anchor = MessageAnchor::of(&messages[0]);
    forwards.push(messages[0].id.clone());
    loop {
        let window = db.messages_after(&chat, &anchor, 5).unwrap();
        let Some(newest) = window.first() else { break };
        anchor = MessageAnchor::of(newest);
        forwards.extend(message_ids(&window).into_iter().rev());
    }
    assert_eq!(forwards, message_ids(&messages));
}

#[test]
fn an_anchor_missing_from_the_cache_falls_back_to_its_time() {
    let (db, _) = thread_db(9);
    let chat = ChatId::from("c1");
    let ghost = MessageAnchor {
        at: minute(1),
        id: "gone".into(),
    };
    // Minute 1 holds m003..m005: strictly before and strictly after it.
    assert_eq!(
        message_ids(&db.messages_before(&chat, Some(&ghost), 10).unwrap()),
        ["m002", "m001", "m000"].map(MessageId::from)
    );
    assert_eq!(
        message_ids(&db.messages_after(&chat, &ghost, 10).unwrap()),
        ["m008", "m007", "m006"].map(MessageId::from)
    );
}

#[test]
fn thread_windows_use_the_thread_index() {
    let db = Db::open_in_memory().unwrap();
    let plan = db.thread_plan().unwrap();
    for step in &plan {
        assert!(step.contains("messages_by_chat"), "{plan:?}");
    }
    assert!(!plan.iter().any(|s| s.contains("TEMP B-TREE")), "{plan:?}");
}

#[test]
fn the_start_chat_picker_offers_only_known_people_of_the_account() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1"), account("a2")]).unwrap();
    let c = chat("c1", "a1", None);
    db.upsert_chats(&[c.clone(), chat("c9", "a2", None)])
        .unwrap();
    let mut me = attendee("a1", "33600000000", Some("Me"));
    me.is_self = true;
    db.upsert_known_attendees(
        &"a1".into(),
        &[attendee("a1", "33611111111", Some("Élodie")), me],
    )
    .unwrap();
    db.upsert_chat_attendees(&c.id, &[attendee("a1", "33622222222", None)])
        .unwrap();
    db.upsert_chat_attendees(
        &"c9".into(),
        &[attendee("a2", "33633333333", Some("Other"))],
    )
    .unwrap();

    let names = |query: &str| -> Vec<String> {
        db.known_attendees(&"a1".into(), query, 10)
            .unwrap()
            .into_iter()
            .map(|a| a.provider_id)
            .collect()
    };
    assert_eq!(
        names(""),
        ["33611111111@s.whatsapp.net", "33622222222@s.whatsapp.net"]
    );
    assert_eq!(names("élo"), ["33611111111@s.whatsapp.net"]);
    assert_eq!(names("+33 6 22"), ["33622222222@s.whatsapp.net"]);
    assert_eq!(names("other"), Vec::<String>::new());
}

#[test]
fn the_single_chat_with_a_person_is_found_by_id_or_by_attendees() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let mut direct = chat("direct", "a1", Some(minute(1)));
    direct.attendee_provider_id = Some("33611111111@s.whatsapp.net".into());
    let linked = chat("linked", "a1", Some(minute(2)));
    let mut group = chat("group", "a1", Some(minute(3)));
    group.kind = ChatKind::Group;
    db.upsert_chats(&[direct, linked.clone(), group.clone()])
        .unwrap();
    let bob = attendee("a1", "33622222222", Some("Bob"));
    db.upsert_chat_attendees(&linked.id, std::slice::from_ref(&bob))
        .unwrap();
    db.upsert_chat_attendees(&group.id, std::slice::from_ref(&bob))
        .unwrap();

    let found = |who: &str| {
        db.find_single_chat(&"a1".into(), who)
            .unwrap()
            .map(|i| i.chat.id.to_string())
    };
    assert_eq!(
        found("33611111111@s.whatsapp.net").as_deref(),
        Some("direct")
    );
    assert_eq!(
        found("33622222222@s.whatsapp.net").as_deref(),
        Some("linked")
    );
    assert_eq!(found("33699999999@s.whatsapp.net"), None);
}

#[test]
fn sync_state_round_trips_and_finds_chats_that_moved() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let mut c1 = chat("c1", "a1", Some(minute(5)));
    let c2 = chat("c2", "a1", Some(minute(3)));
    db.upsert_chats(&[c1.clone(), c2.clone()]).unwrap();
    assert_eq!(
        db.chat_sync_state(&c1.id).unwrap(),
        ChatSyncState::default()
    );
    assert_eq!(
        db.chats_to_sync(None, 10).unwrap(),
        vec![c1.id.clone(), c2.id.clone()]
    );

    let synced = |at: DateTime<Utc>| ChatSyncState {
        newest: Some(MessageAnchor {
            at,
            id: "m9".into(),
        }),
        older_cursor: Some(Cursor("page-2".into())),
        history_complete: false,
        synced_activity_at: Some(at),
        gap: None,
        refreshed_at: None,
    };
    db.put_chat_sync_state(&c1.id, &synced(minute(5))).unwrap();
    db.put_chat_sync_state(&c2.id, &synced(minute(3))).unwrap();
    assert_eq!(db.chat_sync_state(&c1.id).unwrap(), synced(minute(5)));
    assert!(db.chats_to_sync(None, 10).unwrap().is_empty());
    let before = db.total_changes();
    db.put_chat_sync_state(&c1.id, &synced(minute(5))).unwrap();
    assert_eq!(
        db.total_changes(),
        before,
        "an unchanged state is not rewritten"
    );

    c1.timestamp = Some(minute(8));
    db.upsert_chats(&[c1.clone()]).unwrap();
    assert_eq!(
        db.chats_to_sync(Some(&"a1".into()), 10).unwrap(),
        vec![c1.id.clone()]
    );

    let account_state = AccountSyncState {
        chats_cursor: Some(Cursor("chats-3".into())),
        first_sync_done: false,
        last_success_at: Some(minute(7)),
        resync_status: Some(SyncStatus::Other("SYNC_PAUSED".into())),
        full_listings_owed: 2,
    };
    db.put_account_sync_state(&"a1".into(), &account_state)
        .unwrap();
    assert_eq!(db.account_sync_state(&"a1".into()).unwrap(), account_state);
}

/// Two accounts, French and British, each with a chat named with accents and a number.
fn national_numbers_db() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    let mut paris = account("paris");
    paris.phone_number = Some("+33184800001".into());
    let mut london = account("london");
    london.phone_number = Some("+442079460000".into());
    db.upsert_accounts(&[paris, london]).unwrap();
    let mut jurgen = chat("jurgen", "paris", Some(minute(1)));
    jurgen.name = Some("Jürgen Müller".into());
    jurgen.attendee_provider_id = Some("33639980174@s.whatsapp.net".into());
    let mut amelie = chat("amelie", "london", Some(minute(2)));
    amelie.name = Some("AMÉLIE".into());
    amelie.attendee_provider_id = Some("447700900123@s.whatsapp.net".into());
    // The same French digits on the British account: a national French number is not it.
    let mut other = chat("other", "london", Some(minute(3)));
    other.attendee_provider_id = Some("33639980174@s.whatsapp.net".into());
    db.upsert_chats(&[jurgen, amelie, other]).unwrap();
    db
}

#[test]
fn names_are_found_without_their_accents() {
    let db = national_numbers_db();
    for (query, expected) in [
        ("jurgen", &["jurgen"][..]),
        ("MULLER", &["jurgen"]),
        ("Jürgen", &["jurgen"]),
        ("amelie", &["amelie"]),
        ("amélie", &["amelie"]),
    ] {
        let f = filter(None, false, query, false);
        assert_eq!(
            ids(&db.chat_window(&f, 0, 50).unwrap()),
            expected,
            "{query}"
        );
    }
}

#[test]
fn national_numbers_match_in_the_accounts_country() {
    let db = national_numbers_db();
    let cases: &[(Option<&str>, &str, &[&str])] = &[
        (None, "0639980174", &["jurgen"]),
        (None, "06 39 98 01 74", &["jurgen"]),
        (None, "07700 900123", &["amelie"]),
        (Some("london"), "0639980174", &[]),
        // The international form finds the number on every account.
        (None, "+33 6 39 98 01 74", &["other", "jurgen"]),
    ];
    for (account, query, expected) in cases {
        let f = filter(*account, false, query, false);
        assert_eq!(
            ids(&db.chat_window(&f, 0, 50).unwrap()),
            *expected,
            "{query}"
        );
        assert_eq!(db.chat_count(&f).unwrap(), expected.len() as u64, "{query}");
    }
}

#[test]
fn a_cache_of_the_previous_version_has_its_keys_folded_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.sqlite3");
    {
        let mut db = Db::open(&path).unwrap();
        db.upsert_accounts(&[account("a1")]).unwrap();
        let mut jurgen = chat("jurgen", "a1", Some(minute(1)));
        jurgen.name = Some("Jürgen".into());
        db.upsert_chats(&[jurgen]).unwrap();
    }
    {
        // As the previous version stored it: lower case, accents kept.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE chats SET search_text = 'jürgen\n'", [])
            .unwrap();
        // Step 5 folds the keys again: the cache is put back to the step before it (the
        // later steps are not undone; the test reads only the chat list).
        conn.execute_batch(
            "ALTER TABLE accounts DROP COLUMN trouble;
             ALTER TABLE chat_sync DROP COLUMN gap_after;
             ALTER TABLE chat_sync DROP COLUMN gap_before;
             ALTER TABLE chat_sync DROP COLUMN refreshed_at;
             ALTER TABLE accounts DROP COLUMN account_type;
             ALTER TABLE accounts DROP COLUMN provider;
             DROP INDEX chats_waiting;
             DROP INDEX chats_waiting_by_account;
             ALTER TABLE outbox DROP COLUMN idempotency_key;
             DROP INDEX messages_with_files;",
        )
        .unwrap();
        conn.pragma_update(None, "user_version", 4).unwrap();
    }
    let db = Db::open(&path).unwrap();
    let f = filter(None, false, "jurgen", false);
    assert_eq!(ids(&db.chat_window(&f, 0, 10).unwrap()), ["jurgen"]);
}
