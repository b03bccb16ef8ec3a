//! Key press to frame, in process: the program's own keymap, `update`, `ui::render` and
//! ratatui's diff into crossterm's backend, with the cache read in line (the program reads
//! it on the store thread, between frames). A step is one key: resolve, update, render and
//! diff; the cache reads it asks for, and the frames their answers bring, are timed apart.

use std::cell::Cell;
use std::io::{self, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

use chrono::Utc;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use unibox::app::{Access, Action, Effect, State, UiOptions, start, update};
use unibox::input::Keymap;
use unibox::runtime::{CacheRead, Incoming, resolve};
use unibox::store::Db;
use unibox::ui;

/// Where the steps of one scenario went.
#[derive(Debug, Default)]
pub struct Steps {
    /// Key to frame on screen, in ms.
    pub step_ms: Vec<f64>,
    /// The same plus the cache reads it asked for and their frames, in ms.
    pub settled_ms: Vec<f64>,
    /// Bytes the key's frame wrote to the terminal.
    pub bytes: Vec<f64>,
    pub reads: usize,
}

/// Counts what the backend writes, and drops it.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<u64>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.set(self.0.get() + buf.len() as u64);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

struct Screen {
    state: State,
    keymap: Keymap,
    db: Db,
    terminal: Terminal<CrosstermBackend<Counter>>,
    written: Counter,
}

impl Screen {
    /// The program as it starts on `cache` in a `width`×`height` terminal, first frame drawn.
    fn start(cache: &Path, (width, height): (u16, u16)) -> anyhow::Result<Self> {
        let keymap = Keymap::built_in()?;
        let mut state = State::new(
            Utc::now(),
            Access::ReadWrite,
            UiOptions::default(),
            keymap.help(),
            &unibox::ui::VIEWS,
        );
        state.size = (width, height);
        let written = Counter::default();
        let terminal = Terminal::with_options(
            CrosstermBackend::new(written.clone()),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, width, height)),
            },
        )?;
        let mut screen = Self {
            state,
            keymap,
            db: Db::open(cache)?,
            terminal,
            written,
        };
        let effects = start(&mut screen.state);
        screen.draw()?;
        screen.settle(effects)?;
        Ok(screen)
    }

    fn draw(&mut self) -> anyhow::Result<()> {
        if self.state.dirty {
            let state = &self.state;
            self.terminal.draw(|frame| ui::render(frame, state))?;
            self.state.dirty = false;
        }
        Ok(())
    }

    /// Runs the cache reads among `effects`, applying and drawing each answer as the loop
    /// does, until nothing more is asked; returns how many reads ran.
    fn settle(&mut self, effects: Vec<Effect>) -> anyhow::Result<usize> {
        let mut pending = effects;
        let mut reads = 0;
        while !pending.is_empty() {
            let mut next = Vec::new();
            for effect in pending {
                // Sync and writes have no place in a measurement of the screen.
                let Ok(read) = CacheRead::of(effect) else {
                    continue;
                };
                reads += 1;
                let loaded = read.run(&mut self.db);
                next.extend(update(&mut self.state, Action::Loaded(Box::new(loaded))));
                self.draw()?;
            }
            pending = next;
        }
        Ok(reads)
    }

    fn press(&mut self, key: KeyEvent, steps: &mut Steps) -> anyhow::Result<()> {
        let before = self.written.0.get();
        let started = Instant::now();
        let action = resolve(
            &self.keymap,
            &self.state,
            &mut None,
            Incoming::Terminal(Event::Key(key), self.state.now),
        );
        let effects = action.map_or_else(Vec::new, |action| update(&mut self.state, action));
        self.draw()?;
        let step = started.elapsed();
        let bytes = self.written.0.get() - before;
        steps.reads += self.settle(effects)?;
        steps.step_ms.push(step.as_secs_f64() * 1e3);
        steps.settled_ms.push(started.elapsed().as_secs_f64() * 1e3);
        steps.bytes.push(bytes as f64);
        Ok(())
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// `j` pressed `count` times in the chat list, from the top.
pub fn chat_list(cache: &Path, size: (u16, u16), count: usize) -> anyhow::Result<Steps> {
    let mut screen = Screen::start(cache, size)?;
    let mut steps = Steps::default();
    for _ in 0..count {
        screen.press(key(KeyCode::Char('j')), &mut steps)?;
    }
    Ok(steps)
}

/// The newest chat opened (the long thread), then `k` pressed `count` times, up through its
/// history.
pub fn thread(cache: &Path, size: (u16, u16), count: usize) -> anyhow::Result<Steps> {
    let mut screen = Screen::start(cache, size)?;
    screen.press(key(KeyCode::Enter), &mut Steps::default())?;
    if screen.state.thread.messages.is_empty() {
        anyhow::bail!("the newest chat opened without messages");
    }
    let mut steps = Steps::default();
    for _ in 0..count {
        screen.press(key(KeyCode::Char('k')), &mut steps)?;
    }
    Ok(steps)
}

/// The message search (`ctrl-f`) with `queries` typed a key at a time, each erased again:
/// every key's query answered and its hits drawn (`settled_ms` is query to results drawn).
/// Also the search's text after each key, in the same order.
pub fn search_as_you_type(
    cache: &Path,
    size: (u16, u16),
    queries: &[&str],
) -> anyhow::Result<(Steps, Vec<String>)> {
    let mut screen = Screen::start(cache, size)?;
    let ctrl_f = KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL);
    screen.press(ctrl_f, &mut Steps::default())?;
    let mut steps = Steps::default();
    let mut texts = Vec::new();
    let mut press = |screen: &mut Screen, code| -> anyhow::Result<()> {
        screen.press(key(code), &mut steps)?;
        let search = screen.state.search.as_ref();
        texts.push(search.map(|s| s.text().to_owned()).unwrap_or_default());
        Ok(())
    };
    for query in queries {
        for c in query.chars() {
            press(&mut screen, KeyCode::Char(c))?;
        }
        let searched = screen.state.search.as_ref();
        if searched.is_none_or(|s| s.status != unibox::app::SearchStatus::Done) {
            anyhow::bail!("the search for {query:?} was not answered");
        }
        for _ in query.chars() {
            press(&mut screen, KeyCode::Backspace)?;
        }
    }
    Ok((steps, texts))
}
