//! The background engine the TUI runs: a sync at start, then every `poll_interval`, at once on
//! `refresh`, never two at a time, backing off after failures until the server answers
//! again. Older history and the opened chat are fetched beside it, on demand; the opened
//! chat's newest page is read again after every sync.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{Duration, Instant, sleep_until};

use super::event::SyncEvent;
use super::{SyncError, SyncOptions, SyncReport, fetch_older, refresh_chat, sync_once};
use crate::domain::ChatId;
use crate::provider::ProviderRead;
use crate::store::Store;

/// Commands for a running engine. Dropping the handle stops the engine too.
#[derive(Debug, Clone)]
pub struct SyncHandle {
    commands: UnboundedSender<Command>,
}

#[derive(Debug)]
enum Command {
    Refresh,
    FetchOlder(ChatId),
    ChatOpened(ChatId),
    Stop,
}

impl SyncHandle {
    /// Sync now (after the running sync, if one is running).
    pub fn refresh(&self) {
        self.send(Command::Refresh);
    }

    /// Fetch the next older page of `chat`; answered with `History` or `HistoryFailed`.
    pub fn fetch_older(&self, chat: ChatId) {
        self.send(Command::FetchOlder(chat));
    }

    /// The user is looking at `chat`: read its newest page now, and again after every sync.
    pub fn chat_opened(&self, chat: ChatId) {
        self.send(Command::ChatOpened(chat));
    }

    /// Stops the engine; a sync in progress is abandoned (the next one resumes it).
    pub fn stop(&self) {
        self.send(Command::Stop);
    }

    fn send(&self, command: Command) {
        // An engine that has stopped has nothing left to do with a command.
        let _ = self.commands.send(command);
    }
}

/// Starts the engine on the current tokio runtime.
pub fn spawn(
    store: Store,
    reader: Arc<dyn ProviderRead>,
    options: SyncOptions,
    events: UnboundedSender<SyncEvent>,
) -> SyncHandle {
    let (commands, inbox) = mpsc::unbounded_channel();
    let engine = Engine {
        store,
        reader,
        options,
        events,
    };
    tokio::spawn(engine.run(inbox));
    SyncHandle { commands }
}

/// Why a sync starts: the user waits for the first two and sees their progress; the others
/// stay silent unless they change something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trigger {
    Start,
    Refresh,
    Poll,
    Retry,
}

/// On-demand work beside the syncs, one at a time per chat and kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Errand {
    History(ChatId),
    Opened(ChatId),
}

struct Engine {
    store: Store,
    reader: Arc<dyn ProviderRead>,
    options: SyncOptions,
    events: UnboundedSender<SyncEvent>,
}

type Running = JoinHandle<Result<SyncReport, SyncError>>;

impl Engine {
    async fn run(self, mut inbox: UnboundedReceiver<Command>) {
        let mut running: Option<Running> = None;
        let mut next: Option<(Instant, Trigger)> = Some((Instant::now(), Trigger::Start));
        let mut refresh_waiting = false;
        let mut failures = 0u32;
        let mut errands: JoinSet<Errand> = JoinSet::new();
        let mut busy: HashSet<Errand> = HashSet::new();
        // The chat last opened: its newest page is read again after every sync.
        let mut watching: Option<ChatId> = None;
        loop {
            let wake = next.map_or_else(far_future, |(at, _)| at);
            tokio::select! {
                command = inbox.recv() => match command {
                    None | Some(Command::Stop) => break,
                    Some(Command::Refresh) if running.is_some() => refresh_waiting = true,
                    Some(Command::Refresh) => next = Some((Instant::now(), Trigger::Refresh)),
                    Some(Command::FetchOlder(chat)) => {
                        self.errand(&mut errands, &mut busy, Errand::History(chat));
                    }
                    Some(Command::ChatOpened(chat)) => {
                        watching = Some(chat.clone());
                        self.errand(&mut errands, &mut busy, Errand::Opened(chat));
                    }
                },
                () = sleep_until(wake), if running.is_none() && next.is_some() => {
                    if let Some((_, trigger)) = next.take() {
                        running = Some(self.start(trigger));
                    }
                }
                outcome = finished(&mut running) => {
                    running = None;
                    let wait = match outcome {
                        Ok(Ok(_)) => {
                            failures = 0;
                            if let Some(chat) = &watching {
                                let opened = Errand::Opened(chat.clone());
                                self.errand(&mut errands, &mut busy, opened);
                            }
                            self.options.poll_interval
                        }
                        Ok(Err(error)) => {
                            failures = failures.saturating_add(1);
                            let asked = error.retry_after().unwrap_or_default();
                            self.options.backoff(failures).max(asked)
                        }
                        Err(error) => {
                            tracing::error!(%error, "the sync task ended abnormally");
                            failures = failures.saturating_add(1);
                            self.options.backoff(failures)
                        }
                    };
                    let trigger = if failures > 0 { Trigger::Retry } else { Trigger::Poll };
                    next = Some((Instant::now() + wait, trigger));
                    if std::mem::take(&mut refresh_waiting) {
                        next = Some((Instant::now(), Trigger::Refresh));
                    }
                }
                Some(done) = errands.join_next(), if !errands.is_empty() => match done {
                    Ok(errand) => {
                        busy.remove(&errand);
                    }
                    Err(error) => {
                        tracing::error!(%error, "a history or chat fetch ended abnormally");
                        // Which one is unknown: let every chat be asked for again.
                        busy.clear();
                    }
                },
            }
        }
        if let Some(running) = running {
            running.abort();
        }
        errands.abort_all();
    }

    fn start(&self, trigger: Trigger) -> Running {
        let store = self.store.clone();
        let reader = self.reader.clone();
        let options = self.options.clone();
        let quiet = matches!(trigger, Trigger::Poll | Trigger::Retry);
        let mut sink = EventSink::new(self.events.clone(), quiet);
        tokio::spawn(async move {
            sync_once(&store, reader.as_ref(), &options, &mut |event| {
                sink.send(event);
            })
            .await
        })
    }

    fn errand(&self, errands: &mut JoinSet<Errand>, busy: &mut HashSet<Errand>, errand: Errand) {
        if !busy.insert(errand.clone()) {
            return;
        }
        let store = self.store.clone();
        let reader = self.reader.clone();
        let options = self.options.clone();
        let events = self.events.clone();
        errands.spawn(async move {
            match &errand {
                Errand::History(chat) => {
                    let event = match fetch_older(&store, reader.as_ref(), chat, &options).await {
                        Ok(page) => SyncEvent::History {
                            chat: chat.clone(),
                            fetched: page.fetched,
                            complete: page.complete,
                        },
                        Err(error) => SyncEvent::HistoryFailed {
                            chat: chat.clone(),
                            message: error.to_string(),
                        },
                    };
                    let _ = events.send(event);
                }
                Errand::Opened(chat) => {
                    let mut forward = |event| {
                        // Only what changed; the status line belongs to the syncs.
                        if let SyncEvent::Changed(_) = event {
                            let _ = events.send(event);
                        }
                    };
                    if let Err(error) =
                        refresh_chat(&store, reader.as_ref(), chat, &options, &mut forward).await
                    {
                        tracing::warn!(%chat, %error, "could not fetch the opened chat");
                    }
                }
            }
            errand
        });
    }
}

/// Resolves when the running sync ends; never when none runs.
async fn finished(
    running: &mut Option<Running>,
) -> Result<Result<SyncReport, SyncError>, tokio::task::JoinError> {
    match running {
        Some(task) => task.await,
        None => std::future::pending().await,
    }
}

fn far_future() -> Instant {
    Instant::now() + Duration::from_secs(365 * 24 * 3600)
}

/// Passes events on. A quiet sink holds `Started` and `Progress` back until something
/// changes, so a poll that changed nothing shows only its `Finished`.
struct EventSink {
    events: UnboundedSender<SyncEvent>,
    held: Option<Vec<SyncEvent>>,
}

impl EventSink {
    fn new(events: UnboundedSender<SyncEvent>, quiet: bool) -> Self {
        Self {
            events,
            held: quiet.then(Vec::new),
        }
    }

    fn send(&mut self, event: SyncEvent) {
        if let Some(held) = &mut self.held {
            match event {
                SyncEvent::Started { .. } | SyncEvent::Progress(_) => {
                    held.push(event);
                    return;
                }
                SyncEvent::Changed(_) => {
                    for earlier in held.drain(..) {
                        let _ = self.events.send(earlier);
                    }
                    self.held = None;
                }
                _ => held.clear(),
            }
        }
        // The receiver may be gone (the TUI is closing); nothing is left to tell.
        let _ = self.events.send(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::CacheChange;

    fn drain(receiver: &mut UnboundedReceiver<SyncEvent>) -> Vec<SyncEvent> {
        let mut events = Vec::new();
        while let Ok(event) = receiver.try_recv() {
            events.push(event);
        }
        events
    }

    fn finished() -> SyncEvent {
        SyncEvent::Finished {
            at: chrono::DateTime::UNIX_EPOCH,
            report: SyncReport::default(),
        }
    }

    #[test]
    fn a_quiet_run_that_changed_nothing_shows_only_its_end() {
        let (events, mut receiver) = mpsc::unbounded_channel();
        let mut sink = EventSink::new(events, true);
        sink.send(SyncEvent::Started { first: false });
        sink.send(SyncEvent::Progress("Support: chats 3".into()));
        sink.send(finished());
        assert_eq!(drain(&mut receiver), [finished()]);
    }

    #[test]
    fn a_quiet_run_that_changed_something_shows_everything_in_order() {
        let (events, mut receiver) = mpsc::unbounded_channel();
        let mut sink = EventSink::new(events, true);
        let change = SyncEvent::Changed(CacheChange {
            accounts: true,
            ..CacheChange::default()
        });
        sink.send(SyncEvent::Started { first: false });
        sink.send(SyncEvent::Progress("a".into()));
        sink.send(change.clone());
        sink.send(SyncEvent::Progress("b".into()));
        sink.send(finished());
        assert_eq!(
            drain(&mut receiver),
            [
                SyncEvent::Started { first: false },
                SyncEvent::Progress("a".into()),
                change,
                SyncEvent::Progress("b".into()),
                finished()
            ]
        );
    }

    #[test]
    fn a_loud_run_passes_everything_at_once() {
        let (events, mut receiver) = mpsc::unbounded_channel();
        let mut sink = EventSink::new(events, false);
        sink.send(SyncEvent::Started { first: true });
        assert_eq!(drain(&mut receiver), [SyncEvent::Started { first: true }]);
    }
}
