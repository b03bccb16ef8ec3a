//! `unibox sync` as a script or a log sees it: progress lines before the summary (and a line
//! when the server makes it wait), the accounts it skipped named with why, and a cache it
//! cannot write reported once, as a cache problem.

use crate::cli_support;
use crate::sync_support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use unibox_sandbox::AccountStatus;

use cli_support::{Home, assert_success, one_line_failure, run, stdout};
use sync_support::{sandbox, sandbox_with};

#[tokio::test]
async fn without_a_terminal_sync_prints_progress_lines_then_the_summary() {
    let server = sandbox().await;
    let home = Home::new();
    let output = run(home.unibox_for(&server), &["sync"]).await;
    assert_success(&output);
    let printed = stdout(&output);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"First sync: fetching everything…"),
        "{printed}"
    );
    assert!(
        lines
            .iter()
            .any(|line| line.starts_with("  ") && line.contains(": chats ")),
        "{printed}"
    );
    assert!(
        lines
            .last()
            .is_some_and(|line| line.starts_with("Synced 4 accounts")),
        "{printed}"
    );
    assert!(output.stderr.is_empty(), "{output:?}");
}

#[tokio::test]
async fn a_sync_that_waits_on_a_429_says_so() {
    let server = sandbox_with(|_| {}).await;
    server.faults().update(|faults| {
        faults.rate_limited = 1;
        faults.retry_after_secs = Some(1);
    });
    let home = Home::new();
    let output = run(home.unibox_for(&server), &["sync"]).await;
    assert_success(&output);
    let printed = stdout(&output);
    assert!(
        printed.contains("the server asked unibox to slow down (429): waiting 1s before retrying"),
        "{printed}"
    );
}

#[tokio::test]
async fn skipped_accounts_are_named_with_the_reason() {
    let server = sandbox().await;
    let home = Home::new();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);
    let output = run(home.unibox_for(&server), &["sync", "--resync"]).await;
    assert_success(&output);
    let summary = stdout(&output);
    let summary = summary.lines().last().unwrap_or_default();
    assert!(summary.contains(", 2 accounts skipped ("), "{summary}");
    let not_connected: Vec<String> = server
        .state()
        .accounts()
        .into_iter()
        .filter(|account| account.status != AccountStatus::Ok)
        .map(|account| account.name)
        .collect();
    assert_eq!(not_connected.len(), 2);
    for name in not_connected {
        assert!(summary.contains(&format!("{name}: ")), "{name}: {summary}");
    }
}

/// Hands `root` to an unprivileged user when the tests run as root (root writes through any
/// file mode), and returns the uid to run unibox as.
fn unprivileged(root: &Path) -> Option<u32> {
    if rustix::process::geteuid().as_raw() != 0 {
        return None;
    }
    const NOBODY: u32 = 65534;
    let mut pending = vec![root.to_owned()];
    std::os::unix::fs::chown(root, Some(NOBODY), Some(NOBODY)).unwrap();
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            std::os::unix::fs::lchown(&path, Some(NOBODY), Some(NOBODY)).unwrap();
            if path.is_dir() && !path.is_symlink() {
                pending.push(path);
            }
        }
    }
    Some(NOBODY)
}

#[tokio::test]
async fn a_read_only_cache_is_reported_once_as_a_cache_problem() {
    let server = sandbox().await;
    let home = Home::new();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);
    // Something new to write.
    let chat = server.state().chats()[0].id.clone();
    server.inject_inbound(&chat, "a message the cache cannot take");
    std::fs::set_permissions(home.cache(), std::fs::Permissions::from_mode(0o400)).unwrap();
    let user = unprivileged(home.root());

    let mut command = home.unibox_for(&server);
    if let Some(uid) = user {
        command.uid(uid).gid(uid);
    }
    let output = run(command, &["sync"]).await;
    let line = one_line_failure(&output, 1);
    assert!(
        line.starts_with(&format!(
            "unibox: the cache at {} is read-only: ",
            home.cache().display()
        )),
        "{line}"
    );
    assert_eq!(line.matches("read-only").count(), 1, "{line}");
    assert!(!line.contains("cannot sync with"), "{line}");
}
