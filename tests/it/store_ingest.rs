//! Ingest: batch upserts are idempotent, report what changed, and keep the chat preview,
//! reactions and attachments in step.

use crate::store_support;

use store_support::*;
use unibox::domain::{ChatId, MessageId, Quoted};
use unibox::store::{Changes, Db, StoreError};

fn db_with_chat() -> (Db, unibox::domain::Chat) {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let c = chat("c1", "a1", Some(minute(0)));
    db.upsert_chats(std::slice::from_ref(&c)).unwrap();
    (db, c)
}

fn counts(inserted: usize, updated: usize, unchanged: usize) -> Changes {
    Changes {
        inserted,
        updated,
        unchanged,
    }
}

#[test]
fn a_second_identical_ingest_writes_nothing() {
    let (mut db, c) = db_with_chat();
    let mut rich = message("m2", &c, minute(2), "with parts");
    rich.reactions = vec![reaction("👍", "them", false), reaction("❤️", "me", true)];
    rich.attachments = vec![image("att1")];
    rich.quoted = Some(Quoted {
        provider_id: "wa-m1".into(),
        sender_id: "them".into(),
        text: Some("hello".into()),
        attachments: vec![],
    });
    let batch = vec![message("m1", &c, minute(1), "hello"), rich];
    let chats = vec![c.clone(), chat("c2", "a1", Some(minute(5)))];
    let accounts = vec![account("a1"), account("a2")];

    assert_eq!(db.upsert_accounts(&accounts).unwrap(), counts(1, 0, 1));
    assert_eq!(db.upsert_chats(&chats).unwrap(), counts(1, 0, 1));
    assert_eq!(db.upsert_messages(&batch).unwrap(), counts(2, 0, 0));

    let before = db.total_changes();
    assert_eq!(db.upsert_accounts(&accounts).unwrap(), counts(0, 0, 2));
    assert_eq!(db.upsert_chats(&chats).unwrap(), counts(0, 0, 2));
    assert_eq!(db.upsert_messages(&batch).unwrap(), counts(0, 0, 2));
    assert_eq!(db.total_changes(), before, "a repeated ingest wrote rows");
}

#[test]
fn messages_read_back_exactly_as_received() {
    let (mut db, c) = db_with_chat();
    let mut m = message("m1", &c, minute(1), "\u{1b}[31mred\u{202e} and ünïcødé 👩‍👩‍👧");
    m.attachments = vec![image("att1"), image("att2")];
    m.reactions = vec![reaction("👍", "them", false), reaction("😂", "me", true)];
    m.sender_attendee_id = Some("att-x".into());
    m.event_type = Some(3);
    m.quoted = Some(Quoted {
        provider_id: "wa-m0".into(),
        sender_id: "them".into(),
        text: None,
        attachments: vec![image("q1")],
    });
    db.upsert_messages(std::slice::from_ref(&m)).unwrap();
    assert_eq!(db.message(&"m1".into()).unwrap(), Some(m));
}

#[test]
fn a_changed_message_is_updated_with_its_reactions() {
    let (mut db, c) = db_with_chat();
    let mut m = message("m1", &c, minute(1), "first");
    m.reactions = vec![reaction("👍", "them", false)];
    db.upsert_messages(std::slice::from_ref(&m)).unwrap();

    m.text = Some("first (edited)".into());
    m.edited = true;
    m.reactions = vec![reaction("❤️", "me", true)];
    assert_eq!(
        db.upsert_messages(std::slice::from_ref(&m)).unwrap(),
        counts(0, 1, 0)
    );
    let stored = db.message(&"m1".into()).unwrap().unwrap();
    assert_eq!(stored.text.as_deref(), Some("first (edited)"));
    assert_eq!(stored.reactions, vec![reaction("❤️", "me", true)]);

    // Removing every reaction is a change too.
    m.reactions.clear();
    assert_eq!(
        db.upsert_messages(std::slice::from_ref(&m)).unwrap(),
        counts(0, 1, 0)
    );
    assert!(
        db.message(&"m1".into())
            .unwrap()
            .unwrap()
            .reactions
            .is_empty()
    );
}

#[test]
fn one_reaction_per_sender_the_later_one_wins() {
    let (mut db, c) = db_with_chat();
    let mut m = message("m1", &c, minute(1), "hi");
    m.reactions = vec![
        reaction("👍", "them", false),
        reaction("🙏", "other", false),
        reaction("😮", "them", false),
    ];
    db.upsert_messages(&[m]).unwrap();
    let stored = db.message(&"m1".into()).unwrap().unwrap();
    assert_eq!(
        stored.reactions,
        vec![
            reaction("😮", "them", false),
            reaction("🙏", "other", false)
        ]
    );
}

#[test]
fn the_chat_preview_follows_the_newest_visible_message() {
    let (mut db, c) = db_with_chat();
    db.upsert_chat_attendees(&c.id, &[attendee("a1", "33611111111", Some("Ana"))])
        .unwrap();
    let mut hidden = message("m3", &c, minute(9), "hidden");
    hidden.hidden = true;
    let mut mine = message("m2", &c, minute(5), "from me");
    mine.is_sender = true;
    db.upsert_messages(&[message("m1", &c, minute(3), "from Ana"), hidden])
        .unwrap();

    let item = db.chat(&c.id).unwrap().unwrap();
    let last = item.last_message.unwrap();
    assert_eq!(last.id, MessageId::from("m1"));
    assert_eq!(last.sender_name.as_deref(), Some("Ana"));
    assert!(!last.is_sender);

    let mut with_photo = mine.clone();
    with_photo.attachments = vec![image("p1")];
    db.upsert_messages(&[with_photo]).unwrap();
    let last = db.chat(&c.id).unwrap().unwrap().last_message.unwrap();
    assert_eq!(last.id, MessageId::from("m2"));
    assert_eq!(last.sender_name, None);
    assert!(last.is_sender);
    assert_eq!(
        last.attachment_kind
            .map(|k| k.label().to_owned())
            .as_deref(),
        Some("image")
    );
}

#[test]
fn a_new_message_moves_its_chat_up_even_before_the_chat_is_refreshed() {
    let mut db = Db::open_in_memory().unwrap();
    db.upsert_accounts(&[account("a1")]).unwrap();
    let quiet = chat("quiet", "a1", Some(minute(1)));
    let busy = chat("busy", "a1", Some(minute(10)));
    db.upsert_chats(&[quiet.clone(), busy]).unwrap();
    let filter = Default::default();
    let order = |db: &Db| -> Vec<ChatId> {
        db.chat_window(&filter, 0, 10)
            .unwrap()
            .into_iter()
            .map(|i| i.chat.id)
            .collect()
    };
    assert_eq!(order(&db), vec!["busy".into(), "quiet".into()]);
    db.upsert_messages(&[message("m1", &quiet, minute(20), "news")])
        .unwrap();
    assert_eq!(order(&db), vec!["quiet".into(), "busy".into()]);
    // A later chat refresh with the provider's older time keeps the newer activity.
    db.upsert_chats(std::slice::from_ref(&quiet)).unwrap();
    assert_eq!(order(&db), vec!["quiet".into(), "busy".into()]);
    // The provider's own time is still kept as received.
    assert_eq!(
        db.chat(&quiet.id).unwrap().unwrap().chat.timestamp,
        Some(minute(1))
    );
}

#[test]
fn messages_of_an_unknown_chat_are_refused_and_nothing_is_written() {
    let (mut db, c) = db_with_chat();
    let stranger = chat("nope", "a1", None);
    let batch = [
        message("m1", &c, minute(1), "ok"),
        message("m2", &stranger, minute(2), "x"),
    ];
    match db.upsert_messages(&batch) {
        Err(StoreError::UnknownChat(id)) => assert_eq!(id, ChatId::from("nope")),
        other => panic!("expected UnknownChat, got {other:?}"),
    }
    // The whole batch was rolled back, the good message with it.
    assert_eq!(db.message(&"m1".into()).unwrap(), None);
    assert!(db.chat(&c.id).unwrap().unwrap().last_message.is_none());
}

#[test]
fn chats_of_an_unknown_account_are_refused() {
    let mut db = Db::open_in_memory().unwrap();
    let result = db.upsert_chats(&[chat("c1", "ghost", None)]);
    assert!(
        matches!(result, Err(StoreError::UnknownAccount(_))),
        "{result:?}"
    );
}

#[test]
fn chat_changes_are_detected_field_by_field() {
    let (mut db, mut c) = db_with_chat();
    c.unread_count = 4;
    assert_eq!(
        db.upsert_chats(std::slice::from_ref(&c)).unwrap(),
        counts(0, 1, 0)
    );
    c.muted = unibox::domain::Muted::Until(minute(60));
    assert_eq!(
        db.upsert_chats(std::slice::from_ref(&c)).unwrap(),
        counts(0, 1, 0)
    );
    assert_eq!(
        db.upsert_chats(std::slice::from_ref(&c)).unwrap(),
        counts(0, 0, 1)
    );
    assert_eq!(db.chat(&c.id).unwrap().unwrap().chat, c);
}

#[test]
fn attendees_of_a_chat_replace_the_previous_list() {
    let (mut db, c) = db_with_chat();
    let ana = attendee("a1", "33611111111", Some("Ana"));
    let bob = attendee("a1", "33622222222", Some("Bob"));
    let mut me = attendee("a1", "33600000000", Some("Me"));
    me.is_self = true;
    assert_eq!(
        db.upsert_chat_attendees(&c.id, &[me.clone(), bob.clone(), ana.clone()])
            .unwrap(),
        counts(3, 0, 0)
    );
    assert_eq!(
        db.chat_attendees(&c.id).unwrap(),
        vec![ana.clone(), bob.clone(), me.clone()]
    );

    let before = db.total_changes();
    db.upsert_chat_attendees(&c.id, &[me.clone(), bob.clone(), ana.clone()])
        .unwrap();
    assert_eq!(db.total_changes(), before);

    assert_eq!(
        db.upsert_chat_attendees(&c.id, std::slice::from_ref(&ana))
            .unwrap(),
        counts(0, 0, 1)
    );
    assert_eq!(db.chat_attendees(&c.id).unwrap(), vec![ana]);
}
