//! Message search as a user drives it: the real binary in a terminal against the sandbox, then
//! `unibox search` on the same cache.

use crate::e2e_support;

use chrono::{Duration, Utc};
use e2e_support::Inbox;
use e2e_support::keys::ENTER;
use e2e_support::screen::{shown_name, thread_title};
use unibox::domain::{Message, MessageId};
use unibox::store::Store;
use unibox_sandbox::ChatRecord;

const CTRL_F: &str = "\x06";

/// A word no sandbox text has.
const WORD: &str = "zebrafinch";

/// Puts a three-week-old message with `WORD` into a chat of another account than the newest
/// chat's, the way sync stores what it fetches (the sandbox's generated texts repeat, so none
/// of them has a word of its own). The running inbox is not told: the search finds it in the
/// index as the write left it.
fn cache_an_old_message(inbox: &Inbox) -> (ChatRecord, Message) {
    let chats = inbox.listed(None, false);
    let chat = chats
        .iter()
        .find(|c| c.account_id != chats[0].account_id)
        .expect("a chat of another account")
        .clone();
    let message = Message {
        id: MessageId::new("e2e-old-zebrafinch"),
        account_id: chat.account_id.clone(),
        chat_id: chat.id.clone(),
        provider_id: "e2e-old-zebrafinch".into(),
        sender_id: chat
            .attendee_provider_id
            .clone()
            .unwrap_or_else(|| chat.provider_id.clone()),
        sender_attendee_id: None,
        text: Some(format!("Your {WORD} parcel left the depot")),
        attachments: vec![],
        timestamp: Utc::now() - Duration::days(21),
        is_sender: false,
        quoted: None,
        reactions: vec![],
        seen: true,
        delivered: true,
        hidden: false,
        deleted: false,
        edited: false,
        is_event: false,
        event_type: None,
    };
    let store = Store::open(&inbox.cache()).expect("open the cache");
    let stored = message.clone();
    store
        .call_blocking(move |db| db.upsert_messages(&[stored]))
        .expect("the message is cached");
    (chat, message)
}

#[test]
fn an_old_message_of_another_account_is_found_and_opens_its_thread() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let (chat, message) = cache_an_old_message(&inbox);

    ui.send(CTRL_F);
    ui.wait_for_text("Search messages · every account");
    ui.send(WORD);
    let screen = ui.wait_for_text("1 message");
    assert!(screen.contains(&shown_name(&chat)), "{screen}");

    ui.send(ENTER);
    let screen = ui.wait_for(&format!("{} opened at the hit", shown_name(&chat)), |s| {
        thread_title(s).starts_with(&shown_name(&chat)) && !s.contains("Search messages")
    });
    // The hit is on screen, selected (the bar left of the selected message).
    let row = screen
        .lines()
        .find(|line| line.contains(WORD))
        .unwrap_or_else(|| panic!("the hit is not on screen:\n{screen}"));
    assert!(row.contains('▌'), "not selected: {row:?}\n{screen}");

    ui.send("q");
    ui.wait_exit();

    let output = inbox.run(&["search", WORD, "--json"]);
    assert!(output.status.success(), "{output:?}");
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let hits = hits.as_array().expect("a list");
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["message_id"], message.id.as_str());
    assert_eq!(hits[0]["chat_id"], chat.id.as_str());
    assert_eq!(hits[0]["text"], message.text.as_deref().unwrap_or_default());
    assert_eq!(
        hits[0]["snippet"],
        format!("Your [{WORD}] parcel left the depot")
    );

    let output = inbox.run(&["search", WORD]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains(&format!("[{WORD}]")), "{text}");
    assert!(text.contains(chat.id.as_str()), "{text}");
}
