//! `unibox search` on a synced cache: the scope flags, the limit, a query that does not read,
//! and hostile text printed without anything a terminal would obey.

use crate::cli_support;
use crate::sync_support;

use serde_json::Value;

use cli_support::{Home, assert_success, one_line_failure, run, stdout};
use sync_support::sandbox;

async fn json(home: &Home, args: &[&str]) -> Vec<Value> {
    let output = run(home.unibox(), args).await;
    assert_success(&output);
    let value: Value = serde_json::from_slice(&output.stdout).expect("the output is JSON");
    value.as_array().expect("a list").clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scope_flags_and_the_limit_narrow_the_hits() {
    let server = sandbox().await;
    let home = Home::new();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);

    let everywhere = json(&home, &["search", "merci", "--limit", "200", "--json"]).await;
    let chats: std::collections::BTreeSet<&str> = everywhere
        .iter()
        .filter_map(|hit| hit["chat_id"].as_str())
        .collect();
    assert!(chats.len() > 1, "a common word is in several chats");
    let chat = *chats.iter().next().expect("a chat");
    let in_chat = json(&home, &["search", "merci", "--chat", chat, "--json"]).await;
    assert!(!in_chat.is_empty());
    assert!(in_chat.iter().all(|hit| hit["chat_id"] == chat));

    let account = everywhere[0]["account_id"].as_str().expect("an account");
    let in_account = json(&home, &["search", "merci", "--account", account, "--json"]).await;
    assert!(!in_account.is_empty());
    assert!(in_account.iter().all(|hit| hit["account_id"] == account));

    let one = json(&home, &["search", "merci", "--limit", "1", "--json"]).await;
    assert_eq!(one.len(), 1);
    assert_eq!(
        one[0]["message_id"], everywhere[0]["message_id"],
        "the newest"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_that_does_not_read_is_a_usage_error() {
    let server = sandbox().await;
    let home = Home::new();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);
    let output = run(home.unibox(), &["search", "merci", "before:soon"]).await;
    let line = one_line_failure(&output, 2);
    assert!(line.contains("2026-11-30"), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_text_is_printed_without_terminal_controls() {
    let server = sandbox().await;
    let home = Home::new();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);
    // The sandbox's spam chat: names and texts from the hostile corpus.
    let output = run(home.unibox(), &["search", "in:tnuocca", "--limit", "50"]).await;
    assert_success(&output);
    let text = stdout(&output);
    assert!(text.lines().count() >= 2, "{text}");
    let controls: Vec<char> = text
        .chars()
        .filter(|c| *c == '\u{1b}' || ('\u{80}'..='\u{9f}').contains(c) || *c == '\u{7}')
        .collect();
    assert!(controls.is_empty(), "{controls:?} in:\n{text}");
}
