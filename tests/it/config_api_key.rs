//! Fetching the API key: from a command (`pass` and friends) or from a file only its owner
//! can read. The key never shows up in an error or in `Debug`.

use std::path::{Path, PathBuf};
use std::time::Duration;

use unibox::config::{ConfigError, KeySource, Origin};

const SECRET: &str = "sk_live_do_not_print_9f3a";

fn command(text: &str, timeout: Duration) -> KeySource {
    KeySource::Command {
        command: text.to_owned(),
        origin: Origin::File(PathBuf::from("/home/ada/.config/unibox/config.toml")),
        timeout,
    }
}

fn run(text: &str) -> Result<String, ConfigError> {
    command(text, Duration::from_secs(20))
        .load()
        .map(|key| key.expose().to_owned())
}

fn assert_secret_hidden(error: &ConfigError) {
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn the_command_output_is_the_key() {
    assert_eq!(run(&format!("echo '  {SECRET}  '")).unwrap(), SECRET);
}

#[test]
fn only_the_first_line_counts_as_pass_prints_it() {
    assert_eq!(
        run(&format!(
            "printf '{SECRET}\\nlogin: ada\\nurl: unipile.com\\n'"
        ))
        .unwrap(),
        SECRET
    );
}

#[test]
fn a_failing_command_reports_its_status_and_first_error_line() {
    let error = run(&format!(
        "echo {SECRET}; echo 'gpg: decryption failed: No secret key' >&2; echo 'second' >&2; exit 2"
    ))
    .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ConfigError::KeyCommand { .. }), "{error:?}");
    assert!(
        message.starts_with("api_key_cmd (from /home/ada/.config/unibox/config.toml) failed"),
        "{message}"
    );
    assert!(message.contains("exited with status 2"), "{message}");
    assert!(
        message.ends_with(": gpg: decryption failed: No secret key"),
        "{message}"
    );
    assert!(!message.contains("second"), "{message}");
    // What it printed before failing may be a key: never quoted.
    assert_secret_hidden(&error);
}

#[test]
fn a_secret_in_the_error_output_is_redacted_and_the_quote_is_short() {
    for said in [
        format!("error: bad token {SECRET}"),
        format!("error: token={SECRET}"),
        format!("error: \"{SECRET}\" rejected"),
    ] {
        let error = run(&format!("echo '{said}' >&2; exit 3")).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("exited with status 3"), "{message}");
        assert!(message.contains("[redacted]"), "{message}");
        assert_secret_hidden(&error);
        assert!(!error.for_log().contains("error:"), "{}", error.for_log());
    }
    let long = "word ".repeat(60);
    let message = run(&format!("echo '{long}' >&2; exit 1"))
        .unwrap_err()
        .to_string();
    let quoted = message.split("exited with status 1: ").nth(1).unwrap();
    assert!(quoted.chars().count() <= 81, "{quoted}");
}

#[test]
fn escape_sequences_in_the_error_output_are_dropped() {
    let message = run("printf 'bad \\033[31mred\\033[0m\\n' >&2; exit 1")
        .unwrap_err()
        .to_string();
    assert!(!message.contains('\u{1b}'), "{message:?}");
    assert!(message.contains("bad [31mred[0m"), "{message:?}");
}

#[test]
fn a_command_printing_nothing_is_an_error() {
    let message = run("true").unwrap_err().to_string();
    assert!(message.ends_with("it printed no key"), "{message}");
}

#[test]
fn a_command_waiting_for_input_gets_none() {
    // stdin is closed, so `cat` ends at once instead of hanging until the timeout.
    let error = run("cat").unwrap_err();
    assert!(matches!(error, ConfigError::KeyCommand { .. }), "{error:?}");
}

#[test]
fn a_flood_of_output_does_not_block_the_command() {
    // Far more than a pipe buffer: the command only exits if its output is drained.
    assert_eq!(run("yes | head -c 2000000").unwrap(), "y");
}

#[test]
fn output_that_is_not_text_is_refused() {
    let message = run("printf '\\377\\376'").unwrap_err().to_string();
    assert!(message.contains("not UTF-8"), "{message}");
}

#[test]
fn a_command_that_runs_too_long_is_stopped() {
    let error = command("exec sleep 5", Duration::from_millis(100))
        .load()
        .unwrap_err();
    assert!(
        matches!(error, ConfigError::KeyCommandTimeout { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("did not finish within 100ms"), "{message}");
    assert!(message.contains("config.toml"), "{message}");
}

#[test]
fn an_unbounded_timeout_is_accepted() {
    let key = command("echo sk_unbounded", Duration::MAX).load().unwrap();
    assert_eq!(key.expose(), "sk_unbounded");
}

#[cfg(unix)]
fn key_file(dir: &Path, mode: u32, contents: &str) -> PathBuf {
    let path = dir.join("api-key");
    std::fs::write(&path, contents).unwrap();
    set_mode(&path, mode);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn from_file(path: &Path) -> Result<String, ConfigError> {
    KeySource::File {
        path: path.to_owned(),
        origin: Origin::Env("UNIBOX_API_KEY_FILE"),
    }
    .load()
    .map(|key| key.expose().to_owned())
}

#[cfg(unix)]
#[test]
fn a_file_only_its_owner_can_read_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o600, 0o400] {
        let path = key_file(dir.path(), mode, &format!("{SECRET}\n"));
        assert_eq!(from_file(&path).unwrap(), SECRET, "mode {mode:o}");
        set_mode(&path, 0o600);
    }
}

#[cfg(unix)]
#[test]
fn a_file_others_can_read_is_refused_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    for mode in [0o644, 0o640, 0o604, 0o620] {
        let path = key_file(dir.path(), mode, SECRET);
        let error = from_file(&path).unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(error, ConfigError::KeyFileTooOpen { .. }),
            "{error:?}"
        );
        assert!(message.contains(&format!("{mode:04o}")), "{message}");
        assert!(
            message.contains(&format!("chmod 600 {}", path.display())),
            "{message}"
        );
        assert_secret_hidden(&error);
        set_mode(&path, 0o600);
    }
}

#[cfg(unix)]
#[test]
fn an_empty_or_missing_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = key_file(dir.path(), 0o600, "  \n");
    let message = from_file(&path).unwrap_err().to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("holds no key"), "{message}");
    assert!(message.contains("UNIBOX_API_KEY_FILE"), "{message}");

    let missing = dir.path().join("nope");
    let message = from_file(&missing).unwrap_err().to_string();
    assert!(
        message.contains(&missing.display().to_string()),
        "{message}"
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_instead_of_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("api-key");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    set_mode(&fifo, 0o600);
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(from_file(&fifo).map_err(|error| error.to_string()));
    });
    // Nobody ever writes to the FIFO: a blocking open would wait forever.
    let message = result
        .recv_timeout(Duration::from_secs(20))
        .expect("reading a FIFO as the key file hung")
        .unwrap_err();
    assert!(message.contains("not a regular file"), "{message}");
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = key_file(dir.path(), 0o600, SECRET);
    let link = dir.path().join("link-to-key");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let message = from_file(&link).unwrap_err().to_string();
    assert!(message.contains("symbolic link"), "{message}");
    assert!(!message.contains(SECRET), "{message}");
}

/// Only where the tests run as root can a file of another user be made; elsewhere the owner
/// check is the same code and this test has nothing to show.
#[cfg(unix)]
#[test]
fn a_file_of_another_user_is_refused() {
    if rustix::process::geteuid().as_raw() != 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = key_file(dir.path(), 0o600, SECRET);
    std::os::unix::fs::chown(&path, Some(65534), Some(65534)).unwrap();
    let message = from_file(&path).unwrap_err().to_string();
    assert!(message.contains("belongs to another user"), "{message}");
}

#[test]
fn a_directory_is_not_a_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let message = from_file(dir.path()).unwrap_err().to_string();
    assert!(message.contains("not a regular file"), "{message}");
}

#[test]
fn key_sources_never_print_the_key() {
    let source = KeySource::Env(unibox::secret::ApiKey::new(SECRET).unwrap());
    assert!(!format!("{source:?}").contains(SECRET));
    assert_eq!(source.load().unwrap().expose(), SECRET);
}
