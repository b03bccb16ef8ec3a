//! What to measure and at which size: `cargo bench --bench inbox -- --chats N --messages N`.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

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
    /// The `unibox` binary measured in a terminal.
    pub binary: PathBuf,
}

const USAGE: &str = "cargo bench --bench inbox -- [--chats N] [--messages N] [--runs N] \
    [--steps N] [--scroll-chats N] [--idle-secs N] [--dir PATH] [--json FILE]";

impl Options {
    /// The full size the targets name: 100 000 chats, 1 000 000 messages.
    pub fn full(binary: PathBuf) -> Self {
        Self {
            chats: 100_000,
            messages: 1_000_000,
            runs: 7,
            steps: 2_000,
            scroll_chats: 10_000,
            idle: Duration::from_secs(60),
            dir: None,
            json: None,
            binary,
        }
    }

    /// A size that runs in seconds: every figure, none of them meaningful.
    pub fn tiny(binary: PathBuf) -> Self {
        Self {
            chats: 120,
            messages: 2_400,
            runs: 2,
            steps: 40,
            scroll_chats: 60,
            idle: Duration::from_secs(2),
            ..Self::full(binary)
        }
    }

    pub fn parse(args: impl IntoIterator<Item = String>, binary: PathBuf) -> anyhow::Result<Self> {
        let mut options = Self::full(binary);
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
                "--tiny" => options = Self::tiny(options.binary),
                other => bail!("unknown argument {other:?}; usage: {USAGE}"),
            }
        }
        if options.chats == 0 || options.messages < options.chats {
            bail!("--messages must be at least --chats, and --chats at least 1");
        }
        Ok(options)
    }
}

fn number(text: &str) -> anyhow::Result<usize> {
    text.replace('_', "")
        .parse()
        .with_context(|| format!("{text:?} is not a number"))
}
