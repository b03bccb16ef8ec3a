//! Crashes: the real `unibox` TUI killed with SIGKILL during a first sync, an incremental sync
//! and a send, then started again. The cache passes SQLite's integrity check, sync completes
//! what was cut off, and the outbox settles without a duplicate. The final check is the
//! server's: every cached message is one it has, once; every send unibox recorded as sent is
//! on the server exactly once; nothing was sent twice.

use crate::harden_support;

use std::path::Path;

use harden_support::cache::{assert_matches_the_server, assert_nothing_lost};
use harden_support::cli_support::{Home, assert_success, run};
use harden_support::screen::{open_first_chat, reply_and_confirm};
use harden_support::sync_support::cached_message_count;
use harden_support::{Lab, Pty, SIZE, status_bar, wait_until};
use rusqlite::{Connection, OpenFlags};

const NEWS: &str = "news while unibox was running";

fn read_only(cache: &Path) -> Connection {
    Connection::open_with_flags(cache, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("the cache opens")
}

fn integrity(cache: &Path) -> String {
    read_only(cache)
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("the check runs")
}

/// Messages in the cache whose text is `text`, now; `None` while it cannot be read.
fn cached_with_text(cache: &Path, text: &str) -> Option<i64> {
    let conn = Connection::open_with_flags(cache, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row(
        "SELECT count(*) FROM messages WHERE text = ?1",
        [text],
        |row| row.get(0),
    )
    .ok()
}

fn outbox_states(cache: &Path) -> Vec<String> {
    let conn = read_only(cache);
    let mut stmt = conn
        .prepare("SELECT state FROM outbox ORDER BY id")
        .expect("a query");
    stmt.query_map([], |row| row.get(0))
        .expect("the outbox")
        .collect::<Result<_, _>>()
        .expect("outbox rows")
}

/// After a SIGKILL: the cache is whole, and a new session completes the sync.
fn restart_and_finish(lab: &Lab) -> Pty {
    assert_eq!(integrity(&lab.cache()), "ok");
    lab.server.faults().reset();
    let pty = lab.tui(SIZE, &[]);
    pty.wait_for("the sync to complete", |screen| {
        status_bar(screen).contains("✓ synced")
    });
    pty
}

fn quit(mut pty: Pty) {
    pty.send("q");
    assert!(pty.wait_exit().success());
}

/// The cache, brought up to date by one more sync, against a clean sync of the same server
/// and against the server's records.
fn jepsen(lab: &Lab) {
    assert_success(&lab.cli(&["sync"]));
    let clean = Home::new();
    assert_success(&lab.block_on(run(clean.unibox_for(&lab.server), &["sync"])));
    assert_nothing_lost(&lab.cache(), &clean.cache(), &lab.server);
    assert_eq!(integrity(&lab.cache()), "ok");
    for text in sent_texts(&lab.cache()) {
        assert_eq!(on_server(lab, &text), 1, "{text:?} is recorded as sent");
    }
}

/// The texts of the sends the outbox records as sent.
fn sent_texts(cache: &Path) -> Vec<String> {
    let conn = read_only(cache);
    let mut stmt = conn
        .prepare("SELECT payload FROM outbox WHERE kind = 'send' AND state = 'sent'")
        .expect("a query");
    stmt.query_map([], |row| row.get::<_, String>(0))
        .expect("the outbox")
        .map(|payload| {
            let payload: serde_json::Value =
                serde_json::from_str(&payload.expect("a payload")).expect("JSON");
            payload["text"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

/// Every message the server has with `text`, across all chats.
fn on_server(lab: &Lab, text: &str) -> usize {
    let state = lab.server.state();
    state
        .chats()
        .iter()
        .map(|chat| {
            state
                .messages(&chat.id)
                .iter()
                .filter(|m| m.text.as_deref() == Some(text))
                .count()
        })
        .sum()
}

fn sends_received(lab: &Lab, text: &str) -> Vec<Option<u16>> {
    lab.server
        .writes()
        .iter()
        .filter(|w| w.method == "POST" && w.field("text") == Some(text))
        .map(|w| w.status)
        .collect()
}

#[test]
fn killed_during_the_first_sync() {
    let lab = Lab::start(|_| {});
    lab.server.faults().update(|f| f.latency_ms = 60);
    let mut pty = lab.tui(SIZE, &[]);
    let total = lab
        .server
        .state()
        .read(unibox_sandbox::World::message_count) as i64;
    let written = wait_until("some messages in the cache", || {
        cached_message_count(&lab.cache()).filter(|&n| n > 0)
    });
    pty.kill_hard();
    assert!(written < total, "{written} of {total}: killed too late");
    let pty = restart_and_finish(&lab);
    quit(pty);
    jepsen(&lab);
}

#[test]
fn killed_during_an_incremental_sync() {
    let lab = Lab::start(|_| {});
    assert_success(&lab.cli(&["sync"]));
    let state = lab.server.state();
    let mut news = 0;
    for chat in state.chats() {
        if lab.server.try_inject_inbound(&chat.id, NEWS).is_ok() {
            news += 1;
        }
    }
    lab.server.faults().update(|f| f.latency_ms = 60);
    let mut pty = lab.tui(SIZE, &[]);
    let written = wait_until("some of the news in the cache", || {
        cached_with_text(&lab.cache(), NEWS).filter(|&n| n > 0)
    });
    pty.kill_hard();
    assert!(written < news, "{written} of {news}: killed too late");
    let pty = restart_and_finish(&lab);
    quit(pty);
    assert_eq!(cached_with_text(&lab.cache(), NEWS), Some(news));
    jepsen(&lab);
}

#[test]
fn killed_after_the_server_took_a_send_it_is_settled_once() {
    const TEXT: &str = "sent just before the crash";
    let lab = Lab::start(|_| {});
    assert_success(&lab.cli(&["sync"]));
    let mut pty = lab.tui(SIZE, &[]);
    pty.wait_for("a sync", |screen| status_bar(screen).contains("✓ synced"));
    open_first_chat(&mut pty, SIZE);
    lab.server.faults().update(|f| f.hang_after_write = 1);
    reply_and_confirm(&mut pty, TEXT);
    wait_until("the server to take the send", || {
        (on_server(&lab, TEXT) == 1).then_some(())
    });
    pty.kill_hard();
    assert_eq!(outbox_states(&lab.cache()), ["pending"]);

    let pty = restart_and_finish(&lab);
    pty.wait_for("the outcome to be settled", |screen| {
        status_bar(screen).contains("found on the server: it was sent once")
    });
    quit(pty);
    assert_eq!(outbox_states(&lab.cache()), ["sent"]);
    assert_eq!(on_server(&lab, TEXT), 1);
    assert_eq!(sends_received(&lab, TEXT).len(), 1, "never sent again");
    assert_eq!(cached_with_text(&lab.cache(), TEXT), Some(1));
    assert_matches_the_server(&lab.cache(), &lab.server);
    jepsen(&lab);
}

#[test]
fn killed_before_the_server_took_a_send_it_is_asked_about_never_resent_blindly() {
    const TEXT: &str = "cut off on the way";
    let lab = Lab::start(|_| {});
    assert_success(&lab.cli(&["sync"]));
    let mut pty = lab.tui(SIZE, &[]);
    pty.wait_for("a sync", |screen| status_bar(screen).contains("✓ synced"));
    open_first_chat(&mut pty, SIZE);
    // The request is received, then held before it is handled.
    lab.server.faults().update(|f| f.latency_ms = 600_000);
    reply_and_confirm(&mut pty, TEXT);
    wait_until("the request to be on its way", || {
        (sends_received(&lab, TEXT).len() == 1).then_some(())
    });
    pty.kill_hard();
    assert_eq!(on_server(&lab, TEXT), 0);

    let mut pty = restart_and_finish(&lab);
    open_first_chat(&mut pty, SIZE);
    pty.wait_for("the unsettled send", |screen| {
        screen.contains(TEXT) && screen.contains("not confirmed yet")
    });
    assert_eq!(outbox_states(&lab.cache()), ["unknown"]);
    assert_eq!(
        sends_received(&lab, TEXT).len(),
        1,
        "not sent again by itself"
    );

    // The user looks, and knowingly sends it again, through a new confirmation.
    pty.send("O");
    pty.wait_for("the review", |screen| {
        screen.contains("they may have arrived")
    });
    pty.send("r");
    pty.wait_for("a new confirmation", |screen| screen.contains("y confirm"));
    pty.answer("y");
    wait_until("the second send to be answered", || {
        (sends_received(&lab, TEXT) == [None, Some(201)]).then_some(())
    });
    // The earlier attempt is replaced: nothing is left to send a third time.
    pty.wait_for("the thread settled", |screen| {
        !screen.contains("not confirmed yet")
    });
    quit(pty);
    assert_eq!(on_server(&lab, TEXT), 1);
    assert_eq!(outbox_states(&lab.cache()), ["failed", "sent"]);
    jepsen(&lab);
}
