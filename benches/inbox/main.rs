//! `cargo bench --bench inbox`: unibox at inbox scale (100 000 chats, 1 000 000 messages by
//! default), every figure as a median with its minimum and maximum, against its limit and,
//! for start-up and ingest, against bare SQLite running the same SQL. README.md
//! ("Performance") says how to run it; `tests/it/bench_tiny.rs` runs it at a tiny size.

mod bare;
pub mod bare_process;
pub mod build;
mod frames;
mod options;
mod report;
mod stats;
mod sync;
mod terminal;

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DurationRound, TimeDelta, Utc};
use unibox::app::choices::chat_name;
use unibox::store::{ChatFilter, Db};
use unibox_sandbox::{LargeInbox, SandboxConfig, SandboxServer, Scale};

use self::bare::BareIngest;
use self::build::{Ingest, SearchIndex};
use self::report::{Figure, Limit, Report, Unit};
use self::stats::Summary;
use self::terminal::Terminal;

pub use self::options::{Options, Part};

const SEED: u64 = 7;
const API_KEY: &str = "bench-key";
/// The terminal sizes the key-to-frame figures are measured at.
const SIZES: [(u16, u16); 2] = [(120, 40), (240, 70)];
/// How long the program may take to do what is awaited in a terminal.
const PATIENCE: Duration = Duration::from_secs(300);
/// Quiet long enough to call the screen settled.
const CALM: Duration = Duration::from_millis(1500);
/// Searches over the messages: common, rare, prefix and two-word queries of the inbox's texts.
const SEARCHES: &[&str] = &[
    "merci",
    "commande",
    "ondine",
    "colis",
    "comm",
    "bonjour merci",
];
/// Typed into the message search a key at a time, filters included.
const TYPED_SEARCHES: &[&str] = &[
    "commande",
    "bonjour merci",
    "colis from:me",
    "merci has:file",
];
/// Searches over chat names and numbers.
const CHAT_SEARCHES: &[&str] = &["martin", "sato", "+999 000 012"];

#[allow(dead_code)] // the tiny-size test includes this file and calls `run`
fn main() -> ExitCode {
    // Started again as the bare start-up reference (see bare_process.rs).
    match bare_process::run_if_asked() {
        Ok(true) => return ExitCode::SUCCESS,
        Ok(false) => {}
        Err(error) => {
            eprintln!("bench (bare process): {error:#}");
            return ExitCode::FAILURE;
        }
    }
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_unibox"));
    let outcome = bare_process::Launcher::this_executable()
        .and_then(|bare| Options::parse(std::env::args().skip(1), binary, bare))
        .and_then(|options| {
            let report = run(&options)?;
            println!("{}", report.text());
            if let Some(path) = &options.json {
                std::fs::write(path, serde_json::to_vec_pretty(&report.json())?)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
            Ok(())
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds the caches and measures everything; the figures come back in the report.
pub fn run(options: &Options) -> anyhow::Result<Report> {
    let temporary = tempfile::Builder::new()
        .prefix("unibox-bench-")
        .tempdir_in(options.dir.clone().unwrap_or_else(std::env::temp_dir))?;
    let dir = temporary.path();
    let anchor = Utc::now().duration_trunc(TimeDelta::seconds(1))?;
    let inbox = LargeInbox::new(SEED, anchor, options.chats, options.messages);
    let mut report = Report::default();
    report.note(format!(
        "unibox bench: {} chats, {} messages, {} runs; {} cores; load average {}",
        inbox.chat_count(),
        inbox.message_count(),
        options.runs,
        std::thread::available_parallelism().map_or(0, usize::from),
        load_average()
    ));

    let cache = dir.join("cache.sqlite3");
    progress("building the cache, search index maintained (and bare SQLite alongside)");
    ingest(&mut report, dir, &cache, &inbox, SearchIndex::Maintained)?;
    // As unibox keeps a cache: readable by its owner only. A cache others can read makes
    // unibox warn in the status bar, and that notice expiring was drawn in the idle minute.
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o600))?;
    if options.measures(Part::Ingest) {
        progress("ingest again with the search index paused");
        let plain = dir.join("plain.sqlite3");
        ingest(&mut report, dir, &plain, &inbox, SearchIndex::Paused)?;
        remove_cache(&plain);
    }
    if options.measures(Part::Terminal) {
        progress(
            "start-up, memory and idle output of the real binary, with a sandbox of the same inbox",
        );
        terminal_figures(&mut report, options, &cache, anchor, dir)?;
    }
    if options.measures(Part::Keys) {
        progress("key press to frame");
        frame_figures(&mut report, options, &cache)?;
    }
    if options.measures(Part::Search) {
        progress("search");
        search_figures(&mut report, options, &cache)?;
    }
    if options.measures(Part::Sync) {
        sync_figures(&mut report, options, anchor, dir)?;
    }
    report.note(format!("load average at the end {}", load_average()));
    if options.keep {
        report.note(format!("caches kept in {}", temporary.keep().display()));
    }
    Ok(report)
}

fn ingest(
    report: &mut Report,
    dir: &Path,
    cache: &Path,
    inbox: &LargeInbox,
    index: SearchIndex,
) -> anyhow::Result<()> {
    // One after the other, never both open (see `BareIngest::create`).
    let bare_path = dir.join("bare.sqlite3");
    let bare = BareIngest::run(&bare_path, inbox, index)?;
    remove_cache(&bare_path);
    let ingest = build::build(cache, inbox, index)?;
    let (key, bare_key, label, limit) = match index {
        SearchIndex::Maintained => ("ingest.fts", "ingest.fts.bare", "with FTS", 25_000.0),
        SearchIndex::Paused => (
            "ingest.plain",
            "ingest.plain.bare",
            "without FTS",
            100_000.0,
        ),
    };
    report.note(format!(
        "ingest {label}: {} messages in {:.1} s of writes, {:.0} msg/s overall (bare SQLite {:.0} msg/s)",
        ingest.messages,
        ingest.write_time.as_secs_f64(),
        ingest.rate(),
        bare.rate()
    ));
    report.push(
        Figure::new(
            key,
            format!("ingest {label}, per batch"),
            Unit::PerSecond,
            rates(&ingest)?,
        )
        .limit(Limit::AtLeast(limit))
        .limit(Limit::AtLeastTimesBaseline {
            of: bare_key,
            times: 0.85,
        }),
    );
    report.push(Figure::new(
        bare_key,
        format!("  bare SQLite, same rows {label}"),
        Unit::PerSecond,
        Summary::of(&bare.batch_rates).context("no batch")?,
    ));
    if let Some(rebuild) = ingest.rebuild {
        report.push(Figure::new(
            "ingest.rebuild",
            "  search index rebuilt after it",
            Unit::Millis,
            Summary::single(rebuild.as_secs_f64() * 1e3),
        ));
    }
    Ok(())
}

fn rates(ingest: &Ingest) -> anyhow::Result<Summary> {
    Summary::of(&ingest.batch_rates).context("the ingest wrote no batch")
}

fn terminal_figures(
    report: &mut Report,
    options: &Options,
    cache: &Path,
    anchor: chrono::DateTime<Utc>,
    dir: &Path,
) -> anyhow::Result<()> {
    let (first_chat, statements) = {
        let db = Db::open(cache)?;
        let first = db
            .chat_window(&ChatFilter::default(), 0, 1)?
            .first()
            .map(|item| chat_name(item).into_owned())
            .context("the cache has no chat")?;
        let size = SIZES[0];
        let rows = ui_rows(size);
        (
            first,
            db.first_frame_statements(&ChatFilter::default(), rows)?,
        )
    };
    // The caches just written are still being flushed to disk; start-up is timed on a machine
    // that has finished writing them, as a user's would have.
    settle_disk_writes()?;
    let mut in_process = Vec::new();
    for _ in 0..options.runs {
        in_process.push(bare::first_frame(cache, &statements)?.as_secs_f64() * 1e3);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let sandbox = runtime.block_on(unibox_sandbox::start(SandboxConfig {
        api_key: API_KEY.to_owned(),
        seed: SEED,
        anchor,
        scale: Scale::Large {
            chats: options.chats,
            messages: options.messages,
        },
        ..SandboxConfig::default()
    }))?;
    let program = Program::new(options, cache, &sandbox, dir)?;
    // Both panes filled: an account's name and the first chat's.
    let watch = vec![first_chat, ACCOUNT_SHOWN.to_owned()];

    // The bare process: spawned the same way, timed until the same texts appear.
    let job = bare_process::write_job(
        dir,
        &bare_process::Job {
            cache: cache.to_owned(),
            statements: statements
                .iter()
                .map(bare_process::JobStatement::of)
                .collect(),
            show: watch.clone(),
        },
    )?;
    let mut bare = Vec::new();
    for _ in 0..options.runs {
        let mut env = program.env.clone();
        env.push((bare_process::JOB_VARIABLE.to_owned(), job.clone().into()));
        let (terminal, started) = Terminal::spawn(
            &options.bare.program,
            &options.bare.args,
            &env,
            SIZES[0],
            &watch,
        )?;
        let mut shown = started;
        for text in &watch {
            shown = shown.max(terminal.appeared(text, PATIENCE)?);
        }
        bare.push((shown - started).as_secs_f64() * 1e3);
        terminal.quit(Duration::from_secs(10))?;
    }

    let mut startup = Vec::new();
    for _ in 0..options.runs {
        let (terminal, started) = program.start(&watch)?;
        let mut shown = started;
        for text in &watch {
            shown = shown.max(terminal.appeared(text, PATIENCE)?);
        }
        startup.push((shown - started).as_secs_f64() * 1e3);
        terminal.settle(0, CALM, PATIENCE)?;
        terminal.quit(Duration::from_secs(10))?;
    }
    report.push(
        Figure::new(
            "startup",
            "start-up to first frame (real binary, pty)",
            Unit::Millis,
            Summary::of(&startup).context("no start-up run")?,
        )
        .limit(Limit::Below(80.0))
        .limit(Limit::TimesBaseline {
            of: "startup.bare",
            times: 3.0,
        }),
    );
    report.push(Figure::new(
        "startup.bare",
        "  bare process: open + same queries, pty",
        Unit::Millis,
        Summary::of(&bare).context("no bare run")?,
    ));
    report.push(Figure::new(
        "startup.bare.in_process",
        "  bare SQLite in this process: open + queries",
        Unit::Millis,
        Summary::of(&in_process).context("no bare run")?,
    ));

    let (mut terminal, _) = program.start(&watch)?;
    for text in &watch {
        terminal.appeared(text, PATIENCE)?;
    }
    terminal.settle(0, CALM, PATIENCE)?;
    let open = terminal.peak_rss_kib()? as f64 / 1024.0;
    let (_, writes) = terminal.written();
    terminal.send(&vec![b'j'; options.scroll_chats])?;
    terminal.settle(writes, CALM, PATIENCE)?;
    let scrolled = terminal.peak_rss_kib()? as f64 / 1024.0;
    report.push(
        Figure::new(
            "memory.open",
            "peak memory, large cache open",
            Unit::MiB,
            Summary::single(open),
        )
        .limit(Limit::Below(60.0)),
    );
    report.push(
        Figure::new(
            "memory.scrolled",
            format!("peak memory, after {} chats", options.scroll_chats),
            Unit::MiB,
            Summary::single(scrolled),
        )
        .limit(Limit::Below(60.0)),
    );

    // Idle from the end of the start-up sync: its progress and end are drawn, and are not idle.
    terminal.shows_calmly(SYNCED, CALM, PATIENCE)?;
    let (bytes, writes) = terminal.written();
    let (clock_bytes, clock_writes) = terminal.written_for_the_sync_time();
    let rows_before = terminal.rows();
    let idle_started = Instant::now();
    std::thread::sleep(options.idle);
    // What an idle redraw changed, to tell a clock label from anything else.
    for (row, (was, is)) in rows_before.iter().zip(terminal.rows()).enumerate() {
        if *was != is {
            report.note(format!("idle: row {row} was {was:?}, is {is:?}"));
        }
    }
    let (bytes_after, writes_after) = terminal.written();
    let (clock_bytes_after, clock_writes_after) = terminal.written_for_the_sync_time();
    let minutes = idle_started.elapsed().as_secs_f64() / 60.0;
    // The background polls go on while idle; one in a new minute moves the status bar's
    // "synced HH:MM", a frame the person should see. Only the rest is a redraw for nothing.
    let clock_bytes = clock_bytes_after - clock_bytes;
    let clock_writes = clock_writes_after - clock_writes;
    report.push(
        Figure::new(
            "idle.bytes",
            format!(
                "bytes written idle ({:.0} s), besides the time of the last sync",
                options.idle.as_secs_f64()
            ),
            Unit::Bytes,
            Summary::single((bytes_after - bytes - clock_bytes) as f64),
        )
        .limit(Limit::Below(1.0)),
    );
    report.push(
        Figure::new(
            "idle.frames",
            "  frames drawn idle, per minute, besides it",
            Unit::Count,
            Summary::single((writes_after - writes - clock_writes) as f64 / minutes),
        )
        .limit(Limit::Below(1.0)),
    );
    report.push(Figure::new(
        "idle.sync_time.bytes",
        "  bytes that moved the time of the last sync (a poll in a new minute)",
        Unit::Bytes,
        Summary::single(clock_bytes as f64),
    ));
    terminal.quit(Duration::from_secs(10))?;

    search_typing_figure(report, &program, &watch)?;
    runtime.block_on(sandbox.shutdown());
    Ok(())
}

/// What the status bar says once a sync is over.
const SYNCED: &str = "✓ synced ";

/// After a key, this long without a byte written means its results are drawn. Far above the
/// limit, so a search slower than the limit still lands in the key that asked for it.
const KEY_CALM: Duration = Duration::from_millis(250);

/// The real binary in the pty: `ctrl-f`, then each query of `TYPED_SEARCHES` typed a key at a
/// time and erased again, each key timed from its write to the pty until the last frame that
/// changed the screen above the status bar (the screen then settled for `KEY_CALM`): the
/// query's results drawn.
fn search_typing_figure(
    report: &mut Report,
    program: &Program,
    watch: &[String],
) -> anyhow::Result<()> {
    // No background sync while typing: only the search draws.
    let (mut terminal, _) = program.start_with(&["--poll-interval-secs", "86400"], watch)?;
    for text in watch {
        terminal.appeared(text, PATIENCE)?;
    }
    // The start-up sync over (the status bar says when it last synced, not its progress), so
    // none of its frames is taken for a key's.
    terminal.shows_calmly(SYNCED, CALM, PATIENCE)?;
    let (_, writes) = terminal.written();
    terminal.send(b"\x06")?;
    terminal.settle(writes, KEY_CALM, PATIENCE)?;
    let mut keys = Vec::new();
    for query in TYPED_SEARCHES {
        let typed = query.chars().map(|c| c.to_string().into_bytes());
        let erased = query.chars().map(|_| b"\x7f".to_vec());
        for key in typed.chain(erased) {
            let sent = Instant::now();
            terminal.send(&key)?;
            let drawn = terminal.last_change_after(sent, KEY_CALM, PATIENCE)?;
            keys.push((drawn - sent).as_secs_f64() * 1e3);
        }
    }
    // `q` would be typed into the search: close it first.
    let (_, writes) = terminal.written();
    terminal.send(b"\x1b")?;
    terminal.settle(writes, KEY_CALM, PATIENCE)?;
    terminal.quit(Duration::from_secs(10))?;
    report.push(
        Figure::new(
            "search.typing.pty",
            format!(
                "search as you type, key to results drawn ({} keys, real binary, pty)",
                keys.len()
            ),
            Unit::Millis,
            Summary::of(&keys).context("no key")?,
        )
        .limit(Limit::P99Below(20.0)),
    );
    Ok(())
}

/// Part of an account's name as the accounts pane shows it.
const ACCOUNT_SHOWN: &str = "Maison Argile";

/// Chat rows in the first frame at `size`.
fn ui_rows(size: (u16, u16)) -> u32 {
    let area = ratatui::layout::Rect::new(0, 0, size.0, size.1);
    let chats = unibox::ui::areas(area, unibox::app::Pane::Chats).chats;
    // The program asks for three screens before it knows the count.
    chats.map_or(1, |rect| 3 * unibox::ui::visible_chat_rows(rect) as u32)
}

/// How the real binary is started against the cache and the sandbox.
struct Program {
    binary: PathBuf,
    args: Vec<OsString>,
    env: Vec<(String, OsString)>,
}

impl Program {
    fn new(
        options: &Options,
        cache: &Path,
        sandbox: &SandboxServer,
        dir: &Path,
    ) -> anyhow::Result<Self> {
        let home = dir.join("home");
        std::fs::create_dir_all(&home)?;
        let env = vec![
            ("HOME".to_owned(), home.clone().into_os_string()),
            ("XDG_CONFIG_HOME".to_owned(), home.join("config").into()),
            ("XDG_DATA_HOME".to_owned(), home.join("data").into()),
            ("XDG_STATE_HOME".to_owned(), home.join("state").into()),
            ("TERM".to_owned(), "xterm-256color".into()),
            ("LANG".to_owned(), "C.UTF-8".into()),
            ("UNIBOX_API_KEY".to_owned(), API_KEY.into()),
        ];
        let args = vec![
            "--cache".into(),
            cache.as_os_str().to_owned(),
            "--dsn".into(),
            sandbox.url().into(),
        ];
        Ok(Self {
            binary: options.binary.clone(),
            args,
            env,
        })
    }

    fn start(&self, watch: &[String]) -> anyhow::Result<(Terminal, Instant)> {
        self.start_with(&[], watch)
    }

    /// Started with `extra` arguments after the usual ones.
    fn start_with(&self, extra: &[&str], watch: &[String]) -> anyhow::Result<(Terminal, Instant)> {
        let mut args = self.args.clone();
        args.extend(extra.iter().map(OsString::from));
        Terminal::spawn(&self.binary, &args, &self.env, SIZES[0], watch)
    }
}

fn frame_figures(report: &mut Report, options: &Options, cache: &Path) -> anyhow::Result<()> {
    for size in SIZES {
        let name = format!("{}x{}", size.0, size.1);
        let chats = frames::chat_list(cache, size, options.steps)?;
        let thread = frames::thread(cache, size, options.steps)?;
        for (scenario, steps, label) in [
            ("chats", &chats, "chat list `j`"),
            ("thread", &thread, "long thread `k`"),
        ] {
            let mut figure = Figure::new(
                format!("keys.{scenario}.{name}"),
                format!("key to frame, {label}, {name}"),
                Unit::Millis,
                Summary::of(&steps.step_ms).context("no step")?,
            );
            if size == SIZES[0] {
                figure = figure.limit(Limit::P99Below(4.0));
            }
            report.push(figure);
            report.push(Figure::new(
                format!("keys.{scenario}.{name}.reads"),
                format!("  with its cache reads ({} reads)", steps.reads),
                Unit::Millis,
                Summary::of(&steps.settled_ms).context("no step")?,
            ));
            report.push(Figure::new(
                format!("bytes.{scenario}.{name}"),
                "  bytes written per step",
                Unit::Bytes,
                Summary::of(&steps.bytes).context("no step")?,
            ));
        }
    }
    Ok(())
}

fn search_figures(report: &mut Report, options: &Options, cache: &Path) -> anyhow::Result<()> {
    let db = Db::open(cache)?;
    let mut times = Vec::new();
    let mut found = Vec::new();
    for query in SEARCHES {
        let hits = db.search(query, 50)?.len();
        found.push(format!("{query:?} {hits}"));
        for _ in 0..options.runs {
            let started = Instant::now();
            db.search(query, 50)?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    report.note(format!("searches (hits, at most 50): {}", found.join(", ")));
    let size = SIZES[0];
    let (typing, texts) = frames::search_as_you_type(cache, size, TYPED_SEARCHES)?;
    if let Some((text, ms)) = texts
        .iter()
        .zip(&typing.settled_ms)
        .max_by(|a, b| a.1.total_cmp(b.1))
    {
        report.note(format!(
            "search as you type, slowest key: the text became {text:?} ({ms:.1} ms)"
        ));
    }
    report.push(
        Figure::new(
            format!("search.typing.{}x{}", size.0, size.1),
            format!(
                "search as you type, key to results drawn ({} keys, {}x{})",
                typing.settled_ms.len(),
                size.0,
                size.1
            ),
            Unit::Millis,
            Summary::of(&typing.settled_ms).context("no key")?,
        )
        .limit(Limit::P99Below(20.0)),
    );
    report.push(
        Figure::new(
            "search.messages",
            format!("search over {} messages", options.messages),
            Unit::Millis,
            Summary::of(&times).context("no search")?,
        )
        .limit(Limit::Below(50.0)),
    );
    let mut times = Vec::new();
    for query in CHAT_SEARCHES {
        let filter = ChatFilter {
            search: (*query).to_owned(),
            ..ChatFilter::default()
        };
        db.chat_count(&filter)?;
        for _ in 0..options.runs {
            let started = Instant::now();
            db.chat_count(&filter)?;
            db.chat_window(&filter, 0, 50)?;
            times.push(started.elapsed().as_secs_f64() * 1e3);
        }
    }
    report.push(Figure::new(
        "search.chats",
        format!("search chats by name or number ({})", options.chats),
        Unit::Millis,
        Summary::of(&times).context("no search")?,
    ));
    Ok(())
}

/// The first sync of `options.sync_chats` chats against a sandbox with latency.
fn sync_figures(
    report: &mut Report,
    options: &Options,
    anchor: chrono::DateTime<Utc>,
    dir: &Path,
) -> anyhow::Result<()> {
    let latency = options.sync_latency;
    let concurrency = unibox::provider::congestion::DEFAULT_CEILING;
    for &chats in &options.sync_chats {
        progress(&format!(
            "first sync of {chats} chats, {} ms per request",
            latency.as_millis()
        ));
        let mut walls = Vec::new();
        let mut rates = Vec::new();
        let mut last = None;
        for _ in 0..options.sync_runs {
            let run = sync::first_sync(&options.binary, dir, anchor, chats, latency)?;
            walls.push(run.wall.as_secs_f64() * 1e3);
            rates.push(run.per_second());
            last = Some(run);
        }
        let run = last.context("no sync run")?;
        let network = run.requests as f64 / concurrency as f64 * latency.as_secs_f64() * 1e3;
        report.note(format!(
            "first sync of {chats} chats × {} messages: {} requests ({} for one chat each; {} \
             for the accounts and their lists, each list page after page, beside the chats), \
             at most {} at once at the server; the network alone at {concurrency} in flight: \
             {:.0} ms",
            sync::SYNC_MESSAGES_PER_CHAT,
            run.requests,
            run.per_chat,
            run.requests - run.per_chat,
            run.most_at_once,
            network
        ));
        let key = format!("sync.{chats}");
        let reference = format!("sync.{chats}.network");
        report.push(
            Figure::new(
                key.clone(),
                format!(
                    "first sync, {chats} chats, {} ms/request",
                    latency.as_millis()
                ),
                Unit::Millis,
                Summary::of(&walls).context("no sync run")?,
            )
            .limit(Limit::TimesBaseline {
                of: leak(reference.clone()),
                times: 1.3,
            }),
        );
        report.push(Figure::new(
            reference,
            format!("  requests ÷ {concurrency} × latency"),
            Unit::Millis,
            Summary::single(network),
        ));
        report.push(Figure::new(
            format!("{key}.requests"),
            "  requests",
            Unit::Count,
            Summary::single(run.requests as f64),
        ));
        report.push(Figure::new(
            format!("{key}.rate"),
            "  requests per second",
            Unit::RequestsPerSecond,
            Summary::of(&rates).context("no sync run")?,
        ));
        report.push(
            Figure::new(
                format!("{key}.at_once"),
                "  most requests at once at the server",
                Unit::Count,
                Summary::single(run.most_at_once as f64),
            )
            .limit(Limit::Below(concurrency as f64 + 1.0)),
        );
    }
    Ok(())
}

/// A figure key made at run time, for a limit that names it (a handful per run).
fn leak(key: String) -> &'static str {
    Box::leak(key.into_boxed_str())
}

fn remove_cache(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}

fn progress(what: &str) {
    eprintln!("bench: {what}…");
}

/// Waits until the kernel has written every dirty page to disk (`sync`).
fn settle_disk_writes() -> anyhow::Result<()> {
    let status = std::process::Command::new("sync")
        .status()
        .context("running sync")?;
    anyhow::ensure!(status.success(), "sync failed: {status}");
    Ok(())
}
