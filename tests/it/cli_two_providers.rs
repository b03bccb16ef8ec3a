//! One inbox over two providers, from the command line: with Unipile's DSN and key and Late's
//! URL and key both set, `unibox sync` fills one cache with the accounts and chats of both, and
//! every row says which provider holds it; with only Late's, Unipile is not needed.

use std::collections::BTreeSet;

use serde_json::Value;
use unibox::provider::late::{ConversationRef, account_id};
use unibox_sandbox::late::{LateSandbox, LateSandboxConfig};

use crate::cli_support::{Home, assert_success, run, stdout};
use crate::sync_support::sandbox;

async fn late_sandbox() -> LateSandbox {
    LateSandbox::start(LateSandboxConfig {
        port: 0,
        ..LateSandboxConfig::default()
    })
    .await
    .expect("the Late sandbox starts")
}

async fn json(home: &Home, args: &[&str]) -> Value {
    let output = run(home.unibox(), args).await;
    assert_success(&output);
    serde_json::from_slice(&output.stdout).expect("the output is JSON")
}

/// `(id, provider)` of every listed row.
fn rows(listed: &Value) -> BTreeSet<(String, String)> {
    listed
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap_or_default().to_owned(),
                row["provider"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn late_chats(late: &LateSandbox) -> BTreeSet<(String, String)> {
    late.conversations()
        .into_iter()
        .map(|c| {
            let id = ConversationRef::new(&c.account_id, &c.id).chat_id();
            (id.as_str().to_owned(), "late".to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_sync_fills_one_cache_from_both_providers() {
    let (unipile, late) = (sandbox().await, late_sandbox().await);
    let home = Home::new();
    let mut command = home.unibox_for(&unipile);
    command
        .env("UNIBOX_LATE_URL", late.base_url())
        .env("UNIBOX_LATE_API_KEY", late.api_key());
    let output = run(command, &["sync"]).await;
    assert_success(&output);

    let accounts = rows(&json(&home, &["accounts", "--json"]).await);
    for account in late.accounts() {
        let id = account_id(&account.id).as_str().to_owned();
        assert!(
            accounts.contains(&(id.clone(), "late".to_owned())),
            "{id} missing from {accounts:?}"
        );
    }
    let unipile_accounts: BTreeSet<(String, String)> = unipile
        .state()
        .accounts()
        .into_iter()
        .map(|a| (a.id.0, "unipile".to_owned()))
        .collect();
    assert!(unipile_accounts.is_subset(&accounts), "{accounts:?}");

    let chats = rows(&json(&home, &["chats", "--json"]).await);
    let expected_late = late_chats(&late);
    assert!(!expected_late.is_empty());
    let listed_late: BTreeSet<_> = chats.iter().filter(|c| c.1 == "late").cloned().collect();
    assert_eq!(listed_late, expected_late);
    let unipile_chats = chats.iter().filter(|c| c.1 == "unipile").count();
    assert_eq!(unipile_chats, unipile.state().chats().len());

    // The messages of a Late conversation came with the first sync: a provider without
    // account-wide people lists is not skipped for it.
    // (One whose history fits the first sync's page, so every message is expected.)
    let conversation = late
        .conversations()
        .into_iter()
        .filter(|c| late.messages(&c.id).len() < 100)
        .max_by_key(|c| late.messages(&c.id).len())
        .expect("a conversation");
    let chat = ConversationRef::new(&conversation.account_id, &conversation.id).chat_id();
    let messages = json(
        &home,
        &["messages", chat.as_str(), "--limit", "500", "--json"],
    )
    .await;
    let listed = messages.as_array().expect("an array").len();
    assert!(listed > 0);
    assert_eq!(listed, late.messages(&conversation.id).len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn late_alone_needs_no_unipile_server() {
    let late = late_sandbox().await;
    let home = Home::new();
    let mut command = home.unibox();
    command
        .env("UNIBOX_LATE_URL", late.base_url())
        .env("UNIBOX_LATE_API_KEY", late.api_key());
    let output = run(command, &["sync"]).await;
    assert_success(&output);
    assert!(stdout(&output).contains("Synced"), "{}", stdout(&output));
    let chats = rows(&json(&home, &["chats", "--json"]).await);
    assert_eq!(chats, late_chats(&late));
}
