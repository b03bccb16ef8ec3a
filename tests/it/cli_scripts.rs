//! The commands for scripts: `export` writes a whole chat from the cache (raw JSON lines, or
//! sanitised text), `completions` and `man` are generated from the command line itself.

use crate::cli_support;
use crate::sync_support;

use serde_json::Value;
use unibox_sandbox::SandboxServer;

use cli_support::{Home, assert_success, run, stdout};
use sync_support::{chat_named, sandbox};

async fn synced(server: &SandboxServer) -> Home {
    let home = Home::new();
    assert_success(&run(home.unibox_for(server), &["sync"]).await);
    home
}

fn spam_chat(server: &SandboxServer) -> unibox_sandbox::ChatRecord {
    server
        .state()
        .chats()
        .into_iter()
        .find(|c| c.name.as_deref().is_some_and(|n| n.contains("tnuoccA")))
        .expect("the sandbox's spam chat")
}

fn has_terminal_controls(bytes: &[u8]) -> bool {
    bytes.contains(&0x1b)
        || String::from_utf8_lossy(bytes)
            .chars()
            .any(|c| ('\u{80}'..='\u{9f}').contains(&c))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_jsonl_is_every_cached_message_one_per_line_exactly_as_received() {
    let server = sandbox().await;
    let home = synced(&server).await;
    for chat in [chat_named(&server, "Karim Benali"), spam_chat(&server)] {
        let output = run(
            home.unibox(),
            &["export", chat.id.as_str(), "--format", "jsonl"],
        )
        .await;
        assert_success(&output);
        assert!(!has_terminal_controls(&output.stdout));
        let lines: Vec<Value> = stdout(&output)
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is one JSON object"))
            .collect();
        // Every message the cache holds (more than `messages` shows by default), the newest
        // of the server's history, in order.
        let cached = run(
            home.unibox(),
            &[
                "messages",
                chat.id.as_str(),
                "--json",
                "--limit",
                "4294967295",
            ],
        )
        .await;
        assert_success(&cached);
        let cached: Value = serde_json::from_slice(&cached.stdout).unwrap();
        assert_eq!(lines.len(), cached.as_array().unwrap().len());
        let history = server.state().messages(&chat.id);
        if history.len() > 50 {
            assert!(lines.len() > 50, "not a page: {}", lines.len());
        }
        let expected = &history[history.len() - lines.len()..];
        for (shown, message) in lines.iter().zip(expected) {
            assert_eq!(shown["id"].as_str(), Some(message.id.as_str()));
            assert_eq!(shown["text"].as_str(), message.text.as_deref());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_txt_is_the_thread_as_text_with_nothing_a_terminal_would_obey() {
    let server = sandbox().await;
    let home = synced(&server).await;
    let spam = spam_chat(&server);
    let output = run(home.unibox(), &["export", spam.id.as_str()]).await;
    assert_success(&output);
    assert!(
        !has_terminal_controls(&output.stdout),
        "{}",
        stdout(&output)
    );

    let karim = chat_named(&server, "Karim Benali");
    let output = run(
        home.unibox(),
        &["export", karim.id.as_str(), "--format", "txt"],
    )
    .await;
    assert_success(&output);
    let text = stdout(&output);
    assert!(text.starts_with("── Karim Benali"), "{text}");
    // The oldest cached message is there, past the 50 `messages` prints by default.
    let oldest = run(
        home.unibox(),
        &["export", karim.id.as_str(), "--format", "jsonl"],
    )
    .await;
    let oldest: Value = serde_json::from_str(stdout(&oldest).lines().next().unwrap()).unwrap();
    let first_words: String = oldest["text"].as_str().unwrap().chars().take(20).collect();
    assert!(
        text.contains(&first_words),
        "the oldest message is there:\n{text}"
    );

    let unknown = run(home.unibox(), &["export", "no-such-chat"]).await;
    assert!(!unknown.status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completions_and_the_manual_are_generated_for_every_command() {
    let home = Home::new();
    for (shell, marker) in [
        ("bash", "_unibox()"),
        ("zsh", "#compdef unibox"),
        ("fish", "complete -c unibox"),
    ] {
        let output = run(home.unibox(), &["completions", shell]).await;
        assert_success(&output);
        let script = stdout(&output);
        assert!(script.contains(marker), "{shell}:\n{script}");
        for command in ["export", "messages", "completions", "send", "--yes"] {
            assert!(script.contains(command), "{shell} misses {command}");
        }
    }
    let output = run(home.unibox(), &["man"]).await;
    assert_success(&output);
    let page = stdout(&output);
    assert!(page.contains(".TH unibox"), "{page}");
    assert!(page.contains("export"), "{page}");
    assert!(page.contains("Send a message into a cached chat"), "{page}");
    let refused = run(home.unibox(), &["completions", "cmd.exe"]).await;
    assert!(!refused.status.success());
}
