//! `unibox sandbox --port 0` serves the sandbox on a free port and says where and with which
//! key; another unibox can sync from it.

use crate::cli_support;

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};

use cli_support::{Home, assert_success, run, stdout};

#[tokio::test]
async fn the_sandbox_prints_its_url_and_key_and_serves_a_sync() {
    let home = Home::new();
    let mut command = home.unibox();
    let mut sandbox = command
        .args(["sandbox", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(sandbox.stdout.take().unwrap()).lines();
    let (mut url, mut key) = (None, None);
    while url.is_none() || key.is_none() {
        let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("the sandbox speaks in time")
            .unwrap()
            .expect("the sandbox is still running");
        if let Some(found) = line.strip_prefix("API base URL: ") {
            url = Some(found.to_owned());
        }
        if let Some(found) = line.strip_prefix("API key: ") {
            key = Some(found.to_owned());
        }
    }
    let (url, key) = (url.unwrap(), key.unwrap());
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!url.ends_with(":0/api/v1"), "{url}");

    let client = Home::new();
    let mut sync = client.unibox();
    sync.env("UNIBOX_API_KEY", &key);
    let output = run(sync, &["sync", "--dsn", &url]).await;
    assert_success(&output);
    assert!(
        stdout(&output)
            .lines()
            .last()
            .is_some_and(|summary| summary.starts_with("Synced 4 accounts")),
        "{}",
        stdout(&output)
    );

    sandbox.start_kill().unwrap();
    sandbox.wait().await.unwrap();
}
