//! The command line over a cache filled from the hostile sandbox: what the network sent is
//! stored and printed as JSON exactly (every character, escapes included), and neither the
//! text nor the JSON output holds a byte a terminal would act on.

use crate::harden_support;

use harden_support::Lab;
use harden_support::cli_support::{assert_success, one_line_failure, stderr, stdout};
use harden_support::terminal::is_unsafe;
use serde_json::Value;
use unibox::domain::{AccountId, ChatId};
use unibox::store::{AuditEvent, AuditOutcome, Store};
use unibox_sandbox::hostile;
use unibox_sandbox::{HOSTILE_ACCOUNT_NAME, HOSTILE_DETAIL_PREFIX, HOSTILE_TITLE_PREFIX};

/// The output of a command that must succeed, checked safe for a terminal.
fn safe_output(lab: &Lab, args: &[&str]) -> String {
    let output = lab.cli(args);
    assert_success(&output);
    let (out, err) = (stdout(&output), stderr(&output));
    for (stream, text) in [("stdout", &out), ("stderr", &err)] {
        let bad: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| c != '\n' && is_unsafe(c))
            .take(5)
            .collect();
        assert!(bad.is_empty(), "unibox {args:?} {stream}: {bad:?}");
    }
    out
}

fn json(lab: &Lab, args: &[&str]) -> Value {
    serde_json::from_str(&safe_output(lab, args)).expect("the JSON output parses")
}

fn field<'a>(value: &'a Value, path: &[&str]) -> &'a str {
    path.iter()
        .try_fold(value, |v, key| v.get(key))
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no {path:?} in {value}"))
}

#[test]
fn hostile_text_is_kept_exactly_and_printed_safely() {
    let lab = Lab::hostile();
    assert_success(&lab.cli(&["sync"]));

    let accounts = json(&lab, &["accounts", "--json"]);
    let hostile_account = accounts
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|a| field(a, &["name"]) == HOSTILE_ACCOUNT_NAME)
        })
        .expect("the hostile account, its name exactly as sent");
    let account_id = field(hostile_account, &["id"]).to_owned();
    let account_lines = safe_output(&lab, &["accounts"]);
    assert_eq!(
        account_lines.lines().count(),
        accounts.as_array().map_or(0, Vec::len)
    );

    let chats = json(&lab, &["chats", "--account", &account_id, "--json"]);
    let chats = chats.as_array().expect("a list of chats");
    let chat_lines = safe_output(&lab, &["chats", "--account", &account_id]);
    assert_eq!(
        chat_lines.lines().count(),
        chats.len(),
        "one line per chat, whatever the names hold"
    );

    for sample in hostile::corpus() {
        let text = sample.text.as_ref();
        let chat = chats
            .iter()
            .find(|c| c.get("name").and_then(Value::as_str) == Some(text))
            .unwrap_or_else(|| panic!("{}: the chat's name was changed", sample.name));
        assert_eq!(
            field(chat, &["last_message", "text"]),
            text,
            "{}",
            sample.name
        );
        assert_eq!(
            field(chat, &["last_message", "sender_name"]),
            text,
            "{}",
            sample.name
        );

        let id = field(chat, &["id"]);
        let messages = json(&lab, &["messages", id, "--json"]);
        let [theirs, reply, file] = messages.as_array().map(Vec::as_slice).unwrap_or_default()
        else {
            panic!("{}: three messages expected in {messages}", sample.name);
        };
        assert_eq!(field(theirs, &["text"]), text, "{}", sample.name);
        assert_eq!(field(theirs, &["sender_name"]), text, "{}", sample.name);
        assert_eq!(
            theirs["reactions"][0]["value"].as_str(),
            Some(text),
            "{}",
            sample.name
        );
        assert_eq!(field(reply, &["quoted", "text"]), text, "{}", sample.name);
        assert_eq!(field(file, &["text"]), text, "{}", sample.name);
        assert_eq!(
            file["attachments"][0]["file_name"].as_str(),
            Some(format!("{text}.pdf").as_str()),
            "{}",
            sample.name
        );
        let printed = safe_output(&lab, &["messages", id]);
        // Three headers; a body keeps its own line breaks and gains no other.
        let headers = printed.lines().filter(|l| l.starts_with('[')).count();
        assert_eq!(headers, 3, "{}: {printed}", sample.name);
    }
}

#[test]
fn the_audit_log_prints_server_error_text_safely() {
    let lab = Lab::hostile();
    assert_success(&lab.cli(&["sync"]));
    let detail = format!(
        "not sent: {HOSTILE_TITLE_PREFIX}Something went wrong.: {HOSTILE_DETAIL_PREFIX}simulated"
    );
    let store = Store::open(&lab.cache()).expect("the cache opens");
    let event = AuditEvent {
        account_id: Some(AccountId::new("acc\u{1b}]0;x\u{7}")),
        chat_id: Some(ChatId::new("chat\u{9b}2J")),
        action: "send\u{202e}".to_owned(),
        outbox_id: None,
        digest: None,
        outcome: AuditOutcome::Failed,
        detail: Some(detail.clone()),
    };
    store
        .call_blocking(move |db| db.audit(&event))
        .expect("the audit line is written");
    drop(store);

    let lines = safe_output(&lab, &["audit"]);
    assert_eq!(lines.lines().count(), 1, "{lines}");
    assert!(lines.contains("unibox: all good"), "{lines}");
    let log = json(&lab, &["audit", "--json"]);
    assert_eq!(log[0]["detail"].as_str(), Some(detail.as_str()));
    assert_eq!(log[0]["chat_id"].as_str(), Some("chat\u{9b}2J"));
}

#[test]
fn a_hostile_server_error_is_one_safe_line() {
    let lab = Lab::hostile();
    lab.server.faults().update(|f| f.error_rate = 1.0);
    let output = lab.cli(&["sync"]);
    let line = one_line_failure(&output, 1);
    assert!(
        !line.trim_end().chars().any(is_unsafe),
        "{line:?} is not safe for a terminal"
    );
    assert!(
        line.contains("␛]0;pwned␇␛[2J␦31m⇆Something went wrong."),
        "{line}"
    );
    assert!(line.contains("unibox: all good"), "{line}");
}
