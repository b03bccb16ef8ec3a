//! The terminal title: the unread total of every account, set only when it changes, and the
//! terminal's own title given back on exit.

use crate::e2e_support;

use e2e_support::Inbox;
use unibox::store::Store;

/// Every title the program set, in order (OSC 0 sequences in its output).
fn titles(raw: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(raw);
    text.split("\x1b]0;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_title_shows_the_unread_total_and_changes_only_when_it_does() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let store = Store::open(&inbox.cache()).expect("open the cache");
    let unread = store
        .call_blocking(|db| db.account_overview())
        .expect("the overview")
        .all
        .messages;
    assert!(unread > 0, "the sandbox has unread messages");
    let expected = format!("unibox ({unread})");
    inbox.wait_until("the title", || {
        (ui.with_terminal(|s| s.title().to_owned()) == expected).then_some(())
    });

    // Through the first sync's many frames, a title was written only when it changed.
    let all = titles(&ui.raw_output());
    assert!(
        all.windows(2).all(|pair| pair[0] != pair[1]),
        "a title was written again unchanged: {all:?}"
    );

    ui.send("q");
    ui.wait_exit();
    let raw = String::from_utf8_lossy(&ui.raw_output()).into_owned();
    assert!(
        raw.contains("\x1b[22;0t"),
        "the terminal's title was not kept"
    );
    assert!(raw.contains("\x1b[23;0t"), "nor given back");
}
