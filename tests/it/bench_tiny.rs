//! The benchmark at a tiny size, so it keeps compiling and running: it builds its caches,
//! runs the real binary in a terminal and produces every figure. Nothing about time is
//! asserted; speed is the benchmark's own business (`cargo bench --bench inbox`).

#[path = "../../benches/inbox/main.rs"]
mod inbox;

use std::path::PathBuf;

#[test]
fn the_bench_produces_every_figure_at_a_tiny_size() {
    let options = inbox::Options::tiny(PathBuf::from(env!("CARGO_BIN_EXE_unibox")));
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
        "memory.open",
        "memory.scrolled",
        "idle.bytes",
        "idle.frames",
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
