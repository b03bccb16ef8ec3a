//! Every outbound action as a user does it, against the sandbox's write log: cancelled at the
//! confirmation (`n`, `esc`, `enter` on the default Cancel) nothing leaves; confirmed with `y`
//! exactly one request leaves, with the right method, path and body, and the thread then
//! shows what the server has.

use crate::e2e_support;

use e2e_support::keys::{CTRL_O, ENTER, ESC, TAB};
use e2e_support::screen::{confirming, opening_words, selected_message, status_bar, thread_pane};
use e2e_support::{Inbox, Pty, count, describe, messages_path, open_chat};
use unibox_sandbox::{WriteBody, WriteRecord};

/// From an open confirmation, the three ways to say no; `reopen` brings the confirmation
/// back each time. Nothing may reach the server.
fn cancel_three_ways(ui: &mut Pty, inbox: &Inbox, reopen: impl Fn(&mut Pty)) {
    for no in ["n", ESC, ENTER] {
        ui.wait_for("the confirmation", confirming);
        ui.answer(no);
        ui.wait_for("the confirmation to close", |s| !confirming(s));
        assert!(
            status_bar(&ui.screen()).contains("cancelled: nothing was sent"),
            "{}",
            ui.screen()
        );
        reopen(ui);
    }
    ui.wait_for("the confirmation", confirming);
    assert_eq!(
        inbox.writes(),
        Vec::<WriteRecord>::new(),
        "a cancel sent something"
    );
}

/// Confirms, and returns the one write that reached the server (see `the_one_write`).
fn confirm_one(ui: &mut Pty, inbox: &Inbox, shown: impl Fn(&str) -> bool) -> WriteRecord {
    ui.answer("y");
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    the_one_write(ui, inbox, shown)
}

/// The one write that reached the server, once its result is on screen (`shown`) and
/// nothing else is in flight; fails if there were more.
fn the_one_write(ui: &Pty, inbox: &Inbox, shown: impl Fn(&str) -> bool) -> WriteRecord {
    inbox.wait_for_writes(1);
    ui.wait_for("the result on screen", shown);
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

/// A multipart body's text fields, in name order (the order of parts carries no meaning).
fn multipart_fields(write: &WriteRecord) -> Vec<(&str, &str)> {
    let WriteBody::Multipart { fields, .. } = &write.body else {
        panic!("not multipart: {write:?}");
    };
    let mut fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    fields.sort();
    fields
}

/// Every frame after the confirmation closed shows `text` in the thread at most once.
fn never_twice(ui: &Pty, from_frame: usize, text: &str) {
    for frame in ui.frames().iter().skip(from_frame) {
        if confirming(&frame.text) {
            continue;
        }
        assert!(
            count(&thread_pane(&frame.text), text) <= 1,
            "{text:?} twice in the thread:\n{}",
            frame.text
        );
    }
}

#[test]
fn a_reply_is_sent_once_after_yes_and_never_after_no() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);

    let text = "Le colis part ce soir, promis";
    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");
    ui.send(text);
    ui.send(ENTER);
    ui.wait_for_text("Send a message");
    // A cancel goes back to the composer, text kept: enter asks again.
    cancel_three_ways(&mut ui, &inbox, |ui| {
        ui.wait_for_text(text);
        ui.send(ENTER);
    });

    let before = ui.frame_count();
    let write = confirm_one(&mut ui, &inbox, |s| {
        count(&thread_pane(s), text) == 1 && !s.contains("sending…")
    });
    assert_eq!(write.method, "POST");
    assert_eq!(write.path, messages_path(&chat.id));
    assert_eq!(write.status, Some(201));
    assert_eq!(
        multipart_fields(&write),
        [("account_id", chat.account_id.as_str()), ("text", text)],
        "{write:?}"
    );
    assert!(write.files().is_empty());
    let sent = inbox.last_message(&chat.id);
    assert_eq!(sent.text.as_deref(), Some(text));
    never_twice(&ui, before, text);
}

#[test]
fn keys_typed_ahead_of_a_confirmation_never_answer_it() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.send("r");
    ui.wait_for_text("Reply to Marie Dubois");

    // A paste the terminal did not bracket arrives as keys: its return opens the
    // confirmation, and the "y" of "yes" (and every key after it) was typed before anyone
    // could read it.
    ui.send("typed ahead one\ryes second part");
    let screen = ui.wait_for("the typed-ahead keys dropped", |s| {
        s.contains("typed-ahead keys ignored · press y to send")
    });
    assert!(confirming(&screen), "{screen}");
    assert_eq!(
        inbox.writes(),
        Vec::<WriteRecord>::new(),
        "a typed-ahead key answered the confirmation"
    );

    // A y pressed once the confirmation could be read sends it, once.
    let write = confirm_one(&mut ui, &inbox, |s| {
        count(&thread_pane(s), "typed ahead one") == 1 && !s.contains("sending…")
    });
    assert_eq!(
        multipart_fields(&write),
        [
            ("account_id", chat.account_id.as_str()),
            ("text", "typed ahead one")
        ],
        "{write:?}"
    );
    let screen = ui.screen();
    assert!(!screen.contains("Edit your message"), "{screen}");
    assert!(!screen.contains("second part"), "{screen}");
}

#[test]
fn an_account_that_must_sign_in_again_is_refused_before_any_request() {
    let inbox = Inbox::start();
    let account = inbox
        .server
        .state()
        .accounts()
        .into_iter()
        .find(|a| a.status == unibox_sandbox::AccountStatus::Credentials)
        .expect("the sandbox has an account that must sign in again");
    let chat = inbox
        .listed(Some(account.id.as_str()), false)
        .into_iter()
        .find(|c| c.unread_count == 0)
        .expect("a read chat of that account");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);

    // The composer says so as it opens, and the confirmation says so again.
    ui.send("r");
    ui.wait_for("the composer's warning", |s| {
        s.contains("Reply to") && s.contains("this account cannot send: sign in again")
    });
    ui.send("Le colis est prêt");
    ui.send(ENTER);
    let screen = ui.wait_for("the confirmation", confirming);
    assert!(
        screen.contains("this account cannot send: sign in again. Nothing will be sent."),
        "{screen}"
    );
    let requests_before = inbox.requests().len();
    ui.answer("y");
    let screen = ui.wait_for("the refusal", |s| {
        !confirming(s)
            && status_bar(s).contains("not sent: this account cannot send: sign in again")
    });
    assert!(
        screen.contains("Le colis est prêt"),
        "the text stays: {screen}"
    );
    ui.send(ESC);
    ui.wait_for("the composer closed", |s| {
        status_bar(s).contains("draft kept")
    });
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert_eq!(
        inbox.writes(),
        Vec::<WriteRecord>::new(),
        "a write left an account that cannot send"
    );
    assert!(
        inbox.requests()[requests_before..]
            .iter()
            .all(|r| r.method == "GET"),
        "{:?}",
        &inbox.requests()[requests_before..]
    );
}

#[test]
fn a_quoting_reply_carries_the_quote_and_a_file_chosen_through_the_path_prompt() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let file = inbox.user_file("facture-mars.pdf", 12_345);
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    let messages: Vec<_> = inbox
        .messages(&chat.id)
        .into_iter()
        .filter(|m| !m.is_event())
        .collect();
    let quoted = &messages[messages.len() - 2];

    // One message up from the newest, then reply quoting it.
    ui.send("k");
    ui.send("R");
    ui.wait_for_text("Reply to Marie Dubois");
    let text = "Voici la facture demandée";
    ui.send(text);
    // The path prompt: a few letters, tab completes the name, enter attaches.
    ui.send(CTRL_O);
    ui.wait_for_text("Attach a file");
    ui.send("~/Documents/fac");
    ui.send(TAB);
    ui.wait_for_text("~/Documents/facture-mars.pdf");
    ui.send(ENTER);
    ui.wait_for_gone("Attach a file");
    ui.wait_for_text("facture-mars.pdf");
    ui.send(ENTER);
    let screen = ui.wait_for_text("Reply quoting a message");
    assert!(screen.contains("facture-mars.pdf"), "{screen}");
    cancel_three_ways(&mut ui, &inbox, |ui| {
        ui.wait_for_text(text);
        ui.send(ENTER);
    });

    let before = ui.frame_count();
    let write = confirm_one(&mut ui, &inbox, |s| {
        count(&thread_pane(s), text) == 1 && !s.contains("sending…")
    });
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        ("POST", messages_path(&chat.id).as_str(), Some(201))
    );
    assert_eq!(
        multipart_fields(&write),
        [
            ("account_id", chat.account_id.as_str()),
            ("quote_id", quoted.id.as_str()),
            ("text", text),
        ],
        "{write:?}"
    );
    let files = write.files();
    assert_eq!(files.len(), 1, "{write:?}");
    assert_eq!(files[0].field, "attachments");
    assert_eq!(files[0].file_name.as_deref(), Some("facture-mars.pdf"));
    assert_eq!(
        files[0].bytes,
        std::fs::metadata(&file).unwrap().len() as usize
    );
    never_twice(&ui, before, text);
    // The thread shows the quote and the file with the message.
    let thread = thread_pane(&ui.screen());
    assert!(thread.contains("facture-mars.pdf"), "{thread}");
}

#[test]
fn a_new_chat_reaches_a_known_contact_chosen_in_the_picker() {
    let inbox = Inbox::start();
    let marie = inbox.chat_named("Marie Dubois");
    let camille = inbox
        .server
        .state()
        .known_attendees(&marie.account_id)
        .into_iter()
        .find(|a| a.name.starts_with("Camille"))
        .expect("Camille is a known contact of the support account");
    let mut ui = inbox.open(&[]);

    // The chat list's selection is on a support chat: the new chat is written from there.
    let open_picker = |ui: &mut Pty| {
        ui.send("n");
        ui.wait_for_text("known contacts of");
        ui.send("camille");
        ui.wait_for(&camille.name, |s| {
            s.contains(&camille.name) && !s.contains("Hannah Lee")
        });
    };
    open_picker(&mut ui);
    ui.send(ENTER);
    ui.wait_for_gone("known contacts of");
    let text = "Bonjour Camille, votre commande est prête";
    ui.send(text);
    ui.send(ENTER);
    ui.wait_for_text("Start a new chat");
    cancel_three_ways(&mut ui, &inbox, |ui| {
        ui.wait_for_text(text);
        ui.send(ENTER);
    });

    let write = confirm_one(&mut ui, &inbox, |s| status_bar(s).contains("sent"));
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        ("POST", "/api/v1/chats", Some(201)),
        "{write:?}"
    );
    assert_eq!(
        multipart_fields(&write),
        [
            ("account_id", marie.account_id.as_str()),
            ("attendees_ids", camille.provider_id.as_str()),
            ("text", text),
        ],
        "{write:?}"
    );
    // The new chat comes into the list, with the message in it, once.
    ui.wait_for_text(&camille.name);
    let started = inbox.chat_named(&camille.name);
    open_chat(&mut ui, &inbox, &started);
    ui.wait_for("the first message", |s| {
        count(&thread_pane(s), "Bonjour Camille, votre") == 1
    });
    assert_eq!(inbox.writes().len(), 1, "{}", describe(&inbox.writes()));
}

/// Presses `k` until the selection is on `index` of the chat's messages (the newest is
/// selected when a chat opens).
fn select(ui: &mut Pty, inbox: &Inbox, chat: &unibox_sandbox::ChatRecord, index: usize) {
    let messages = inbox.messages(&chat.id);
    ui.send(&"k".repeat(messages.len() - 1 - index));
    let words = opening_words(messages[index].text.as_deref().unwrap_or_default());
    ui.wait_for(&format!("the message {words:?} selected"), |s| {
        selected_message(s).contains(&words)
    });
}

/// A JSON body.
fn json(write: &WriteRecord) -> &serde_json::Value {
    match &write.body {
        WriteBody::Json { value } => value,
        other => panic!("not JSON: {other:?}"),
    }
}

#[test]
fn a_reaction_is_added_then_removed_one_request_each() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let messages = inbox.messages(&chat.id);
    let (index, theirs) = messages
        .iter()
        .enumerate()
        .rev()
        .find(|(_, m)| !m.is_sender && !m.is_event() && m.reactions.is_empty())
        .expect("a message of Marie's without reactions");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    select(&mut ui, &inbox, &chat, index);

    let pick_thumbs_up = |ui: &mut Pty| {
        ui.send("+");
        ui.wait_for_text("Find:");
        ui.send("thumbs up");
        ui.wait_for_text("👍");
        ui.send(ENTER);
    };
    pick_thumbs_up(&mut ui);
    ui.wait_for_text("React to a message");
    cancel_three_ways(&mut ui, &inbox, pick_thumbs_up);
    assert!(!thread_pane(&ui.screen()).contains("👍"));

    let added = confirm_one(&mut ui, &inbox, |s| {
        status_bar(s).contains("reaction sent") && thread_pane(s).contains("👍")
    });
    let path = format!("/api/v1/messages/{}/reaction", theirs.id);
    assert_eq!(
        (added.method.as_str(), added.path.as_str()),
        ("POST", path.as_str())
    );
    assert!(
        added.status.is_some_and(|s| (200..300).contains(&s)),
        "{added:?}"
    );
    assert_eq!(json(&added), &serde_json::json!({ "reaction": "👍" }));

    // The same emoji again removes ours.
    pick_thumbs_up(&mut ui);
    ui.wait_for_text("Remove your reaction");
    ui.answer("y");
    let writes = inbox.wait_for_writes(2);
    ui.wait_for("the reaction gone", |s| {
        !confirming(s)
            && !thread_pane(s).contains("👍")
            && status_bar(s).contains("reaction removed")
    });
    assert_eq!(writes.len(), 2, "{}", describe(&writes));
    let removed = &writes[1];
    assert_eq!(
        (removed.method.as_str(), removed.path.as_str()),
        ("POST", path.as_str())
    );
    assert_eq!(json(removed), &serde_json::json!({ "reaction": "" }));
    let now = inbox
        .server
        .state()
        .message(&theirs.id)
        .expect("the message");
    assert!(now.reactions.iter().all(|r| !r.is_sender), "{now:?}");
}

#[test]
fn an_edit_of_a_recent_message_shows_edited_only_once_the_server_confirms() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let ours = inbox.last_message(&chat.id);
    assert!(
        ours.is_sender,
        "the demo's Marie chat ends with our message"
    );
    let old = ours.text.clone().expect("a text");
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    let edited_before = count(&thread_pane(&ui.screen()), "· edited");

    // The newest message is selected: ours, two minutes old.
    ui.send("e");
    ui.wait_for_text("Edit");
    let added = " (avant 18 h)";
    ui.send(added);
    ui.send(ENTER);
    ui.wait_for_text("Edit your message");
    cancel_three_ways(&mut ui, &inbox, |ui| {
        ui.wait_for_text(added.trim());
        ui.send(ENTER);
    });

    // The server takes its time to answer: until it does, nothing says "edited".
    inbox.set_faults(|f| {
        f.hang_after_write = 1;
        f.hang_ms = 1500;
    });
    ui.answer("y");
    let pending = inbox.wait_for_received(1);
    assert_eq!(pending[0].status, None, "the answer is held back");
    let screen = ui.wait_for("the edit pending", |s| {
        !confirming(s) && thread_pane(s).contains("sending…")
    });
    assert_eq!(
        count(&thread_pane(&screen), "· edited"),
        edited_before,
        "{screen}"
    );

    let new_text = format!("{old}{added}");
    let write = the_one_write(&ui, &inbox, |s| {
        count(&thread_pane(s), "· edited") == edited_before + 1 && !s.contains("sending…")
    });
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        (
            "PATCH",
            format!("/api/v1/messages/{}", ours.id).as_str(),
            Some(200)
        )
    );
    assert_eq!(json(&write), &serde_json::json!({ "text": new_text }));
    ui.wait_for("the outcome", |s| status_bar(s).contains("edit sent"));
}

#[test]
fn a_delete_removes_our_message_for_everyone_once() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Jürgen Weiß");
    let ours = inbox.last_message(&chat.id);
    assert!(
        ours.is_sender,
        "the demo's Jürgen chat ends with our message"
    );
    let words = e2e_support::screen::opening_words(ours.text.as_deref().expect("a text"));
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);
    ui.wait_for_text(&words);

    ui.send("d");
    ui.wait_for_text("Delete your message for everyone");
    cancel_three_ways(&mut ui, &inbox, |ui| ui.send("d"));

    let write = confirm_one(&mut ui, &inbox, |s| {
        thread_pane(s).contains("message deleted") && !thread_pane(s).contains(&words)
    });
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        (
            "DELETE",
            format!("/api/v1/messages/{}", ours.id).as_str(),
            Some(200)
        )
    );
    assert_eq!(write.body, WriteBody::None);
    ui.wait_for("the outcome", |s| {
        status_bar(s).contains("deleted for everyone")
    });
    let now = inbox.server.state().message(&ours.id).expect("the message");
    assert!(now.deleted);
}

#[test]
fn an_edit_past_fifteen_minutes_is_refused_without_a_request() {
    let inbox = Inbox::start();
    // Our message of twenty minutes ago.
    let chat = inbox.chat_named("Jürgen Weiß");
    let ours = inbox.last_message(&chat.id);
    assert!(ours.is_sender);
    let mut ui = inbox.open(&[]);
    open_chat(&mut ui, &inbox, &chat);

    ui.send("e");
    let screen = ui.wait_for("the reason", |s| {
        status_bar(s).contains("the 15-minute edit window closed")
    });
    assert!(!screen.contains("Edit your message"), "{screen}");
    // Enter opens the message in the reader and y there copies it: no composer, no
    // confirmation is open.
    ui.send(ENTER);
    ui.send("y");
    let screen = ui.wait_for_text("y copy");
    assert!(!confirming(&screen), "{screen}");
    assert!(!screen.contains("Edit your message"), "{screen}");
    ui.send(ESC);
    ui.wait_for_gone("y copy");
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(writes.is_empty(), "{}", describe(&writes));
}

#[test]
fn a_new_chat_cannot_reach_a_number_that_is_not_a_known_contact() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    ui.send("n");
    ui.wait_for_text("known contacts of");
    ui.send("+33611223344");
    ui.wait_for_text("No known contact matches.");
    // Enter has nothing to choose; y is only typed; enter again, still nothing. A last
    // letter on screen shows every key before it was read.
    ui.send(ENTER);
    ui.send("y");
    ui.send(ENTER);
    ui.send("z");
    let screen = ui.wait_for_text("+33611223344yz");
    assert!(screen.contains("No known contact matches."), "{screen}");
    assert!(!confirming(&screen), "{screen}");
    ui.send(ESC);
    ui.wait_for_gone("known contacts of");
    ui.send("q");
    assert!(ui.wait_exit().success());
    let writes = inbox.writes();
    assert!(
        writes.iter().all(|w| w.path != "/api/v1/chats"),
        "{}",
        describe(&writes)
    );
    assert!(writes.is_empty(), "{}", describe(&writes));
}

#[test]
fn moves_typed_ahead_of_a_chat_being_read_select_what_they_would_have() {
    let inbox = Inbox::start();
    let chat = inbox.chat_named("Marie Dubois");
    let position = inbox
        .listed(None, false)
        .iter()
        .position(|c| c.id == chat.id)
        .expect("the chat is listed");
    let messages = inbox.messages(&chat.id);
    let target = &messages[messages.len() - 3];
    let words = opening_words(target.text.as_deref().expect("a message with text"));
    let mut ui = inbox.open(&[]);
    // One write: the chat opens and the two moves arrive before its thread is read.
    ui.send(&format!("g{}{ENTER}kk", "j".repeat(position)));
    ui.wait_for(&format!("the message {words:?} selected"), |s| {
        selected_message(s).contains(&words)
    });
}
