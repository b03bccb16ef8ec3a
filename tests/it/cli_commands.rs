//! The real binary: `unibox sync` fills the cache, and `accounts`, `chats`, `messages` and
//! `audit` print it as JSON that is the data exactly, or as text with nothing a terminal would
//! obey.

use crate::cli_support;
use crate::sync_support;

use std::collections::BTreeSet;

use serde_json::Value;
use unibox_sandbox::{ChatRecord, SandboxServer};

use cli_support::{Home, assert_success, one_line_failure, run, stdout};
use sync_support::{chat_named, sandbox};

async fn synced(server: &SandboxServer) -> Home {
    let home = Home::new();
    let output = run(home.unibox_for(server), &["sync"]).await;
    assert_success(&output);
    assert!(
        stdout(&output)
            .lines()
            .last()
            .is_some_and(|summary| summary.starts_with("Synced 4 accounts")),
        "{}",
        stdout(&output)
    );
    home
}

async fn json(home: &Home, args: &[&str]) -> Value {
    let output = run(home.unibox(), args).await;
    assert_success(&output);
    serde_json::from_slice(&output.stdout).expect("the output is JSON")
}

fn spam_chat(server: &SandboxServer) -> ChatRecord {
    server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.name.as_deref().is_some_and(|n| n.contains("tnuoccA")))
        .expect("the sandbox's spam chat")
}

/// Bytes a terminal would act on: ESC, and C1 controls (U+0080–U+009F) in any encoding.
fn terminal_controls(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut found: Vec<String> = text
        .chars()
        .filter(|c| *c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    if bytes.contains(&0x1b) {
        found.push("byte 0x1B".into());
    }
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chats_json_lists_every_chat_of_every_account() {
    let server = sandbox().await;
    let home = synced(&server).await;

    let chats = json(&home, &["chats", "--json"]).await;
    let chats = chats.as_array().expect("an array");
    let listed: BTreeSet<(String, String)> = chats
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["account_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = server
        .state()
        .chats()
        .into_iter()
        .map(|c| (c.id.0, c.account_id.0))
        .collect();
    assert_eq!(listed, expected);
    for field in [
        "name",
        "kind",
        "timestamp",
        "unread_count",
        "archived",
        "muted",
        "last_message",
        "provider",
        "channel",
    ] {
        assert!(chats.iter().all(|c| c.get(field).is_some()), "{field}");
    }

    let karim = chat_named(&server, "Karim Benali");
    let of_one_account = json(
        &home,
        &[
            "chats",
            "--json",
            "--unread",
            "--account",
            karim.account_id.as_str(),
        ],
    )
    .await;
    let unread: BTreeSet<&str> = of_one_account
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let expected: BTreeSet<String> = server
        .state()
        .chats()
        .into_iter()
        .filter(|c| c.account_id == karim.account_id && c.unread_count > 0)
        .map(|c| c.id.0)
        .collect();
    assert_eq!(unread, expected.iter().map(String::as_str).collect());

    let accounts = json(&home, &["accounts", "--json"]).await;
    let statuses: BTreeSet<(String, String)> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap().to_owned(),
                a["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = server
        .state()
        .accounts()
        .into_iter()
        .map(|a| (a.id.0, a.status.as_str().to_owned()))
        .collect();
    assert_eq!(statuses, expected);
    // Every account of the sandbox is Unipile's; each says so, with its type.
    for account in accounts.as_array().unwrap() {
        assert_eq!(account["provider"], "unipile", "{account}");
        assert!(account["channel"].is_string(), "{account}");
    }
    for chat in chats {
        assert_eq!(chat["provider"], "unipile", "{chat}");
        assert!(chat["channel"].is_string(), "{chat}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_json_is_the_chats_newest_messages_oldest_first_exactly_as_received() {
    let server = sandbox().await;
    let home = synced(&server).await;
    for chat in [chat_named(&server, "Karim Benali"), spam_chat(&server)] {
        let printed = json(
            &home,
            &["messages", chat.id.as_str(), "--json", "--limit", "30"],
        )
        .await;
        let printed = printed.as_array().unwrap();
        let history = server.state().messages(&chat.id);
        let expected = &history[history.len().saturating_sub(30)..];
        assert_eq!(printed.len(), expected.len());
        for (shown, message) in printed.iter().zip(expected) {
            assert_eq!(shown["id"].as_str(), Some(message.id.as_str()));
            assert_eq!(shown["text"].as_str(), message.text.as_deref());
            assert_eq!(shown["is_sender"].as_bool(), Some(message.is_sender));
            assert_eq!(shown["provider"], "unipile");
            assert_eq!(shown["channel"], "WHATSAPP");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_spam_chat_reaches_stdout_without_escapes_or_c1_controls() {
    let server = sandbox().await;
    let home = synced(&server).await;
    let spam = spam_chat(&server);
    assert!(
        server
            .state()
            .messages(&spam.id)
            .iter()
            .any(|m| m.text.as_deref().is_some_and(|t| t.contains('\u{1b}'))),
        "the spam chat should be hostile"
    );

    for args in [
        vec!["messages", spam.id.as_str()],
        vec!["messages", spam.id.as_str(), "--json"],
        vec!["chats"],
        vec!["chats", "--json"],
        vec!["accounts"],
    ] {
        let output = run(home.unibox(), &args).await;
        assert_success(&output);
        assert!(!output.stdout.is_empty(), "{args:?} printed nothing");
        assert_eq!(
            terminal_controls(&output.stdout),
            Vec::<String>::new(),
            "{args:?}"
        );
    }
    let text = stdout(&run(home.unibox(), &["messages", spam.id.as_str()]).await);
    assert!(text.contains("YOUR ACCOUNT IS SUSPENDED"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_log_of_a_cache_that_never_sent_is_empty() {
    let server = sandbox().await;
    let home = synced(&server).await;
    assert_eq!(
        json(&home, &["audit", "--json"]).await,
        Value::Array(vec![])
    );
    let output = run(home.unibox(), &["audit"]).await;
    assert_success(&output);
    assert_eq!(stdout(&output), "nothing was sent from this cache yet\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_cli_sync_writes_nothing() {
    let server = sandbox().await;
    let home = synced(&server).await;
    let output = run(home.unibox_for(&server), &["sync"]).await;
    assert_success(&output);
    assert!(
        stdout(&output).contains("(0 written), 0 messages received (0 written)"),
        "{}",
        stdout(&output)
    );
}

/// Provider ids may begin with `-` (`-PPLUEh…`): the real binary takes them as ids, without
/// `--`, wherever a command takes one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_that_begin_with_a_hyphen_reach_the_command() {
    let server = sandbox().await;
    let home = synced(&server).await;

    let output = run(home.unibox(), &["messages", "-PPLUEh9xQ2", "--limit", "5"]).await;
    assert_eq!(
        one_line_failure(&output, 1),
        "unibox: no chat -PPLUEh9xQ2 in the cache; `unibox chats` lists them\n"
    );

    let output = run(
        home.unibox(),
        &["chats", "--account", "-PPLUEh9xQ2", "--json"],
    )
    .await;
    assert_eq!(
        one_line_failure(&output, 1),
        "unibox: no account -PPLUEh9xQ2 in the cache; `unibox accounts` lists them\n"
    );
}
