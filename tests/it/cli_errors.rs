//! The real binary when something is wrong: one line on stderr naming the fix, exit code 2 for
//! usage and configuration, 1 for failures while running; never a panic. And its log: a
//! private file, never the screen, never the key.

use crate::cli_support;
use crate::sync_support;

use std::fs;

use unibox_sandbox::DEMO_API_KEY;

use cli_support::{Home, assert_success, one_line_failure, run, stdout};
use sync_support::{sandbox, sandbox_with};

const USAGE: i32 = 2;
const RUNTIME: i32 = 1;

/// A local port nobody listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn a_missing_key_names_unibox_api_key() {
    let home = Home::new();
    let mut command = home.unibox();
    command.env("UNIBOX_DSN", "http://127.0.0.1:9");
    let output = run(command, &["sync"]).await;
    let line = one_line_failure(&output, USAGE);
    assert!(line.contains("UNIBOX_API_KEY"), "{line}");
    assert!(output.stdout.is_empty());
}

#[tokio::test]
async fn a_missing_dsn_says_where_to_set_one() {
    let home = Home::new();
    let mut command = home.unibox();
    command.env("UNIBOX_API_KEY", "k");
    let line = one_line_failure(&run(command, &["sync"]).await, USAGE);
    assert!(
        line.contains("--dsn") && line.contains("UNIBOX_DSN"),
        "{line}"
    );
}

#[tokio::test]
async fn an_unreachable_server_is_named_by_its_address() {
    let home = Home::new();
    let port = closed_port();
    let mut command = home.unibox();
    command
        .env("UNIBOX_API_KEY", "k")
        .env("UNIBOX_DSN", format!("http://127.0.0.1:{port}"));
    let line = one_line_failure(&run(command, &["sync"]).await, RUNTIME);
    assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
    assert!(line.contains("the server could not be reached"), "{line}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_key_is_refused_by_the_server_in_one_line() {
    let server = sandbox().await;
    let home = Home::new();
    let mut command = home.unibox_for(&server);
    command.env("UNIBOX_API_KEY", "not-the-key");
    let line = one_line_failure(&run(command, &["sync"]).await, RUNTIME);
    assert!(line.contains("API key"), "{line}");
}

#[tokio::test]
async fn a_corrupt_cache_says_to_move_it_away() {
    let home = Home::new();
    fs::create_dir_all(home.cache().parent().unwrap()).unwrap();
    fs::write(home.cache(), vec![0x5a; 64 * 1024]).unwrap();
    // Private, as unibox makes its caches (one open to others earns a warning line first).
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(home.cache(), fs::Permissions::from_mode(0o600)).unwrap();
    let line = one_line_failure(&run(home.unibox(), &["chats"]).await, RUNTIME);
    assert!(
        line.contains("damaged") && line.contains("move it away"),
        "{line}"
    );
    assert!(line.contains("cache.sqlite3"), "{line}");
}

#[tokio::test]
async fn reading_a_cache_that_does_not_exist_says_to_sync_first() {
    let home = Home::new();
    for command in ["accounts", "chats", "audit"] {
        let line = one_line_failure(&run(home.unibox(), &[command]).await, RUNTIME);
        assert!(line.contains("unibox sync"), "{command}: {line}");
    }
    assert!(!home.cache().exists(), "reading must not create a cache");
}

#[tokio::test]
async fn bad_usage_and_bad_settings_exit_with_the_usage_code() {
    let home = Home::new();
    for args in [
        vec!["--demo", "sync"],
        vec!["--poll-interval-secs", "0", "chats"],
        vec!["frobnicate"],
        vec!["messages"],
    ] {
        let output = run(home.unibox(), &args).await;
        assert_eq!(output.status.code(), Some(USAGE), "{args:?}");
        assert!(
            !cli_support::stderr(&output).contains("panicked"),
            "{args:?}"
        );
    }
    let line = one_line_failure(
        &run(home.unibox(), &["--poll-interval-secs", "0", "chats"]).await,
        USAGE,
    );
    assert!(line.contains("poll_interval_secs"), "{line}");
}

#[tokio::test]
async fn the_interface_without_a_terminal_says_so_in_one_line() {
    let home = Home::new();
    let line = one_line_failure(&run(home.unibox(), &["--demo"]).await, RUNTIME);
    assert!(line.contains("the interface needs a terminal"), "{line}");
    // The demo's cache is thrown away, never the user's.
    assert!(!home.cache().exists());
}

#[tokio::test]
async fn help_is_not_an_error() {
    let output = run(Home::new().unibox(), &["--help"]).await;
    assert_success(&output);
    let help = stdout(&output);
    for command in ["sync", "accounts", "chats", "messages", "audit", "sandbox"] {
        assert!(help.contains(command), "{command} missing from --help");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_is_a_private_file_without_the_key_and_nothing_reaches_the_screen() {
    const KEY: &str = "sk_live_must_never_be_logged";
    let server = sandbox_with(|config| config.api_key = KEY.into()).await;
    let home = Home::new();
    let mut command = home.unibox_for(&server);
    command.env("UNIBOX_LOG", "debug");
    let output = run(command, &["sync"]).await;
    assert_success(&output);
    assert_ne!(server.api_key(), DEMO_API_KEY);

    let log = fs::read_to_string(home.log()).expect("a log file");
    assert!(log.contains("unibox starting"), "{log}");
    assert!(log.contains("DEBUG"), "UNIBOX_LOG=debug was not applied");
    assert!(!log.contains(KEY));
    let screen = [stdout(&output), cli_support::stderr(&output)].concat();
    assert!(
        !screen.contains("INFO") && !screen.contains("DEBUG"),
        "{screen}"
    );
    assert!(!screen.contains(KEY));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(home.log()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
