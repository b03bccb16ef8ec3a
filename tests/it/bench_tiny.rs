//! The benchmark at a tiny size, so it keeps compiling and running: it builds its caches,
//! runs the real binary in a terminal and produces every figure. Nothing about time is
//! asserted; speed is the benchmark's own business (`cargo bench --bench inbox`).

#[path = "../../benches/inbox/main.rs"]
mod inbox;

use std::path::PathBuf;

use chrono::Utc;
use unibox::store::{ChatFilter, Db};
use unibox_sandbox::LargeInbox;

/// This test binary, started again to run only `bare_first_frame`, is the bare start-up
/// reference of the tiny bench.
fn bare_launcher() -> inbox::bare_process::Launcher {
    inbox::bare_process::Launcher {
        program: std::env::current_exe().unwrap(),
        args: ["bench_tiny::bare_first_frame", "--exact", "--nocapture"]
            .map(Into::into)
            .to_vec(),
    }
}

/// The bare start-up reference: as the child of the tiny bench, it runs its job; otherwise
/// it checks that a job reads the cache and writes the texts to show.
#[test]
fn bare_first_frame() {
    if inbox::bare_process::run_if_asked().unwrap() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache.sqlite3");
    let inbox = LargeInbox::new(7, Utc::now(), 20, 100);
    inbox::build::build(&cache, &inbox, inbox::build::SearchIndex::Maintained).unwrap();
    let statements = Db::open(&cache)
        .unwrap()
        .first_frame_statements(&ChatFilter::default(), 10)
        .unwrap();
    let job = inbox::bare_process::Job {
        cache: cache.clone(),
        statements: statements
            .iter()
            .map(inbox::bare_process::JobStatement::of)
            .collect(),
        show: vec!["first chat".to_owned(), "an account".to_owned()],
    };
    let mut out = Vec::new();
    inbox::bare_process::first_frame(&job, &mut out).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.ends_with("first chat\r\nan account\r\n"), "{out:?}");
    let empty = inbox::bare_process::Job {
        statements: Vec::new(),
        ..job
    };
    assert!(inbox::bare_process::first_frame(&empty, &mut Vec::new()).is_err());
}

#[test]
fn the_bench_produces_every_figure_at_a_tiny_size() {
    let options =
        inbox::Options::tiny(PathBuf::from(env!("CARGO_BIN_EXE_unibox")), bare_launcher());
    let report = inbox::run(&options).unwrap();
    let figure = |key: &str| {
        report
            .figure(key)
            .unwrap_or_else(|| panic!("no figure {key}:\n{}", report.text()))
            .summary
    };
    let all = [
        "ingest.fts",
        "ingest.fts.bare",
        "ingest.plain",
        "ingest.plain.bare",
        "ingest.rebuild",
        "startup",
        "startup.bare",
        "startup.bare.in_process",
        "memory.open",
        "memory.scrolled",
        "idle.bytes",
        "idle.frames",
        "idle.sync_time.bytes",
        "keys.chats.120x40",
        "keys.thread.120x40",
        "keys.chats.240x70",
        "keys.thread.240x70",
        "bytes.chats.120x40",
        "bytes.thread.240x70",
        "search.messages",
        "search.typing.120x40",
        "search.typing.pty",
        "search.chats",
        "sync.30",
        "sync.30.network",
        "sync.30.requests",
        "sync.30.rate",
        "sync.30.at_once",
    ];
    for key in all {
        let summary = figure(key);
        assert!(
            summary.min >= 0.0 && summary.min <= summary.median && summary.median <= summary.max,
            "{key}: {summary:?}"
        );
    }
    // Each repeated figure has all its runs; each key press drew a frame.
    assert_eq!(figure("startup").count, options.runs);
    assert_eq!(figure("keys.chats.120x40").count, options.steps);
    assert!(figure("bytes.chats.120x40").min > 0.0);
    assert!(figure("memory.scrolled").median >= figure("memory.open").median);
    assert!(figure("memory.open").median > 1.0);
    // Limits are checked and named in the report.
    let text = report.text();
    assert!(text.contains("p99 < 4.00 ms"), "{text}");
    assert!(text.contains("startup.bare"), "{text}");
    let json = report.json();
    assert_eq!(
        json["figures"].as_array().map(Vec::len),
        Some(report.figures.len())
    );
}
