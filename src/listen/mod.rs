//! Live updates: providers post events to `unibox listen`, which proves each post genuine
//! (a secret header chosen at registration, `secret`), reads what it is about (`event`) and
//! fetches the news into the cache through sync's own code (`apply`). Polling goes on at a
//! slower pace to heal what no webhook said.

#[cfg(feature = "listen")]
mod apply;
mod event;
#[cfg(feature = "listen")]
mod receiver;
mod secret;

#[cfg(feature = "listen")]
pub use apply::Progress;
pub use event::{EventError, Hint, read_unipile};
#[cfg(feature = "listen")]
pub use receiver::{ListenConfig, Listener, MAX_BODY_BYTES, start};
pub use secret::{SECRET_FILE_NAME, SecretError, WebhookSecret, secret_path};
