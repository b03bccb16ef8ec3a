//! Why the configuration was refused. Messages name the file or variable at fault and say
//! what to do; none ever contains the API key.

use std::fmt;
use std::io;
use std::path::PathBuf;
use std::time::Duration;

use super::origin::Origin;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "cannot find the home directory for unibox's files; set HOME (or XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_STATE_HOME)"
    )]
    NoHome,

    #[error("cannot create directory {}: {source}", path.display())]
    CreateDir { path: PathBuf, source: io::Error },

    #[error("cannot read config {}: {source}", path.display())]
    ReadFile { path: PathBuf, source: io::Error },

    #[error("{}: {message}", path.display())]
    Syntax { path: PathBuf, message: String },

    #[error(
        "{}: api_key is not read from config.toml, where it would sit in plain text; use \
         api_key_file (a file with mode 600) or api_key_cmd (e.g. \"pass show unibox\"), or set \
         UNIBOX_API_KEY",
        path.display()
    )]
    ApiKeyInConfig { path: PathBuf },

    #[error("{}: {problem}", Setting { name, origin })]
    InvalidValue {
        name: &'static str,
        origin: Origin,
        problem: String,
    },

    #[error("{name} is not valid UTF-8 text")]
    EnvNotUnicode { name: String },

    #[error(
        "no API key: set UNIBOX_API_KEY, or api_key_cmd or api_key_file in {}",
        config_file.display()
    )]
    MissingApiKey { config_file: PathBuf },

    #[error(
        "late_url is set but there is no Late API key: set UNIBOX_LATE_API_KEY, or \
         late_api_key_cmd or late_api_key_file in {}",
        config_file.display()
    )]
    MissingLateApiKey { config_file: PathBuf },

    #[error("no DSN: pass --dsn, set UNIBOX_DSN, or set dsn in {}", config_file.display())]
    MissingDsn { config_file: PathBuf },

    #[error("api_key_cmd ({origin}) failed: {problem}{}", Said(said.as_deref()))]
    KeyCommand {
        origin: Origin,
        problem: String,
        /// The start of what the command said on stderr, redacted; for the screen only
        /// (see `for_log`).
        said: Option<String>,
    },

    #[error(
        "api_key_cmd ({origin}) did not finish within {timeout:?}; check that it runs without \
         waiting for input"
    )]
    KeyCommandTimeout { origin: Origin, timeout: Duration },

    #[error(
        "refusing to read the API key from {}: its mode is {mode:04o}, so other users can read \
         it; run `chmod 600 {}`",
        path.display(),
        path.display()
    )]
    KeyFileTooOpen { path: PathBuf, mode: u32 },

    #[error("api_key_file {} ({origin}): {problem}", path.display())]
    KeyFile {
        path: PathBuf,
        origin: Origin,
        problem: String,
    },
}

impl ConfigError {
    /// The message for the log: as shown, but without what a failing key command said (a
    /// password manager may print the secret itself in its error).
    pub fn for_log(&self) -> String {
        match self {
            ConfigError::KeyCommand {
                origin,
                problem,
                said: Some(_),
            } => ConfigError::KeyCommand {
                origin: origin.clone(),
                problem: problem.clone(),
                said: None,
            }
            .to_string(),
            other => other.to_string(),
        }
    }
}

/// `: what it said`, when it said something.
struct Said<'a>(Option<&'a str>);

impl fmt::Display for Said<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(said) => write!(f, ": {said}"),
            None => Ok(()),
        }
    }
}

/// Names a setting the way the user wrote it: the variable itself, or the key and its file.
struct Setting<'a> {
    name: &'a str,
    origin: &'a Origin,
}

impl fmt::Display for Setting<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.origin {
            Origin::Env(variable) => f.write_str(variable),
            Origin::File(path) => write!(f, "{} in {}", self.name, path.display()),
            Origin::Flag => write!(f, "{} on the command line", self.name),
        }
    }
}
