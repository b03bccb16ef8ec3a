//! How a send ends when the server does not simply say yes: refused for rate (failed, kept,
//! shown, audited, never retried), no answer at all or a server error after the message went
//! out (unknown, then settled by the next sync without a second request), unibox killed mid-request (settled on restart). Drafts survive
//! quitting and crashing; opening an unread chat marks it read exactly once, unless
//! configured not to.

use crate::e2e_support;

use e2e_support::keys::{CTRL_R, ENTER, ESC, SHIFT_TAB};
use e2e_support::screen::{confirming, shown_name, status_bar, thread_pane};
use e2e_support::{Inbox, Pty, count, describe, messages_path, open_chat};
use unibox_sandbox::{ChatRecord, WriteRecord};

/// Opens the reply composer in the open chat, types `text` and asks to send it.
fn compose_reply(ui: &mut Pty, text: &str) {
    ui.send("r");
    ui.wait_for_text("Reply to");
    ui.send(text);
    ui.send(ENTER);
    ui.wait_for("the confirmation", confirming);
}

fn posts(writes: &[WriteRecord], chat: &ChatRecord) -> usize {
    let path = messages_path(&chat.id);
    writes
        .iter()
        .filter(|w| w.method == "POST" && w.path == path)
        .count()
}

/// `unibox audit --json`: every line, newest first.
fn audit(inbox: &Inbox) -> Vec<serde_json::Value> {
    let output = inbox.run(&["audit", "--json"]);
    assert!(output.status.success(), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("the audit log as JSON")
}

/// The newest audit line of each outbox entry: (outbox id, action, outcome).
fn audit_outcomes(inbox: &Inbox) -> Vec<(i64, String, String)> {
    let mut seen = Vec::new();
    let mut outcomes = Vec::new();
    for line in audit(inbox) {
        let Some(id) = line["outbox_id"].as_i64() else {
            continue;
        };
        if !seen.contains(&id) {
            seen.push(id);
            outcomes.push((
                id,
                line["action"].as_str().unwrap_or_default().to_owned(),
                line["outcome"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    outcomes
}

#[test]
fn a_rate_limited_send_fails_once_and_is_kept_shown_and_audited() {
    let inbox = Inbox::start();
    // The fault takes the next request: a mark-read after an inbound message must not be it.
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let chat = inbox.chat_named("Marie Dubois");
    // No background poll may take the 429 meant for the send.
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Nous revenons vers vous demain";
    compose_reply(&mut ui, text);
    inbox.set_faults(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = None;
    });
    ui.answer("y");

    let screen = ui.wait_for("the failure", |s| {
        status_bar(s).contains("rate limited") && thread_pane(s).contains("not sent")
    });
    assert_eq!(count(&thread_pane(&screen), text), 1, "{screen}");
    let writes = inbox.wait_for_writes(1);
    assert_eq!(writes[0].status, Some(429), "{}", describe(&writes));

    // The review lists it, failed.
    ui.send("O");
    let review = ui.wait_for_text("failed");
    assert!(review.contains(text), "{review}");
    ui.send(ESC);
    ui.wait_for_gone("failed");

    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(
        audit_outcomes(&inbox),
        [(1, "send".to_owned(), "failed".to_owned())]
    );
    let writes = inbox.writes();
    assert_eq!(posts(&writes, &chat), 1, "{}", describe(&writes));
    assert_eq!(writes.len(), 1, "{}", describe(&writes));

    // Read-only, the review shows it still, and nothing there can send it.
    let mut ui = inbox.open(&["--read-only"]);
    open_chat(&mut ui, &inbox, &chat);
    let screen = ui.wait_for_text("not sent");
    assert_eq!(count(&thread_pane(&screen), text), 1, "{screen}");
    ui.send("O");
    ui.wait_for_text("failed");
    for key in ["r", ENTER, "m", "d"] {
        ui.send(key);
        ui.wait_for("the refusal", |s| {
            status_bar(s).contains("read-only mode: the outbox cannot be changed")
        });
    }
    ui.send("y");
    ui.send(ESC);
    ui.wait_for_gone("Not sent ·");
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
}

/// The chat list's row (its name line) of the chat shown as `name`: the middle pane's cells.
fn chat_row(screen: &str, name: &str) -> Option<String> {
    screen
        .lines()
        .skip(1)
        .filter_map(|line| line.split('│').nth(3))
        .find(|cells| cells.contains(name))
        .map(str::to_owned)
}

#[test]
fn a_failed_send_marks_its_chat_in_the_list_until_dismissed_from_the_review_of_every_chat() {
    let inbox = Inbox::start();
    // The fault takes the next request: a mark-read after an inbound message must not be it.
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let chat = inbox.chat_named("Marie Dubois");
    let name = shown_name(&chat);
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    let before = ui.screen();
    let row = chat_row(&before, &name).expect("the chat is listed");
    assert!(!row.contains('✗'), "{before}");

    open_chat(&mut ui, &inbox, &chat);
    let text = "Votre colis part demain";
    compose_reply(&mut ui, text);
    inbox.set_faults(|f| {
        f.rate_limited = 1;
        f.retry_after_secs = None;
    });
    ui.answer("y");
    ui.wait_for("the failure", |s| thread_pane(s).contains("not sent"));

    // Back in the chat list: the chat's row says an action of it did not go through.
    ui.send(SHIFT_TAB);
    let marked = ui.wait_for("the marked row", |s| {
        chat_row(s, &name).is_some_and(|row| row.contains('✗'))
    });
    let others = marked
        .lines()
        .skip(1)
        .filter_map(|line| line.split('│').nth(3))
        .filter(|cells| cells.contains('✗'))
        .count();
    assert_eq!(others, 1, "only its chat is marked: {marked}");

    // `O` in the chat list: every chat's unsent actions, each naming its chat.
    ui.send("O");
    let review = ui.wait_for_text("Not sent · all chats · 1");
    let listed = review
        .lines()
        .find(|line| line.contains("failed"))
        .unwrap_or_default();
    assert!(listed.contains(&name), "{review}");
    assert!(listed.contains(text), "{review}");

    // Dismissed: the review has nothing left and closes; the mark goes.
    ui.send("d");
    let after = ui.wait_for("the mark gone", |s| {
        !s.contains("Not sent ·") && chat_row(s, &name).is_some_and(|row| !row.contains('✗'))
    });
    assert!(status_bar(&after).contains("dismissed"), "{after}");
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "nothing sent again: {}", describe(&writes));
    assert_eq!(
        audit_outcomes(&inbox),
        [(1, "send".to_owned(), "dismissed".to_owned())]
    );

    // The next start reads the mark from the cache: none.
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    let screen = ui.screen();
    assert!(
        chat_row(&screen, &name).is_some_and(|row| !row.contains('✗')),
        "{screen}"
    );
    ui.send("q");
    assert!(ui.wait_exit().success());
}

#[test]
fn a_send_without_an_answer_is_unknown_then_settled_by_the_next_sync_without_a_resend() {
    let inbox = Inbox::start();
    // The fault takes the next write: a mark-read after an inbound message must not be it.
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[
        "--request-timeout-secs",
        "1",
        "--poll-interval-secs",
        "3600",
    ]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Le remboursement est parti";
    compose_reply(&mut ui, text);
    // The server takes the message, then never answers in time.
    inbox.set_faults(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 5_000;
    });
    ui.answer("y");
    let screen = ui.wait_for("the outcome unknown", |s| {
        thread_pane(s).contains("not confirmed yet")
    });
    assert_eq!(count(&thread_pane(&screen), text), 1, "{screen}");

    // The next sync finds the message on the server: sent, once.
    let before = ui.frame_count();
    ui.send(CTRL_R);
    let screen = ui.wait_for("the action settled", |s| {
        !thread_pane(s).contains("not confirmed yet") && count(&thread_pane(s), text) == 1
    });
    assert!(!screen.contains("not sent"), "{screen}");
    for frame in ui.frames().iter().skip(before) {
        assert!(
            count(&thread_pane(&frame.text), text) <= 1,
            "{}",
            frame.text
        );
    }
    let writes = inbox.writes();
    assert_eq!(posts(&writes, &chat), 1, "{}", describe(&writes));
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(
        audit_outcomes(&inbox),
        [(1, "send".to_owned(), "sent".to_owned())]
    );
}

#[test]
fn a_send_answered_500_after_it_went_out_is_unknown_then_settled_without_a_resend() {
    let inbox = Inbox::start();
    // The fault takes the next write: a mark-read after an inbound message must not be it.
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&["--poll-interval-secs", "3600"]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Le colis part demain matin";
    compose_reply(&mut ui, text);
    // The provider takes the message, then answers with an error.
    inbox.set_faults(|f| f.error_after_write = 1);
    ui.answer("y");
    let screen = ui.wait_for("the outcome unknown", |s| {
        thread_pane(s).contains("not confirmed yet")
    });
    assert!(!thread_pane(&screen).contains("not sent"), "{screen}");

    ui.send(CTRL_R);
    ui.wait_for("the action settled", |s| {
        !thread_pane(s).contains("not confirmed yet") && count(&thread_pane(s), text) == 1
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert_eq!(posts(&writes, &chat), 1, "{}", describe(&writes));
    assert_eq!(
        audit_outcomes(&inbox),
        [(1, "send".to_owned(), "sent".to_owned())]
    );
}

#[test]
fn a_send_cut_off_by_kill_9_is_settled_on_restart_without_a_duplicate() {
    let inbox = Inbox::start();
    // The fault takes the next write: a mark-read after an inbound message must not be it.
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Votre avoir est disponible";
    compose_reply(&mut ui, text);
    inbox.set_faults(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 60_000;
    });
    ui.answer("y");
    let received = inbox.wait_for_received(1);
    assert_eq!(received[0].status, None, "still waiting for its answer");
    ui.kill_hard();

    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.wait_for("the message, settled", |s| {
        count(&thread_pane(s), text) == 1
            && !thread_pane(s).contains("not confirmed yet")
            && !thread_pane(s).contains("sending…")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert_eq!(posts(&writes, &chat), 1, "{}", describe(&writes));
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
    assert_eq!(
        audit_outcomes(&inbox),
        [(1, "send".to_owned(), "sent".to_owned())]
    );
    let on_server = inbox
        .messages(&chat.id)
        .iter()
        .filter(|m| m.text.as_deref() == Some(text))
        .count();
    assert_eq!(on_server, 1);
}

#[test]
fn a_draft_left_with_esc_survives_quitting() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Je vérifie le stock et je";
    ui.send("r");
    ui.wait_for_text("Reply to");
    ui.send(text);
    ui.wait_for_text(text);
    ui.send(ESC);
    ui.wait_for("the draft kept", |s| status_bar(s).contains("draft kept"));
    ui.send("q");
    assert!(ui.wait_exit().success());

    composer_holds_after_restart(&inbox, &chat, text);
}

/// A new session opens `chat`'s composer on `text`, and nothing was sent.
fn composer_holds_after_restart(inbox: &Inbox, chat: &ChatRecord, text: &str) {
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, inbox, chat);
    ui.send("r");
    ui.wait_for_text("Reply to");
    ui.wait_for_text(text);
    assert!(inbox.writes().is_empty());
}

#[test]
fn a_draft_being_typed_survives_kill_9() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    let text = "Merci pour votre patience, le";
    ui.send("r");
    ui.wait_for_text("Reply to");
    ui.send(text);
    // Saved while the composer is still open.
    inbox.wait_for_saved_draft(&chat.id, text);
    ui.kill_hard();

    composer_holds_after_restart(&inbox, &chat, text);
}

#[test]
fn opening_an_unread_chat_marks_it_read_once() {
    let inbox = Inbox::start();
    let chat = inbox.listed(None, true).remove(0);
    let mut ui = inbox.open(&[]);
    let all_unread = |screen: &str| {
        screen
            .lines()
            .find_map(|line| {
                line.split('│')
                    .nth(1)
                    .filter(|l| l.contains("All accounts"))
            })
            .unwrap_or_default()
            .to_owned()
    };
    let unread_before = all_unread(&ui.screen());
    open_chat(&mut ui, &inbox, &chat);
    let writes = inbox.wait_for_writes(1);
    // The cache took the read (and its audit line) once the unread total drops.
    ui.wait_for("the read chat counted", |s| all_unread(s) != unread_before);
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes_at_exit = inbox.writes();
    assert_eq!(writes_at_exit, writes, "{}", describe(&writes_at_exit));
    assert_eq!(writes.len(), 1, "{}", describe(&writes));
    let read = &writes[0];
    assert_eq!(
        (read.method.as_str(), read.path.as_str()),
        ("PATCH", format!("/api/v1/chats/{}", chat.id).as_str())
    );
    assert_eq!(
        read.body,
        unibox_sandbox::WriteBody::Json {
            value: serde_json::json!({ "action": "setReadStatus", "value": true })
        }
    );
    let now = inbox.server.state().chat(&chat.id).expect("the chat");
    assert_eq!(now.unread_count, 0);

    // The one write without a confirmation is in the audit log like every other.
    let audit = inbox.run(&["audit", "--json"]);
    assert!(audit.status.success(), "{audit:?}");
    let lines: serde_json::Value = serde_json::from_slice(&audit.stdout).expect("JSON");
    let lines = lines.as_array().expect("a list");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["action"], "mark_read");
    assert_eq!(lines[0]["outcome"], "sent");
    assert_eq!(lines[0]["chat_id"], chat.id.as_str());
}

#[test]
fn with_mark_read_on_open_off_opening_an_unread_chat_sends_nothing() {
    let inbox = Inbox::start();
    inbox.write_config("config.toml", "mark_read_on_open = false\n");
    let unread = inbox.listed(None, true);
    let mut ui = inbox.open(&[]);
    for chat in unread.iter().take(2) {
        open_chat(&mut ui, &inbox, chat);
        ui.send(e2e_support::keys::SHIFT_TAB);
    }
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(writes.is_empty(), "{}", describe(&writes));
    for chat in unread.iter().take(2) {
        let now = inbox.server.state().chat(&chat.id).expect("the chat");
        assert_eq!(now.unread_count, chat.unread_count);
    }
}
