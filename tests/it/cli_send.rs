//! `unibox send`, the real binary against both sandboxes: with `--yes` exactly one request and
//! one outbox entry (audited); without a terminal and without `--yes`, `n` at the prompt (in a
//! pty), read-only mode, or a Late chat whose 24-hour window is closed: no request at all, and
//! each with its own exit code.

use std::ffi::{OsStr, OsString};
use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tokio::runtime::Runtime;
use unibox::cli::{EXIT_NOT_CONFIRMED, EXIT_REFUSED};
use unibox::domain::ChatId;
use unibox::provider::late::ConversationRef;
use unibox::store::{OutboxAction, OutboxEntry, OutboxState, Store};
use unibox_sandbox::WriteRecord;
use unibox_sandbox::late::{LateSandbox, LateSandboxConfig};

use crate::cli_support::{one_line_failure, stderr, stdout};
use crate::e2e_support::{Inbox, Pty, SIZE, keys};

/// The Unipile sandbox of `Inbox`, a Late sandbox beside it, and one home configured for both.
struct Both {
    home: Inbox,
    late: LateSandbox,
    // Last: the sandbox stops before the runtime that serves it.
    _runtime: Runtime,
}

impl Both {
    /// Both sandboxes, and a cache filled by `unibox sync`.
    fn synced() -> Self {
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
        let both = Self {
            home: Inbox::start(),
            late,
            _runtime: runtime,
        };
        let synced = both.run(&["sync"], None);
        assert!(synced.status.success(), "{}", stderr(&synced));
        assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
        both
    }

    fn env(&self) -> Vec<(OsString, OsString)> {
        let mut env = self.home.env();
        env.push(("UNIBOX_LATE_URL".into(), self.late.base_url().into()));
        env.push(("UNIBOX_LATE_API_KEY".into(), self.late.api_key().into()));
        env
    }

    /// `unibox args…` to its end, stdin `input` (or nothing: not a terminal either way).
    fn run(&self, args: &[&str], input: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_unibox"))
            .args(self.home.args(args))
            .env_clear()
            .envs(self.env())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("unibox runs");
        let mut stdin = child.stdin.take().expect("stdin");
        if let Some(input) = input {
            stdin.write_all(input.as_bytes()).expect("write stdin");
        }
        drop(stdin);
        child.wait_with_output().expect("unibox ends")
    }

    /// `unibox args…` in a terminal.
    fn in_terminal(&self, args: &[&str]) -> Pty {
        let args = self.home.args(args);
        let args: Vec<&OsStr> = args.iter().map(OsString::as_os_str).collect();
        Pty::spawn(
            OsStr::new(env!("CARGO_BIN_EXE_unibox")),
            &args,
            self.env(),
            SIZE,
        )
    }

    /// A Unipile chat the demo data can reply into.
    fn unipile_chat(&self) -> ChatId {
        self.home.chat_named("Marie Dubois").id
    }

    /// A Late chat whose customer-service window is open or closed, as asked.
    fn late_chat(&self, window_open: bool) -> ChatId {
        let conversation = self
            .late
            .conversations()
            .into_iter()
            .find(|c| !c.archived && self.late.window_is_open(&c.id) == window_open)
            .expect("a conversation of that kind in the Late sandbox's data");
        ConversationRef::new(&conversation.account_id, &conversation.id).chat_id()
    }

    fn all_writes(&self) -> Vec<WriteRecord> {
        let mut writes = self.home.writes();
        writes.extend(self.late.writes());
        writes
    }

    fn outbox(&self, chat: &ChatId) -> Vec<OutboxEntry> {
        let store = Store::open(&self.home.cache()).expect("open the cache");
        let chat = chat.clone();
        store
            .call_blocking(move |db| db.outbox_for_chat(&chat))
            .expect("read the outbox")
    }

    fn audit(&self) -> Vec<Value> {
        let output = self.run(&["audit", "--json"], None);
        assert!(output.status.success(), "{}", stderr(&output));
        let rows: Value = serde_json::from_slice(&output.stdout).expect("JSON");
        rows.as_array().cloned().unwrap_or_default()
    }
}

fn sent_text(entry: &OutboxEntry) -> &str {
    match &entry.action {
        OutboxAction::Send { text, .. } => text,
        other => panic!("not a send: {other:?}"),
    }
}

/// Sends with `--yes` into `chat` and checks: one request carrying the text (and the outbox
/// entry's idempotency key where the provider keeps them, `keyed`), one outbox entry marked
/// sent with the server's message id, and the audit log saying so.
fn sends_once_with_yes(both: &Both, chat: &ChatId, text: &str, keyed: bool) {
    let output = both.run(&["send", chat.as_str(), "--text", text, "--yes"], None);
    assert!(
        output.status.success(),
        "{:?}\n{}",
        output.status,
        stderr(&output)
    );
    let writes = both.all_writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    assert_eq!(writes[0].method, "POST");
    assert!(
        format!("{:?}", writes[0].body).contains(text),
        "{:?}",
        writes[0].body
    );
    // Late keeps idempotency keys and gets the entry's; Unipile's contract has none.
    assert_eq!(
        writes[0]
            .idempotency_key
            .as_deref()
            .is_some_and(|k| !k.is_empty()),
        keyed,
        "{:?}",
        writes[0]
    );
    let outbox = both.outbox(chat);
    assert_eq!(outbox.len(), 1, "{outbox:#?}");
    let entry = &outbox[0];
    assert_eq!(entry.state, OutboxState::Sent, "{entry:?}");
    assert_eq!(sent_text(entry), text);
    let message = entry
        .server_message_id
        .as_ref()
        .expect("the server's message id is kept");
    let said = stdout(&output);
    assert!(said.contains(&format!("sent: message {message}")), "{said}");
    assert!(said.contains(&format!("outbox #{}", entry.id)), "{said}");
    let audit = both.audit();
    assert!(
        audit
            .iter()
            .any(|row| row["outbox_id"] == entry.id.0 && row["outcome"] == "sent"),
        "{audit:#?}"
    );
}

#[test]
fn with_yes_a_unipile_chat_gets_exactly_one_request_and_one_outbox_entry() {
    let both = Both::synced();
    let chat = both.unipile_chat();
    sends_once_with_yes(&both, &chat, "Votre commande est prête", false);
}

#[test]
fn with_yes_a_late_chat_in_its_window_gets_exactly_one_request_and_one_outbox_entry() {
    let both = Both::synced();
    let chat = both.late_chat(true);
    sends_once_with_yes(&both, &chat, "Your order ships tonight", true);
}

#[test]
fn the_text_may_come_from_stdin() {
    let both = Both::synced();
    let chat = both.unipile_chat();
    let output = both.run(
        &["send", chat.as_str(), "--text", "-", "--yes"],
        Some("Deux lignes\net la seconde\n"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let outbox = both.outbox(&chat);
    assert_eq!(outbox.len(), 1, "{outbox:#?}");
    assert_eq!(sent_text(&outbox[0]), "Deux lignes\net la seconde");
    assert_eq!(both.all_writes().len(), 1);
}

#[test]
fn without_a_terminal_and_without_yes_nothing_is_sent() {
    let both = Both::synced();
    for chat in [both.unipile_chat(), both.late_chat(true)] {
        let output = both.run(&["send", chat.as_str(), "--text", "hello"], None);
        let line = one_line_failure_after_summary(&output, EXIT_NOT_CONFIRMED);
        assert!(line.contains("--yes"), "{line}");
        assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
        assert!(both.outbox(&chat).is_empty());
    }
    // Without a prompt, nothing was asked of stdin either: a piped "y" is not a yes.
    let chat = both.unipile_chat();
    let output = both.run(&["send", chat.as_str(), "--text", "hello"], Some("y\n"));
    assert_eq!(output.status.code(), Some(i32::from(EXIT_NOT_CONFIRMED)));
    assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
}

#[test]
fn no_at_the_prompt_sends_nothing_and_yes_sends_once() {
    let both = Both::synced();
    let chat = both.unipile_chat();
    let mut terminal = both.in_terminal(&["send", chat.as_str(), "--text", "À demain"]);
    let shown = terminal.wait_for_output("Send? [y/N]");
    assert!(
        shown.contains("À demain") && shown.contains("Marie Dubois"),
        "{shown}"
    );
    terminal.answer(&format!("n{}", keys::ENTER));
    let status = terminal.wait_exit();
    let written = String::from_utf8_lossy(&terminal.raw_output()).into_owned();
    assert_eq!(
        status.code(),
        Some(i32::from(EXIT_NOT_CONFIRMED)),
        "{written}"
    );
    assert!(written.contains("cancelled: nothing was sent"), "{written}");
    assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
    assert!(both.outbox(&chat).is_empty());

    let late_chat = both.late_chat(true);
    let mut terminal = both.in_terminal(&["send", late_chat.as_str(), "--text", "See you"]);
    terminal.wait_for_output("Send? [y/N]");
    terminal.answer(&format!("y{}", keys::ENTER));
    let status = terminal.wait_exit();
    let written = String::from_utf8_lossy(&terminal.raw_output()).into_owned();
    assert_eq!(status.code(), Some(0), "{written}");
    assert!(written.contains("sent: message"), "{written}");
    assert_eq!(both.all_writes().len(), 1, "{:#?}", both.all_writes());
    assert_eq!(both.outbox(&late_chat).len(), 1);
}

#[test]
fn read_only_mode_refuses_before_any_request() {
    let both = Both::synced();
    let requests_before = both.home.requests().len() + both.late.requests().len();
    for chat in [both.unipile_chat(), both.late_chat(true)] {
        let output = both.run(
            &[
                "--read-only",
                "send",
                chat.as_str(),
                "--text",
                "hello",
                "--yes",
            ],
            None,
        );
        let line = one_line_failure(&output, i32::from(EXIT_REFUSED));
        assert!(line.contains("read-only"), "{line}");
        assert!(both.outbox(&chat).is_empty());
    }
    // Not a write, and not even a read: nothing reached either server.
    assert_eq!(
        both.home.requests().len() + both.late.requests().len(),
        requests_before
    );
    both.home.write_config("config.toml", "read_only = true\n");
    let chat = both.unipile_chat();
    let output = both.run(&["send", chat.as_str(), "--text", "hello", "--yes"], None);
    one_line_failure(&output, i32::from(EXIT_REFUSED));
    assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
}

#[test]
fn a_late_chat_whose_window_is_closed_refuses_free_text_before_any_request() {
    let both = Both::synced();
    let chat = both.late_chat(false);
    let output = both.run(&["send", chat.as_str(), "--text", "hello", "--yes"], None);
    let line = one_line_failure(&output, i32::from(EXIT_REFUSED));
    assert!(line.contains("24-hour window is closed"), "{line}");
    assert!(both.all_writes().is_empty(), "{:#?}", both.all_writes());
    assert!(both.outbox(&chat).is_empty());
    assert!(both.audit().is_empty(), "{:#?}", both.audit());
}

#[test]
fn a_file_goes_as_one_upload_and_a_chat_not_cached_is_named() {
    let both = Both::synced();
    let chat = both.unipile_chat();
    let file = both.home.user_file("menu.pdf", 3000);
    let path = file.to_str().expect("a UTF-8 path");
    let output = both.run(&["send", chat.as_str(), "--file", path, "--yes"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("menu.pdf (2.9 KB)"),
        "{}",
        stderr(&output)
    );
    let writes = both.all_writes();
    assert_eq!(writes.len(), 1, "{writes:#?}");
    assert!(format!("{:?}", writes[0].body).contains("menu.pdf"));

    let output = both.run(&["send", "no-such-chat", "--text", "hi", "--yes"], None);
    let line = one_line_failure(&output, 1);
    assert!(line.contains("no chat no-such-chat"), "{line}");
    let missing = both.run(
        &[
            "send",
            chat.as_str(),
            "--file",
            "/nonexistent/x.pdf",
            "--yes",
        ],
        None,
    );
    one_line_failure(&missing, i32::from(EXIT_REFUSED));
    assert_eq!(both.all_writes().len(), 1);
}

/// The summary of what would be sent comes first on stderr, then exactly one `unibox:` line.
fn one_line_failure_after_summary(output: &Output, code: u8) -> String {
    assert_eq!(
        output.status.code(),
        Some(i32::from(code)),
        "{}",
        stderr(output)
    );
    let err = stderr(output);
    let failures: Vec<&str> = err.lines().filter(|l| l.starts_with("unibox: ")).collect();
    assert_eq!(failures.len(), 1, "{err}");
    assert!(err.starts_with("To:"), "{err}");
    failures[0].to_owned()
}
