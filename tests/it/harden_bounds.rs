//! Bounds: a message longer than WhatsApp accepts is refused before the confirmation; a pasted
//! 10 MB text is taken, drawn, saved as a draft and refused without a hang or a crash; a server
//! that answers a 1 GB body or a page of a million items costs `unibox sync` an error, not its
//! memory.

use crate::harden_support;
use crate::ui_support;

use std::time::Duration;

use chrono::TimeDelta;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use harden_support::cli_support::stderr;
use harden_support::screen::{ESC, open_first_chat};
use harden_support::{Lab, SIZE, status_bar};
use ui_support::{buffer, focused, inbox};
use unibox::app::{Action, Effect, Modal, Pane, State, update};
use unibox::domain::policy::Policy;
use unibox::input::Command;
use unibox_sandbox::hostile;

/// The team thread open, its composer open with `text` pasted.
fn composing(text: &str) -> State {
    let mut state = focused(inbox(), Pane::Thread);
    update(&mut state, Action::Command(Command::Reply));
    assert!(
        matches!(state.modal, Some(Modal::Composer(_))),
        "the composer opens"
    );
    update(&mut state, Action::Paste(text.to_owned()));
    state
}

fn flash(state: &State) -> &str {
    state.status.flash.as_ref().map_or("", |f| f.text.as_str())
}

#[test]
fn a_text_over_whatsapps_limit_is_refused_before_the_confirmation() {
    let longest = "ü".repeat(Policy::unipile_whatsapp().max_text_chars);
    let mut state = composing(&longest);
    update(&mut state, Action::Command(Command::Send));
    assert!(
        matches!(state.modal, Some(Modal::Confirm(_))),
        "65 536 characters are accepted"
    );

    let mut state = composing(&format!("{longest}!"));
    let effects = update(&mut state, Action::Command(Command::Send));
    assert!(
        matches!(state.modal, Some(Modal::Composer(_))),
        "the composer stays open with the text"
    );
    assert!(effects.iter().all(|e| !e.is_write()), "{effects:?}");
    assert_eq!(
        flash(&state),
        "the text has 65537 characters; WhatsApp accepts at most 65 536"
    );
}

#[test]
fn a_pasted_10_mb_text_is_taken_drawn_saved_and_refused() {
    let line = hostile::huge_line().text.into_owned();
    let many_lines = vec![line.as_str(); 100].join("\n");
    let one_line = "word ".repeat(2 * 1024 * 1024);
    for pasted in [many_lines, one_line] {
        assert!(pasted.len() >= 10_000_000);
        let mut state = composing(&pasted);
        for size in [(120, 40), (80, 24)] {
            buffer(&mut state, size.0, size.1);
        }
        let typed = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
        update(&mut state, Action::Text(typed));
        let later = state.now + TimeDelta::seconds(2);
        let saved = update(&mut state, Action::Tick(later));
        let draft = saved
            .iter()
            .find_map(|effect| match effect {
                Effect::SaveDraft(draft) => Some(draft.text.len()),
                _ => None,
            })
            .expect("the draft is saved");
        assert_eq!(draft, pasted.len() + 1);
        update(&mut state, Action::Command(Command::Send));
        assert!(matches!(state.modal, Some(Modal::Composer(_))));
        assert!(
            flash(&state).contains("at most 65 536"),
            "{}",
            flash(&state)
        );
        buffer(&mut state, 120, 40);
    }
}

/// Peak resident memory of a process, polled from `/proc` until it ends, in MiB.
fn run_measured(lab: &Lab, args: &[&str]) -> (std::process::Output, u64) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_unibox"));
    command
        .env_clear()
        .envs(lab.env())
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = command.spawn().expect("unibox runs");
    let status = format!("/proc/{}/status", child.id());
    let watcher = std::thread::spawn(move || {
        let mut peak_kib = 0;
        while let Ok(text) = std::fs::read_to_string(&status) {
            let high_water = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            match high_water {
                Some(kib) => peak_kib = peak_kib.max(kib),
                // A zombie has no memory left to report: it has ended.
                None => break,
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        peak_kib
    });
    let output = child.wait_with_output().expect("unibox ends");
    let peak_kib = watcher.join().expect("the watcher");
    (output, peak_kib / 1024)
}

#[test]
fn a_gigabyte_body_is_an_error_not_an_out_of_memory() {
    let lab = Lab::start(|_| {});
    lab.server.faults().update(|f| {
        f.oversized_bodies = 10;
        f.oversized_bytes = 1 << 30;
    });
    let (output, peak_mib) = run_measured(&lab, &["sync"]);
    let err = stderr(&output);
    eprintln!(
        "1 GiB body: peak {peak_mib} MiB, {:?}: {err}",
        output.status
    );
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("MiB") || err.contains("too large"), "{err}");
    assert!(peak_mib < 200, "peak {peak_mib} MiB");
}

#[test]
fn a_page_of_a_million_items_is_an_error_not_an_out_of_memory() {
    let lab = Lab::start(|_| {});
    lab.server.faults().update(|f| {
        f.huge_pages = 10;
        f.huge_page_items = 1_000_000;
    });
    let (output, peak_mib) = run_measured(&lab, &["sync"]);
    let err = stderr(&output);
    eprintln!(
        "1 000 000 items: peak {peak_mib} MiB, {:?}: {err}",
        output.status
    );
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(peak_mib < 200, "peak {peak_mib} MiB");
}

#[test]
fn a_10_mb_paste_into_the_real_terminal_is_kept_as_a_draft() {
    let lab = Lab::start(|_| {});
    let mut pty = lab.tui(SIZE, &[]);
    pty.wait_for("a sync", |screen| status_bar(screen).contains("✓ synced"));
    open_first_chat(&mut pty, SIZE);
    pty.send("r");
    pty.wait_for("the composer", |screen| screen.contains("enter send"));
    let pasted = "word ".repeat(2 * 1024 * 1024);
    pty.send(&format!("\u{1b}[200~{pasted}\u{1b}[201~"));
    pty.send("\r");
    pty.wait_for("the refusal", |screen| {
        status_bar(screen).contains("at most 65 536")
    });
    pty.send(ESC);
    pty.wait_for("the draft kept", |screen| {
        status_bar(screen).contains("draft kept")
    });
    pty.send("q");
    assert!(pty.wait_exit().success());
    let cache = rusqlite::Connection::open(lab.cache()).expect("the cache");
    let saved: i64 = cache
        .query_row("SELECT max(length(text)) FROM drafts", [], |row| row.get(0))
        .expect("a draft");
    assert_eq!(usize::try_from(saved).ok(), Some(pasted.len()));
}
