//! Unread navigation in the real binary: `]u` from the top of the chat list reaches the next
//! chat with unread messages, and opening it shows the "unread" rule above the first of them.

use crate::e2e_support;

use e2e_support::keys::ENTER;
use e2e_support::{Inbox, screen};

#[test]
fn bracket_u_reaches_the_next_unread_chat_and_opening_it_shows_the_unread_marker() {
    let inbox = Inbox::start();
    let listed = inbox.listed(None, false);
    // The first unread chat below the top row (the selection), else the first one (wrapping).
    let target = listed
        .iter()
        .skip(1)
        .find(|c| c.unread_count > 0)
        .or_else(|| listed.iter().find(|c| c.unread_count > 0))
        .cloned()
        .expect("the demo world has unread chats");
    let mut ui = inbox.open(&[]);
    ui.send("]u");
    ui.send(ENTER);
    let shown = screen::shown_name(&target);
    let opened = ui.wait_for(&format!("{} opened", screen::name(&target)), |s| {
        screen::thread_title(s).starts_with(&shown)
    });
    let screen = ui.wait_for("the unread marker", |s| {
        screen::thread_pane(s).contains("─ unread ─")
    });
    assert_eq!(
        screen::thread_pane(&screen).matches("─ unread ─").count(),
        1,
        "one marker:\n{screen}\n(first frame of the chat:\n{opened})"
    );
}
