//! `unibox webhooks register | list | remove` and `unibox listen`, run as the real binary
//! against the sandbox: writes only after a yes, never in read-only mode, the secret kept
//! owner-only and out of every output; the sandbox's posts reach the cache of a running
//! `unibox listen`.

use crate::cli_support::{Home, assert_success, one_line_failure, run, stderr, stdout};
use crate::listen_support::writable_chat;
use crate::sync_support::sandbox;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::Command;
use unibox::cli::EXIT_CONFIG;
use unibox::provider::unipile::WEBHOOK_TOKEN_HEADER;
use unibox_sandbox::SandboxServer;

const URL: &str = "https://hooks.example.com/unipile";

fn secret_file(home: &Home) -> PathBuf {
    home.root().join("data/unibox/webhook-secret")
}

/// Writes the sandbox received with this method on the webhook routes.
fn webhook_writes(server: &SandboxServer, method: &str) -> usize {
    server
        .writes()
        .iter()
        .filter(|w| w.method == method && w.path.starts_with("/api/v1/webhooks"))
        .count()
}

/// Runs `command` with `args`, typing `input` on its standard input.
async fn run_typing(mut command: Command, args: &[&str], input: &str) -> Output {
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A program that refuses before asking never reads it: a broken pipe is no failure.
    let _ = stdin.write_all(input.as_bytes()).await;
    drop(stdin);
    child.wait_with_output().await.unwrap()
}

fn assert_secret_nowhere(home: &Home, output: &Output, secret: &str) {
    assert!(!stdout(output).contains(secret));
    assert!(!stderr(output).contains(secret));
    let log = std::fs::read_to_string(home.log()).unwrap_or_default();
    assert!(!log.contains(secret), "the secret is in the log");
}

#[tokio::test]
async fn register_with_yes_posts_one_webhook_per_source_carrying_an_owner_only_secret() {
    let server = sandbox().await;
    let home = Home::new();
    let output = run(
        home.unibox_for(&server),
        &["webhooks", "register", "--url", URL, "--yes"],
    )
    .await;
    assert_success(&output);

    assert_eq!(webhook_writes(&server, "POST"), 2);
    let hooks = server.webhooks();
    let sources: Vec<&str> = hooks.iter().map(|h| h.source.as_str()).collect();
    assert_eq!(sources, ["messaging", "account_status"]);
    let path = secret_file(&home);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let secret = std::fs::read_to_string(&path).unwrap().trim().to_owned();
    assert_eq!(secret.len(), 64);
    for hook in &hooks {
        assert_eq!(hook.request_url, URL);
        assert!(
            hook.headers
                .iter()
                .any(|(key, value)| key == WEBHOOK_TOKEN_HEADER && *value == secret)
        );
    }
    assert!(hooks[0].events.iter().any(|e| e == "message_received"));
    assert_secret_nowhere(&home, &output, &secret);

    // Listing shows them, never their headers.
    let listed = run(home.unibox_for(&server), &["webhooks", "list"]).await;
    assert_success(&listed);
    assert!(
        stdout(&listed).contains(&hooks[0].id),
        "{}",
        stdout(&listed)
    );
    assert_secret_nowhere(&home, &listed, &secret);
}

#[tokio::test]
async fn register_asks_first_and_only_a_yes_posts() {
    let server = sandbox().await;
    let home = Home::new();
    let args = ["webhooks", "register", "--url", URL];

    for refusal in ["n\n", "\n", "", "yep\n"] {
        let output = run_typing(home.unibox_for(&server), &args, refusal).await;
        assert_success(&output);
        assert!(stderr(&output).contains(URL), "{}", stderr(&output));
        assert!(stderr(&output).contains("message_received"));
        assert!(stdout(&output).contains("Nothing registered."));
        assert_eq!(webhook_writes(&server, "POST"), 0, "after {refusal:?}");
    }
    assert!(!secret_file(&home).exists());

    let output = run_typing(home.unibox_for(&server), &args, "y\n").await;
    assert_success(&output);
    assert_eq!(webhook_writes(&server, "POST"), 2);
}

#[tokio::test]
async fn read_only_mode_registers_and_removes_nothing() {
    let server = sandbox().await;
    let home = Home::new();
    for args in [
        &["--read-only", "webhooks", "register", "--url", URL, "--yes"][..],
        &["--read-only", "webhooks", "remove", "--yes"],
    ] {
        let output = run_typing(home.unibox_for(&server), args, "y\n").await;
        let line = one_line_failure(&output, i32::from(EXIT_CONFIG));
        assert!(line.contains("read-only"), "{line}");
    }
    assert!(server.writes().is_empty());
    assert!(!secret_file(&home).exists());
}

#[tokio::test]
async fn remove_deletes_unibox_webhooks_after_a_yes_only() {
    let server = sandbox().await;
    let home = Home::new();
    let registered = run(
        home.unibox_for(&server),
        &["webhooks", "register", "--url", URL, "--yes"],
    )
    .await;
    assert_success(&registered);

    let kept = run_typing(home.unibox_for(&server), &["webhooks", "remove"], "n\n").await;
    assert_success(&kept);
    assert_eq!(webhook_writes(&server, "DELETE"), 0);
    assert_eq!(server.webhooks().len(), 2);

    let removed = run(home.unibox_for(&server), &["webhooks", "remove", "--yes"]).await;
    assert_success(&removed);
    assert_eq!(webhook_writes(&server, "DELETE"), 2);
    assert!(server.webhooks().is_empty());
}

#[tokio::test]
async fn listen_without_a_secret_says_how_to_get_one() {
    let server = sandbox().await;
    let home = Home::new();
    let output = run(
        home.unibox_for(&server),
        &["listen", "--bind", "127.0.0.1:0"],
    )
    .await;
    let line = one_line_failure(&output, i32::from(EXIT_CONFIG));
    assert!(line.contains("webhooks register"), "{line}");
}

/// The message's text in the cache at `path`, once it is there.
fn cached_text(path: &Path, id: &str) -> Option<Option<String>> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("SELECT text FROM messages WHERE id = ?1", [id], |row| {
        row.get::<_, Option<String>>(0)
    })
    .optional()
    .ok()
    .flatten()
}

#[tokio::test]
async fn a_running_listen_writes_what_the_sandbox_posts_and_refuses_strangers() {
    let server = sandbox().await;
    let home = Home::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}/unipile");
    let registered = run(
        home.unibox_for(&server),
        &["webhooks", "register", "--url", &url, "--yes"],
    )
    .await;
    assert_success(&registered);

    let mut listen = home.unibox_for(&server);
    listen
        .args(["listen", "--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = listen.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .expect("listen started")
        .unwrap()
        .unwrap_or_default();
    assert!(
        first.starts_with("Listening for webhooks on http://127.0.0.1:"),
        "{first}"
    );

    let chat = writable_chat(&server);
    let id = server
        .try_inject_inbound(&chat, "Hello, is anyone there?")
        .unwrap();
    let arrived = async {
        loop {
            if let Some(text) = cached_text(&home.cache(), id.as_str()) {
                return text;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let text = tokio::time::timeout(Duration::from_secs(30), arrived)
        .await
        .expect("the message reached the cache");
    assert_eq!(text.as_deref(), Some("Hello, is anyone there?"));

    // A stranger's post is refused and logged (that it writes nothing is shown in
    // `listen_receiver`, where no sync runs beside it).
    let refused = reqwest::Client::new()
        .post(&url)
        .header(WEBHOOK_TOKEN_HEADER, "not-the-secret")
        .body(r#"{"event":"message_received","account_id":"a","chat_id":"c"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);

    child.start_kill().unwrap();
    let _ = child.wait().await;
    let secret = std::fs::read_to_string(secret_file(&home)).unwrap();
    let log = std::fs::read_to_string(home.log()).unwrap_or_default();
    assert!(log.contains("401"), "{log}");
    assert!(!log.contains(secret.trim()));
}
