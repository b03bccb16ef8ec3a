//! Where a walk through a provider's lists stands, in words any provider can fill: a paging
//! cursor, and the status of a history resync the server runs. Sync and the cache keep them;
//! each client reads and writes its own provider's spelling.

/// An opaque paging cursor; the other filters travel inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor(pub String);

/// Status of an account or chat history resync. Unknown values are kept as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncStatus {
    Started,
    Running,
    ChunkDone,
    Done,
    Error,
    ChatDeleted,
    Other(String),
}

impl SyncStatus {
    /// Nothing more to wait for. `CHUNK_DONE` counts: asking again after it starts a fresh
    /// sync on the server.
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            Self::Done | Self::ChunkDone | Self::Error | Self::ChatDeleted
        )
    }
}
