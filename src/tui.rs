//! The only module that touches the terminal: entering and leaving raw mode and the alternate
//! screen, suspending, handing the screen to `$EDITOR`, and restoring it on every exit path —
//! normal quit, error, panic and signals.

use std::io::{self, BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// Output is buffered and flushed once per frame: one write per redraw, not one per cell.
pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

const OUTPUT_BUFFER: usize = 64 * 1024;

pub struct Tui {
    terminal: Terminal<Backend>,
}

impl Tui {
    pub fn enter() -> io::Result<Self> {
        install_panic_hook();
        enter_screen()?;
        let backend = CrosstermBackend::new(BufWriter::with_capacity(OUTPUT_BUFFER, io::stdout()));
        let terminal = Terminal::new(backend)?;
        Ok(Self { terminal })
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let size = self.terminal.size()?;
        Ok((size.width, size.height))
    }

    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        self.terminal.draw(render).map(drop)
    }

    /// Gives the terminal back (for `$EDITOR` or a suspend), runs `outside`, then takes the
    /// screen again and redraws it whole.
    pub fn outside<R>(&mut self, outside: impl FnOnce() -> R) -> io::Result<R> {
        restore()?;
        let result = outside();
        enter_screen()?;
        self.terminal.clear()?;
        Ok(result)
    }

    /// Stops the process like a shell's ctrl-z; the screen comes back on `fg`.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.outside(|| signal_hook::low_level::raise(signal_hook::consts::SIGTSTP))?
    }

    /// Bytes that are not a frame: the bell, an OSC 52 clipboard write. The caller passes
    /// only sequences it built from sanitised text.
    pub fn write_control(&mut self, sequence: &str) -> io::Result<()> {
        let writer = self.terminal.backend_mut();
        writer.write_all(sequence.as_bytes())?;
        writer.flush()
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = restore();
    }
}

fn enter_screen() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// Puts the terminal back as the shell expects it. Safe to call more than once.
pub fn restore() -> io::Result<()> {
    let screen = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    disable_raw_mode()?;
    screen
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // Restore first, so the report lands on a usable screen.
        let _ = restore();
        previous(info);
    }));
}

/// Reads terminal events on a thread of its own. It can be paused, so that `$EDITOR` or a
/// suspended shell gets every keystroke.
pub struct EventReader {
    paused: Arc<AtomicBool>,
    parked: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

/// How long a read waits before checking for pause or stop: the worst-case delay of both.
const POLL: Duration = Duration::from_millis(200);

impl EventReader {
    pub fn spawn(mut deliver: impl FnMut(Event) -> bool + Send + 'static) -> io::Result<Self> {
        let paused = Arc::new(AtomicBool::new(false));
        let parked = Arc::new(AtomicBool::new(false));
        let stop = Arc::new(AtomicBool::new(false));
        let (p, k, s) = (paused.clone(), parked.clone(), stop.clone());
        thread::Builder::new()
            .name("terminal-events".into())
            .spawn(move || {
                while !s.load(Ordering::SeqCst) {
                    if p.load(Ordering::SeqCst) {
                        k.store(true, Ordering::SeqCst);
                        thread::sleep(Duration::from_millis(20));
                        continue;
                    }
                    k.store(false, Ordering::SeqCst);
                    match event::poll(POLL) {
                        Ok(true) => match event::read() {
                            Ok(event) => {
                                if !deliver(event) {
                                    break;
                                }
                            }
                            Err(error) => {
                                tracing::warn!(%error, "reading the terminal failed");
                                break;
                            }
                        },
                        Ok(false) => {}
                        Err(error) => {
                            tracing::warn!(%error, "polling the terminal failed");
                            break;
                        }
                    }
                }
            })?;
        Ok(Self {
            paused,
            parked,
            stop,
        })
    }

    /// Stops reading and waits until the reader is out of the terminal.
    pub fn pause(&self) {
        self.paused.store(true, Ordering::SeqCst);
        for _ in 0..50 {
            if self.parked.load(Ordering::SeqCst) {
                return;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn resume(&self) {
        self.paused.store(false, Ordering::SeqCst);
    }
}

impl Drop for EventReader {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}
