//! Writes of other programs on the same cache (another unibox, `unibox sync`, a listener).
//! SQLite's `data_version` changes only when another connection commits, and reading it
//! reads no data: checking it often costs next to nothing.

use super::{Db, StoreError};

/// The cache as this connection last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    data_version: i64,
}

impl Db {
    /// Where the cache stands now; later checks compare with it.
    pub fn seen(&self) -> Result<Seen, StoreError> {
        Ok(Seen {
            data_version: self.data_version()?,
        })
    }

    /// True when another connection committed since `seen`, which then moves forward. This
    /// connection's own writes do not count: whoever made them knows.
    pub fn others_wrote(&self, seen: &mut Seen) -> Result<bool, StoreError> {
        let now = self.data_version()?;
        let changed = now != seen.data_version;
        seen.data_version = now;
        Ok(changed)
    }

    fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }
}
