//! Fetched chats gathered across chats and written together: one message upsert for many
//! chats' pages, then each chat's sync state, only once its messages are in.

use std::time::{Duration, Instant};

use chrono::Utc;

use super::chat_fetch::{Fetch, Fetched};
use crate::domain::{ChatId, Message};
use crate::store::{ChatSyncState, Db, MessageAnchor, StoreError};

#[derive(Debug, Default)]
pub(super) struct Batch {
    fetched: Vec<Fetched>,
    messages: usize,
    since: Option<Instant>,
}

/// What writing a batch did.
#[derive(Debug, Default)]
pub(super) struct BatchWritten {
    pub messages: usize,
    /// New messages from others (see `ChatWork::counts_arrivals`).
    pub inbound: usize,
    /// Chats that got messages, for the UI to reload.
    pub chats: Vec<ChatId>,
}

impl Batch {
    pub fn push(&mut self, fetched: Fetched) {
        self.messages += fetched.messages.len();
        self.since.get_or_insert_with(Instant::now);
        self.fetched.push(fetched);
    }

    pub fn is_empty(&self) -> bool {
        self.fetched.is_empty()
    }

    /// Big enough, or waiting long enough, to be written.
    pub fn is_due(&self, max_messages: usize, max_wait: Duration) -> bool {
        self.messages >= max_messages || self.since.is_some_and(|t| t.elapsed() >= max_wait)
    }

    pub fn take(&mut self) -> Batch {
        std::mem::take(self)
    }

    /// Writes the batch on the store thread.
    pub fn write(self, db: &mut Db) -> Result<BatchWritten, StoreError> {
        let mut arrivals = Vec::new();
        let mut others = Vec::new();
        let mut done = Vec::with_capacity(self.fetched.len());
        let mut chats = Vec::new();
        for mut fetched in self.fetched {
            if let Some(attendees) = &fetched.attendees {
                db.upsert_chat_attendees(&fetched.work.id, attendees)?;
            }
            if !fetched.messages.is_empty() {
                chats.push(fetched.work.id.clone());
            }
            let newest = fetched.newest();
            let counts_arrivals = fetched.work.counts_arrivals;
            for message in std::mem::take(&mut fetched.messages) {
                if counts_arrivals && is_arrival(&message) {
                    arrivals.push(message);
                } else {
                    others.push(message);
                }
            }
            done.push((fetched, newest));
        }
        // Arrivals apart: the rows this upsert inserts are exactly the new ones.
        let arrived = db.upsert_messages(&arrivals)?;
        let rest = db.upsert_messages(&others)?;
        let mut states = Vec::with_capacity(done.len());
        for (fetched, newest) in &done {
            let mut state = db.chat_sync_state(&fetched.work.id)?;
            advance(&mut state, fetched, newest.as_ref());
            states.push((fetched.work.id.clone(), state));
        }
        // One commit for the batch's chats, not one each.
        db.put_chat_sync_states(&states)?;
        let messages = arrived.written() + rest.written();
        Ok(BatchWritten {
            messages,
            inbound: arrived.inserted,
            chats: if messages > 0 { chats } else { Vec::new() },
        })
    }
}

/// A message from someone else that nobody has read yet.
fn is_arrival(message: &Message) -> bool {
    !message.is_sender && !message.seen
}

/// The chat's sync state once `fetched` is in the cache. The newest anchor only moves
/// forward; older history already paged by `fetch_older` is kept, unless nothing was cached
/// before (a chat that had no messages yet starts its history with this page). A fetch that
/// skipped unreadable items leaves the newest anchor and the synced activity where they were,
/// so the next run asks for the same messages again rather than stepping past the missing one.
/// A complete fetch records the gap it leaves (a catch-up cut off by its page budget), so the
/// newest anchor may move past messages never fetched without losing them.
fn advance(state: &mut ChatSyncState, fetched: &Fetched, newest: Option<&MessageAnchor>) {
    let had_messages = state.newest.is_some();
    let complete = fetched.skipped == 0;
    if let Some(newest) = newest.filter(|_| complete)
        && state
            .newest
            .as_ref()
            .is_none_or(|old| (newest.at, &newest.id) > (old.at, &old.id))
    {
        state.newest = Some(newest.clone());
    }
    if let Some(older) = &fetched.older
        && (!had_messages || (state.older_cursor.is_none() && !state.history_complete))
    {
        state.history_complete = older.is_none();
        state.older_cursor = older.clone();
    }
    if complete {
        state.synced_activity_at = fetched.work.activity;
        state.gap = fetched.gap;
        if fetched.work.fetch == Fetch::Newest {
            state.refreshed_at = Some(Utc::now());
        }
    }
}
