//! `unibox webhooks register | list | remove` with Late configured, run as the real binary
//! against the Late sandbox: one signed webhook posting to `/late` after a yes only, never in
//! read-only mode, its secret kept owner-only beside Unipile's and out of every output.

use crate::cli_support::{Home, assert_success, one_line_failure, run, stderr, stdout};
use crate::sync_support::sandbox;

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::{Output, Stdio};

use chrono::{TimeZone, Utc};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;
use unibox::cli::EXIT_CONFIG;
use unibox::listen::LATE_EVENTS;
use unibox_sandbox::late::{LateSandbox, LateSandboxConfig};

const URL: &str = "https://hooks.example.com/unipile";
const LATE_URL: &str = "https://hooks.example.com/late";

fn late_secret_file(home: &Home) -> PathBuf {
    home.root().join("data/unibox/webhook-secret-late")
}

async fn late_sandbox() -> LateSandbox {
    LateSandbox::start(LateSandboxConfig {
        anchor: Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap(),
        ..LateSandboxConfig::default()
    })
    .await
    .unwrap()
}

/// `unibox` with Late alone configured.
fn unibox_for_late(home: &Home, late: &LateSandbox) -> Command {
    let mut command = home.unibox();
    command
        .env("UNIBOX_LATE_URL", late.base_url())
        .env("UNIBOX_LATE_API_KEY", late.api_key());
    command
}

fn settings_writes(late: &LateSandbox, method: &str) -> usize {
    late.writes()
        .iter()
        .filter(|w| w.method == method && w.path.starts_with("/api/v1/webhooks/settings"))
        .count()
}

async fn run_typing(mut command: Command, args: &[&str], input: &str) -> Output {
    command
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(input.as_bytes()).await;
    drop(stdin);
    child.wait_with_output().await.unwrap()
}

#[tokio::test]
async fn register_with_yes_posts_one_signed_late_webhook_to_the_late_route() {
    let late = late_sandbox().await;
    let home = Home::new();
    let output = run(
        unibox_for_late(&home, &late),
        &["webhooks", "register", "--url", URL, "--yes"],
    )
    .await;
    assert_success(&output);

    assert_eq!(settings_writes(&late, "POST"), 1);
    let hooks = late.webhooks();
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].url, LATE_URL);
    assert_eq!(hooks[0].name, "unibox");
    assert_eq!(hooks[0].events, LATE_EVENTS.map(str::to_owned).to_vec());
    let path = late_secret_file(&home);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let secret = std::fs::read_to_string(&path).unwrap().trim().to_owned();
    assert_eq!(hooks[0].secret.as_deref(), Some(secret.as_str()));
    // Unipile is not configured: its secret is not made.
    assert!(!home.root().join("data/unibox/webhook-secret").exists());

    let listed = run(unibox_for_late(&home, &late), &["webhooks", "list"]).await;
    assert_success(&listed);
    assert!(
        stdout(&listed).contains(&hooks[0].id),
        "{}",
        stdout(&listed)
    );
    assert!(stdout(&listed).contains(LATE_URL));
    for shown in [&output, &listed] {
        assert!(!stdout(shown).contains(&secret));
        assert!(!stderr(shown).contains(&secret));
    }
    let log = std::fs::read_to_string(home.log()).unwrap_or_default();
    assert!(!log.contains(&secret), "the secret is in the log");
}

#[tokio::test]
async fn register_asks_first_and_only_a_yes_posts_to_late() {
    let late = late_sandbox().await;
    let home = Home::new();
    let args = ["webhooks", "register", "--url", URL];
    for refusal in ["n\n", "\n", ""] {
        let output = run_typing(unibox_for_late(&home, &late), &args, refusal).await;
        assert_success(&output);
        assert!(stderr(&output).contains(LATE_URL), "{}", stderr(&output));
        assert!(stderr(&output).contains("message.received"));
        assert!(stdout(&output).contains("Nothing registered."));
        assert_eq!(settings_writes(&late, "POST"), 0, "after {refusal:?}");
    }
    assert!(!late_secret_file(&home).exists());

    let output = run_typing(unibox_for_late(&home, &late), &args, "y\n").await;
    assert_success(&output);
    assert_eq!(settings_writes(&late, "POST"), 1);
}

#[tokio::test]
async fn read_only_mode_registers_and_removes_nothing_on_late() {
    let late = late_sandbox().await;
    let home = Home::new();
    for args in [
        &["--read-only", "webhooks", "register", "--url", URL, "--yes"][..],
        &["--read-only", "webhooks", "remove", "--yes"],
    ] {
        let output = run_typing(unibox_for_late(&home, &late), args, "y\n").await;
        let line = one_line_failure(&output, i32::from(EXIT_CONFIG));
        assert!(line.contains("read-only"), "{line}");
    }
    assert!(late.writes().is_empty());
    assert!(!late_secret_file(&home).exists());
}

#[tokio::test]
async fn with_both_providers_register_and_remove_cover_both() {
    let (unipile, late) = (sandbox().await, late_sandbox().await);
    let home = Home::new();
    let both = || {
        let mut command = home.unibox_for(&unipile);
        command
            .env("UNIBOX_LATE_URL", late.base_url())
            .env("UNIBOX_LATE_API_KEY", late.api_key());
        command
    };
    let registered = run(both(), &["webhooks", "register", "--url", URL, "--yes"]).await;
    assert_success(&registered);
    assert_eq!(unipile.webhooks().len(), 2);
    assert_eq!(late.webhooks().len(), 1);
    assert!(unipile.webhooks().iter().all(|h| h.request_url == URL));
    assert_eq!(late.webhooks()[0].url, LATE_URL);
    let unipile_secret =
        std::fs::read_to_string(home.root().join("data/unibox/webhook-secret")).unwrap();
    let late_secret = std::fs::read_to_string(late_secret_file(&home)).unwrap();
    assert_ne!(unipile_secret, late_secret);

    let kept = run_typing(both(), &["webhooks", "remove"], "n\n").await;
    assert_success(&kept);
    assert_eq!(settings_writes(&late, "DELETE"), 0);
    let removed = run(both(), &["webhooks", "remove", "--yes"]).await;
    assert_success(&removed);
    assert!(unipile.webhooks().is_empty());
    assert!(late.webhooks().is_empty());
    assert_eq!(settings_writes(&late, "DELETE"), 1);
}
