//! Errors of the cache, worded for the status bar: what failed and what the user can do.

use rusqlite::ErrorCode;
use thiserror::Error;

use crate::domain::{AccountId, ChatId};

use super::outbox::{OutboxId, OutboxState};

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open the cache file {path}: {reason}")]
    Open { path: String, reason: String },
    #[error(
        "the cache file is damaged or is not a unibox cache ({0}); move it away and unibox \
         will rebuild it from the server"
    )]
    Corrupt(String),
    #[error(
        "the cache was written by a newer unibox (schema {found}, this build knows up to \
         {supported}); upgrade unibox or point it at another cache file"
    )]
    TooNew { found: i64, supported: usize },
    // Several programs share the cache by design (inboxes, `unibox sync`, a listener): this
    // is one of them holding it past the busy timeout, not a reason to close the others.
    #[error("another program kept the cache busy too long; try again")]
    Busy,
    #[error("the cache file is read-only; check its permissions")]
    ReadOnly,
    #[error("the disk is full; free some space so the cache can be written")]
    DiskFull,
    #[error("the cache could not be upgraded: {0}")]
    Migration(String),
    #[error("cache error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("chat {0} is not in the cache yet; sync its chat list first")]
    UnknownChat(ChatId),
    #[error("account {0} is not in the cache yet; sync the account list first")]
    UnknownAccount(AccountId),
    #[error("outbox entry {id} is {from} and cannot become {to}")]
    IllegalTransition {
        id: OutboxId,
        from: OutboxState,
        to: OutboxState,
    },
    #[error("outbox entry {0} does not exist")]
    NoSuchOutboxEntry(OutboxId),
    #[error("a value could not be stored: {0}")]
    Encode(String),
    #[error("the cache has been closed")]
    Closed,
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        match error.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Busy,
            Some(ErrorCode::ReadOnly) => Self::ReadOnly,
            Some(ErrorCode::DiskFull) => Self::DiskFull,
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => {
                Self::Corrupt(error.to_string())
            }
            _ => match error {
                // A stored value that does not read back as its type: the file was changed
                // behind unibox's back.
                rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
                | rusqlite::Error::InvalidColumnType(..) => Self::Corrupt(error.to_string()),
                other => Self::Sqlite(other),
            },
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(error: rusqlite_migration::Error) -> Self {
        match error {
            rusqlite_migration::Error::RusqliteError { err, .. } => match Self::from(err) {
                Self::Sqlite(other) => Self::Migration(other.to_string()),
                mapped => mapped,
            },
            other => Self::Migration(other.to_string()),
        }
    }
}
