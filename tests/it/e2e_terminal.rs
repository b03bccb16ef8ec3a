//! The terminal is given back as the shell expects it — alternate screen left, cursor shown,
//! line mode back — whether unibox quits on `q` or is asked to stop with SIGTERM.

use crate::e2e_support;

use std::time::Duration;

use e2e_support::{Inbox, Pty, screen};
use rustix::process::Signal;

const ENTER_ALTERNATE: &[u8] = b"\x1b[?1049h";
const LEAVE_ALTERNATE: &[u8] = b"\x1b[?1049l";
const HIDE_CURSOR: &[u8] = b"\x1b[?25l";
const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

fn last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The raw output ends with the screen given back: after the last frame (which hides the
/// cursor), the alternate screen is left and the cursor shown, and neither is undone.
fn assert_restored(ui: &Pty) {
    let raw = ui.raw_output();
    let entered = last(&raw, ENTER_ALTERNATE).expect("the alternate screen was used");
    let last_frame = last(&raw, HIDE_CURSOR).expect("frames were drawn");
    let left = last(&raw, LEAVE_ALTERNATE).expect("the alternate screen was left");
    let shown = last(&raw, SHOW_CURSOR).expect("the cursor was shown");
    assert!(entered < last_frame, "a frame was drawn after entering");
    assert!(
        left > last_frame,
        "the alternate screen is left after the last frame"
    );
    assert!(
        shown > last_frame,
        "the cursor is shown after the last frame"
    );
    ui.with_terminal(|terminal| {
        assert!(
            !terminal.alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!terminal.hide_cursor(), "the cursor is still hidden");
        assert!(!terminal.bracketed_paste(), "bracketed paste is still on");
    });
    assert_eq!(
        ui.line_mode_after_exit(),
        Some(true),
        "raw mode was left on"
    );
}

#[test]
fn q_quits_and_gives_the_terminal_back() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    ui.with_terminal(|terminal| assert!(terminal.alternate_screen()));
    ui.send("q");
    let status = ui.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&ui);
}

#[test]
fn sigterm_ends_the_session_and_gives_the_terminal_back() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    ui.signal(Signal::TERM);
    let status = ui.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&ui);
}

#[test]
fn sighup_ends_the_session_and_gives_the_terminal_back() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    ui.signal(Signal::HUP);
    let status = ui.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&ui);
}

// Measurements, not checks: run with `cargo test --test e2e_terminal -- --ignored
// --nocapture` and read what they print.

/// Start to first frame: the first byte of the first frame, and the first complete frame
/// that shows the chat list — from a synced cache, and with `--demo` (an empty throw-away
/// cache, the sandbox generated in process, the list after the first sync).
#[test]
#[ignore = "a measurement: prints timings"]
fn measure_start_to_first_frame() {
    let inbox = Inbox::start();
    let synced = inbox.run(&["sync"]);
    assert!(synced.status.success(), "{synced:?}");
    let newest = screen::shown_name(&inbox.listed(None, false)[0]);
    let (mut first, mut list) = startup_times(|| inbox.launch(&[]), &newest);
    println!(
        "synced cache, start → first byte of the first frame: {}",
        summary(&mut first)
    );
    println!(
        "synced cache, start → chat list on screen: {}",
        summary(&mut list)
    );
    let (mut first, mut list) = startup_times(|| inbox.launch(&["--demo"]), &newest);
    println!(
        "--demo, start → first byte of the first frame: {}",
        summary(&mut first)
    );
    println!(
        "--demo, start → chat list on screen (first sync): {}",
        summary(&mut list)
    );
}

fn startup_times(launch: impl Fn() -> Pty, newest: &str) -> (Vec<Duration>, Vec<Duration>) {
    const RUNS: usize = 9;
    let mut first_bytes = Vec::new();
    let mut lists = Vec::new();
    for _ in 0..RUNS {
        let mut ui = launch();
        ui.wait_for_text(newest);
        let started = ui.started();
        let raw = ui.raw_output();
        let entered = last(&raw, ENTER_ALTERNATE).expect("the alternate screen");
        // The screen set-up ends with hiding the cursor; the first frame starts after it.
        let setup_end = entered
            + raw[entered..]
                .windows(HIDE_CURSOR.len())
                .position(|w| w == HIDE_CURSOR)
                .expect("the cursor hidden")
            + HIDE_CURSOR.len();
        let first_frame_byte = ui
            .chunks()
            .into_iter()
            .find(|chunk| chunk.start + chunk.len > setup_end)
            .expect("a frame");
        let list = ui
            .frames()
            .into_iter()
            .find(|frame| frame.text.contains(newest))
            .expect("the list on screen");
        first_bytes.push(first_frame_byte.at - started);
        lists.push(list.at - started);
        ui.send("q");
        ui.wait_exit();
    }
    (first_bytes, lists)
}

/// An idle session for a minute: CPU used and bytes written to the terminal.
#[test]
#[ignore = "a measurement: prints CPU time and output bytes"]
fn measure_an_idle_minute() {
    let inbox = Inbox::start();
    let ui = inbox.open(&[]);
    // Let the start-up flash and the first poll's redraw pass.
    std::thread::sleep(Duration::from_secs(8));
    let (cpu_before, bytes_before, frames_before) =
        (cpu_ticks(ui.pid()), ui.bytes_written(), ui.frame_count());
    std::thread::sleep(Duration::from_secs(60));
    let (cpu_after, bytes_after, frames_after) =
        (cpu_ticks(ui.pid()), ui.bytes_written(), ui.frame_count());
    let per_second = clock_ticks_per_second();
    println!(
        "idle 60 s: CPU {:.2} s ({} ticks of 1/{per_second} s), {} bytes written, {} frames",
        (cpu_after - cpu_before) as f64 / per_second as f64,
        cpu_after - cpu_before,
        bytes_after - bytes_before,
        frames_after - frames_before,
    );
}

/// utime + stime of a process, all threads, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("/proc/<pid>/stat");
    // Fields after the command name (which may hold spaces) start at "state" (field 3).
    let after_name = &stat[stat.rfind(')').expect("the command name") + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |n: usize| fields[n - 3].parse::<u64>().expect("a number");
    field(14) + field(15)
}

fn clock_ticks_per_second() -> u64 {
    let output = std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .expect("getconf");
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("CLK_TCK")
}

fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.0} ms, min {:.0} ms, max {:.0} ms ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    )
}

/// The terminal hands typed bytes over a read at a time; a burst longer than one read (keys
/// piling up over a slow link, a long paste without bracketed paste) is read to its end at
/// once, not left waiting for the next key. Its last byte here is the quit.
#[test]
fn a_burst_of_keys_longer_than_one_read_is_read_to_its_end() {
    let inbox = Inbox::start();
    let mut ui = inbox.open(&[]);
    ui.send(&format!("{}q", "j".repeat(8192)));
    let status = ui.wait_exit();
    assert!(status.success(), "{status:?}");
    assert_restored(&ui);
}
