//! The API key after a full session — syncs with the key from the environment, a command and
//! a file, refused and failing requests, a TUI session that sends and fails to send, all logged
//! at TRACE — appears nowhere: not in the log, the cache file and its WAL, the terminal, the
//! command output, the sandbox's logs of what it received, nor any `Debug` output.

use crate::harden_support;

use std::path::{Path, PathBuf};
use std::process::Output;

use harden_support::cli_support::{assert_success, stderr, stdout};
use harden_support::screen::{open_first_chat, reply_and_confirm};
use harden_support::{Lab, SIZE, status_bar, wait_until};
use unibox::provider::ProviderRead;
use unibox::provider::unipile::{Unipile, UnipileConfig};
use unibox::secret::ApiKey;

const SECRET: &str = "sk_live_h4rd3n_5f3a9c2e71d04b8a";
/// A wrong key someone typed: it must not be echoed back either.
const WRONG: &str = "sk_live_typo_0b9e77d1c3aa";

/// Everything `unibox` printed, run after run.
#[derive(Default)]
struct Printed(Vec<u8>);

impl Printed {
    fn keep(&mut self, output: &Output) -> &mut Self {
        self.0.extend_from_slice(&output.stdout);
        self.0.extend_from_slice(&output.stderr);
        self
    }
}

fn lab() -> Lab {
    Lab::start(|config| config.api_key = SECRET.to_owned())
}

/// `unibox sync` with the key from `source` only (the environment entry is removed for the
/// others), logging everything.
fn sync_with(lab: &Lab, source: Source, printed: &mut Printed) -> Output {
    let config_dir = lab.home.root().join("config/unibox");
    std::fs::create_dir_all(&config_dir).expect("the config folder");
    let mut command = lab.home.unibox();
    command
        .env("UNIBOX_DSN", lab.server.url())
        .env("UNIBOX_LOG", "trace")
        .arg("sync");
    let key_file = lab.home.root().join("unipile.key");
    let config = match source {
        Source::Env(key) => {
            command.env("UNIBOX_API_KEY", key);
            String::new()
        }
        Source::Command => {
            write_key(&key_file, 0o644);
            format!("api_key_cmd = \"cat {}\"\n", key_file.display())
        }
        Source::File => {
            write_key(&key_file, 0o600);
            format!("api_key_file = \"{}\"\n", key_file.display())
        }
    };
    std::fs::write(config_dir.join("config.toml"), config).expect("config.toml");
    let output = lab
        .block_on(async move { command.output().await })
        .expect("unibox runs");
    printed.keep(&output);
    output
}

#[derive(Clone, Copy)]
enum Source {
    Env(&'static str),
    Command,
    File,
}

fn write_key(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("{SECRET}\n")).expect("the key file");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("its mode");
}

#[test]
fn the_key_leaves_no_trace_after_a_full_session() {
    let lab = lab();
    let mut printed = Printed::default();

    for source in [Source::Env(SECRET), Source::Command, Source::File] {
        assert_success(&sync_with(&lab, source, &mut printed));
    }
    // Refusals and failures, whose messages quote the server.
    lab.server.faults().update(|f| {
        f.rate_limited = 3;
        f.retry_after_secs = Some(0);
    });
    sync_with(&lab, Source::Env(SECRET), &mut printed);
    lab.server.faults().update(|f| f.error_rate = 1.0);
    let failed = sync_with(&lab, Source::Env(SECRET), &mut printed);
    assert!(!failed.status.success(), "{}", stdout(&failed));
    lab.server.faults().reset();
    let refused = sync_with(&lab, Source::Env(WRONG), &mut printed);
    assert!(
        stderr(&refused).contains("key"),
        "a refused key is named as the problem: {}",
        stderr(&refused)
    );

    // The TUI: a reply that goes out, one that fails.
    let mut pty = lab.tui(SIZE, &[("UNIBOX_API_KEY", SECRET), ("UNIBOX_LOG", "trace")]);
    pty.wait_for("a sync", |screen| status_bar(screen).contains("✓ synced"));
    open_first_chat(&mut pty, SIZE);
    reply_and_confirm(&mut pty, "the key stays home");
    wait_until("the reply to arrive", || {
        lab.server
            .writes()
            .iter()
            .any(|w| w.field("text") == Some("the key stays home") && w.status == Some(201))
            .then_some(())
    });
    lab.server.faults().update(|f| f.error_rate = 1.0);
    reply_and_confirm(&mut pty, "this one fails");
    // A 500 may hide a message that went out: its outcome is unknown, with the server's words.
    pty.wait_for("the failure", |screen| screen.contains("not confirmed yet"));
    lab.server.faults().reset();
    // The WAL exists while unibox has the cache open.
    let while_running = files_under(lab.home.root());
    assert!(
        while_running
            .iter()
            .any(|f| f.to_string_lossy().ends_with("-wal")),
        "{while_running:?}"
    );
    let mut places: Vec<(String, Vec<u8>)> = read_all(&while_running);
    pty.send("q");
    pty.wait_exit();

    places.extend(read_all(&files_under(lab.home.root())));
    places.extend([
        ("what unibox printed".into(), printed.0),
        ("the terminal".into(), pty.raw_output()),
        (
            "the sandbox's write log".into(),
            format!("{:?}", lab.server.writes()).into_bytes(),
        ),
        (
            "the sandbox's request log".into(),
            format!("{:?}", lab.server.requests()).into_bytes(),
        ),
    ]);
    let log = std::fs::read_to_string(lab.home.log()).expect("the log");
    assert!(log.contains("TRACE"), "everything was logged");
    for (place, bytes) in &places {
        for key in [SECRET, WRONG] {
            assert!(
                !contains(bytes, key.as_bytes()),
                "the key {key} is in {place}"
            );
        }
    }
}

#[test]
fn debug_output_of_the_client_and_its_errors_hides_the_key() {
    let lab = lab();
    let key = ApiKey::new(SECRET).expect("a key");
    let config = UnipileConfig::new(&lab.server.url(), key).expect("a config");
    let shown_config = format!("{config:?} {config:#?}");
    let client = Unipile::new(config).expect("a client");
    let reader = client.reader();
    let error = lab
        .block_on(reader.list_accounts(Default::default()))
        .map(drop);
    let wrong = UnipileConfig::new(&lab.server.url(), ApiKey::new(WRONG).expect("a key"))
        .and_then(Unipile::new)
        .expect("a client");
    let refused = lab
        .block_on(wrong.reader().list_accounts(Default::default()))
        .expect_err("a wrong key is refused");
    let shown = format!(
        "{shown_config} {error:?} {refused} {refused:?} {:?}",
        lab.server.faults()
    );
    assert!(!shown.contains(SECRET) && !shown.contains(WRONG), "{shown}");
    assert!(refused.to_string().contains("key"), "{refused}");
}

/// Every file of unibox's home but the key file the user wrote, with its bytes.
fn read_all(files: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .filter(|file| file.file_name().is_none_or(|name| name != "unipile.key"))
        .map(|file| {
            let bytes = std::fs::read(file).unwrap_or_default();
            (file.display().to_string(), bytes)
        })
        .collect()
}

fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// A password manager that prints the secret in its error: the person sees the exit status
/// and a redacted, short first line; the log sees neither that line nor the secret.
#[test]
fn a_failing_key_command_is_reported_without_its_secret_and_never_logged() {
    let lab = lab();
    let config_dir = lab.home.root().join("config/unibox");
    std::fs::create_dir_all(&config_dir).expect("the config folder");
    std::fs::write(
        config_dir.join("config.toml"),
        format!("api_key_cmd = \"echo 'vault: cannot unlock {SECRET}' >&2; exit 4\"\n"),
    )
    .expect("config.toml");
    let mut command = lab.home.unibox();
    command
        .env("UNIBOX_DSN", lab.server.url())
        .env("UNIBOX_LOG", "trace")
        .arg("sync");
    let output = lab
        .block_on(async move { command.output().await })
        .expect("unibox runs");
    let said = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{said}");
    assert!(said.contains("exited with status 4"), "{said}");
    assert!(said.contains("vault: cannot unlock [redacted]"), "{said}");
    assert!(!said.contains(SECRET), "{said}");
    let log = std::fs::read_to_string(lab.home.log()).expect("the log");
    assert!(log.contains("exited with status 4"), "{log}");
    assert!(!log.contains("vault") && !log.contains(SECRET), "{log}");
}
