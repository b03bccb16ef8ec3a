//! Marking a chat unread, archiving it and muting it, as a user does it from the chat list,
//! against the Unipile sandbox's write log: cancelled at the confirmation (`n`, `esc`, `enter`
//! on the default Cancel) nothing leaves; confirmed with `y` exactly one `PATCH /chats/{id}`
//! leaves, and the list shows the change. In read-only mode the keys open nothing and send
//! nothing.

use crate::e2e_support;

use e2e_support::keys::{ENTER, ESC};
use e2e_support::screen::{chat_list_title, confirming, shown_name, status_bar};
use e2e_support::{Inbox, Pty, describe};
use serde_json::json;
use unibox_sandbox::{ChatRecord, WriteBody, WriteRecord};

/// Selects `chat` in the chat list without opening it (opening would mark it read).
fn select(ui: &mut Pty, inbox: &Inbox, chat: &ChatRecord) {
    let position = inbox
        .listed(None, false)
        .iter()
        .position(|c| c.id == chat.id)
        .expect("the chat is listed");
    ui.send("g");
    ui.send(&"j".repeat(position));
}

/// A read chat of a connected account whose name the list shows whole, not archived and
/// not muted.
fn quiet_read_chat(inbox: &Inbox) -> ChatRecord {
    let connected: Vec<String> = inbox
        .server
        .state()
        .accounts()
        .into_iter()
        .filter(|a| a.status == unibox_sandbox::AccountStatus::Ok)
        .map(|a| a.id.to_string())
        .collect();
    inbox
        .listed(None, false)
        .into_iter()
        .find(|c| {
            c.unread_count == 0
                && c.name.as_deref().is_some_and(str::is_ascii)
                && c.muted_until == unibox_sandbox::MutedUntil::NotMuted
                && connected.contains(&c.account_id.to_string())
        })
        .expect("a read, unmuted chat of a connected account")
}

/// From `key` pressed on the selected chat: the confirmation titled `title` naming the chat,
/// cancelled three ways with nothing sent.
fn cancel_three_ways(ui: &mut Pty, inbox: &Inbox, key: &str, title: &str, chat: &ChatRecord) {
    for no in ["n", ESC, ENTER] {
        ui.send(key);
        let screen = ui.wait_for(title, |s| confirming(s) && s.contains(title));
        assert!(screen.contains(&shown_name(chat)), "{screen}");
        assert!(screen.contains("The contact is not told"), "{screen}");
        ui.answer(no);
        ui.wait_for("the confirmation to close", |s| !confirming(s));
        assert!(
            status_bar(&ui.screen()).contains("cancelled: nothing was sent"),
            "{}",
            ui.screen()
        );
    }
    assert_eq!(
        inbox.writes(),
        Vec::<WriteRecord>::new(),
        "a cancel sent something"
    );
}

/// `y` on the confirmation `key` opens: exactly one write, answered, once `done` is shown.
fn confirm_one(ui: &mut Pty, inbox: &Inbox, key: &str, title: &str, done: &str) -> WriteRecord {
    ui.send(key);
    ui.wait_for(title, |s| confirming(s) && s.contains(title));
    ui.answer("y");
    ui.wait_for(done, |s| !confirming(s) && status_bar(s).contains(done));
    inbox.wait_for_writes(1);
    inbox.wait_until("the follow-up reads", || {
        inbox
            .requests()
            .iter()
            .all(|r| r.status.is_some())
            .then_some(())
    });
    let writes = inbox.writes();
    assert_eq!(
        writes.len(),
        1,
        "not exactly one request:\n{}",
        describe(&writes)
    );
    writes.into_iter().next().expect("one write")
}

fn patched(write: &WriteRecord, chat: &ChatRecord, action: &str, value: bool) {
    assert_eq!(write.method, "PATCH");
    assert_eq!(write.path, format!("/api/v1/chats/{}", chat.id));
    assert_eq!(write.status, Some(200));
    assert_eq!(
        write.body,
        WriteBody::Json {
            value: json!({"action": action, "value": value})
        }
    );
}

#[test]
fn mark_unread_is_one_patch_after_yes_and_none_after_no() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    let mut ui = inbox.open(&[]);
    select(&mut ui, &inbox, &chat);
    cancel_three_ways(&mut ui, &inbox, "U", "Mark the chat unread", &chat);

    let write = confirm_one(
        &mut ui,
        &inbox,
        "U",
        "Mark the chat unread",
        "chat marked unread",
    );
    patched(&write, &chat, "setReadStatus", false);
    let now = inbox.server.state().chat(&chat.id).expect("the chat");
    assert!(now.unread_count >= 1, "unread on the server");
    // The list shows it unread: its row counts one at least, and `u` (unread only) lists it.
    ui.send("u");
    ui.wait_for("the chat among the unread ones", |s| {
        chat_list_title(s).contains("unread") && s.contains(&shown_name(&chat))
    });
}

#[test]
fn archive_is_one_patch_after_yes_and_the_chat_moves_to_the_archived_view() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    let mut ui = inbox.open(&[]);
    select(&mut ui, &inbox, &chat);
    cancel_three_ways(&mut ui, &inbox, "a", "Archive the chat", &chat);

    let write = confirm_one(&mut ui, &inbox, "a", "Archive the chat", "chat archived");
    patched(&write, &chat, "setArchiveStatus", true);
    assert!(
        inbox
            .server
            .state()
            .chat(&chat.id)
            .expect("the chat")
            .archived
    );
    let name = shown_name(&chat);
    ui.wait_for("the chat gone from the list", |s| !s.contains(&name));
    ui.send("A");
    let screen = ui.wait_for("the archived view", |s| {
        chat_list_title(s).contains("archived") && s.contains(&name)
    });
    assert!(
        chat_list_title(&screen).starts_with("Chats · archived · All accounts"),
        "{screen}"
    );
    assert_eq!(inbox.writes().len(), 1, "the view sent nothing");
}

#[test]
fn mute_is_one_patch_after_yes_and_unmute_asks_again() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    let mut ui = inbox.open(&[]);
    select(&mut ui, &inbox, &chat);
    cancel_three_ways(&mut ui, &inbox, "m", "Mute the chat", &chat);

    let write = confirm_one(&mut ui, &inbox, "m", "Mute the chat", "chat muted");
    patched(&write, &chat, "setMuteStatus", true);
    assert_eq!(
        inbox
            .server
            .state()
            .chat(&chat.id)
            .expect("the chat")
            .muted_until,
        unibox_sandbox::MutedUntil::Forever
    );
    // Now muted: the same key offers to unmute, and a no sends nothing more.
    ui.send("m");
    ui.wait_for("the unmute confirmation", |s| {
        confirming(s) && s.contains("Unmute the chat")
    });
    ui.answer("n");
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(inbox.writes().len(), 1, "{}", describe(&inbox.writes()));
}

#[test]
fn read_only_mode_opens_no_chat_confirmation_and_sends_nothing() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    let mut ui = inbox.open(&["--read-only"]);
    select(&mut ui, &inbox, &chat);
    for (key, what) in [
        ("U", "mark the chat unread (asks first)"),
        ("a", "archive or unarchive the chat (asks first)"),
        ("m", "mute or unmute the chat (asks first)"),
    ] {
        ui.send(key);
        let expected = format!("read-only mode: {what} is disabled");
        let screen = ui.wait_for(&expected, |s| status_bar(s).contains(&expected));
        assert!(!confirming(&screen), "{screen}");
        // What would confirm, were a confirmation open: it is not.
        ui.send("y");
    }
    // The archived view is a view: it works read-only.
    ui.send("A");
    ui.wait_for("the archived view", |s| {
        chat_list_title(s).contains("archived")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(
        writes.is_empty(),
        "writes in read-only mode:\n{}",
        describe(&writes)
    );
}

#[test]
fn a_refused_archive_leaves_the_chat_in_the_list_marked_not_sent() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    // No background poll may take the 429 meant for the change.
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    select(&mut ui, &inbox, &chat);
    ui.send("a");
    ui.wait_for("the confirmation", |s| {
        confirming(s) && s.contains("Archive the chat")
    });
    inbox.set_faults(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = None;
    });
    ui.answer("y");
    let name = shown_name(&chat);
    ui.wait_for("the failure", |s| {
        status_bar(s).contains("rate limited, try later: the change is kept in the outbox")
    });
    let writes = inbox.wait_for_writes(1);
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
    assert_eq!(writes[0].status, Some(429));
    assert!(
        !inbox
            .server
            .state()
            .chat(&chat.id)
            .expect("the chat")
            .archived
    );
    // Not archived: still in the list, marked with its failed action.
    let screen = ui.wait_for("the row marked", |s| {
        s.lines()
            .any(|line| line.contains(&name) && line.contains('✗'))
    });
    assert!(!chat_list_title(&screen).contains("archived"), "{screen}");
    // The review of every chat's unsent actions names it.
    ui.send("O");
    let review = ui.wait_for_text("archive the chat");
    assert!(review.contains("failed"), "{review}");
    ui.send(ESC);
    ui.wait_for_gone("archive the chat");
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(inbox.writes().len(), 1, "{}", describe(&inbox.writes()));
}

#[test]
fn an_archive_of_unknown_outcome_settles_when_the_chat_reads_back_archived() {
    let inbox = Inbox::start();
    let chat = quiet_read_chat(&inbox);
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    select(&mut ui, &inbox, &chat);
    ui.send("a");
    ui.wait_for("the confirmation", |s| {
        confirming(s) && s.contains("Archive the chat")
    });
    // Applied, then answered 500: the provider hid that it took effect.
    inbox.set_faults(|f| f.error_after_write = 1);
    ui.answer("y");
    let writes = inbox.wait_for_writes(1);
    assert_eq!(writes[0].status, Some(500), "{}", describe(&writes));
    assert!(
        inbox
            .server
            .state()
            .chat(&chat.id)
            .expect("the chat")
            .archived
    );
    // The sync that follows reads the chat back archived: the entry settles by itself (read
    // through a connection of our own while unibox runs).
    let store = unibox::store::Store::open(&inbox.cache()).expect("open the cache");
    inbox.wait_until(
        "the entry settled and the chat archived in the cache",
        || {
            let id = chat.id.clone();
            let (archived, open) = store
                .call_blocking(move |db| {
                    Ok((
                        db.chat(&id)?.is_some_and(|c| c.chat.archived),
                        db.outbox_for_chat(&id)?.len(),
                    ))
                })
                .expect("read the cache");
            (archived && open == 0).then_some(())
        },
    );
    let entry = store
        .call_blocking(|db| db.outbox_entry(unibox::store::OutboxId(1)))
        .expect("read the outbox")
        .expect("the change was recorded");
    assert_eq!(entry.state, unibox::store::OutboxState::Sent, "{entry:?}");
    ui.send("O");
    ui.wait_for("nothing left to review", |s| {
        status_bar(s).contains("nothing is waiting")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "never sent again:\n{}", describe(&writes));
}
