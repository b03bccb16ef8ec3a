//! Live updates: providers post events to `unibox listen`, which proves each post genuine
//! (Unipile: a secret header chosen at registration, `secret`; Late: an HMAC of the body,
//! `signature`), reads what it is about (`event`) and
//! fetches the news into the cache through sync's own code (`apply`). Polling goes on at a
//! slower pace to heal what no webhook said.

#[cfg(feature = "listen")]
mod apply;
mod event;
mod late_event;
#[cfg(feature = "listen")]
mod receiver;
mod secret;
#[cfg(feature = "listen")]
mod seen;
mod signature;

#[cfg(feature = "listen")]
pub use apply::Progress;
pub use event::{EventError, Hint, read_unipile};
pub use late_event::{LATE_EVENTS, LateEvent, read_late};
#[cfg(feature = "listen")]
pub use receiver::{ListenConfig, Listener, MAX_BODY_BYTES, start};
pub use secret::{
    LATE_SECRET_FILE_NAME, SECRET_FILE_NAME, SecretError, WebhookSecret, late_secret_path,
    secret_path,
};
pub use signature::{
    LATE_EVENT_HEADER, LATE_EVENT_ID_HEADER, LATE_SIGNATURE_HEADER, late_signature_holds, sign_late,
};
