//! Several programs on one cache: what one writes, every running inbox shows, without
//! syncing itself (each runs with a poll interval far beyond the test).

use crate::e2e_support;

use e2e_support::Inbox;

/// No sync of its own during the test: only the first one, at start.
const NO_POLL: [&str; 2] = ["--poll-interval-secs", "3600"];
const NO_POLL_READ_ONLY: [&str; 3] = ["--poll-interval-secs", "3600", "--read-only"];

#[test]
fn a_message_another_program_synced_appears_in_every_running_inbox() {
    let inbox = Inbox::start();
    let ui = inbox.open(&NO_POLL);
    let monitor = inbox.open(&NO_POLL_READ_ONLY);
    let chat = inbox.listed(None, false).remove(5);
    inbox
        .server
        .inject_inbound(&chat.id, "Kingfisher parcel arrived");
    assert!(
        !ui.screen().contains("Kingfisher"),
        "not synced by the inbox itself"
    );

    let synced = inbox.run(&["sync"]);
    assert!(synced.status.success(), "{synced:?}");

    ui.wait_for_text("Kingfisher parcel");
    monitor.wait_for_text("Kingfisher parcel");
}

#[test]
fn a_message_written_through_the_library_appears_in_the_open_thread() {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, false).remove(0);
    let mut ui = inbox.open(&NO_POLL);
    e2e_support::open_chat(&mut ui, &inbox, &chat);

    let store = unibox::store::Store::open(&inbox.cache()).expect("open the cache");
    let mut message = store
        .call_blocking({
            let chat = chat.id.clone();
            move |db| db.messages_before(&chat, None, 1)
        })
        .expect("read the thread")
        .remove(0);
    message.id = unibox::domain::MessageId::new("written-elsewhere-1");
    message.provider_id = "written-elsewhere-1".into();
    message.text = Some("Heron delivery confirmed".into());
    message.is_sender = false;
    message.timestamp = chrono::Utc::now();
    store
        .call_blocking(move |db| db.upsert_messages(&[message]))
        .expect("write a message");

    let screen = ui.wait_for_text("Heron delivery");
    assert!(
        e2e_support::screen::thread_pane(&screen).contains("Heron delivery"),
        "in the thread, not only the chat list:\n{screen}"
    );
}
