//! The app loop: one task owns the state. It turns terminal events into actions through the
//! keymap, applies every action with `update`, hands the effects to the executor, and draws
//! only when something visible changed.

mod attachment;
pub mod confirmed;
mod download;
mod executor;
mod launch;
mod read_around;
mod reads;
mod submit;
mod watch;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use crossterm::event::{Event, KeyEventKind};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use crate::clipboard::LocalTool;
use crate::input::{Key, Keymap, Resolution};
use crate::provider::{ProviderRead, ProviderWrite};
use crate::store::Store;
use crate::sync::{self, SyncOptions};
use crate::text::Notify;
use crate::tui::{EventReader, Tui};
use crate::ui;

use crate::app::error::EditorError;
use crate::app::update::{self, update};
use crate::app::{Access, Action, Notice, State, UiOptions};
use executor::Executor;
pub use executor::TerminalEffect;
pub use launch::{Launch, run};
pub use reads::CacheRead;

/// Everything a session needs, prepared by the command line.
pub struct Session {
    pub store: Store,
    pub reader: Arc<dyn ProviderRead>,
    /// `None` in read-only mode.
    pub writer: Option<Arc<dyn ProviderWrite>>,
    pub keymap: Keymap,
    pub options: UiOptions,
    pub sync: SyncOptions,
    /// Where `o` saves attachments.
    pub downloads: PathBuf,
    /// What a leading `~` stands for in a typed path.
    pub home: Option<PathBuf>,
    /// Problems found at start, for the status bar.
    pub warnings: Vec<String>,
    /// The canned replies of snippets.toml.
    pub snippets: Vec<crate::app::Snippet>,
    /// The program that opens a saved attachment.
    pub opener: String,
    /// The clipboard tool copies go to besides OSC 52, if this session has one.
    pub clipboard: Option<LocalTool>,
    /// Running inside tmux: notifications are wrapped to pass through it.
    pub under_tmux: bool,
}

/// How a desktop notification reaches this terminal.
#[derive(Debug, Clone, Copy)]
struct Notifier {
    style: Notify,
    under_tmux: bool,
}

/// What reaches the loop: terminal events still to be resolved, or actions.
#[derive(Debug)]
pub enum Incoming {
    /// With the moment the terminal delivered it.
    Terminal(Event, DateTime<Utc>),
    Action(Action),
}

/// The most actions applied before a frame is drawn, so a flood of events cannot starve the
/// screen.
const BATCH: usize = 512;
const TICK: Duration = Duration::from_secs(1);
/// Push and pop the terminal's own title around the session.
const SAVE_TITLE: &str = "\x1b[22;0t";
const RESTORE_TITLE: &str = "\x1b[23;0t";

pub async fn run_session(session: Session) -> anyhow::Result<()> {
    let notifier = Notifier {
        style: session.options.notify,
        under_tmux: session.under_tmux,
    };
    let access = match session.writer {
        Some(_) => Access::ReadWrite,
        None => Access::ReadOnly,
    };
    let mut state = State::new(
        Utc::now(),
        access,
        session.options,
        session.keymap.help(),
        &ui::VIEWS,
    );
    state.snippets = session.snippets;
    let (tx, mut rx) = mpsc::unbounded_channel::<Incoming>();

    // Actions cut off by a crash become `unknown`: they are settled against the server's
    // messages after the first sync, never sent again blindly.
    let recovered = session
        .store
        .call(crate::store::Db::outbox_recover)
        .await
        .context("reading the outbox")?;

    let mut tui = Tui::enter().context("setting up the terminal")?;
    state.size = tui.size()?;
    let events = {
        let tx = tx.clone();
        EventReader::spawn(move |event| tx.send(Incoming::Terminal(event, Utc::now())).is_ok())?
    };
    spawn_clock(tx.clone());
    let watch = watch::spawn_watch(session.store.clone(), tx.clone());
    spawn_signals(tx.clone());

    let mut executor = Executor {
        store: session.store.clone(),
        reader: session.reader.clone(),
        writer: session.writer,
        sync: None,
        actions: tx.clone(),
        downloads: session.downloads,
        home: session.home,
        opener: session.opener,
        clipboard: session.clipboard,
    };
    if !recovered.is_empty() {
        let _ = tx.send(Incoming::Action(Action::Notice(Notice::info(format!(
            "{} action(s) were interrupted last time: checking the server before anything else",
            recovered.len()
        )))));
    }
    for warning in session.warnings {
        let _ = tx.send(Incoming::Action(Action::Notice(Notice::error(warning))));
    }
    for effect in update::start(&mut state) {
        executor.run(effect);
    }
    // The first frame comes from the cache; sync starts once it is on screen, so its requests
    // and writes do not compete with the reads of that frame.
    let mut sync_started = false;
    // The title the terminal had is kept (XTWINOPS 22) and given back on the way out (23).
    tui.write_control(SAVE_TITLE)?;
    let mut shown_title = String::new();
    // The first key of a two-key binding (`]` of `]u`), waiting for the second.
    let mut pending_key = None;
    let outcome = loop {
        if state.dirty {
            tui.draw(|frame| ui::render(frame, &state))?;
            state.dirty = false;
            // Stamped after the frame is out: a confirmation's guard time starts when the
            // person can see it.
            update(&mut state, Action::Drawn(Utc::now()));
        }
        let title = ui::title(&state);
        if title != shown_title {
            tui.write_control(&ui::title_sequence(&title))?;
            shown_title = title;
        }
        if !sync_started && state.cache_shown() {
            executor.sync = Some(start_sync(
                &session.store,
                &session.reader,
                &session.sync,
                &tx,
                watch.clone(),
            ));
            sync_started = true;
        }
        let Some(first) = rx.recv().await else {
            break Ok(());
        };
        let mut terminal_effects = Vec::new();
        for incoming in std::iter::once(first).chain(drain(&mut rx)) {
            let Some(action) = resolve(&session.keymap, &state, &mut pending_key, incoming) else {
                continue;
            };
            for effect in update(&mut state, action) {
                terminal_effects.extend(executor.run(effect));
            }
        }
        if let Err(error) = apply(&mut tui, &events, &tx, notifier, terminal_effects) {
            break Err(error);
        }
        if state.quitting {
            break Ok(());
        }
    };
    if let Some(sync) = &executor.sync {
        sync.stop();
    }
    drop(events);
    // Best effort: the terminal is being given back either way.
    let _ = tui.write_control(RESTORE_TITLE);
    drop(tui);
    outcome
}

fn drain(rx: &mut UnboundedReceiver<Incoming>) -> impl Iterator<Item = Incoming> + '_ {
    std::iter::from_fn(|| rx.try_recv().ok()).take(BATCH)
}

/// Terminal events become actions here, through the keymap and the current focus: no key is
/// matched anywhere else. `pending_key` carries the first key of a pair to the next key.
pub fn resolve(
    keymap: &Keymap,
    state: &State,
    pending_key: &mut Option<Key>,
    incoming: Incoming,
) -> Option<Action> {
    match incoming {
        Incoming::Action(action) => Some(action),
        Incoming::Terminal(Event::Key(key), at) => {
            let resolution = keymap.resolve_after(state.key_focus(), *pending_key, &key);
            if key.kind != KeyEventKind::Release {
                *pending_key = None;
            }
            match resolution {
                Resolution::Command(command) => Some(Action::Pressed { command, at }),
                Resolution::Text => Some(Action::Text(key)),
                Resolution::Elsewhere(command) => Some(Action::Elsewhere(command)),
                Resolution::Prefix(first) => {
                    *pending_key = Some(first);
                    None
                }
                Resolution::Ignored => None,
            }
        }
        Incoming::Terminal(Event::Paste(text), _) => Some(Action::Paste(text)),
        Incoming::Terminal(Event::Resize(width, height), _) => {
            Some(Action::Resize { width, height })
        }
        Incoming::Terminal(..) => None,
    }
}

fn apply(
    tui: &mut Tui,
    events: &EventReader,
    tx: &UnboundedSender<Incoming>,
    notifier: Notifier,
    effects: Vec<TerminalEffect>,
) -> anyhow::Result<()> {
    for effect in effects {
        match effect {
            TerminalEffect::Quit => {}
            TerminalEffect::Bell => tui.write_control("\x07")?,
            TerminalEffect::Notify { title, body } => {
                let sequence =
                    crate::text::notification(notifier.style, &title, &body, notifier.under_tmux);
                if let Some(sequence) = sequence {
                    tui.write_control(&sequence)?;
                }
            }
            TerminalEffect::Copy(text) => tui.write_control(&crate::text::osc52_copy(&text))?,
            TerminalEffect::Suspend => {
                events.pause();
                tui.suspend()?;
                events.resume();
                redraw_all(tui, tx)?;
            }
            TerminalEffect::OpenEditor(text) => {
                events.pause();
                let edited = tui.outside(|| edit_in_editor(&text))?;
                events.resume();
                let _ = tx.send(Incoming::Action(Action::EditorDone(edited)));
                redraw_all(tui, tx)?;
            }
        }
    }
    Ok(())
}

/// After the screen was lent out, everything is drawn again at the current size.
fn redraw_all(tui: &Tui, tx: &UnboundedSender<Incoming>) -> anyhow::Result<()> {
    let (width, height) = tui.size()?;
    let _ = tx.send(Incoming::Action(Action::Resize { width, height }));
    Ok(())
}

/// Runs `$VISUAL` / `$EDITOR` (else `vi`) on the text and returns what was saved.
fn edit_in_editor(text: &str) -> Result<String, EditorError> {
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".to_owned());
    edit_with(&editor, text)
}

/// Runs `editor` on a file holding `text` and a final newline (a text file's last line ends
/// with one, so what the editor appends starts a line of its own); returns the file as saved.
fn edit_with(editor: &str, text: &str) -> Result<String, EditorError> {
    let file = tempfile::Builder::new()
        .prefix("unibox-draft-")
        .suffix(".txt")
        .tempfile()
        .map_err(|e| EditorError::TempFile(e.to_string()))?;
    std::fs::write(file.path(), format!("{text}\n"))
        .map_err(|e| EditorError::Write(e.to_string()))?;
    // The editor value may carry arguments (`code --wait`): the shell splits it.
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file.path())
        .status()
        .map_err(|e| EditorError::Start {
            editor: editor.to_owned(),
            reason: e.to_string(),
        })?;
    if !status.success() {
        return Err(EditorError::Exited {
            editor: editor.to_owned(),
            status: status.to_string(),
        });
    }
    std::fs::read_to_string(file.path()).map_err(|e| EditorError::ReadBack(e.to_string()))
}

fn start_sync(
    store: &Store,
    reader: &Arc<dyn ProviderRead>,
    options: &SyncOptions,
    tx: &UnboundedSender<Incoming>,
    watch: watch::Watch,
) -> sync::SyncHandle {
    let (events_tx, mut events_rx) = mpsc::unbounded_channel();
    let handle = sync::spawn(store.clone(), reader.clone(), options.clone(), events_tx);
    let tx = tx.clone();
    tokio::spawn(async move {
        while let Some(event) = events_rx.recv().await {
            // What the sync wrote is looked at first: its arrivals reach the loop before the
            // change that redraws them.
            if matches!(event, sync::SyncEvent::Changed(_)) {
                watch.look_now().await;
            }
            if tx.send(Incoming::Action(Action::Sync(event))).is_err() {
                break;
            }
        }
    });
    handle
}

fn spawn_clock(tx: UnboundedSender<Incoming>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(TICK);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticks.tick().await;
            if tx.send(Incoming::Action(Action::Tick(Utc::now()))).is_err() {
                break;
            }
        }
    });
}

/// SIGTERM and SIGHUP end the session like `q` does: the draft is saved and the terminal
/// restored on the way out.
fn spawn_signals(tx: UnboundedSender<Incoming>) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let (Ok(mut term), Ok(mut hangup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            tracing::warn!("cannot listen for SIGTERM / SIGHUP");
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hangup.recv() => {}
        }
        let _ = tx.send(Incoming::Action(Action::Terminate));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_editor_file_ends_with_a_newline_so_appended_text_starts_a_line() {
        // An "editor" that appends a line to the file it is given.
        let edited = edit_with("printf 'appended\\n' >>", "first\nsecond");
        assert_eq!(edited.as_deref(), Ok("first\nsecond\nappended\n"));
    }

    #[test]
    fn an_editor_that_fails_keeps_the_composer_text() {
        let edited = edit_with("false", "kept");
        assert!(
            edited.is_err_and(|reason| matches!(reason, EditorError::Exited { .. })
                && reason.to_string().contains("keeps its text"))
        );
    }
}
