//! How the program ends when something goes wrong: one line on stderr, and an exit code that
//! tells a wrong setting (fix the configuration) from a failure while running (try again).

use std::process::ExitCode;

use crate::config::ConfigError;
use crate::text::sanitize_line;

/// Exit code of a usage or configuration error (clap uses the same for bad arguments).
pub const EXIT_CONFIG: u8 = 2;
/// Exit code of a failure while running: the server, the network, the cache.
pub const EXIT_RUNTIME: u8 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    Config,
    Runtime,
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

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.kind {
            FailureKind::Config => EXIT_CONFIG,
            FailureKind::Runtime => EXIT_RUNTIME,
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
