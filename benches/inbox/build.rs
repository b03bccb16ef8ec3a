//! The large cache, built without the network: the sandbox's large inbox chat by chat, as the
//! client decodes it, written through the store's own upserts in sync's batches, ending in
//! the state a finished first sync leaves. Only the message writes are timed: making and
//! decoding pages is not ingest.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use unibox::domain::{AccountId, Attendee, Chat, ChatId, ChatKind, Message};
use unibox::provider::unipile::received;
use unibox::store::{ChatSyncState, Db, MessageAnchor};
use unibox_sandbox::{ChatHistory, LargeInbox};

/// Chats per chat-list page, as sync asks for them (the contract's largest page).
const CHAT_PAGE: usize = 250;
/// Messages per write, as sync gathers them across chats (`SyncOptions::batch_messages`).
pub const BATCH: usize = 5_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchIndex {
    /// Kept up to date by every write, as sync does.
    Maintained,
    /// Paused for the ingest and rebuilt once at the end.
    Paused,
}

/// What the message writes took.
#[derive(Debug, Default)]
pub struct Ingest {
    pub messages: usize,
    /// Messages per second of each batch.
    pub batch_rates: Vec<f64>,
    pub write_time: Duration,
    /// The index rebuild after a paused ingest.
    pub rebuild: Option<Duration>,
}

impl Ingest {
    pub fn rate(&self) -> f64 {
        self.messages as f64 / self.write_time.as_secs_f64().max(f64::EPSILON)
    }
}

/// Builds the cache at `path`.
pub fn build(path: &Path, inbox: &LargeInbox, index: SearchIndex) -> anyhow::Result<Ingest> {
    let mut db = Db::open(path)?;
    db.upsert_accounts(&received::accounts(inbox.accounts())?)?;
    if index == SearchIndex::Paused {
        db.pause_search_index()?;
    }
    let own = received::attendees(inbox.own_attendees())?;
    for person in &own {
        db.upsert_known_attendees(&person.account_id, std::slice::from_ref(person))?;
    }
    let mut store = StoreSink {
        db,
        own,
        ingest: Ingest::default(),
    };
    walk(inbox, &mut store)?;
    let StoreSink {
        mut db, mut ingest, ..
    } = store;
    if index == SearchIndex::Paused {
        let started = Instant::now();
        db.rebuild_search_index()?;
        ingest.rebuild = Some(started.elapsed());
    }
    for account in inbox.accounts() {
        db.update_account_sync_state(&account.id, |state| {
            state.first_sync_done = true;
            state.last_success_at = Some(Utc::now());
        })?;
    }
    Ok(ingest)
}

/// What `walk` hands the inbox to: the store, or the bare-SQLite reference.
pub trait Sink {
    /// A page of chats with their histories, before any of their messages (untimed).
    fn page(&mut self, histories: &[ChatHistory], chats: &[Chat]) -> anyhow::Result<()>;
    /// A batch of messages, with the sync state of the chats whose messages it completes.
    fn batch(
        &mut self,
        messages: &[Message],
        synced: &[(ChatId, ChatSyncState)],
    ) -> anyhow::Result<()>;
}

/// The store's side: chats, people and group members as sync stores them, and each batch
/// written as sync's batch write does.
struct StoreSink {
    db: Db,
    /// The accounts' own attendees: every group lists us.
    own: Vec<Attendee>,
    ingest: Ingest,
}

impl Sink for StoreSink {
    fn page(&mut self, histories: &[ChatHistory], chats: &[Chat]) -> anyhow::Result<()> {
        self.db.upsert_chats(chats)?;
        let mut people = Vec::with_capacity(histories.len());
        let mut known: HashMap<AccountId, Vec<Attendee>> = HashMap::new();
        for history in histories {
            let decoded = received::attendees(&history.people)?;
            known
                .entry(history.chat.account_id.clone())
                .or_default()
                .extend(decoded.iter().cloned());
            people.push(decoded);
        }
        for (account, attendees) in &known {
            self.db.upsert_known_attendees(account, attendees)?;
        }
        for (chat, others) in chats.iter().zip(people) {
            if chat.kind == ChatKind::Group {
                // A group's attendee list, as sync stores it: ourselves and the others.
                let mut members: Vec<Attendee> = self
                    .own
                    .iter()
                    .filter(|a| a.account_id == chat.account_id)
                    .cloned()
                    .collect();
                members.extend(others);
                self.db.upsert_chat_attendees(&chat.id, &members)?;
            }
        }
        Ok(())
    }

    /// The messages, then the sync state of the chats they complete; timed together.
    fn batch(
        &mut self,
        messages: &[Message],
        synced: &[(ChatId, ChatSyncState)],
    ) -> anyhow::Result<()> {
        let started = Instant::now();
        let changes = self.db.upsert_messages(messages)?;
        self.db.put_chat_sync_states(synced)?;
        self.ingest
            .record(changes.inserted, messages.len(), started.elapsed());
        Ok(())
    }
}

/// The inbox in sync's order, decoded as the client decodes it: each page of chats, then
/// their messages in batches of `BATCH` gathered across chats. The store and the bare-SQLite
/// reference are fed the same batches by it.
pub fn walk(inbox: &LargeInbox, sink: &mut impl Sink) -> anyhow::Result<()> {
    let mut batch = Batch::default();
    for first in (0..inbox.chat_count()).step_by(CHAT_PAGE) {
        let histories: Vec<_> = (first..first + CHAT_PAGE)
            .map_while(|index| inbox.chat(index))
            .collect();
        let records: Vec<_> = histories.iter().map(|h| h.chat.clone()).collect();
        let chats = received::chats(&records)?;
        sink.page(&histories, &chats)?;
        for (history, chat) in histories.iter().zip(&chats) {
            let messages = received::messages(&history.messages)?;
            let newest = messages
                .iter()
                .max_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)))
                .map(MessageAnchor::of);
            for page in messages.chunks(BATCH) {
                batch.messages.extend_from_slice(page);
                if batch.messages.len() >= BATCH {
                    batch.hand_to(sink)?;
                }
            }
            batch.synced.push((chat.id.clone(), synced(chat, newest)));
        }
    }
    batch.hand_to(sink)
}

impl Ingest {
    /// One batch of `size` messages written in `took`, `inserted` of them new.
    pub fn record(&mut self, inserted: usize, size: usize, took: Duration) {
        self.messages += inserted;
        self.write_time += took;
        if size > 0 {
            self.batch_rates
                .push(size as f64 / took.as_secs_f64().max(f64::EPSILON));
        }
    }
}

/// Messages waiting to be written, and the chats whose messages are all in (or before) them.
#[derive(Default)]
struct Batch {
    messages: Vec<Message>,
    synced: Vec<(ChatId, ChatSyncState)>,
}

impl Batch {
    fn hand_to(&mut self, sink: &mut impl Sink) -> anyhow::Result<()> {
        if self.messages.is_empty() && self.synced.is_empty() {
            return Ok(());
        }
        sink.batch(&self.messages, &self.synced)?;
        self.messages.clear();
        self.synced.clear();
        Ok(())
    }
}

/// The sync state of a chat whose whole history is cached.
fn synced(chat: &Chat, newest: Option<MessageAnchor>) -> ChatSyncState {
    ChatSyncState {
        newest,
        older_cursor: None,
        history_complete: true,
        synced_activity_at: chat.timestamp,
        gap: None,
        refreshed_at: None,
    }
}
