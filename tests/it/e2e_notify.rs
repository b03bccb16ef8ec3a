//! Desktop notifications through the terminal (OSC 9 / OSC 777): for a message from others
//! that arrives while the inbox runs, whoever synced it; never for a muted chat, never when
//! the setting is off; the text in them sanitised.

use crate::e2e_support;

use e2e_support::keys::CTRL_R;
use e2e_support::{Inbox, Pty};
use unibox_sandbox::{ChatRecord, MutedUntil};

const NO_POLL: [&str; 2] = ["--poll-interval-secs", "3600"];
const OSC9: &str = "\x1b]9;";
const OSC777: &str = "\x1b]777;";

/// The OSC 9 payloads the inbox wrote after byte `from` of its output.
fn osc9_after(ui: &Pty, from: usize) -> Vec<String> {
    let raw = ui.raw_output();
    let text = String::from_utf8_lossy(&raw[from.min(raw.len())..]).into_owned();
    text.split(OSC9)
        .skip(1)
        .map(|rest| rest.split('\x07').next().unwrap_or_default().to_owned())
        .collect()
}

fn muted_and_not(inbox: &Inbox) -> (ChatRecord, Vec<ChatRecord>) {
    let chats = inbox.listed(None, false);
    let muted = chats
        .iter()
        .find(|c| c.muted_until == MutedUntil::Forever)
        .cloned()
        .expect("the demo world has a muted chat");
    let heard = chats
        .into_iter()
        .filter(|c| c.muted_until == MutedUntil::NotMuted)
        .collect();
    (muted, heard)
}

/// Injects `text` into `chat` on the server and has another process sync it.
fn arrives_elsewhere(inbox: &Inbox, chat: &ChatRecord, text: &str) {
    inbox.server.inject_inbound(&chat.id, text);
    let synced = inbox.run(&["sync"]);
    assert!(synced.status.success(), "{synced:?}");
}

#[test]
fn an_arrival_raises_one_osc9_notification_sanitised_and_none_for_a_muted_chat() {
    let inbox = Inbox::start();
    inbox.write_config("config.toml", "notify = \"osc9\"\n");
    let (muted, heard) = muted_and_not(&inbox);
    let mut ui = inbox.open(&NO_POLL);
    let from = ui.raw_output().len();

    // A muted chat: on screen, no notification.
    arrives_elsewhere(&inbox, &muted, "Quietwren in the muted chat");
    ui.wait_for_text("Quietwren");
    assert_eq!(osc9_after(&ui, from), Vec::<String>::new());

    // Hostile text from another chat, synced by another process.
    arrives_elsewhere(
        &inbox,
        &heard[2],
        "Osprey \x1b]0;pwned\x07\x1b]9;fake\x07\x1b[2J done",
    );
    ui.wait_for_text("Osprey");
    let shown = inbox.wait_until("a notification", || {
        Some(osc9_after(&ui, from)).filter(|n| !n.is_empty())
    });
    assert_eq!(shown.len(), 1, "one notification: {shown:?}");
    let payload = &shown[0];
    assert!(
        payload.contains("Osprey") && payload.contains("done"),
        "{payload:?}"
    );
    assert!(
        !payload.chars().any(char::is_control),
        "no control character in the notification: {payload:?}"
    );
    assert!(!payload.contains("Quietwren"), "{payload:?}");

    // The inbox's own sync brings one in: notified too.
    let from = ui.raw_output().len();
    inbox
        .server
        .inject_inbound(&heard[4].id, "Sandpiper by our own sync");
    ui.send(CTRL_R);
    ui.wait_for_text("Sandpiper");
    let shown = inbox.wait_until("a notification from our own sync", || {
        Some(osc9_after(&ui, from)).filter(|n| !n.is_empty())
    });
    assert!(shown[0].contains("Sandpiper"), "{shown:?}");
}

#[test]
fn with_notify_off_an_arrival_asks_the_terminal_for_nothing() {
    let inbox = Inbox::start();
    let (_, heard) = muted_and_not(&inbox);
    let ui = inbox.open(&NO_POLL);
    let from = ui.raw_output().len();
    arrives_elsewhere(&inbox, &heard[1], "Cormorant left a message");
    // On screen means the arrival was handled: it comes with the same look at the cache.
    ui.wait_for_text("Cormorant");
    let raw = ui.raw_output();
    let after = String::from_utf8_lossy(&raw[from..]);
    assert!(
        !after.contains(OSC9) && !after.contains(OSC777),
        "{after:?}"
    );
}

#[test]
fn osc777_carries_the_chat_and_the_text() {
    let inbox = Inbox::start();
    inbox.write_config("config.toml", "notify = \"osc777\"\n");
    let (_, heard) = muted_and_not(&inbox);
    let ui = inbox.open(&NO_POLL);
    let from = ui.raw_output().len();
    arrives_elsewhere(&inbox, &heard[3], "Plover says hello");
    let payload = inbox.wait_until("an OSC 777 notification", || {
        let raw = ui.raw_output();
        let text = String::from_utf8_lossy(&raw[from..]).into_owned();
        text.split(OSC777)
            .nth(1)
            .map(|rest| rest.split('\x07').next().unwrap_or_default().to_owned())
    });
    assert!(payload.starts_with("notify;"), "{payload:?}");
    assert!(payload.ends_with(";Plover says hello"), "{payload:?}");
}
