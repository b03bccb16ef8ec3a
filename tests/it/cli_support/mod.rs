//! Running the real `unibox` binary in a private home (its own config, cache and log
//! directories) against a sandbox served by the test, for the `cli_*` and `sync_kill` tests.
// Each test file uses a different subset of these helpers.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

use tempfile::TempDir;
use tokio::process::Command;
use unibox_sandbox::SandboxServer;

/// A home directory with the XDG directories inside it, so nothing of the user's is read or
/// written.
pub struct Home {
    dir: TempDir,
}

impl Home {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `unibox` with a clean environment: only this home and `PATH`.
    pub fn unibox(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_unibox"));
        command
            .env_clear()
            .envs(self.env())
            .stdin(Stdio::null())
            .kill_on_drop(true);
        command
    }

    /// The whole environment `unibox` runs with here, for programs started another way (in a
    /// pseudo-terminal).
    pub fn env(&self) -> Vec<(&'static str, OsString)> {
        let root = self.dir.path();
        vec![
            ("PATH", std::env::var_os("PATH").unwrap_or_default()),
            ("HOME", root.join("home").into()),
            ("XDG_CONFIG_HOME", root.join("config").into()),
            ("XDG_DATA_HOME", root.join("data").into()),
            ("XDG_STATE_HOME", root.join("state").into()),
        ]
    }

    /// `unibox` pointed at `server` with its key.
    pub fn unibox_for(&self, server: &SandboxServer) -> Command {
        let mut command = self.unibox();
        command
            .env("UNIBOX_DSN", server.url())
            .env("UNIBOX_API_KEY", server.api_key());
        command
    }

    /// The folder holding the home and its XDG folders.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn cache(&self) -> PathBuf {
        self.dir.path().join("data/unibox/cache.sqlite3")
    }

    pub fn log(&self) -> PathBuf {
        self.dir.path().join("state/unibox/unibox.log")
    }
}

/// Runs `command` with `args` to the end.
pub async fn run(mut command: Command, args: &[&str]) -> Output {
    command.args(args).output().await.expect("unibox runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the command succeeded, showing what it said otherwise.
pub fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "{:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

/// Asserts the command failed with `code` and exactly one line on stderr, which is returned.
pub fn one_line_failure(output: &Output, code: i32) -> String {
    let err = stderr(output);
    assert_eq!(
        output.status.code(),
        Some(code),
        "stdout: {}\nstderr: {err}",
        stdout(output)
    );
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    assert!(err.starts_with("unibox: "), "{err:?}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err:?}"
    );
    err
}
