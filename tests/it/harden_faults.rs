//! Faults end to end: the real `unibox` TUI in a pseudo-terminal while the sandbox is slow,
//! rate limits, fails, answers malformed pages, breaks connections or goes away. Each time
//! the status bar says what is happening in words, the screen keeps answering, and once the
//! fault is gone the cache equals a clean sync of the same server: nothing lost, nothing twice.

use crate::harden_support;

use harden_support::cache::assert_nothing_lost;
use harden_support::cli_support::{Home, assert_success, run};
use harden_support::screen::{
    ENTER, focus, open_first_chat, reply_up_to_the_confirmation, thread_title,
};
use harden_support::sync_support::{dump, rows_lost};
use harden_support::{Lab, Pty, SIZE, status_bar, wait_until};
use unibox_sandbox::{Faults, MalformedMode};

const REFRESH: &str = "\u{12}";

/// A lab whose cache was filled by a clean `unibox sync`, after which every chat of the
/// first account received a message: the TUI has news to fetch through the fault.
fn synced_lab() -> Lab {
    let lab = Lab::start(|_| {});
    assert_success(&lab.cli(&["sync"]));
    let state = lab.server.state();
    let first_account = state.accounts().first().map(|a| a.id.clone());
    for chat in state.chats() {
        if Some(&chat.account_id) == first_account.as_ref() {
            lab.server.inject_inbound(&chat.id, "news during the fault");
        }
    }
    lab
}

fn tui(lab: &Lab) -> Pty {
    lab.tui(SIZE, &[])
}

/// Waits until the status bar says `words`, and returns it.
fn status_says(pty: &Pty, words: &str) -> String {
    let screen = pty.wait_for(&format!("the status bar to say {words:?}"), |screen| {
        status_bar(screen).contains(words)
    });
    let said = status_bar(&screen).trim().to_owned();
    // For the record of what a user sees under each fault (`--nocapture`).
    eprintln!("status bar: {said}");
    said
}

/// Lifts every fault and asks for a sync; the cache must come to hold all a clean sync of the
/// server as it is now holds, once, as the server has it. (The status bar may already say
/// "synced" from before the refresh, so the cache itself is watched.)
fn recovers_everything(lab: &Lab, mut pty: Pty) {
    lab.server.faults().reset();
    lab.resume();
    let reference = Home::new();
    assert_success(&lab.block_on(run(reference.unibox_for(&lab.server), &["sync"])));
    pty.send(REFRESH);
    wait_until("the cache to hold what a clean sync holds", || {
        rows_lost(&dump(&lab.cache()), &dump(&reference.cache()))
            .is_empty()
            .then_some(())
    });
    pty.wait_for("a sync after the fault", |screen| {
        let bar = status_bar(screen);
        // A run that did everything takes back an earlier run's "synced, but …".
        bar.contains("✓ synced") && !bar.contains("OFFLINE") && !bar.contains("could not")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    assert_nothing_lost(&lab.cache(), &reference.cache(), &lab.server);
}

/// Runs the TUI over a synced cache while `fault` is on; the status bar must say `words`.
fn weather(fault: impl FnOnce(&mut Faults), words: &str) -> String {
    let lab = synced_lab();
    lab.server.faults().update(fault);
    let pty = tui(&lab);
    let said = status_says(&pty, words);
    recovers_everything(&lab, pty);
    said
}

#[test]
fn with_five_seconds_of_latency_keys_still_answer() {
    let lab = synced_lab();
    lab.server.faults().update(|f| f.latency_ms = 5_000);
    let answered = lab.server.requests().len();
    let mut pty = tui(&lab);
    status_says(&pty, "syncing…");
    focus(&mut pty, SIZE, "Chats");
    pty.send("j");
    let before = thread_title(&pty, SIZE);
    pty.send(ENTER);
    let opened = wait_until("the second chat to open from the cache", || {
        let title = thread_title(&pty, SIZE);
        (title != before && !title.starts_with("Thread")).then_some(title)
    });
    pty.wait_for("its messages", |screen| screen.contains("Today"));
    assert_eq!(
        lab.server.requests().len(),
        answered,
        "{opened} opened while every request was still in flight"
    );
    recovers_everything(&lab, pty);
}

#[test]
fn a_storm_of_429s_is_waited_out() {
    let said = weather(
        |f| {
            f.rate_limited = 40;
            f.retry_after_secs = Some(2);
        },
        "rate limiting",
    );
    assert!(
        said.contains("the server is rate limiting unibox; next try in 2s"),
        "{said}"
    );
}

#[test]
fn server_errors_are_reported_and_retried() {
    let said = weather(|f| f.error_rate = 1.0, "Something went wrong");
    assert!(said.contains("simulated server error"), "{said}");
}

#[test]
fn some_server_errors_cost_nothing() {
    let lab = synced_lab();
    lab.server.faults().update(|f| f.error_rate = 0.5);
    let pty = tui(&lab);
    status_says(&pty, "✗");
    recovers_everything(&lab, pty);
}

#[test]
fn a_page_cut_in_half_is_reported() {
    let said = weather(
        |f| f.malformed_pages = 5,
        "unexpected answer from the server",
    );
    assert!(said.contains("the answer is cut"), "{said}");
}

#[test]
fn a_page_with_an_item_of_the_wrong_shape_loses_nothing() {
    let said = weather(
        |f| {
            f.malformed_pages = 5;
            f.malformed_mode = MalformedMode::WrongShape;
        },
        "could not be read",
    );
    assert!(
        said.starts_with("synced, but 5 items from the server"),
        "{said}"
    );
}

#[test]
fn a_connection_reset_mid_body_is_reported() {
    weather(|f| f.resets = 5, "the connection to the server was lost");
}

#[test]
fn with_the_server_down_at_start_the_cache_shows_and_sync_resumes() {
    let lab = synced_lab();
    lab.stop_listening();
    let mut pty = tui(&lab);
    let said = status_says(&pty, "OFFLINE");
    assert!(said.contains("the server could not be reached"), "{said}");
    let title = open_first_chat(&mut pty, SIZE);
    pty.wait_for("the cached thread", |screen| screen.contains("Today"));
    assert!(title.contains("Marie Dubois"), "{title}");
    recovers_everything(&lab, pty);
}

#[test]
fn the_server_gone_mid_session_and_back() {
    let lab = synced_lab();
    let mut pty = tui(&lab);
    status_says(&pty, "✓ synced");
    lab.stop_listening();
    pty.send(REFRESH);
    let said = status_says(&pty, "OFFLINE");
    assert!(said.contains("the server could not be reached"), "{said}");
    recovers_everything(&lab, pty);
}

#[test]
fn a_send_whose_answer_is_cut_off_is_taken_as_sent_once_never_resent() {
    const TEXT: &str = "the answer to this one is cut off";
    let lab = synced_lab();
    let mut pty = tui(&lab);
    status_says(&pty, "✓ synced");
    open_first_chat(&mut pty, SIZE);
    reply_up_to_the_confirmation(&mut pty, TEXT);
    // The server applies the send and answers its status line, then the connection breaks
    // halfway through the body.
    let before = lab.server.requests().len();
    lab.server.faults().update(|f| f.resets = 1);
    pty.answer("y");
    pty.wait_for("the message shown as sent", |screen| {
        let lines: Vec<&str> = screen.lines().collect();
        !screen.contains("y confirm")
            && lines.windows(2).any(|pair| {
                let (header, body) = (pair[0], pair[1]);
                body.contains(TEXT) && header.contains("You") && header.contains('✓')
            })
            && !screen.contains('⏳')
    });
    let cut_off = &lab.server.requests()[before];
    assert_eq!(cut_off.method, "POST", "the break fell on {cut_off:?}");
    assert!(cut_off.path.ends_with("/messages"), "{cut_off:?}");

    recovers_everything(&lab, pty);
    let sends = lab
        .server
        .writes()
        .into_iter()
        .filter(|w| w.field("text") == Some(TEXT))
        .count();
    assert_eq!(sends, 1, "sent once, never again by itself");
    let cache = rusqlite::Connection::open(lab.cache()).unwrap();
    let cached: i64 = cache
        .query_row(
            "SELECT count(*) FROM messages WHERE text = ?1",
            [TEXT],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(cached, 1, "the server's copy, once");
    let open: i64 = cache
        .query_row(
            "SELECT count(*) FROM outbox WHERE state NOT IN ('sent') AND dismissed_at IS NULL",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(open, 0, "nothing left for the user to settle");
}
