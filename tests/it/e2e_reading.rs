//! Long text at 80×24 in the real binary: a long message read inside the thread, line by line
//! under its header, then whole in the full-screen reader; a long reply wrapped in the
//! composer.

use crate::e2e_support;

use e2e_support::keys::{CTRL_J, CTRL_U, ESC};
use e2e_support::{Inbox, open_chat};

const PAGE_DOWN: &str = "\x1b[6~";

/// 1 200 characters or so, with a recognisable start and end.
fn long_text() -> String {
    let mut text = String::from("Start of the long message.");
    let mut n = 0;
    while text.len() < 1_170 {
        n += 1;
        text.push_str(&format!(" w{n:03}"));
    }
    text.push_str(" End of the long message.");
    text
}

#[test]
fn a_long_message_is_read_inside_the_thread_then_whole_in_the_reader_at_80x24() {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, false).remove(0);
    inbox.server.inject_inbound(&chat.id, &long_text());
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.resize((80, 24));

    // The newest message, taller than the pane: its start and where the reading is.
    let screen = ui.wait_for("the long message from its start", |s| {
        s.contains("Start of the long message") && s.contains("lines 1–")
    });
    assert!(!screen.contains("End of the long message"), "{screen}");

    // A line at a time, then page by page to its end, without leaving it.
    ui.send("j");
    ui.wait_for_text("lines 2–");
    ui.send(&PAGE_DOWN.repeat(2));
    let screen = ui.wait_for_text("End of the long message");
    assert!(
        screen.contains(" of "),
        "the position is still shown:\n{screen}"
    );

    // The reader: the whole message on one screen, then closed again.
    ui.send("v");
    let screen = ui.wait_for("the reader", |s| {
        s.contains("Start of the long message")
            && s.contains("End of the long message")
            && s.contains("copy")
    });
    assert!(screen.contains("w050"), "{screen}");
    ui.send(ESC);
    ui.wait_for_gone("Start of the long message");
}

#[test]
fn the_composer_wraps_a_long_reply_and_ctrl_u_deletes_the_line_at_80x24() {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, false).remove(0);
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.resize((80, 24));
    ui.send("r");
    ui.wait_for_text("Reply to");
    let words: Vec<String> = (1..=30).map(|n| format!("mot{n:02}")).collect();
    ui.send(&words.join(" "));
    // 180 characters in a 46-column composer: every word shows, the first included.
    let screen = ui.wait_for_text("mot30");
    assert!(screen.contains("mot01"), "{screen}");
    ui.send(CTRL_J);
    ui.send("second line");
    ui.wait_for_text("second line");
    // ctrl-u deletes back to the start of the line, not one character.
    ui.send(CTRL_U);
    let screen = ui.wait_for_gone("second line");
    assert!(screen.contains("mot30"), "the line above stays:\n{screen}");
    ui.send(ESC);
    ui.wait_for_gone("Reply to");
}
