//! What sync tells the rest of the program. The TUI turns these into actions; the CLI prints
//! them.

use chrono::{DateTime, Utc};

use crate::domain::ChatId;

/// Which part of the cache a batch changed, so the UI reloads only what is on screen.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheChange {
    /// Accounts (names, statuses) or unread totals changed.
    pub accounts: bool,
    /// Chats whose row or messages changed.
    pub chats: Vec<ChatId>,
    /// New messages from other people in this batch (for the optional bell).
    pub inbound: u32,
}

impl CacheChange {
    pub fn is_empty(&self) -> bool {
        !self.accounts && self.chats.is_empty() && self.inbound == 0
    }
}

/// Totals of one sync run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub accounts: usize,
    pub chats_seen: usize,
    pub chats_written: usize,
    pub messages_seen: usize,
    pub messages_written: usize,
    /// Items the provider sent that could not be decoded and were skipped.
    pub skipped: usize,
    /// Accounts left out of this run (disconnected, unavailable); the next run tries again.
    pub accounts_skipped: usize,
    /// Mail and calendar accounts the server listed: kept in the cache, never polled.
    pub accounts_not_messaging: usize,
    /// Chats whose messages could not be read this time; the next run fetches them again.
    pub chats_failed: usize,
    /// Lists this run stopped following at a ceiling (`SyncOptions::max_chats_per_run`,
    /// `max_pages_per_list`); the next run goes on.
    pub lists_cut: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncEvent {
    /// A run started; `first` when the cache had never been filled.
    Started {
        first: bool,
    },
    /// What the run is doing now, in words ("Support: chats 3/42").
    Progress(String),
    /// An account was left out of this run, and why (the next run tries again).
    AccountSkipped {
        account: String,
        reason: String,
    },
    /// A batch was written to the cache.
    Changed(CacheChange),
    Finished {
        at: DateTime<Utc>,
        report: SyncReport,
    },
    /// The run stopped; `offline` when the server could not be reached at all.
    Failed {
        message: String,
        offline: bool,
    },
    /// Older history of a chat was fetched on demand.
    History {
        chat: ChatId,
        fetched: usize,
        complete: bool,
    },
    HistoryFailed {
        chat: ChatId,
        message: String,
    },
}
