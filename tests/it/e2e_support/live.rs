//! A real `unibox listen` beside the inbox in a terminal: registered with the providers by
//! `unibox webhooks register`, as a user would set it up, for the live e2e tests and the soak.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use unibox_sandbox::{AccountStatus, ChatRecord, ChatType};

use super::Inbox;

/// `unibox webhooks register --url http://127.0.0.1:PORT --yes` with `env`, then `unibox listen
/// --bind` on that port, once it says where it listens. Every provider `env` configures posts
/// to it.
pub fn start_listen(inbox: &Inbox, env: &[(OsString, OsString)], route: &str) -> Child {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|socket| socket.local_addr())
        .expect("a free port")
        .port();
    let unibox = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_unibox"));
        command
            .args(inbox.args(args))
            .env_clear()
            .envs(env.iter().cloned())
            .stdin(Stdio::null());
        command
    };
    let url = format!("http://127.0.0.1:{port}");
    let registered = unibox(&["webhooks", "register", "--url", &url, "--yes"])
        .output()
        .expect("register runs");
    assert!(registered.status.success(), "{registered:?}");
    assert!(!inbox.server.webhooks().is_empty());

    let mut listen = unibox(&["listen", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("listen starts");
    let mut first = String::new();
    if let Some(stdout) = listen.stdout.take() {
        BufReader::new(stdout)
            .read_line(&mut first)
            .expect("listen says where it listens");
    }
    assert!(first.contains(route), "{first}");
    listen
}

/// The one-to-one chats a customer can write into (not archived, not read-only, of a connected
/// account), newest first: their chat-list preview starts with the text, no sender's name
/// before it.
pub fn customer_chats(inbox: &Inbox) -> Vec<ChatRecord> {
    let accounts = inbox.server.state().accounts();
    inbox
        .listed(None, false)
        .into_iter()
        .filter(|chat| {
            chat.chat_type == ChatType::Single
                && chat.read_only == 0
                && accounts
                    .iter()
                    .any(|a| a.id == chat.account_id && a.status == AccountStatus::Ok)
        })
        .collect()
}
