//! The real `unibox` binary in a pseudo-terminal: what it draws is parsed by a terminal
//! emulator, every byte it writes is counted, and its memory is read from /proc.

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

/// What the program has written so far.
struct Output {
    screen: vt100::Parser,
    bytes: u64,
    /// Reads of the pty that returned data: about one per frame (the program flushes once per
    /// frame).
    writes: u64,
    last: Instant,
    /// The last write that changed the screen above its bottom row (the status bar, where
    /// sync progress and notices that expire are drawn), and that part as it then was.
    body_changed: Instant,
    body: String,
    /// The whole screen with the status bar's time of the last sync masked, and the bytes
    /// and writes that changed only that time (a poll in a new minute): the clock label
    /// moving, not a redraw.
    unclocked: String,
    contents: String,
    clock_bytes: u64,
    clock_writes: u64,
    /// When each awaited text first appeared on the screen.
    seen: Vec<(String, Instant)>,
    watching: Vec<String>,
}

pub struct Terminal {
    master: File,
    child: Child,
    output: Arc<Mutex<Output>>,
}

impl Terminal {
    /// Starts `binary` with `args` and only the variables in `env`, in a `size` terminal.
    /// `watch` lists texts whose first appearance is timed from the moment of the start.
    pub fn spawn(
        binary: &Path,
        args: &[OsString],
        env: &[(String, OsString)],
        size: (u16, u16),
        watch: &[String],
    ) -> anyhow::Result<(Self, Instant)> {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY)?;
        grantpt(&master)?;
        unlockpt(&master)?;
        let name = ptsname(&master, Vec::new())?;
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: size.1,
                ws_col: size.0,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )?;
        let slave: OwnedFd = File::options()
            .read(true)
            .write(true)
            .open(name.to_str().context("the pty's name is not text")?)?
            .into();
        let output = Arc::new(Mutex::new(Output {
            screen: vt100::Parser::new(size.1, size.0, 0),
            bytes: 0,
            writes: 0,
            last: Instant::now(),
            body_changed: Instant::now(),
            body: String::new(),
            unclocked: String::new(),
            contents: String::new(),
            clock_bytes: 0,
            clock_writes: 0,
            seen: Vec::new(),
            watching: watch.to_vec(),
        }));
        let mut command = Command::new(binary);
        command
            .args(args)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::from(slave.try_clone()?))
            .stdout(Stdio::from(slave.try_clone()?))
            .stderr(Stdio::from(slave.try_clone()?));
        // SAFETY: between fork and exec only async-signal-safe calls are made (setsid and an
        // ioctl), which make the pty the child's controlling terminal.
        unsafe {
            command.pre_exec(|| {
                rustix::process::setsid()?;
                rustix::process::ioctl_tiocsctty(std::io::stdin().as_fd())?;
                Ok(())
            });
        }
        let master = File::from(master);
        let mut reader = master.try_clone()?;
        let shared = output.clone();
        let started = Instant::now();
        let child = command.spawn().context("starting unibox")?;
        drop(slave);
        thread::spawn(move || {
            let mut buffer = vec![0u8; 64 * 1024];
            while let Ok(n) = reader.read(&mut buffer) {
                let Some(chunk) = buffer.get(..n).filter(|c| !c.is_empty()) else {
                    break;
                };
                let now = Instant::now();
                let mut out = lock(&shared);
                out.screen.process(chunk);
                out.bytes += n as u64;
                out.writes += 1;
                out.last = now;
                let (rows, columns) = out.screen.screen().size();
                let body: String = out
                    .screen
                    .screen()
                    .rows(0, columns)
                    .take(usize::from(rows.saturating_sub(1)))
                    .collect();
                if body != out.body {
                    out.body = body;
                    out.body_changed = now;
                }
                let contents = out.screen.screen().contents();
                let unclocked = without_sync_time(&contents);
                if contents != out.contents && unclocked == out.unclocked {
                    out.clock_bytes += n as u64;
                    out.clock_writes += 1;
                }
                out.unclocked = unclocked;
                out.contents.clone_from(&contents);
                let appeared: Vec<String> = out
                    .watching
                    .iter()
                    .filter(|text| contents.contains(text.as_str()))
                    .cloned()
                    .collect();
                out.watching.retain(|text| !appeared.contains(text));
                out.seen
                    .extend(appeared.into_iter().map(|text| (text, now)));
            }
        });
        Ok((
            Self {
                master,
                child,
                output,
            },
            started,
        ))
    }

    /// When `text` first appeared, waiting for it up to `timeout`.
    pub fn appeared(&self, text: &str, timeout: Duration) -> anyhow::Result<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let out = lock(&self.output);
                if let Some((_, at)) = out.seen.iter().find(|(t, _)| t == text) {
                    return Ok(*at);
                }
                if Instant::now() > deadline {
                    bail!(
                        "{text:?} never appeared; the screen shows:\n{}",
                        out.screen.screen().contents()
                    );
                }
            }
            thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until more than `writes` writes were made (see `written`) and then nothing was
    /// written for `calm`, up to `timeout`.
    pub fn settle(&self, writes: u64, calm: Duration, timeout: Duration) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            let (last, made) = {
                let out = lock(&self.output);
                (out.last, out.writes)
            };
            if made > writes && last.elapsed() >= calm {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("unibox kept writing for {timeout:?}");
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// The last write after `sent` that changed the text above the status bar (else the last
    /// write after `sent`), once no write at all came for `calm`: the frame that left the
    /// screen as it stays. A frame that only redraws the status bar (a notice expiring, sync
    /// progress) is not the key's. Up to `timeout`.
    pub fn last_change_after(
        &self,
        sent: Instant,
        calm: Duration,
        timeout: Duration,
    ) -> anyhow::Result<Instant> {
        let deadline = Instant::now() + timeout;
        loop {
            let (changed, last) = {
                let out = lock(&self.output);
                (out.body_changed, out.last)
            };
            if last > sent && last.elapsed() >= calm {
                // A key whose frames change no character (a space typed at the end of the query
                // moves only the cursor) is drawn by its last write.
                return Ok(if changed > sent { changed } else { last });
            }
            if Instant::now() > deadline {
                bail!("unibox drew nothing, or kept drawing, for {timeout:?} after a key");
            }
            thread::sleep(Duration::from_millis(1));
        }
    }

    /// Waits until the screen shows `text` and nothing was written for `calm` since, up to
    /// `timeout`: a state the program reached and stays in.
    pub fn shows_calmly(
        &self,
        text: &str,
        calm: Duration,
        timeout: Duration,
    ) -> anyhow::Result<()> {
        let deadline = Instant::now() + timeout;
        loop {
            {
                let out = lock(&self.output);
                if out.last.elapsed() >= calm && out.screen.screen().contents().contains(text) {
                    return Ok(());
                }
                if Instant::now() > deadline {
                    bail!(
                        "{text:?} never stayed on the screen; it shows:\n{}",
                        out.screen.screen().contents()
                    );
                }
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Bytes and writes so far.
    pub fn written(&self) -> (u64, u64) {
        let out = lock(&self.output);
        (out.bytes, out.writes)
    }

    /// The screen's text now, row by row.
    pub fn rows(&self) -> Vec<String> {
        let out = lock(&self.output);
        let (_, columns) = out.screen.screen().size();
        out.screen.screen().rows(0, columns).collect()
    }

    /// Bytes and writes so far that changed nothing but the status bar's time of the last
    /// sync (part of `written`).
    pub fn written_for_the_sync_time(&self) -> (u64, u64) {
        let out = lock(&self.output);
        (out.clock_bytes, out.clock_writes)
    }

    pub fn send(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        self.master.write_all(bytes)?;
        self.master.flush()?;
        Ok(())
    }

    /// The process's peak resident memory (VmHWM), in KiB.
    pub fn peak_rss_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))?;
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmHWM in /proc/PID/status")
    }

    /// Quits with `q` like a user, or kills the process after `timeout`.
    pub fn quit(mut self, timeout: Duration) -> anyhow::Result<()> {
        self.send(b"q")?;
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            thread::sleep(Duration::from_millis(10));
        }
        bail!("unibox did not quit within {timeout:?}")
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The screen's text with the time in "synced HH:MM" (the status bar's last sync, which a
/// poll in a new minute moves) replaced by a mask.
fn without_sync_time(contents: &str) -> String {
    const LABEL: &str = "synced ";
    let mut masked = String::with_capacity(contents.len());
    let mut rest = contents;
    while let Some(at) = rest.find(LABEL) {
        let (before, after) = rest.split_at(at + LABEL.len());
        masked.push_str(before);
        // "HH:MM", or a day such as "Mon" or "3 Dec" after midnight: up to the next blank.
        let time_len = after.find(char::is_whitespace).unwrap_or(after.len());
        masked.push('#');
        rest = &after[time_len..];
    }
    masked.push_str(rest);
    masked
}

fn lock(output: &Mutex<Output>) -> MutexGuard<'_, Output> {
    output.lock().unwrap_or_else(PoisonError::into_inner)
}
