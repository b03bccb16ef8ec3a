//! Where `]u` / `[u` go: the next (previous) unread chat of the list as filtered, with its
//! index in that list, wrapping round, across accounts and archived chats as the filter says.

use crate::store_support::*;

use unibox::domain::{AccountId, ChatId};
use unibox::store::{ChatFilter, Db, Direction, UnreadChatAt};

/// Chats c0 (newest) … c9 (oldest) of account a1, c10/c11 of a2 between them in time;
/// unread: c2, c6, c11 (a2), and c4 archived.
fn inbox() -> Db {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1"), account("a2")]).unwrap();
    let mut chats = Vec::new();
    for n in 0..10 {
        let mut c = chat(&format!("c{n}"), "a1", Some(minute(100 - 10 * n)));
        c.unread_count = u32::from([2, 4, 6].contains(&n));
        c.archived = n == 4;
        chats.push(c);
    }
    // c10 sits between c1 and c2, c11 between c7 and c8.
    let mut c10 = chat("c10", "a2", Some(minute(85)));
    c10.unread_count = 0;
    let mut c11 = chat("c11", "a2", Some(minute(25)));
    c11.unread_count = 3;
    chats.extend([c10, c11]);
    db.upsert_chats(&chats).unwrap();
    db
}

fn found(
    db: &Db,
    filter: &ChatFilter,
    from: Option<&str>,
    direction: Direction,
) -> Option<(String, u64)> {
    let from = from.map(ChatId::from);
    db.unread_chat_from(filter, from.as_ref(), direction)
        .unwrap()
        .map(|UnreadChatAt { chat, index }| (chat.to_string(), index))
}

/// The index the chat list itself gives `chat` under `filter`.
fn listed_index(db: &Db, filter: &ChatFilter, chat: &str) -> u64 {
    let rows = db.chat_window(filter, 0, 100).unwrap();
    rows.iter()
        .position(|r| r.chat.id.as_str() == chat)
        .unwrap() as u64
}

#[test]
fn next_unread_goes_down_the_list_and_wraps_to_the_top() {
    let db = inbox();
    let all = ChatFilter::default();
    // List: c0 c1 c10 c2 c3 c5 c6 c7 c11 c8 c9 (c4 archived, left out).
    let expect = |chat: &str| Some((chat.to_owned(), listed_index(&db, &all, chat)));
    assert_eq!(found(&db, &all, Some("c0"), Direction::Next), expect("c2"));
    assert_eq!(found(&db, &all, Some("c2"), Direction::Next), expect("c6"));
    assert_eq!(found(&db, &all, Some("c6"), Direction::Next), expect("c11"));
    assert_eq!(
        found(&db, &all, Some("c11"), Direction::Next),
        expect("c2"),
        "wraps"
    );
    assert_eq!(found(&db, &all, None, Direction::Next), expect("c2"));
    assert_eq!(expect("c11").unwrap().1, 8);
}

#[test]
fn previous_unread_goes_up_the_list_and_wraps_to_the_bottom() {
    let db = inbox();
    let all = ChatFilter::default();
    let expect = |chat: &str| Some((chat.to_owned(), listed_index(&db, &all, chat)));
    assert_eq!(
        found(&db, &all, Some("c8"), Direction::Previous),
        expect("c11")
    );
    assert_eq!(
        found(&db, &all, Some("c6"), Direction::Previous),
        expect("c2")
    );
    assert_eq!(
        found(&db, &all, Some("c1"), Direction::Previous),
        expect("c11"),
        "wraps"
    );
}

#[test]
fn the_filter_decides_which_chats_count_and_the_index_is_in_that_list() {
    let db = inbox();
    let a1 = ChatFilter {
        account: Some(AccountId::from("a1")),
        ..ChatFilter::default()
    };
    let expect =
        |filter: &ChatFilter, chat: &str| Some((chat.to_owned(), listed_index(&db, filter, chat)));
    assert_eq!(
        found(&db, &a1, Some("c6"), Direction::Next),
        expect(&a1, "c2")
    );
    let with_archived = ChatFilter {
        include_archived: true,
        ..a1.clone()
    };
    assert_eq!(
        found(&db, &with_archived, Some("c2"), Direction::Next),
        expect(&with_archived, "c4")
    );
    let searched = ChatFilter {
        search: "c6".into(),
        ..ChatFilter::default()
    };
    assert_eq!(
        found(&db, &searched, Some("c6"), Direction::Next),
        expect(&searched, "c6")
    );
}

#[test]
fn a_list_without_unread_chats_finds_none() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    db.upsert_chats(&[chat("c0", "a1", Some(minute(1)))])
        .unwrap();
    let all = ChatFilter::default();
    assert_eq!(found(&db, &all, Some("c0"), Direction::Next), None);
    let unknown = ChatFilter {
        account: Some(AccountId::from("nobody")),
        ..ChatFilter::default()
    };
    assert_eq!(found(&db, &unknown, None, Direction::Previous), None);
}
