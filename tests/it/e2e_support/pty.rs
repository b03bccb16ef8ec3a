//! A program in a pseudo-terminal, its screen parsed by a terminal emulator (vt100), so
//! end-to-end tests read what a user would see, and type as a user would.
//!
//! Nothing here sleeps to synchronise: the screen is waited for with a deadline, woken by
//! every chunk of output, and checked only when a frame is complete. The one pause is a
//! person's: a confirmation takes only keys pressed once it could be read (`answer`).

use std::cell::Cell;
use std::ffi::OsStr;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// How long any wait may take before the test fails with what the screen shows.
pub const DEADLINE: Duration = Duration::from_secs(20);

/// Longer than a confirmation's guard time (300 ms) with room for a busy machine.
pub const READING: Duration = Duration::from_millis(600);

/// One read from the program's output, as it arrived.
#[derive(Debug, Clone, Copy)]
pub struct Chunk {
    pub at: Instant,
    /// Offset of the chunk in `Output::raw`.
    pub start: usize,
    pub len: usize,
}

/// A complete frame, as the screen showed it once the frame was drawn.
#[derive(Debug, Clone)]
pub struct Frame {
    pub at: Instant,
    pub text: String,
}

/// Everything the program wrote, parsed and raw, with when each piece arrived.
struct Output {
    parser: vt100::Parser,
    /// The screen as of the last complete frame: a frame may arrive in several reads, and a
    /// half-drawn one shows rows of two different states.
    screen: vt100::Screen,
    frames: Vec<Frame>,
    raw: Vec<u8>,
    chunks: Vec<Chunk>,
    /// Frame end markers are looked for from here on.
    frame_scan_from: usize,
    /// The program closed the terminal (it exited, and so did everything it started).
    closed: bool,
}

/// A frame ends by hiding the cursor, or by showing it (then placing it, for a text field):
/// the last things ratatui writes after the cells, and what unibox writes on leaving.
const FRAME_ENDS: [&[u8]; 2] = [b"\x1b[?25l", b"\x1b[?25h"];

impl Output {
    /// Parses a chunk of output, keeping the screen of every frame it completes. A frame's
    /// end marker may straddle two chunks: markers are looked for in the raw output.
    fn process(&mut self, bytes: &[u8], at: Instant) {
        let start = self.raw.len();
        self.raw.extend_from_slice(bytes);
        self.chunks.push(Chunk {
            at,
            start,
            len: bytes.len(),
        });
        let longest = FRAME_ENDS.iter().map(|m| m.len()).max().unwrap_or(0);
        let mut parsed = start;
        let mut scan = start.saturating_sub(longest - 1).max(self.frame_scan_from);
        while let Some(end) = frame_end(&self.raw[scan..]).map(|end| scan + end) {
            self.parser.process(&self.raw[parsed..end]);
            self.screen = self.parser.screen().clone();
            self.frames.push(Frame {
                at,
                text: self.screen.contents(),
            });
            parsed = end;
            scan = end;
        }
        self.parser.process(&self.raw[parsed..]);
        self.frame_scan_from = scan;
    }
}

/// Where the first frame ending in `bytes` ends (just past its marker).
fn frame_end(bytes: &[u8]) -> Option<usize> {
    FRAME_ENDS
        .iter()
        .filter_map(|marker| {
            bytes
                .windows(marker.len())
                .position(|w| w == *marker)
                .map(|start| start + marker.len())
        })
        .min()
}

struct Shared {
    output: Mutex<Output>,
    changed: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub struct Pty {
    master: File,
    /// Our own handle on the terminal side, to read its modes once the program exited; then
    /// closed, so the reader sees the end of the output.
    terminal: Option<OwnedFd>,
    /// The last key typed was a lone escape, and no screen change was waited for since.
    escape_unconfirmed: Cell<bool>,
    child: Child,
    shared: Arc<Shared>,
    reader: Option<JoinHandle<()>>,
    started: Instant,
    size: (u16, u16),
    /// Whether the terminal was back in line mode (canonical, echoing) once the program
    /// exited, as a shell expects it.
    line_mode_after_exit: Option<bool>,
}

impl Pty {
    /// Starts `program` with exactly `envs` (nothing inherited) in a terminal of `size`
    /// (columns, rows), as the session leader with the terminal as its controlling tty.
    pub fn spawn<I, K, V>(program: &OsStr, args: &[&OsStr], envs: I, size: (u16, u16)) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<OsStr>,
        V: AsRef<OsStr>,
    {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("openpt");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("ptsname");
        tcsetwinsize(&master, window(size)).expect("window size");
        let terminal: OwnedFd = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().expect("pty name"))
            .expect("open the pty's terminal side")
            .into();
        let stdio = |fd: &OwnedFd| Stdio::from(fd.try_clone().expect("dup"));
        let mut command = Command::new(program);
        command
            .args(args)
            .env_clear()
            .envs(envs)
            .stdin(stdio(&terminal))
            .stdout(stdio(&terminal))
            .stderr(stdio(&terminal));
        // SAFETY: between fork and exec only async-signal-safe calls are made: setsid and an
        // ioctl, which give the child the pty as its controlling terminal (for /dev/tty).
        unsafe {
            command.pre_exec(|| {
                rustix::process::setsid()?;
                rustix::process::ioctl_tiocsctty(std::io::stdin().as_fd())?;
                Ok(())
            });
        }
        let started = Instant::now();
        let child = command.spawn().expect("start the program");
        let master = File::from(master);
        let shared = Arc::new(Shared {
            output: Mutex::new(Output {
                parser: vt100::Parser::new(size.1, size.0, 0),
                screen: vt100::Parser::new(size.1, size.0, 0).screen().clone(),
                frames: Vec::new(),
                raw: Vec::new(),
                chunks: Vec::new(),
                frame_scan_from: 0,
                closed: false,
            }),
            changed: Condvar::new(),
        });
        let reader = {
            let mut master = master.try_clone().expect("dup master");
            let shared = shared.clone();
            thread::spawn(move || read_output(&mut master, &shared))
        };
        Self {
            master,
            terminal: Some(terminal),
            escape_unconfirmed: Cell::new(false),
            child,
            shared,
            reader: Some(reader),
            started,
            size,
            line_mode_after_exit: None,
        }
    }

    /// Types `keys` (raw bytes: `"\r"` is enter, `"\x1b"` escape).
    ///
    /// A terminal reports an escape followed too closely by another key as alt-key, and
    /// nothing tells when the program has read a key (the kernel hands typed bytes over
    /// asynchronously). So after a lone escape, wait for its effect on the screen before
    /// typing on: this panics otherwise.
    pub fn send(&mut self, keys: &str) {
        assert!(
            !self.escape_unconfirmed.get(),
            "wait for the effect of the escape before typing {keys:?}"
        );
        self.master
            .write_all(keys.as_bytes())
            .expect("type into the pty");
        self.master.flush().expect("flush");
        self.escape_unconfirmed.set(keys.ends_with('\x1b'));
    }

    /// Answers the confirmation on screen as a person does: after reading it. A confirmation
    /// ignores keys that arrive within its guard time after it is drawn.
    pub fn answer(&mut self, keys: &str) {
        thread::sleep(READING);
        self.send(keys);
    }

    /// The screen as text, one line per row, as of the last complete frame.
    pub fn screen(&self) -> String {
        self.shared.lock().screen.contents()
    }

    /// Reads the terminal as the program left it so far (modes, cursor, cells), frames
    /// complete or not.
    pub fn with_terminal<R>(&self, read: impl FnOnce(&vt100::Screen) -> R) -> R {
        read(self.shared.lock().parser.screen())
    }

    /// Every complete frame so far, in order.
    pub fn frames(&self) -> Vec<Frame> {
        self.shared.lock().frames.clone()
    }

    /// How many complete frames were drawn so far.
    pub fn frame_count(&self) -> usize {
        self.shared.lock().frames.len()
    }

    pub fn raw_output(&self) -> Vec<u8> {
        self.shared.lock().raw.clone()
    }

    /// How many bytes the program has written so far.
    pub fn bytes_written(&self) -> usize {
        self.shared.lock().raw.len()
    }

    /// Every read of the output so far, in order.
    pub fn chunks(&self) -> Vec<Chunk> {
        self.shared.lock().chunks.clone()
    }

    pub fn started(&self) -> Instant {
        self.started
    }

    /// Resizes the terminal (the kernel tells the program with SIGWINCH); at least 1×1, as
    /// the emulator needs a cell.
    pub fn resize(&mut self, size: (u16, u16)) {
        assert!(size.0 > 0 && size.1 > 0, "a terminal has at least one cell");
        let mut output = self.shared.lock();
        output.parser.set_size(size.1, size.0);
        tcsetwinsize(&self.master, window(size)).expect("window size");
        self.size = size;
    }

    /// Waits until the screen satisfies `ready`, or fails with the screen in the message.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let screen = self.wait_until(what, |output| output.screen.contents(), ready);
        self.escape_unconfirmed.set(false);
        screen
    }

    /// Waits until the output, as written rather than as framed, contains `text`: a
    /// line-oriented program (`unibox send`'s prompt) draws no frames. Returns the output so far.
    pub fn wait_for_output(&self, text: &str) -> String {
        self.wait_until(
            &format!("{text:?}"),
            |output| String::from_utf8_lossy(&output.raw).into_owned(),
            |written| written.contains(text),
        )
    }

    /// Waits until what `read` takes of the output satisfies `ready`, woken by each write;
    /// fails with what it read in the message.
    fn wait_until(
        &self,
        what: &str,
        read: impl Fn(&Output) -> String,
        ready: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = Instant::now() + DEADLINE;
        let mut output = self.shared.lock();
        loop {
            let seen = read(&output);
            if ready(&seen) {
                return seen;
            }
            let now = Instant::now();
            assert!(
                now < deadline && !output.closed,
                "waited in vain for {what}; the terminal shows:\n{seen}"
            );
            output = self
                .shared
                .changed
                .wait_timeout(output, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    pub fn wait_for_text(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?}"), |screen| screen.contains(text))
    }

    pub fn wait_for_gone(&self, text: &str) -> String {
        self.wait_for(&format!("{text:?} to go away"), |screen| {
            !screen.contains(text)
        })
    }

    /// Waits for the program to end by itself, then for the last of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                self.drain();
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the program did not exit; the screen shows:\n{}",
                self.screen()
            );
            // No output to wake on: the exit is polled.
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// After the exit: closes our side of the terminal and reads what is left.
    fn drain(&mut self) {
        if let Some(terminal) = self.terminal.take() {
            let modes = rustix::termios::tcgetattr(&terminal).expect("terminal modes");
            let line = rustix::termios::LocalModes::ICANON | rustix::termios::LocalModes::ECHO;
            self.line_mode_after_exit = Some(modes.local_modes.contains(line));
        }
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the output reader ended cleanly");
        }
    }

    /// After `wait_exit` or `kill_hard`: whether the program left the terminal in line mode.
    pub fn line_mode_after_exit(&self) -> Option<bool> {
        self.line_mode_after_exit
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn signal(&self, signal: rustix::process::Signal) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32).expect("a child's pid");
        rustix::process::kill_process(pid, signal).expect("signal the program");
    }

    /// SIGKILL: no chance to clean up, like a crash or a power cut.
    pub fn kill_hard(&mut self) -> ExitStatus {
        self.child.kill().expect("kill the program");
        let status = self.child.wait().expect("wait");
        self.drain();
        status
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn window((columns, rows): (u16, u16)) -> Winsize {
    Winsize {
        ws_row: rows,
        ws_col: columns,
        ws_xpixel: 0,
        ws_ypixel: 0,
    }
}

fn read_output(master: &mut File, shared: &Shared) {
    let mut buffer = [0u8; 16 * 1024];
    loop {
        // EIO once every process has closed the terminal: the end of the output.
        let n = match master.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let at = Instant::now();
        let bytes = &buffer[..n];
        shared.lock().process(bytes, at);
        shared.changed.notify_all();
    }
    shared.lock().closed = true;
    shared.changed.notify_all();
}
