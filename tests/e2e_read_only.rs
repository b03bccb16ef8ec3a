//! `--read-only`: every action key pressed, everything that could be confirmed tried, unread
//! chats opened — and the server received not a single write.

mod e2e_support;

use e2e_support::keys::{ENTER, ESC, SHIFT_TAB};
use e2e_support::screen::{name, shown_name, status_bar, thread_title};
use e2e_support::{Inbox, Pty, describe};
use unibox::sandbox::ChatRecord;

/// Presses `key` and waits for the status bar to answer that read-only mode disabled
/// `what`.
fn refused(ui: &mut Pty, key: &str, what: &str) {
    ui.send(key);
    let expected = format!("read-only mode: {what} is disabled");
    ui.wait_for(&expected, |s| status_bar(s).contains(&expected));
}

/// The unread chats, newest first, with their position in the list of every chat.
fn unread_positions(inbox: &Inbox) -> Vec<(usize, ChatRecord)> {
    inbox
        .listed(None, false)
        .into_iter()
        .enumerate()
        .filter(|(_, c)| c.unread_count > 0)
        .collect()
}

#[test]
fn read_only_mode_sends_nothing_whatever_is_pressed() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&["--read-only"]);
    assert!(
        status_bar(&ui.screen()).contains("READ-ONLY"),
        "{}",
        ui.screen()
    );

    refused(&mut ui, "n", "start a chat with a known contact");

    // Open two unread chats, one after the other: nothing may mark them read.
    let unread = unread_positions(&inbox);
    let mut at = 0;
    for (position, chat) in unread.iter().take(2) {
        ui.send(&"j".repeat(position - at));
        at = *position;
        ui.send(ENTER);
        ui.wait_for(&format!("{} opened", name(chat)), |s| {
            thread_title(s).starts_with(&shown_name(chat))
        });
        let messages = format!("/api/v1/chats/{}/messages", chat.id);
        inbox.wait_for_answered(&format!("the fetch of {}", name(chat)), |r| {
            r.method == "GET" && r.path == messages
        });

        // Every action key of the thread, on the newest message (theirs, unread).
        refused(&mut ui, "r", "write a message in this chat");
        refused(&mut ui, "R", "reply quoting the selected message");
        refused(&mut ui, "e", "edit the selected message");
        refused(&mut ui, "d", "delete the selected message for everyone");
        refused(&mut ui, "+", "react to the selected message");
        ui.send("O");
        ui.wait_for("the outbox answer", |s| {
            status_bar(s).contains("nothing is waiting")
        });
        // What would confirm, were a confirmation open: it is not.
        for key in ["y", ENTER, "y", "l", ENTER] {
            ui.send(key);
        }
        // An older message: refused just the same.
        ui.send("k");
        refused(&mut ui, "e", "edit the selected message");
        refused(&mut ui, "d", "delete the selected message for everyone");
        ui.send(SHIFT_TAB);
    }

    // Back in the chat list, with a chat open: start-chat is refused there too.
    refused(&mut ui, "n", "start a chat with a known contact");
    ui.send("?");
    ui.wait_for_text("Help · keys");
    ui.send(ESC);
    ui.wait_for_gone("Help · keys");

    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(
        writes.is_empty(),
        "writes in read-only mode:\n{}",
        describe(&writes)
    );
    assert!(
        inbox.requests().iter().any(|r| r.method == "GET"),
        "unibox did talk to the server"
    );
    // Still unread on the server.
    for (_, chat) in unread.iter().take(2) {
        let now = inbox.server.state().chat(&chat.id).expect("the chat");
        assert_eq!(now.unread_count, chat.unread_count, "{}", name(chat));
    }
}
