//! What to measure and at which size: `cargo bench --bench inbox -- --chats N --messages N`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

use super::bare_process::Launcher;

pub struct Options {
    pub chats: usize,
    pub messages: usize,
    /// Repeats of each timed whole (start-up, searches, bare-SQLite baselines).
    pub runs: usize,
    /// Key presses per scrolling scenario.
    pub steps: usize,
    /// Chats moved through before peak memory is read.
    pub scroll_chats: usize,
    pub idle: Duration,
    /// Where the caches are built (a temporary folder by default).
    pub dir: Option<PathBuf>,
    /// Also write the figures there as JSON.
    pub json: Option<PathBuf>,
    /// Leave the built caches on disk (their folder is printed), to study them afterwards.
    pub keep: bool,
    /// The `unibox` binary measured in a terminal.
    pub binary: PathBuf,
    /// The parts measured (all by default); the cache is built in any case.
    pub parts: Vec<Part>,
    /// How the bare start-up reference is started (this executable again by default).
    pub bare: Launcher,
    /// Chats of each first-sync figure (50 messages each).
    pub sync_chats: Vec<usize>,
    /// The sandbox's latency per request in the first-sync figures.
    pub sync_latency: Duration,
    /// Repeats of each first sync.
    pub sync_runs: usize,
}

/// A part of the benchmark, for `--only` (measuring one target while working on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Ingest, with and without the search index, against bare SQLite.
    Ingest,
    /// Start-up, memory and idle output of the real binary.
    Terminal,
    /// Key press to frame.
    Keys,
    /// Search over messages and chats.
    Search,
    /// The first sync against a sandbox with latency.
    Sync,
}

impl Part {
    const ALL: [Part; 5] = [
        Part::Ingest,
        Part::Terminal,
        Part::Keys,
        Part::Search,
        Part::Sync,
    ];

    fn parse(name: &str) -> anyhow::Result<Self> {
        Ok(match name {
            "ingest" => Self::Ingest,
            "terminal" => Self::Terminal,
            "keys" => Self::Keys,
            "search" => Self::Search,
            "sync" => Self::Sync,
            other => bail!("unknown part {other:?}; parts: ingest, terminal, keys, search, sync"),
        })
    }
}

const USAGE: &str = "cargo bench --bench inbox -- [--chats N] [--messages N] [--runs N] \
    [--steps N] [--scroll-chats N] [--idle-secs N] [--dir PATH] [--keep] [--json FILE] \
    [--only PART,PART…] [--sync-chats N,N…] [--sync-latency-ms N] [--sync-runs N]";

impl Options {
    /// The full size the targets name: 100 000 chats, 1 000 000 messages.
    pub fn full(binary: PathBuf, bare: Launcher) -> Self {
        Self {
            chats: 100_000,
            messages: 1_000_000,
            runs: 7,
            steps: 2_000,
            scroll_chats: 10_000,
            idle: Duration::from_secs(60),
            dir: None,
            json: None,
            keep: false,
            binary,
            parts: Part::ALL.to_vec(),
            bare,
            sync_chats: vec![300, 3_000],
            sync_latency: Duration::from_millis(100),
            sync_runs: 1,
        }
    }

    /// A size that runs in seconds: every figure, none of them meaningful.
    pub fn tiny(binary: PathBuf, bare: Launcher) -> Self {
        Self {
            chats: 120,
            messages: 2_400,
            runs: 2,
            steps: 40,
            scroll_chats: 60,
            idle: Duration::from_secs(2),
            sync_chats: vec![30],
            sync_latency: Duration::from_millis(5),
            ..Self::full(binary, bare)
        }
    }

    pub fn parse(
        args: impl IntoIterator<Item = String>,
        binary: PathBuf,
        bare: Launcher,
    ) -> anyhow::Result<Self> {
        let mut options = Self::full(binary, bare);
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            // `cargo bench` passes `--bench` to every bench target.
            if arg == "--bench" {
                continue;
            }
            let mut value = || {
                args.next()
                    .with_context(|| format!("{arg} needs a value; usage: {USAGE}"))
            };
            match arg.as_str() {
                "--chats" => options.chats = number(&value()?)?,
                "--messages" => options.messages = number(&value()?)?,
                "--runs" => options.runs = number(&value()?)?.max(1),
                "--steps" => options.steps = number(&value()?)?.max(1),
                "--scroll-chats" => options.scroll_chats = number(&value()?)?,
                "--idle-secs" => options.idle = Duration::from_secs(number(&value()?)? as u64),
                "--dir" => options.dir = Some(PathBuf::from(value()?)),
                "--json" => options.json = Some(PathBuf::from(value()?)),
                "--keep" => options.keep = true,
                "--only" => {
                    options.parts = value()?
                        .split(',')
                        .map(Part::parse)
                        .collect::<anyhow::Result<_>>()?;
                }
                "--sync-chats" => {
                    options.sync_chats = value()?
                        .split(',')
                        .map(number)
                        .collect::<anyhow::Result<_>>()?;
                }
                "--sync-latency-ms" => {
                    options.sync_latency = Duration::from_millis(number(&value()?)? as u64);
                }
                "--sync-runs" => options.sync_runs = number(&value()?)?.max(1),
                "--tiny" => {
                    let parts = std::mem::take(&mut options.parts);
                    options = Self::tiny(options.binary, options.bare);
                    options.parts = parts;
                }
                other => bail!("unknown argument {other:?}; usage: {USAGE}"),
            }
        }
        if options.chats == 0 || options.messages < options.chats {
            bail!("--messages must be at least --chats, and --chats at least 1");
        }
        Ok(options)
    }

    pub fn measures(&self, part: Part) -> bool {
        self.parts.contains(&part)
    }
}

fn number(text: &str) -> anyhow::Result<usize> {
    text.replace('_', "")
        .parse()
        .with_context(|| format!("{text:?} is not a number"))
}
