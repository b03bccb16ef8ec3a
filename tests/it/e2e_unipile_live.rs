//! Live updates from Unipile in a terminal, the twin of `e2e_late_live`: an inbox that does not
//! poll during the test, a `unibox listen` registered with the sandbox by `unibox webhooks
//! register`, and a customer writing: the sandbox posts the event, the listener reads the chat
//! back into the cache, the inbox shows it. Also the polling-only figure, for comparison.

use std::process::Child;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags};
use unibox::domain::{ChatId, MessageId};

use unibox_sandbox::{ChatRecord, MessageEvent};

use crate::e2e_support::live::{customer_chats, start_listen};
use crate::e2e_support::{Inbox, Pty, messages_path};

/// No sync of the inbox's own during the test: only the first one, at start.
const NO_POLL: [&str; 2] = ["--poll-interval-secs", "3600"];

/// A Unipile sandbox, a home, and `unibox listen` serving the webhook registered for it.
struct LiveUnipile {
    inbox: Inbox,
    listen: Child,
}

impl Drop for LiveUnipile {
    fn drop(&mut self) {
        let _ = self.listen.kill();
        let _ = self.listen.wait();
    }
}

impl LiveUnipile {
    fn start() -> Self {
        let inbox = Inbox::start();
        let listen = start_listen(&inbox, &inbox.env(), "/unipile");
        Self { inbox, listen }
    }

    fn open(&self) -> Pty {
        self.inbox.open(&NO_POLL)
    }

    /// Requests the listener (or anyone) made for `chat`'s messages, answered.
    fn readbacks(&self, chat: &ChatId) -> usize {
        self.inbox
            .requests()
            .iter()
            .filter(|r| r.path == messages_path(chat) && r.status.is_some())
            .count()
    }
}

/// A one-to-one chat a customer can write into.
fn single_chat(inbox: &Inbox) -> ChatRecord {
    customer_chats(inbox).remove(0)
}

/// How many cached messages carry `text`, read by a connection of our own.
fn cached_with_text(inbox: &Inbox, text: &str) -> i64 {
    let db = Connection::open_with_flags(inbox.cache(), OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open the cache");
    db.query_row(
        "SELECT count(*) FROM messages WHERE text = ?1",
        [text],
        |row| row.get(0),
    )
    .expect("count the messages")
}

/// The chat list's two rows for `name` on `screen` (its pane only): name, unread mark and time,
/// then the preview and the unread count.
fn chat_row(screen: &str, name: &str) -> Option<String> {
    let pane: Vec<&str> = screen
        .lines()
        .filter_map(|line| line.split('│').nth(3))
        .collect();
    let at = pane.iter().position(|row| row.contains(name))?;
    Some(pane[at..pane.len().min(at + 2)].join("\n"))
}

#[test]
fn a_message_unipile_posts_appears_in_the_running_inbox_and_a_duplicate_changes_nothing() {
    let live = LiveUnipile::start();
    let ui = live.open();
    let chat = single_chat(&live.inbox);
    let name = crate::e2e_support::screen::shown_name(&chat);

    let id: MessageId = live
        .inbox
        .server
        .try_inject_inbound(&chat.id, "Pelican crate on its way?")
        .expect("the customer writes");
    let screen = ui.wait_for_text("Pelican crate");
    let row = chat_row(&screen, &name).expect("the chat is listed");
    assert_eq!(
        cached_with_text(&live.inbox, "Pelican crate on its way?"),
        1
    );

    // The same event again (a provider's retry): read back once more, written never.
    let readbacks = live.readbacks(&chat.id);
    assert!(
        live.inbox
            .server
            .notify_message(MessageEvent::Received, &id)
    );
    live.inbox.wait_until("the duplicate read back", || {
        (live.readbacks(&chat.id) > readbacks).then_some(())
    });
    // A message in another chat after it: once it is on screen, the inbox has read the cache
    // since the duplicate was applied.
    let other = customer_chats(&live.inbox)
        .into_iter()
        .find(|c| c.id != chat.id)
        .expect("another chat");
    live.inbox
        .server
        .try_inject_inbound(&other.id, "Heron parcel delivered")
        .expect("another customer writes");
    let after = ui.wait_for_text("Heron parcel");
    assert_eq!(
        cached_with_text(&live.inbox, "Pelican crate on its way?"),
        1
    );
    assert_eq!(
        chat_row(&after, &name).as_deref(),
        Some(row.as_str()),
        "the chat's row (unread count, preview) is unchanged:\n{after}"
    );
    assert_eq!(
        crate::e2e_support::count(&after, "Pelican crate"),
        1,
        "{after}"
    );
}

/// Median, min and max of `latencies`, as one line.
fn summary(what: &str, mut latencies: Vec<Duration>) -> String {
    latencies.sort();
    format!(
        "{what} over {} messages: median {:?}, min {:?}, max {:?}",
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies[0],
        latencies[latencies.len() - 1]
    )
}

/// Not a test of behaviour: prints median, min and max from a customer's message to the screen
/// over 20 messages (`cargo test --test it e2e_unipile_live -- --ignored --nocapture`).
#[test]
#[ignore]
fn measure_event_to_screen_latency() {
    let live = LiveUnipile::start();
    let ui = live.open();
    let chat = single_chat(&live.inbox);
    let latencies: Vec<Duration> = (0..20)
        .map(|n| {
            let text = format!("Latency probe {n:02} fig");
            let posted = Instant::now();
            live.inbox
                .server
                .try_inject_inbound(&chat.id, &text)
                .expect("the customer writes");
            ui.wait_for_text(&text);
            posted.elapsed()
        })
        .collect();
    println!("{}", summary("unipile webhook: event to screen", latencies));
}

/// Not a test of behaviour: the same figure with no listener, the inbox on its default poll
/// (every 30 s). Each message is written at a different point of the poll's period (0, 3, 6…
/// 27 s after the previous one appeared), so the figures span it. Takes about 5 minutes
/// (`cargo test --test it e2e_unipile_live::measure_polling -- --ignored --nocapture`).
#[test]
#[ignore]
fn measure_polling_only_event_to_screen_latency() {
    const EVENTS: u32 = 10;
    const PERIOD: Duration = Duration::from_secs(30);
    let inbox = Inbox::start();
    let ui = inbox.open(&[]);
    let chat = single_chat(&inbox);
    let latencies: Vec<Duration> = (0..EVENTS)
        .map(|n| {
            std::thread::sleep(PERIOD * n / EVENTS);
            let text = format!("Polling probe {n:02} fig");
            let posted = Instant::now();
            inbox
                .server
                .try_inject_inbound(&chat.id, &text)
                .expect("the customer writes");
            // Longer than a poll period: `wait_for_text` gives up after 20 s.
            loop {
                if ui.screen().contains(&text) {
                    break posted.elapsed();
                }
                assert!(posted.elapsed() < PERIOD * 3, "{text} never shown");
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .collect();
    println!(
        "{}",
        summary("polling only (30 s): event to screen", latencies)
    );
}
