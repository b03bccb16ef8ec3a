//! How the program ends when something goes wrong: one line on stderr, and an exit code that
//! tells a wrong setting (fix the configuration) from a failure while running (try again).

use std::process::ExitCode;

use crate::config::ConfigError;
use crate::text::sanitize_line;

/// Exit code of a usage or configuration error (clap uses the same for bad arguments).
pub const EXIT_CONFIG: u8 = 2;
/// Exit code of a failure while running: the server, the network, the cache.
pub const EXIT_RUNTIME: u8 = 1;
/// `unibox send`: the provider refused the message; it was not sent.
pub const EXIT_SEND_FAILED: u8 = 3;
/// `unibox send`: it may or may not have arrived; the next sync looks for it.
pub const EXIT_SEND_UNKNOWN: u8 = 4;
/// `unibox send`: nobody said yes (the answer was no, or there was no terminal to ask on and
/// no `--yes`). Nothing was sent.
pub const EXIT_NOT_CONFIRMED: u8 = 5;
/// `unibox send`: refused by unibox before any request (read-only mode, the account's rules,
/// the file). Nothing was sent.
pub const EXIT_REFUSED: u8 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Config,
    Runtime,
    SendFailed,
    SendUnknown,
    NotConfirmed,
    Refused,
}

#[derive(Debug)]
pub struct Failure {
    pub kind: FailureKind,
    pub error: anyhow::Error,
}

impl Failure {
    pub fn config(error: impl Into<anyhow::Error>) -> Self {
        Self {
            kind: FailureKind::Config,
            error: error.into(),
        }
    }

    pub fn runtime(error: impl Into<anyhow::Error>) -> Self {
        Self {
            kind: FailureKind::Runtime,
            error: error.into(),
        }
    }

    /// A failure of `kind` (the send outcomes have one each).
    pub fn of(kind: FailureKind, error: impl Into<anyhow::Error>) -> Self {
        Self {
            kind,
            error: error.into(),
        }
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            FailureKind::Config => EXIT_CONFIG,
            FailureKind::Runtime => EXIT_RUNTIME,
            FailureKind::SendFailed => EXIT_SEND_FAILED,
            FailureKind::SendUnknown => EXIT_SEND_UNKNOWN,
            FailureKind::NotConfirmed => EXIT_NOT_CONFIRMED,
            FailureKind::Refused => EXIT_REFUSED,
        })
    }

    /// The error and its causes on one line, safe to print (causes may quote the server).
    pub fn one_line(&self) -> String {
        sanitize_line(&format!("{:#}", self.error)).into_owned()
    }

    /// `one_line` for the log: what a failing key command said stays on the screen.
    pub fn log_line(&self) -> String {
        let config = self
            .error
            .chain()
            .find_map(|cause| cause.downcast_ref::<ConfigError>());
        match config {
            Some(error @ ConfigError::KeyCommand { .. }) => {
                sanitize_line(&error.for_log()).into_owned()
            }
            _ => self.one_line(),
        }
    }
}

/// Sorts a fallible step's error into its kind.
pub trait Classify<T> {
    fn or_config(self) -> Result<T, Failure>;
    fn or_runtime(self) -> Result<T, Failure>;
}

impl<T, E: Into<anyhow::Error>> Classify<T> for Result<T, E> {
    fn or_config(self) -> Result<T, Failure> {
        self.map_err(Failure::config)
    }

    fn or_runtime(self) -> Result<T, Failure> {
        self.map_err(Failure::runtime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_joined_on_one_safe_line() {
        let error = anyhow::anyhow!("refused:\n\u{1b}[2Jgone").context("cannot sync with x");
        let line = Failure::runtime(error).one_line();
        assert!(line.starts_with("cannot sync with x: refused:"), "{line}");
        assert!(!line.contains('\n') && !line.contains('\u{1b}'), "{line:?}");
    }
}
