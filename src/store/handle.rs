//! `Store`: the handle the rest of unibox holds. One thread owns the connection and runs the
//! jobs it is sent, one at a time; callers wait for the answer (async or blocking).

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{Arc, mpsc};
use std::thread::{self, JoinHandle};

use tokio::sync::oneshot;

use super::{Db, SearchGate, StoreError};

type Job = Box<dyn FnOnce(&mut Db) + Send>;

enum Command {
    Run(Job),
    Close(mpsc::SyncSender<Result<(), StoreError>>),
}

/// A cheap, cloneable handle to the cache. Dropping the last clone (or `close`) ends the
/// owner thread after writing the log back into the main file.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    commands: Option<mpsc::Sender<Command>>,
    search_gate: SearchGate,
    owner: Option<JoinHandle<()>>,
}

impl Store {
    /// Opens (or creates) the cache file, migrates it, and starts its thread.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        Self::start(Db::open(path)?)
    }

    /// A throw-away cache in memory (tests, `--demo`).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::start(Db::open_in_memory()?)
    }

    fn start(db: Db) -> Result<Self, StoreError> {
        let search_gate = db.search_gate();
        let (commands, inbox) = mpsc::channel();
        let owner = thread::Builder::new()
            .name("unibox-store".into())
            .spawn(move || serve(db, inbox))
            .map_err(|e| StoreError::Open {
                path: "(store thread)".into(),
                reason: e.to_string(),
            })?;
        Ok(Self {
            inner: Arc::new(Inner {
                commands: Some(commands),
                search_gate,
                owner: Some(owner),
            }),
        })
    }

    /// Runs `f` on the store thread and waits for its answer without blocking the runtime.
    pub async fn call<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.send(Box::new(move |db| {
            // The caller may have gone away; its answer is then not needed.
            let _ = reply.send(f(db));
        }))?;
        answer.await.map_err(|_| StoreError::Closed)?
    }

    /// Runs `f` on the store thread and blocks until it answers (CLI, tests). Not for async
    /// code: use `call` there.
    pub fn call_blocking<R: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Db) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.send(Box::new(move |db| {
            let _ = reply.send(f(db));
        }))?;
        answer.recv().map_err(|_| StoreError::Closed)?
    }

    /// The gate of the store's searches: announcing a newer search there abandons older ones
    /// at once, even while the store thread runs them.
    pub fn search_gate(&self) -> &SearchGate {
        &self.inner.search_gate
    }

    /// Checkpoints and closes the cache now; every handle answers `Closed` afterwards.
    pub fn close(&self) -> Result<(), StoreError> {
        let (reply, answer) = mpsc::sync_channel(1);
        self.commands()?
            .send(Command::Close(reply))
            .map_err(|_| StoreError::Closed)?;
        answer.recv().map_err(|_| StoreError::Closed)?
    }

    fn send(&self, job: Job) -> Result<(), StoreError> {
        self.commands()?
            .send(Command::Run(job))
            .map_err(|_| StoreError::Closed)
    }

    fn commands(&self) -> Result<&mpsc::Sender<Command>, StoreError> {
        self.inner.commands.as_ref().ok_or(StoreError::Closed)
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // Hanging up ends the thread's loop; waiting for it means the file is closed (and
        // checkpointed) once the last handle is gone.
        self.commands = None;
        if let Some(owner) = self.owner.take()
            && owner.thread().id() != thread::current().id()
        {
            let _ = owner.join();
        }
    }
}

/// The owner thread: runs jobs until told to close or until every handle is gone.
fn serve(db: Db, inbox: mpsc::Receiver<Command>) {
    let mut db = db;
    let mut close_reply = None;
    for command in &inbox {
        match command {
            Command::Run(job) => {
                // A job that panics loses only its own answer (the caller sees `Closed`); an
                // open transaction is rolled back when it unwinds.
                if catch_unwind(AssertUnwindSafe(|| job(&mut db))).is_err() {
                    tracing::error!("a cache job panicked; its caller was told the cache closed");
                }
            }
            Command::Close(reply) => {
                close_reply = Some(reply);
                break;
            }
        }
    }
    // Jobs sent after `close` are dropped unanswered: their callers see `Closed`.
    drop(inbox);
    let closed = db.close();
    if let Err(error) = &closed {
        tracing::warn!("closing the cache: {error}");
    }
    if let Some(reply) = close_reply {
        let _ = reply.send(closed);
    }
}
