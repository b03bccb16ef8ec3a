//! Pulls pages from the provider into the store, incrementally, and reports progress as
//! events.
//!
//! - The first sync lists every account, every chat of each (saving the chat-list cursor page
//!   by page, so an interrupted run resumes), the people each account knows, and the newest
//!   page of every chat, written in large batches across chats.
//! - Later syncs re-list chats only until the activity stops moving, and fetch only the
//!   messages newer than the newest cached one, for the chats that moved. A chat's sync state
//!   is advanced only after its messages are written: a run killed anywhere resumes.
//! - `fetch_older` pages back through a chat's history on demand.
//! - `resync` asks the server to resync accounts (falling back to chat by chat when it cannot),
//!   as happens by itself when an account comes back from a disconnection.
//! - `spawn` runs all this in the background for the TUI.

mod batch;
mod chat_fetch;
mod chat_list;
mod engine;
mod error;
mod event;
mod history;
mod messages;
mod options;
mod paging;
mod pipeline;
mod resync;
mod run;

pub use engine::{SyncHandle, spawn};
pub use error::SyncError;
pub use event::{CacheChange, SyncEvent, SyncReport};
pub use history::{HistoryPage, fetch_older};
pub use options::{ResyncScope, SyncOptions};

use crate::domain::ChatId;
use crate::provider::ProviderRead;
use crate::store::Store;

use self::messages::{Planned, PlannedFetch};
use self::run::{Run, Stop};

/// One sync of every account, reported through `events` and ended by `Finished` or `Failed`.
/// Running it again right after writes nothing.
pub async fn sync_once(
    store: &Store,
    reader: &dyn ProviderRead,
    options: &SyncOptions,
    events: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    let mut run = Run::new(store, reader, options, events);
    let outcome = run.everything(None).await;
    run.finish(outcome)
}

/// Like `sync_once`, after asking the server to resync the accounts of `scope`; then every
/// chat of those accounts gets its newest page fetched again, to fill gaps.
pub async fn resync(
    store: &Store,
    reader: &dyn ProviderRead,
    scope: &ResyncScope,
    options: &SyncOptions,
    events: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    let mut run = Run::new(store, reader, options, events);
    let outcome = run.everything(Some(scope)).await;
    run.finish(outcome)
}

/// Reads the newest page of one chat again, whether or not its activity moved: the user is
/// looking at it, so new messages and what changed on the ones on screen (reactions, edits,
/// deletions, receipts) come in; more new messages than a page leave a recorded gap. Emits
/// `Changed` when something was written, nothing else.
pub(crate) async fn refresh_chat(
    store: &Store,
    reader: &dyn ProviderRead,
    chat: &ChatId,
    options: &SyncOptions,
    events: &mut (dyn FnMut(SyncEvent) + Send),
) -> Result<SyncReport, SyncError> {
    let mut run = Run::new(store, reader, options, events);
    let planned = vec![Planned {
        chat: chat.clone(),
        // Its newest page in full: what changed on the messages on screen comes with it.
        fetch: PlannedFetch::NewestPage,
    }];
    match messages::sync_chats(&mut run, chat.as_str(), planned, true).await {
        Ok(()) => Ok(run.report),
        Err(Stop::Account(error)) => Err(SyncError::Provider(error)),
        Err(Stop::Run(error)) => Err(error),
    }
}
