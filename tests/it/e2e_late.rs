//! A WhatsApp Business (Cloud API) number through Late, in a terminal, against the Late
//! sandbox: a reply inside the customer-service window is one JSON POST carrying its
//! idempotency key, after `y` only; a reply into a closed window offers the account's
//! templates, and an approved one, its values filled in, is one POST after `y` only; an edit
//! and a deletion are refused in words before any request.

use std::collections::HashMap;
use std::ffi::{OsStr, OsString};

use tokio::runtime::Runtime;
use unibox_sandbox::late::{LateConversation, LateSandbox, LateSandboxConfig};
use unibox_sandbox::{WriteBody, WriteRecord};

use crate::e2e_support::keys::{ENTER, ESC};
use crate::e2e_support::screen::{self, confirming};
use crate::e2e_support::{Inbox, Pty, SIZE};

/// A home (the Unipile sandbox of `Inbox` is not configured) and a Late sandbox.
struct LateInbox {
    home: Inbox,
    late: LateSandbox,
    // Last: the sandbox stops before the runtime that serves it.
    _runtime: Runtime,
}

impl LateInbox {
    fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime for the Late sandbox");
        let late = runtime
            .block_on(LateSandbox::start(LateSandboxConfig {
                port: 0,
                ..LateSandboxConfig::default()
            }))
            .expect("the Late sandbox starts");
        let home = Inbox::start();
        // Opening a chat would mark it read, a write of its own: keep the write log to the
        // actions under test.
        home.write_config("config.toml", "mark_read_on_open = false\n");
        Self {
            home,
            late,
            _runtime: runtime,
        }
    }

    /// unibox with only Late configured, once its first sync is done.
    fn open(&self) -> Pty {
        self.open_with(&[])
    }

    fn open_with(&self, args: &[&str]) -> Pty {
        let mut env: Vec<(OsString, OsString)> = self
            .home
            .env()
            .into_iter()
            .filter(|(name, _)| name != "UNIBOX_API_KEY")
            .collect();
        env.extend(self.late_env());
        let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        let ui = Pty::spawn(OsStr::new(env!("CARGO_BIN_EXE_unibox")), &args, env, SIZE);
        ui.wait_for("the first sync", screen::synced);
        ui
    }

    /// unibox with both providers configured (`args` after them), once its first sync is done.
    fn open_both(&self, args: &[&str]) -> Pty {
        let late = self.late_env();
        let late: Vec<(&str, &OsStr)> = late
            .iter()
            .map(|(name, value)| (name.to_str().unwrap_or_default(), value.as_os_str()))
            .collect();
        self.home.open_with(args, &late)
    }

    fn late_env(&self) -> Vec<(OsString, OsString)> {
        vec![
            ("UNIBOX_LATE_URL".into(), self.late.base_url().into()),
            ("UNIBOX_LATE_API_KEY".into(), self.late.api_key().into()),
        ]
    }

    /// A conversation whose customer's name no other conversation has, with the window
    /// open or closed as asked.
    fn conversation(&self, window_open: bool) -> LateConversation {
        let conversations = self.late.conversations();
        let mut names: HashMap<String, usize> = HashMap::new();
        for name in conversations
            .iter()
            .filter_map(|c| c.participant_name.clone())
        {
            *names.entry(name).or_default() += 1;
        }
        conversations
            .into_iter()
            .find(|c| {
                !c.archived
                    && c.participant_name
                        .as_ref()
                        .is_some_and(|n| names.get(n) == Some(&1) && n.is_ascii())
                    && self.late.window_is_open(&c.id) == window_open
            })
            .expect("a conversation of that kind in the sandbox's data")
    }

    fn writes(&self) -> Vec<WriteRecord> {
        self.late.writes()
    }
}

fn name(conversation: &LateConversation) -> &str {
    conversation.participant_name.as_deref().unwrap_or_default()
}

/// Finds the chat by its name with `/`, opens it and waits until its messages are read.
fn open_chat(ui: &mut Pty, inbox: &LateInbox, conversation: &LateConversation) {
    let path = format!("/api/v1/inbox/conversations/{}/messages", conversation.id);
    let read_before = reads_of(inbox, &path);
    let name = name(conversation);
    ui.send("/");
    ui.wait_for_text("Search chats");
    ui.send(name);
    let typed: String = name.chars().take(6).collect();
    ui.wait_for("the search's result", |s| {
        screen::chat_list_title(s).contains(&format!("“{typed}"))
    });
    ui.send(ENTER);
    ui.wait_for_gone("Search chats");
    // The list is read again for the kept search: select its first row once it is there.
    ui.send("g");
    ui.wait_for("the chat found", |s| {
        screen::chat_list_title(s).contains(&format!("“{typed}")) && s.contains(name)
    });
    ui.send(ENTER);
    ui.wait_for(&format!("{name} opened"), |s| {
        screen::thread_title(s).starts_with(name)
    });
    inbox.home.wait_until("the chat's messages read", || {
        let settled = inbox.late.requests().iter().all(|r| r.status.is_some());
        (reads_of(inbox, &path) > read_before && settled).then_some(())
    });
}

/// Answered reads of `path`.
fn reads_of(inbox: &LateInbox, path: &str) -> usize {
    inbox
        .late
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path == path && r.status.is_some())
        .count()
}

#[test]
fn a_reply_inside_the_window_is_one_json_post_with_its_idempotency_key_after_yes() {
    let inbox = LateInbox::start();
    let conversation = inbox.conversation(true);
    let mut ui = inbox.open();
    open_chat(&mut ui, &inbox, &conversation);

    let text = "Votre commande part ce soir";
    ui.send("r");
    ui.wait_for_text("ctrl-j new line");
    ui.send(text);
    ui.send(ENTER);
    ui.wait_for("the confirmation", confirming);
    ui.answer("n");
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());

    ui.send(ENTER);
    ui.wait_for("the confirmation again", confirming);
    ui.answer("y");
    inbox.home.wait_until("the send", || {
        let writes = inbox.writes();
        writes.iter().any(|w| w.status.is_some()).then_some(())
    });
    ui.wait_for_text("sent");
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        (
            "POST",
            format!("/api/v1/inbox/conversations/{}/messages", conversation.id).as_str()
        )
    );
    assert!(
        write
            .idempotency_key
            .as_deref()
            .is_some_and(|k| !k.is_empty()),
        "{write:?}"
    );
    match &write.body {
        WriteBody::Json { value } => {
            assert_eq!(value["message"], text);
            assert_eq!(value["accountId"], conversation.account_id.as_str());
        }
        other => panic!("a JSON body, not {other:?}"),
    }
    let stored = inbox.late.messages(&conversation.id);
    assert_eq!(
        stored
            .iter()
            .filter(|m| m.text.as_deref() == Some(text))
            .count(),
        1
    );
}

#[test]
fn a_reply_into_a_closed_window_and_edit_and_delete_are_refused_before_any_request() {
    let inbox = LateInbox::start();
    let closed = inbox.conversation(false);
    let mut ui = inbox.open();
    open_chat(&mut ui, &inbox, &closed);

    ui.send("r");
    ui.wait_for_text("Templates of");
    ui.send(ESC);
    ui.wait_for_gone("Templates of");
    ui.send("e");
    ui.wait_for_text("cannot edit messages");
    ui.send("d");
    ui.wait_for_text("cannot delete messages");
    assert!(!confirming(&ui.screen()), "no confirmation opened");
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());
}

/// `r` in a closed window, the approved `order_update` (en_US) chosen and its two values
/// typed: the confirmation is open.
fn template_confirmation(ui: &mut Pty) -> String {
    ui.send("r");
    ui.wait_for_text("Templates of");
    ui.send("order_update");
    ui.wait_for_gone("spring_collection");
    ui.send(ENTER);
    ui.wait_for_text("value of {{1}} (1 of 2)");
    ui.send("Ana");
    ui.send(ENTER);
    ui.wait_for_text("value of {{2}} (2 of 2)");
    ui.send("#4471");
    ui.send(ENTER);
    ui.wait_for("the confirmation", confirming)
}

#[test]
fn a_template_into_a_closed_window_is_one_post_with_its_values_after_yes_only() {
    let inbox = LateInbox::start();
    let closed = inbox.conversation(false);
    let mut ui = inbox.open();
    open_chat(&mut ui, &inbox, &closed);
    assert!(screen::thread_title(&ui.screen()).contains("window closed — templates only"));

    ui.send("r");
    ui.wait_for_text("Templates of");
    let listed = ui.wait_for("every template with its status", |s| {
        [
            "spring_collection",
            "flash_sale",
            "workshop_reminder",
            "follow_up",
        ]
        .iter()
        .all(|name| s.contains(name))
    });
    for status in ["pending", "rejected", "paused"] {
        assert!(listed.contains(status), "{status} shown:\n{listed}");
    }
    // A pending template stays in the picker: nothing to confirm.
    ui.send("spring");
    ui.wait_for_gone("follow_up");
    ui.send(ENTER);
    ui.wait_for_text("only approved templates can be sent");
    ui.send(ESC);
    ui.wait_for_gone("Templates of");

    let shown = template_confirmation(&mut ui);
    assert!(
        shown.contains("Hello Ana, your order #4471 has shipped."),
        "the final text:\n{shown}"
    );
    ui.answer("n");
    ui.wait_for("the confirmation to close", |s| !confirming(s));
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());

    template_confirmation(&mut ui);
    ui.answer("y");
    inbox.home.wait_until("the send", || {
        let writes = inbox.writes();
        writes.iter().any(|w| w.status.is_some()).then_some(())
    });
    ui.wait_for_text("template sent");
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str()),
        (
            "POST",
            format!("/api/v1/inbox/conversations/{}/messages", closed.id).as_str()
        )
    );
    let WriteBody::Json { value } = &write.body else {
        panic!("a JSON body, not {:?}", write.body);
    };
    let element = &value["template"]["elements"][0];
    assert_eq!(element["name"], "order_update");
    assert_eq!(element["language"], "en_US");
    let values: Vec<&str> = element["components"][0]["parameters"]
        .as_array()
        .expect("the body's parameters")
        .iter()
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(values, ["Ana", "#4471"]);
}

#[test]
fn read_only_a_closed_window_sends_no_template() {
    let inbox = LateInbox::start();
    let closed = inbox.conversation(false);
    let mut ui = inbox.open_with(&["--read-only"]);
    open_chat(&mut ui, &inbox, &closed);
    ui.send("r");
    ui.wait_for_text("read-only mode");
    ui.send("y");
    ui.send(ENTER);
    assert!(!confirming(&ui.screen()), "no confirmation opened");
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());
}

#[test]
fn read_only_mode_with_both_providers_writes_to_neither() {
    let inbox = LateInbox::start();
    let late_chat = inbox.conversation(true);
    let mut ui = inbox.open_both(&["--read-only"]);
    // Every account of both providers is listed.
    ui.wait_for_text("WA Cloud");
    // The Late chat's customer may write to a Unipile account too: whichever of the two the
    // search lists first is opened; the keys are refused before any provider is asked.
    let name = name(&late_chat);
    ui.send("/");
    ui.wait_for_text("Search chats");
    ui.send(name);
    ui.send(ENTER);
    ui.wait_for_gone("Search chats");
    ui.send("g");
    ui.wait_for("the chat found", |s| s.contains(name));
    ui.send(ENTER);
    ui.wait_for(&format!("{name} opened"), |s| {
        screen::thread_title(s).starts_with(name)
    });
    for (key, what) in [
        ("r", "write a message in this chat"),
        ("e", "edit the selected message"),
        ("d", "delete the selected message for everyone"),
        ("+", "react to the selected message"),
    ] {
        ui.send(key);
        ui.wait_for_text(&format!("read-only mode: {what} is disabled"));
    }
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert!(inbox.writes().is_empty(), "Late: {:#?}", inbox.writes());
    assert!(
        inbox.home.writes().is_empty(),
        "Unipile: {:#?}",
        inbox.home.writes()
    );
    assert!(
        inbox.late.requests().iter().any(|r| r.method == "GET")
            && inbox.home.requests().iter().any(|r| r.method == "GET"),
        "unibox read from both providers"
    );
}

/// Finds the chat by its name with `/` and selects it in the list, without opening it.
fn select_chat(ui: &mut Pty, conversation: &LateConversation) {
    let name = name(conversation);
    ui.send("/");
    ui.wait_for_text("Search chats");
    ui.send(name);
    let typed: String = name.chars().take(6).collect();
    ui.wait_for("the search's result", |s| {
        screen::chat_list_title(s).contains(&format!("“{typed}"))
    });
    ui.send(ENTER);
    ui.wait_for_gone("Search chats");
    ui.send("g");
    ui.wait_for("the chat found", |s| {
        screen::chat_list_title(s).contains(&format!("“{typed}")) && s.contains(name)
    });
}

#[test]
fn archive_on_late_is_one_put_of_the_status_after_yes_and_none_after_no() {
    let inbox = LateInbox::start();
    let conversation = inbox.conversation(true);
    let mut ui = inbox.open();
    select_chat(&mut ui, &conversation);

    for no in ["n", ESC] {
        ui.send("a");
        let screen = ui.wait_for("the confirmation", |s| {
            confirming(s) && s.contains("Archive the chat")
        });
        assert!(screen.contains(name(&conversation)), "{screen}");
        ui.answer(no);
        ui.wait_for("the confirmation to close", |s| !confirming(s));
    }
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());

    ui.send("a");
    ui.wait_for("the confirmation", |s| {
        confirming(s) && s.contains("Archive the chat")
    });
    ui.answer("y");
    ui.wait_for("the change done", |s| {
        screen::status_bar(s).contains("chat archived")
    });
    let writes = inbox.writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    let write = &writes[0];
    assert_eq!(
        (write.method.as_str(), write.path.as_str(), write.status),
        (
            "PUT",
            format!("/api/v1/inbox/conversations/{}", conversation.id).as_str(),
            Some(200)
        )
    );
    assert_eq!(
        write.body,
        WriteBody::Json {
            value: serde_json::json!({
                "accountId": conversation.account_id,
                "status": "archived",
            })
        }
    );
    assert!(
        inbox
            .late
            .conversations()
            .iter()
            .any(|c| c.id == conversation.id && c.archived)
    );
    // Archived, it has left the list; the archived view shows it.
    ui.send("A");
    ui.wait_for("the archived view", |s| {
        screen::chat_list_title(s).contains("archived") && s.contains(name(&conversation))
    });
}

#[test]
fn mute_and_mark_unread_on_late_are_refused_in_words_before_any_request() {
    let inbox = LateInbox::start();
    let conversation = inbox.conversation(true);
    let mut ui = inbox.open();
    select_chat(&mut ui, &conversation);
    for (key, what) in [("m", "mute chats"), ("U", "mark chats unread")] {
        ui.send(key);
        let expected =
            format!("this WhatsApp Business (Cloud API) account cannot {what}: nothing was sent");
        let screen = ui.wait_for(&expected, |s| screen::status_bar(s).contains(&expected));
        assert!(!confirming(&screen), "{screen}");
    }
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());
}

#[test]
fn read_only_mode_changes_no_late_conversation() {
    let inbox = LateInbox::start();
    let conversation = inbox.conversation(true);
    let mut ui = inbox.open_with(&["--read-only"]);
    select_chat(&mut ui, &conversation);
    for (key, what) in [
        ("a", "archive or unarchive the chat (asks first)"),
        ("m", "mute or unmute the chat (asks first)"),
        ("U", "mark the chat unread (asks first)"),
    ] {
        ui.send(key);
        let expected = format!("read-only mode: {what} is disabled");
        let screen = ui.wait_for(&expected, |s| screen::status_bar(s).contains(&expected));
        assert!(!confirming(&screen), "{screen}");
        ui.send("y");
    }
    ui.send("q");
    assert!(ui.wait_exit().success());
    assert!(inbox.writes().is_empty(), "{:#?}", inbox.writes());
}
