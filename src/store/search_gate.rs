//! Abandoning a search that a newer one has replaced. Search as you type asks the store once
//! per key; the store thread runs its jobs one at a time, so a slow query for an old text
//! would delay the answer to the newest one. The gate knows the newest search asked for and
//! the one running: a search older than the newest is skipped if it has not started, and
//! stopped if it has.
//!
//! Stopping is SQLite's progress handler asking the gate every `CHECK_EVERY` virtual-machine
//! steps, not `sqlite3_interrupt`: an interrupt that arrives after the search began but before
//! its statement starts is lost (SQLite clears the flag when a statement starts with none
//! running), and the older search then ran to its end. The handler asks while the statement
//! runs, so no announcement can fall between.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rusqlite::{Connection, ErrorCode};

use super::StoreError;

/// Shared by the store thread (which runs searches through it) and whoever asks for them
/// (which tells it about each newer one). Cheap to clone.
#[derive(Clone)]
pub struct SearchGate {
    inner: Arc<Mutex<Gate>>,
}

/// Virtual-machine steps between two questions to the gate: about a microsecond of work.
const CHECK_EVERY: std::ffi::c_int = 1_000;

struct Gate {
    /// The newest search asked for.
    newest: u64,
    /// The search whose statement may be running now.
    running: Option<u64>,
}

/// How a search run through the gate ended.
#[derive(Debug)]
pub enum Gated<R> {
    Done(R),
    /// A newer search was asked for first: this one was skipped or interrupted.
    Abandoned,
}

impl SearchGate {
    /// The gate of `conn`'s searches; it installs the connection's progress handler.
    pub(super) fn of(conn: &Connection) -> rusqlite::Result<Self> {
        let inner = Arc::new(Mutex::new(Gate {
            newest: 0,
            running: None,
        }));
        let watched = Arc::clone(&inner);
        // Any statement of the connection calls it; only a superseded search says stop.
        conn.progress_handler(
            CHECK_EVERY,
            Some(move || lock(&watched).running_is_superseded()),
        )?;
        Ok(Self { inner })
    }

    /// A search numbered `search` (numbers grow) is asked for: any older one is abandoned,
    /// and stopped at its statement's next check if it is running.
    pub fn supersede(&self, search: u64) {
        let mut gate = self.lock();
        gate.newest = gate.newest.max(search);
    }

    /// Runs `search` numbered `number` unless a newer one was asked for, before or while it
    /// runs.
    pub(super) fn run<R>(
        &self,
        number: u64,
        search: impl FnOnce() -> Result<R, StoreError>,
    ) -> Result<Gated<R>, StoreError> {
        {
            let mut gate = self.lock();
            if gate.newest > number {
                return Ok(Gated::Abandoned);
            }
            gate.running = Some(number);
        }
        let outcome = search();
        let superseded = {
            let mut gate = self.lock();
            gate.running = None;
            gate.newest > number
        };
        match outcome {
            Ok(found) if !superseded => Ok(Gated::Done(found)),
            Ok(_) => Ok(Gated::Abandoned),
            Err(StoreError::Sqlite(error))
                if error.sqlite_error_code() == Some(ErrorCode::OperationInterrupted) =>
            {
                Ok(Gated::Abandoned)
            }
            Err(other) => Err(other),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Gate> {
        lock(&self.inner)
    }
}

impl Gate {
    fn running_is_superseded(&self) -> bool {
        self.running.is_some_and(|running| running < self.newest)
    }
}

fn lock(gate: &Mutex<Gate>) -> MutexGuard<'_, Gate> {
    // The state is two numbers, always consistent: a panic elsewhere cannot spoil it.
    gate.lock().unwrap_or_else(PoisonError::into_inner)
}

impl std::fmt::Debug for SearchGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchGate")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Never ends on its own: only an interrupt stops it.
    const ENDLESS: &str = "WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n)
                           SELECT count(*) FROM n";

    #[test]
    fn an_older_search_not_yet_started_is_skipped() {
        let conn = Connection::open_in_memory().unwrap();
        let gate = SearchGate::of(&conn).unwrap();
        gate.supersede(7);
        let mut ran = false;
        let outcome = gate.run(6, || {
            ran = true;
            Ok(())
        });
        assert!(matches!(outcome, Ok(Gated::Abandoned)));
        assert!(!ran, "a superseded search is not even started");
        assert!(matches!(gate.run(7, || Ok(42)), Ok(Gated::Done(42))));
    }

    #[test]
    fn a_running_search_is_interrupted_by_a_newer_one_and_the_next_runs_whole() {
        let conn = Connection::open_in_memory().unwrap();
        let gate = SearchGate::of(&conn).unwrap();
        let newer = gate.clone();
        let asker = std::thread::spawn(move || {
            // As the executor does when the next key arrives, once the older one is running.
            while newer.lock().running != Some(1) {
                std::thread::yield_now();
            }
            newer.supersede(2);
        });
        let outcome = gate.run(1, || {
            let count: i64 = conn.query_row(ENDLESS, [], |row| row.get(0))?;
            Ok(count)
        });
        asker.join().unwrap();
        assert!(matches!(outcome, Ok(Gated::Abandoned)), "{outcome:?}");
        // The interrupt is spent: the newer search runs to its end.
        let found = gate.run(2, || {
            Ok(conn.query_row("SELECT 40 + 2", [], |row| row.get::<_, i64>(0))?)
        });
        assert!(matches!(found, Ok(Gated::Done(42))), "{found:?}");
    }

    /// The window `sqlite3_interrupt` lost: the next key arrives after the search began and
    /// before its statement starts.
    #[test]
    fn a_search_superseded_before_its_statement_starts_is_still_stopped() {
        // Seconds of work when nothing stops it, so a regression fails rather than hangs.
        const LONG: &str = "WITH RECURSIVE n (x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n
                            WHERE x < 20000000) SELECT count(*) FROM n";
        let conn = Connection::open_in_memory().unwrap();
        let gate = SearchGate::of(&conn).unwrap();
        let mut stopped = false;
        let outcome = gate.run(1, || {
            gate.supersede(2);
            let counted = conn.query_row(LONG, [], |row| row.get::<_, i64>(0));
            stopped = matches!(&counted, Err(error)
                if error.sqlite_error_code() == Some(ErrorCode::OperationInterrupted));
            Ok(counted?)
        });
        assert!(stopped, "the statement was stopped, not run to its end");
        assert!(matches!(outcome, Ok(Gated::Abandoned)), "{outcome:?}");
    }

    #[test]
    fn a_search_not_superseded_is_never_interrupted() {
        let conn = Connection::open_in_memory().unwrap();
        let gate = SearchGate::of(&conn).unwrap();
        gate.supersede(3);
        // An equal number is the same search, and an older announcement changes nothing.
        gate.supersede(2);
        let found = gate.run(3, || {
            Ok(conn.query_row("SELECT 7", [], |row| row.get::<_, i64>(0))?)
        });
        assert!(matches!(found, Ok(Gated::Done(7))), "{found:?}");
    }
}
