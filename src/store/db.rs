//! The connection and its settings: open, migrate, transactions (ordinary and durable), and
//! checks. The typed queries live in one file per topic, each adding an `impl Db` block.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};
use rusqlite_migration::{M, Migrations};

use super::StoreError;
use super::search_gate::SearchGate;

/// The schema's history, one step per version.
fn migrations() -> Vec<M<'static>> {
    vec![
        M::up(concat!(
            include_str!("migrations/001_initial.sql"),
            include_str!("sql/search_triggers.sql"),
        )),
        M::up(include_str!("migrations/002_outbox_dismissed.sql")),
        M::up(include_str!("migrations/003_full_listing_owed.sql")),
        M::up(include_str!("migrations/004_saved_attachments.sql")),
        // Search keys are folded without accents now: fold the stored ones again.
        M::up_with_hook("", super::search_key::refold_stored_keys),
        M::up(include_str!("migrations/005_account_trouble.sql")),
        M::up(include_str!("migrations/006_chat_gap.sql")),
        M::up(include_str!("migrations/007_chat_refreshed.sql")),
        M::up(include_str!("migrations/008_account_type.sql")),
        M::up(include_str!("migrations/009_account_provider.sql")),
        M::up(include_str!("migrations/010_waiting_for_us.sql")),
        M::up(include_str!("migrations/011_outbox_idempotency_key.sql")),
        M::up(include_str!("migrations/012_outbox_chat_change.sql")),
        M::up(include_str!("migrations/013_messages_with_files.sql")),
    ]
}

/// How long a write waits for another process's lock before giving up with `Busy`. Writes
/// take milliseconds, so a longer wait means the other program is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(2);

/// Page cache per connection (KiB, negative per SQLite's convention). Fixed, so memory does not
/// grow with the size of the history.
pub const CACHE_KIB: i64 = -32_768;

/// The cache's connection, owned by the store thread. Every query of the program is a method.
pub struct Db {
    pub(super) conn: Connection,
    /// Lets a newer search abandon an older one (search as you type).
    pub(super) search_gate: SearchGate,
}

impl Db {
    /// Opens (or creates) the cache file and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::Open {
            path: path.display().to_string(),
            reason: StoreError::from(e).to_string(),
        })?;
        Self::prepare(conn)
    }

    /// A private cache that lives as long as the connection (tests, `--demo`).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // The first read of the file: a damaged or foreign file fails here with `Corrupt`.
        let found: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        let migrations = migrations();
        if found > migrations.len() as i64 {
            return Err(StoreError::TooNew {
                found,
                supported: migrations.len(),
            });
        }
        // In-memory databases answer "memory" here; only files get a write-ahead log.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", CACHE_KIB)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        Migrations::new(migrations).to_latest(&mut conn)?;
        conn.set_prepared_statement_cache_capacity(64);
        let search_gate = SearchGate::of(&conn)?;
        Ok(Self { conn, search_gate })
    }

    /// The gate through which searches run: tell it of each newer search to abandon older ones.
    pub fn search_gate(&self) -> SearchGate {
        self.search_gate.clone()
    }

    /// The schema version this build writes.
    pub fn schema_version() -> usize {
        migrations().len()
    }

    /// A cache write: `synchronous=NORMAL`, which in WAL mode survives a crash of unibox and
    /// may lose only the last commits on a power cut, which the next sync repairs.
    pub(super) fn write<R>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let result = f(&tx)?;
        tx.commit()?;
        Ok(result)
    }

    /// A write that must survive a power cut once this returns (outbox, drafts):
    /// `synchronous=FULL` for this commit only.
    pub(super) fn write_durably<R>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        let result = self.write(f);
        let restored = self.conn.pragma_update(None, "synchronous", "NORMAL");
        let result = result?;
        restored?;
        Ok(result)
    }

    /// Rows changed since the connection opened; lets tests prove a write wrote nothing.
    pub fn total_changes(&self) -> u64 {
        self.conn.total_changes()
    }

    /// SQLite's own consistency check; an empty list means the file is sound.
    pub fn integrity_problems(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |row| row.get::<_, String>(0))?;
        let mut problems = Vec::new();
        for row in rows {
            let line = row?;
            if line != "ok" {
                problems.push(line);
            }
        }
        Ok(problems)
    }

    /// How SQLite runs `sql` (one line per plan step), to check that windows use indexes.
    pub(super) fn explain(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params, |row| row.get::<_, String>(3))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Writes the log back into the main file and closes. Called when the store thread ends.
    pub(super) fn close(self) -> Result<(), StoreError> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        self.conn.close().map_err(|(_, e)| StoreError::from(e))
    }
}
