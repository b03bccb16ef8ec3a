//! The program's settings: where files live (`Paths`), what config.toml may say
//! (`ConfigFile`), the `UNIBOX_*` variables (`Env`), and `resolve`, which layers them under the
//! command-line `Flags` into `Settings`. The API key stays a `KeySource` until it is needed.

mod api_key;
pub mod env;
mod error;
mod file;
mod origin;
mod paths;
mod settings;
mod snippets;

pub use api_key::{KEY_COMMAND_TIMEOUT, KeySource};
pub use env::Env;
pub use error::ConfigError;
pub(crate) use file::describe_toml_error;
pub use file::{ConfigFile, FileSettings};
pub use origin::Origin;
pub use paths::Paths;
pub use settings::{
    DEFAULT_LISTEN_SYNC_INTERVAL, DEFAULT_POLL_INTERVAL, DEFAULT_REQUEST_TIMEOUT, Flags,
    LateSettings, Settings, config_file_path, load, resolve,
};
pub use snippets::{SnippetEntry, SnippetsError, read_snippets};
