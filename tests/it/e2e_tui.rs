//! The inbox as a user drives it: the real binary in a terminal, against the sandbox. Moving
//! through accounts and chats, opening a chat, filtering, searching, the help, and a key the
//! user rebound.

use crate::e2e_support;

use e2e_support::Inbox;
use e2e_support::keys::{ENTER, ESC, SHIFT_TAB};
use e2e_support::screen::{chat_list_title, name, opening_words, shown_name};
use unibox_sandbox::ChatRecord;

/// The key the help lists on the line describing `what`.
fn key_of(help: &str, what: &str) -> String {
    let line = help
        .lines()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no help line for {what}:\n{help}"));
    let inside = line
        .split('│')
        .find(|part| part.contains(what))
        .unwrap_or(line);
    inside
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn keys_move_through_chats_and_open_one_on_a_known_message() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let chats = inbox.listed(None, false);
    let (first, second) = (&chats[0], &chats[1]);
    ui.wait_for_text(&shown_name(first));

    // The selection starts on the newest chat: one step down is the second one.
    ui.send("j");
    ui.send(ENTER);
    ui.wait_for_text(&format!("{} · ", name(second)));
    let known = inbox.last_message(&second.id);
    ui.wait_for_text(&opening_words(known.text.as_deref().expect("a text")));

    // Back to the list, up, open: the thread follows.
    ui.send(SHIFT_TAB);
    ui.send("k");
    ui.send(ENTER);
    ui.wait_for_text(&format!("{} · ", name(first)));
    let known = inbox.last_message(&first.id);
    ui.wait_for_text(&opening_words(known.text.as_deref().expect("a text")));
}

#[test]
fn the_accounts_pane_filters_the_chat_list() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let everyone = inbox.listed(None, false);
    ui.wait_for_text(&shown_name(&everyone[0]));
    assert!(chat_list_title(&ui.screen()).contains("All accounts"));

    // One pane back from the chat list is the accounts pane; one step down leaves "All
    // accounts" for the first account.
    ui.send(SHIFT_TAB);
    ui.send("j");
    let screen = ui.wait_for("the list filtered to an account", |screen| {
        !chat_list_title(screen).contains("All accounts")
    });
    let title = chat_list_title(&screen);
    let accounts = inbox.server.state().accounts();
    let account = accounts
        .iter()
        .find(|a| title.contains(&a.name.chars().take(10).collect::<String>()))
        .unwrap_or_else(|| panic!("{title:?} names no account"));
    let theirs = inbox.listed(Some(account.id.as_str()), false);
    assert!(!theirs.is_empty(), "the first account has chats");
    let screen = ui.wait_for("the account's chats", |s| {
        theirs.iter().all(|c| s.contains(&shown_name(c)))
    });
    // Names long enough to tell chats apart (some people talk to several accounts).
    let distinct = |chat: &ChatRecord| name(chat).chars().take(18).collect::<String>();
    let others = everyone
        .iter()
        .filter(|c| theirs.iter().all(|t| distinct(t) != distinct(c)));
    for chat in others {
        assert!(
            !screen.contains(&distinct(chat)),
            "{} belongs to another account:\n{screen}",
            distinct(chat)
        );
    }

    // Back to "All accounts": everyone again.
    ui.send("k");
    ui.wait_for("every account's chats", |s| {
        chat_list_title(s).contains("All accounts") && s.contains(&shown_name(&everyone[0]))
    });
}

#[test]
fn u_shows_unread_chats_only_and_the_help_names_it() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let everyone = inbox.listed(None, false);
    let unread = inbox.listed(None, true);
    let read: Vec<&ChatRecord> = everyone.iter().filter(|c| c.unread_count == 0).collect();
    ui.wait_for_text(&shown_name(read[0]));

    ui.send("?");
    let help = ui.wait_for_text("show only unread chats");
    assert_eq!(key_of(&help, "show only unread chats"), "u");
    ui.send(ESC);
    ui.wait_for_gone("show only unread chats");

    ui.send("u");
    let screen = ui.wait_for("the unread chats", |s| {
        chat_list_title(s).contains("unread") && s.contains(&shown_name(&unread[0]))
    });
    for chat in &read {
        assert!(
            !screen.contains(&shown_name(chat)),
            "{} has nothing unread:\n{screen}",
            shown_name(chat)
        );
    }

    ui.send("u");
    ui.wait_for("every chat again", |s| {
        !chat_list_title(s).contains("unread") && s.contains(&shown_name(read[0]))
    });
}

#[test]
fn slash_searches_a_chat_by_name() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    let everyone = inbox.listed(None, false);
    // A chat far down the list.
    let wanted = everyone
        .iter()
        .find(|c| name(c).starts_with("Priya"))
        .expect("the demo has Priya's chat");
    let newest = shown_name(&everyone[0]);
    ui.wait_for_text(&newest);

    ui.send("/");
    ui.wait_for_text("Search chats");
    ui.send("priya");
    let screen = ui.wait_for("the search's result", |s| {
        s.contains(&shown_name(wanted)) && !s.contains(&newest)
    });
    assert!(chat_list_title(&screen).contains("“priya”"), "{screen}");

    // Enter keeps the search; enter again opens the chat found.
    ui.send(ENTER);
    ui.wait_for_gone("Search chats");
    ui.send(ENTER);
    ui.wait_for_text(&format!("{} · ", name(wanted)));
    let known = inbox.last_message(&wanted.id);
    ui.wait_for_text(&opening_words(known.text.as_deref().expect("a text")));
}

#[test]
fn a_user_keymap_rebinds_a_key_and_the_help_shows_it() {
    let inbox = Inbox::start();
    inbox.write_config(
        "keymap.toml",
        "[chats]\n\"x\" = \"toggle_unread\"\n\"u\" = \"\"\n",
    );
    let mut ui = inbox.open(&[]);
    let read = inbox
        .listed(None, false)
        .into_iter()
        .find(|c| c.unread_count == 0)
        .expect("a chat without unread messages");
    ui.wait_for_text(&shown_name(&read));

    ui.send("?");
    let help = ui.wait_for_text("show only unread chats");
    assert_eq!(key_of(&help, "show only unread chats"), "x");
    ui.send(ESC);
    ui.wait_for_gone("show only unread chats");

    // `u` is unbound: once a later key shows its effect, `u` was read, and did nothing.
    ui.send("u");
    ui.send("/");
    let screen = ui.wait_for_text("Search chats");
    assert!(!chat_list_title(&screen).contains("unread"), "{screen}");
    assert!(screen.contains(&shown_name(&read)), "{screen}");
    ui.send(ESC);
    ui.wait_for_gone("Search chats");

    ui.send("x");
    ui.wait_for("the unread filter", |s| {
        chat_list_title(s).contains("unread") && !s.contains(&shown_name(&read))
    });
}
