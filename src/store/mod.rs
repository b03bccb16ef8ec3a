//! The SQLite cache: the TUI draws from it before any network call, sync writes into it, and
//! the outbox and drafts make sure nothing is lost or sent twice (docs/DESIGN.md section 3).
//!
//! One thread owns the connection (`Store` is the handle, `Db` the connection with every
//! typed query, one file per topic). Start-up cost does not depend on the history's size:
//! lists are read as windows through covering indexes, never whole.

mod accounts;
mod attendees;
mod audit;
mod chat_preview;
mod chats;
mod columns;
mod db;
mod drafts;
mod error;
mod fingerprint;
mod handle;
mod keys;
mod message_writer;
mod messages;
mod outbox;
mod saved_files;
mod search;
mod search_files;
mod search_gate;
mod search_key;
mod search_query;
mod statements;
mod sync_state;
mod unread_chats;
mod watch;

pub use accounts::{AccountOverview, AccountSummary, UnreadTotals};
pub use audit::{AuditEntry, AuditEvent, AuditOutcome, ContentDigest};
pub use chats::{ChatFilter, ChatListItem, LastMessage};
pub use db::{CACHE_KIB, Db};
pub use drafts::{Draft, SavedDraft};
pub use error::StoreError;
pub use handle::Store;
pub use messages::MessageAnchor;
pub use outbox::{
    NewOutboxEntry, OutboxAction, OutboxEntry, OutboxFile, OutboxId, OutboxState, ServerIds,
    Unsent, UnsentAction, took_effect, took_effect_on_chat,
};
pub use saved_files::SavedFile;
pub use search::{SearchHit, SearchScope, SnippetPart};
pub use search_gate::{Gated, SearchGate};
pub use search_query::{QueryError, SearchQuery, Sender, Term};
pub use statements::Statement;
pub use sync_state::{AccountSyncState, ChatSyncState, Gap};
pub use unread_chats::{Direction, UnreadChatAt};
pub use watch::{Arrival, CacheNews, Seen};

/// What a batch upsert did: rows inserted, rows updated, rows already cached as received
/// (not written at all).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Changes {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

impl Changes {
    /// Rows written.
    pub fn written(&self) -> usize {
        self.inserted + self.updated
    }

    /// Counts one upsert by the revision it returned: none when nothing was written, 0 for a
    /// new row, more for an updated one.
    fn record(&mut self, revision: Option<i64>) {
        match revision {
            None => self.unchanged += 1,
            Some(0) => self.inserted += 1,
            Some(_) => self.updated += 1,
        }
    }
}
