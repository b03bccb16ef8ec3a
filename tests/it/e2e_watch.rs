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

/// `count` new messages from the other side in `chat`, copied from one already cached.
fn messages_like(
    template: &unibox::domain::Message,
    round: usize,
    count: usize,
) -> Vec<unibox::domain::Message> {
    (0..count)
        .map(|n| {
            let mut message = template.clone();
            let id = format!("loop-{round}-{n}");
            message.id = unibox::domain::MessageId::new(id.clone());
            message.provider_id = id;
            message.text = Some(format!("Loop round {round} message {n}"));
            message.is_sender = false;
            message.timestamp = chrono::Utc::now();
            message
        })
        .collect()
}

#[test]
fn two_inboxes_and_a_writer_share_one_cache_without_a_lock_error() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let inbox = Inbox::start();
    let first = inbox.run(&["sync"]);
    assert!(first.status.success(), "{first:?}");
    let chat = inbox.listed(None, false).remove(0);
    let cache = inbox.cache();

    // The writer: another process's connection, writing for as long as the inboxes start,
    // sync and read.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let chat = chat.id.clone();
        std::thread::spawn(move || {
            let store = unibox::store::Store::open(&cache).expect("open the cache");
            let template = store
                .call_blocking({
                    let chat = chat.clone();
                    move |db| db.messages_before(&chat, None, 1)
                })
                .expect("read the thread")
                .remove(0);
            let mut rounds = 0;
            while !stop.load(Ordering::Relaxed) || rounds < 20 {
                let batch = messages_like(&template, rounds, 50);
                store
                    .call_blocking(move |db| db.upsert_messages(&batch))
                    .unwrap_or_else(|e| panic!("the writer's round {rounds}: {e}"));
                rounds += 1;
            }
            rounds
        })
    };

    let mut ui = inbox.launch(&NO_POLL);
    let monitor = inbox.launch(&NO_POLL_READ_ONLY);
    ui.wait_for("the first sync", e2e_support::screen::synced);
    monitor.wait_for("the first sync", e2e_support::screen::synced);
    // Reads and writes of the inbox itself while the writer goes on: a sync now, the chat
    // the writer writes into opened (and marked read).
    ui.send(e2e_support::keys::CTRL_R);
    e2e_support::open_chat(&mut ui, &inbox, &chat);
    stop.store(true, Ordering::Relaxed);
    let rounds = writer.join().expect("the writer ends");
    let last = format!("Loop round {} message 49", rounds - 1);
    ui.wait_for_text(&last);
    monitor.wait_for_text(&format!("Loop round {}", rounds - 1));

    for (who, pty) in [("the inbox", &ui), ("the read-only inbox", &monitor)] {
        for frame in pty.frames() {
            assert!(
                !frame.text.to_lowercase().contains("locked"),
                "{who} showed a lock error:\n{}",
                frame.text
            );
        }
    }
    drop(ui);
    drop(monitor);
    let store = unibox::store::Store::open(&inbox.cache()).expect("open the cache");
    let problems = store
        .call_blocking(|db| db.integrity_problems())
        .expect("check the cache");
    assert!(problems.is_empty(), "{problems:?}");
}
