//! The `UNIBOX_*` environment variables, captured once so `resolve` can stay a pure function
//! (and tests never touch the process environment).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::error::ConfigError;
use super::origin::Origin;

pub const CONFIG: &str = "UNIBOX_CONFIG";
pub const DSN: &str = "UNIBOX_DSN";
pub const API_KEY: &str = "UNIBOX_API_KEY";
pub const API_KEY_CMD: &str = "UNIBOX_API_KEY_CMD";
pub const API_KEY_FILE: &str = "UNIBOX_API_KEY_FILE";
pub const LATE_URL: &str = "UNIBOX_LATE_URL";
pub const LATE_API_KEY: &str = "UNIBOX_LATE_API_KEY";
pub const LATE_API_KEY_CMD: &str = "UNIBOX_LATE_API_KEY_CMD";
pub const LATE_API_KEY_FILE: &str = "UNIBOX_LATE_API_KEY_FILE";
pub const CACHE: &str = "UNIBOX_CACHE";
pub const READ_ONLY: &str = "UNIBOX_READ_ONLY";
pub const POLL_INTERVAL_SECS: &str = "UNIBOX_POLL_INTERVAL_SECS";
pub const REQUEST_TIMEOUT_SECS: &str = "UNIBOX_REQUEST_TIMEOUT_SECS";
pub const ALLOW_INSECURE_HTTP: &str = "UNIBOX_ALLOW_INSECURE_HTTP";
pub const SYNC_MAX_CHATS: &str = "UNIBOX_SYNC_MAX_CHATS";
pub const SYNC_MAX_PAGES: &str = "UNIBOX_SYNC_MAX_PAGES";
pub const LISTEN_SYNC_INTERVAL_SECS: &str = "UNIBOX_LISTEN_SYNC_INTERVAL_SECS";
pub const BELL_ON_INBOUND: &str = "UNIBOX_BELL_ON_INBOUND";
pub const NOTIFY: &str = "UNIBOX_NOTIFY";
pub const HYPERLINKS: &str = "UNIBOX_HYPERLINKS";
pub const MARK_READ_ON_OPEN: &str = "UNIBOX_MARK_READ_ON_OPEN";
pub const EMOJI_AS_TEXT: &str = "UNIBOX_EMOJI_AS_TEXT";
pub const DOWNLOAD_DIR: &str = "UNIBOX_DOWNLOAD_DIR";
pub const OPENER: &str = "UNIBOX_OPENER";

/// The variables holding a secret: read once at start, then removed from the process so no
/// child inherits them.
pub const SECRET_VARIABLES: [&str; 2] = [API_KEY, LATE_API_KEY];

const PREFIX: &str = "UNIBOX_";

/// The `UNIBOX_*` variables. `Debug` lists names only: `UNIBOX_API_KEY` is among them.
#[derive(Clone, Default)]
pub struct Env {
    vars: BTreeMap<String, String>,
    not_unicode: BTreeSet<String>,
}

impl Env {
    pub fn from_process() -> Self {
        let mut env = Self::default();
        for (name, value) in std::env::vars_os() {
            let Some(name) = name.to_str().filter(|name| name.starts_with(PREFIX)) else {
                continue;
            };
            match value.into_string() {
                Ok(value) => {
                    env.vars.insert(name.to_owned(), value);
                }
                Err(_) => {
                    env.not_unicode.insert(name.to_owned());
                }
            }
        }
        env
    }

    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: pairs
                .into_iter()
                .map(|(name, value)| (name.into(), value.into()))
                .collect(),
            not_unicode: BTreeSet::new(),
        }
    }

    /// The variable's value; an empty one counts as unset, as shells make that easy to write.
    pub(super) fn text(&self, name: &'static str) -> Result<Option<&str>, ConfigError> {
        if self.not_unicode.contains(name) {
            return Err(ConfigError::EnvNotUnicode {
                name: name.to_owned(),
            });
        }
        Ok(self
            .vars
            .get(name)
            .map(|value| value.trim())
            .filter(|value| !value.is_empty()))
    }

    pub(super) fn flag(&self, name: &'static str) -> Result<Option<bool>, ConfigError> {
        self.text(name)?
            .map(|value| {
                parse_bool(value).ok_or_else(|| invalid(name, value, "true or false (or 1 / 0)"))
            })
            .transpose()
    }

    /// One of a few words (`expected` names them for the error).
    pub(super) fn choice<T: std::str::FromStr>(
        &self,
        name: &'static str,
        expected: &str,
    ) -> Result<Option<T>, ConfigError> {
        self.text(name)?
            .map(|value| value.parse().map_err(|_| invalid(name, value, expected)))
            .transpose()
    }

    pub(super) fn count(&self, name: &'static str) -> Result<Option<u64>, ConfigError> {
        self.text(name)?
            .map(|value| {
                value
                    .parse()
                    .map_err(|_| invalid(name, value, "a whole number"))
            })
            .transpose()
    }

    pub(super) fn number(&self, name: &'static str) -> Result<Option<u64>, ConfigError> {
        self.text(name)?
            .map(|value| {
                value
                    .parse()
                    .map_err(|_| invalid(name, value, "a whole number of seconds"))
            })
            .transpose()
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn invalid(name: &'static str, value: &str, expected: &str) -> ConfigError {
    ConfigError::InvalidValue {
        name,
        origin: Origin::Env(name),
        // Debug quoting keeps control characters in the value from reaching the terminal.
        problem: format!("expected {expected}, got {value:?}"),
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env")
            .field("set", &self.vars.keys().collect::<Vec<_>>())
            .field("not_unicode", &self.not_unicode)
            .finish()
    }
}
