//! `--read-only`: every action key pressed, everything that could be confirmed tried, unread
//! chats opened — and the server received not a single write.

use crate::e2e_support;

use e2e_support::keys::{ENTER, ESC, SHIFT_TAB};
use e2e_support::screen::{name, status_bar};
use e2e_support::{Inbox, Pty, describe, open_chat};

/// Presses `key` and waits for the status bar to answer that read-only mode disabled
/// `what`.
fn refused(ui: &mut Pty, key: &str, what: &str) {
    ui.send(key);
    let expected = format!("read-only mode: {what} is disabled");
    ui.wait_for(&expected, |s| status_bar(s).contains(&expected));
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
    let unread = inbox.listed(None, true);
    for chat in unread.iter().take(2) {
        open_chat(&mut ui, &inbox, chat);

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
        // What would confirm, were a confirmation open: it is not. (Enter opens the message
        // in the reader, where y copies; esc closes it again.)
        for key in ["y", ENTER, "y", "l", ENTER] {
            ui.send(key);
        }
        ui.wait_for_text("y copy");
        ui.send(ESC);
        ui.wait_for_gone("y copy");
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
    for chat in unread.iter().take(2) {
        let now = inbox.server.state().chat(&chat.id).expect("the chat");
        assert_eq!(now.unread_count, chat.unread_count, "{}", name(chat));
    }
}
