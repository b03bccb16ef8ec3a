//! `config.toml`: every setting optional, every unknown key an error (a typo must not be
//! silently ignored).

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::error::ConfigError;

/// The file's settings as written; `resolve` layers them under flags and environment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    pub dsn: Option<String>,
    pub api_key_cmd: Option<String>,
    pub api_key_file: Option<PathBuf>,
    pub cache: Option<PathBuf>,
    pub read_only: Option<bool>,
    pub poll_interval_secs: Option<u64>,
    pub request_timeout_secs: Option<u64>,
    pub allow_insecure_http: Option<bool>,
    pub sync_max_chats: Option<u64>,
    pub sync_max_pages: Option<u64>,
    pub listen_sync_interval_secs: Option<u64>,
    pub bell_on_inbound: Option<bool>,
    pub notify: Option<crate::text::Notify>,
    pub hyperlinks: Option<crate::text::Hyperlinks>,
    pub mark_read_on_open: Option<bool>,
    pub emoji_as_text: Option<bool>,
    pub download_dir: Option<PathBuf>,
    pub opener: Option<String>,
    /// Late (Zernio), the second provider: its address and where its key comes from.
    pub late_url: Option<String>,
    pub late_api_key_cmd: Option<String>,
    pub late_api_key_file: Option<PathBuf>,
    /// Who answers, for the `{agent}` placeholder of canned replies.
    pub agent_name: Option<String>,
}

/// A config file: where it is (relative paths inside are relative to it) and what it says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub settings: FileSettings,
}

impl ConfigFile {
    /// No file: all defaults. `path` is still where the user would create it.
    pub fn empty(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
            settings: FileSettings::default(),
        }
    }

    /// Reads `path`. A missing file is fine unless the user named it (`required`).
    pub fn read(path: &Path, required: bool) -> Result<Self, ConfigError> {
        match fs::read_to_string(path) {
            Ok(text) => Self::parse(path, &text),
            Err(error) if error.kind() == io::ErrorKind::NotFound && !required => {
                Ok(Self::empty(path))
            }
            Err(source) => Err(ConfigError::ReadFile {
                path: path.to_owned(),
                source,
            }),
        }
    }

    pub fn parse(path: &Path, text: &str) -> Result<Self, ConfigError> {
        let settings = toml::from_str(text).map_err(|error| {
            if names_api_key(text) {
                ConfigError::ApiKeyInConfig {
                    path: path.to_owned(),
                }
            } else {
                ConfigError::Syntax {
                    path: path.to_owned(),
                    message: describe_toml_error(text, &error),
                }
            }
        })?;
        Ok(Self {
            path: path.to_owned(),
            settings,
        })
    }
}

/// A key pasted into config.toml deserves its own advice (and must not be echoed back).
fn names_api_key(text: &str) -> bool {
    toml::from_str::<toml::Table>(text)
        .is_ok_and(|table| table.contains_key("api_key") || table.contains_key("late_api_key"))
}

/// The parser's message with its line number. The full `Display` of a TOML error quotes the
/// offending line, which could hold a secret, so only the message is kept.
pub(crate) fn describe_toml_error(text: &str, error: &toml::de::Error) -> String {
    let message = error.message().trim_end();
    match error.span() {
        Some(span) => {
            let line = 1 + text
                .bytes()
                .take(span.start)
                .filter(|&byte| byte == b'\n')
                .count();
            format!("line {line}: {message}")
        }
        None => message.to_owned(),
    }
}
