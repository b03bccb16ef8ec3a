//! Abandoning a search that a newer one has replaced. Search as you type asks the store once
//! per key; the store thread runs its jobs one at a time, so a slow query for an old text
//! would delay the answer to the newest one. The gate knows the newest search asked for and
//! the one running: a search older than the newest is skipped if it has not started, and
//! interrupted (SQLite's `sqlite3_interrupt`) if it has.

use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::{Connection, ErrorCode, InterruptHandle};

use super::StoreError;

/// Shared by the store thread (which runs searches through it) and whoever asks for them
/// (which tells it about each newer one). Cheap to clone.
#[derive(Clone)]
pub struct SearchGate {
    inner: Arc<Mutex<Gate>>,
    interrupt: Arc<InterruptHandle>,
}

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
    pub(super) fn of(conn: &Connection) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Gate {
                newest: 0,
                running: None,
            })),
            interrupt: Arc::new(conn.get_interrupt_handle()),
        }
    }

    /// A search numbered `search` (numbers grow) is asked for: any older one is abandoned.
    pub fn supersede(&self, search: u64) {
        let mut gate = self.lock();
        gate.newest = gate.newest.max(search);
        // Interrupting under the lock: `run` clears `running` under it too, so the interrupt
        // lands only while the older search's statement runs, never on another job. (A stray
        // one with no statement running is cleared by SQLite when the next one starts.)
        if gate.running.is_some_and(|running| running < gate.newest) {
            self.interrupt.interrupt();
        }
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

    fn lock(&self) -> std::sync::MutexGuard<'_, Gate> {
        // The state is two numbers, always consistent: a panic elsewhere cannot spoil it.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
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
        let gate = SearchGate::of(&conn);
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
        let gate = SearchGate::of(&conn);
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

    #[test]
    fn a_search_not_superseded_is_never_interrupted() {
        let conn = Connection::open_in_memory().unwrap();
        let gate = SearchGate::of(&conn);
        gate.supersede(3);
        // An equal number is the same search, and an older announcement changes nothing.
        gate.supersede(2);
        let found = gate.run(3, || {
            Ok(conn.query_row("SELECT 7", [], |row| row.get::<_, i64>(0))?)
        });
        assert!(matches!(found, Ok(Gated::Done(7))), "{found:?}");
    }
}
