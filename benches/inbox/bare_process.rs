//! The start-up reference: a bare process that opens the same cache, runs the first frame's
//! statements on a plain rusqlite connection (every row read), writes what the first frame
//! shows and waits for `q`. It is this benchmark's own executable started again with
//! `UNIBOX_BENCH_BARE_JOB` naming a job file, spawned in a pseudo-terminal the same way as
//! unibox and timed the same way (until the texts appear), so the two figures differ only
//! by what unibox does beyond SQLite.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, params_from_iter};
use serde::{Deserialize, Serialize};
use unibox::store::Statement;

/// Names the job file of a bare child.
pub const JOB_VARIABLE: &str = "UNIBOX_BENCH_BARE_JOB";

/// What the bare child does.
#[derive(Debug, Serialize, Deserialize)]
pub struct Job {
    pub cache: PathBuf,
    pub statements: Vec<JobStatement>,
    /// The texts the start-up is timed until (the first frame's account and chat).
    pub show: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct JobStatement {
    pub sql: String,
    pub params: Vec<Param>,
}

/// A statement parameter as JSON.
#[derive(Debug, Serialize, Deserialize)]
pub enum Param {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl JobStatement {
    pub fn of(statement: &Statement) -> Self {
        Self {
            sql: statement.sql.clone(),
            params: statement
                .params
                .iter()
                .map(|value| match value {
                    Value::Null => Param::Null,
                    Value::Integer(n) => Param::Integer(*n),
                    Value::Real(x) => Param::Real(*x),
                    Value::Text(s) => Param::Text(s.clone()),
                    Value::Blob(b) => Param::Blob(b.clone()),
                })
                .collect(),
        }
    }

    fn values(&self) -> Vec<Value> {
        self.params
            .iter()
            .map(|param| match param {
                Param::Null => Value::Null,
                Param::Integer(n) => Value::Integer(*n),
                Param::Real(x) => Value::Real(*x),
                Param::Text(s) => Value::Text(s.clone()),
                Param::Blob(b) => Value::Blob(b.clone()),
            })
            .collect()
    }
}

/// How the bare child is started: the program, and the arguments that make it run the job
/// (none for the benchmark's own executable; a test filter for the test binary).
#[derive(Debug, Clone)]
pub struct Launcher {
    pub program: PathBuf,
    pub args: Vec<OsString>,
}

impl Launcher {
    /// This executable again.
    pub fn this_executable() -> anyhow::Result<Self> {
        Ok(Self {
            program: std::env::current_exe().context("finding the benchmark's executable")?,
            args: Vec::new(),
        })
    }
}

/// Writes `job` beside the caches; the path goes in `JOB_VARIABLE`.
pub fn write_job(dir: &Path, job: &Job) -> anyhow::Result<PathBuf> {
    let path = dir.join("bare-job.json");
    std::fs::write(&path, serde_json::to_vec(job)?)?;
    Ok(path)
}

/// In the child: runs the job named by `JOB_VARIABLE`, if any, and says whether it did.
pub fn run_if_asked() -> anyhow::Result<bool> {
    let Some(path) = std::env::var_os(JOB_VARIABLE) else {
        return Ok(false);
    };
    let job: Job = serde_json::from_slice(&std::fs::read(&path)?)?;
    let raw = raw_mode()?;
    let mut out = std::io::stdout().lock();
    first_frame(&job, &mut out)?;
    out.flush()?;
    // Like unibox, stay until `q` (the benchmark quits both the same way).
    let mut byte = [0u8; 1];
    while std::io::stdin().read(&mut byte)? == 1 && byte[0] != b'q' {}
    drop(raw);
    Ok(true)
}

/// Opens the cache, reads every row of every statement, and writes the texts to show.
pub fn first_frame(job: &Job, out: &mut impl Write) -> anyhow::Result<()> {
    let conn = Connection::open_with_flags(
        &job.cache,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut texts = 0usize;
    for statement in &job.statements {
        let mut prepared = conn.prepare(&statement.sql)?;
        let columns = prepared.column_count();
        let mut rows = prepared.query(params_from_iter(statement.values()))?;
        while let Some(row) = rows.next()? {
            for column in 0..columns {
                if row.get_ref(column)?.as_str().is_ok() {
                    texts += 1;
                }
            }
        }
    }
    anyhow::ensure!(texts > 0, "the first frame's statements read no text");
    write!(out, "\x1b[2J\x1b[H")?;
    for text in &job.show {
        write!(out, "{text}\r\n")?;
    }
    Ok(())
}

/// The terminal in raw mode (so `q` arrives without Enter) until dropped.
struct RawMode(Option<rustix::termios::Termios>);

fn raw_mode() -> anyhow::Result<RawMode> {
    let stdin = std::io::stdin();
    let Ok(saved) = rustix::termios::tcgetattr(&stdin) else {
        return Ok(RawMode(None));
    };
    let mut raw = saved.clone();
    raw.make_raw();
    rustix::termios::tcsetattr(&stdin, rustix::termios::OptionalActions::Now, &raw)?;
    Ok(RawMode(Some(saved)))
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if let Some(saved) = &self.0 {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                saved,
            );
        }
    }
}
