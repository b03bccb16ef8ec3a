//! The same work on a bare rusqlite connection, without unibox's layers: the floor that
//! start-up and ingest are compared with.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, params, params_from_iter};
use unibox::domain::{Chat, ChatId, Message};
use unibox::store::{ChatSyncState, Db, Statement};
use unibox_sandbox::{ChatHistory, LargeInbox};

use super::build::{self, Ingest, SearchIndex, Sink};

/// Plain inserts of the same rows, in the same schema, batches and transactions as the store.
pub struct BareIngest {
    conn: Connection,
    chat_keys: HashMap<ChatId, i64>,
    pub ingest: Ingest,
}

impl BareIngest {
    /// The whole inbox written bare into a new file at `path`, walked as the store's build
    /// walks it. Alone: its connection is closed before the store's opens, so neither takes
    /// the other's cached pages (see `create`).
    pub fn run(path: &Path, inbox: &LargeInbox, index: SearchIndex) -> anyhow::Result<Ingest> {
        let mut bare = Self::create(path, index)?;
        build::walk(inbox, &mut bare)?;
        Ok(bare.ingest)
    }

    /// A new cache file with unibox's schema (and triggers, when the index is maintained),
    /// opened bare: WAL, `synchronous=NORMAL`, foreign keys and the page cache's size as the
    /// store, nothing else.
    ///
    /// The bundled SQLite is built with `SQLITE_ENABLE_MEMORY_MANAGEMENT`: the connections of
    /// a process share one page-cache LRU, and one at its own limit recycles the least
    /// recently used page of any other. When both were open and written batch by batch in
    /// turn, bare SQLite (then with SQLite's default 2 MB) took the store's pages: 787 000
    /// cache misses in unibox's writes at 20 000 chats / 200 000 messages, 7 500 with equal
    /// sizes. Hence equal sizes, and one run after the other (`run`).
    pub fn create(path: &Path, index: SearchIndex) -> anyhow::Result<Self> {
        {
            let mut schema = Db::open(path)?;
            if index == SearchIndex::Paused {
                schema.pause_search_index()?;
            }
        }
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "cache_size", unibox::store::CACHE_KIB)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        // The chats the messages belong to, as plain rows (the foreign keys hold here too).
        conn.execute(
            "INSERT INTO accounts (key, id, name, status) VALUES (1, 'bare', 'bare', 'OK')",
            [],
        )?;
        Ok(Self {
            conn,
            chat_keys: HashMap::new(),
            ingest: Ingest::default(),
        })
    }
}

impl Sink for BareIngest {
    /// A page's chats as plain rows, untimed, in one transaction: the store has its chats
    /// before their messages.
    fn page(&mut self, _: &[ChatHistory], chats: &[Chat]) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO chats (id, account_key, provider_id, kind, unread_count, archived,
                     muted, read_only, reactions_disabled, reply_disabled, search_text, activity_at)
                 VALUES (?1, 1, ?1, 0, 0, 0, 0, 0, 0, 0, '', 0)",
            )?;
            for chat in chats {
                insert.execute([chat.id.as_str()])?;
                self.chat_keys
                    .insert(chat.id.clone(), tx.last_insert_rowid());
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The messages alone: bare SQLite keeps no sync state.
    fn batch(&mut self, messages: &[Message], _: &[(ChatId, ChatSyncState)]) -> anyhow::Result<()> {
        let started = Instant::now();
        let tx = self.conn.transaction()?;
        {
            let mut message = tx.prepare_cached(
                "INSERT INTO messages (id, chat_key, provider_id, sender_id, sender_attendee_id,
                     text, sent_at, is_sender, seen, delivered, hidden, deleted, edited, is_event,
                     event_type, quoted, attachment_count, reaction_count, fingerprint)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, 0)",
            )?;
            let mut reaction = tx.prepare_cached(
                "INSERT OR REPLACE INTO reactions (message_key, sender_id, position, value,
                     is_sender) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            let mut attachment = tx.prepare_cached(
                "INSERT INTO attachments (message_key, position, id, kind, mimetype, file_size,
                     file_name, unavailable) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for m in messages {
                let chat = self.chat_keys.get(&m.chat_id).copied().unwrap_or_default();
                let quoted = m.quoted.as_ref().map(serde_json::to_string).transpose()?;
                message.execute(params![
                    m.id.as_str(),
                    chat,
                    m.provider_id,
                    m.sender_id,
                    m.sender_attendee_id
                        .as_ref()
                        .map(unibox::domain::AttendeeId::as_str),
                    m.text,
                    m.timestamp.timestamp_millis(),
                    m.is_sender,
                    m.seen,
                    m.delivered,
                    m.hidden,
                    m.deleted,
                    m.edited,
                    m.is_event,
                    m.event_type,
                    quoted,
                    m.attachments.len(),
                    m.reactions.len(),
                ])?;
                let key = tx.last_insert_rowid();
                for (position, r) in m.reactions.iter().enumerate() {
                    reaction.execute(params![key, r.sender_id, position, r.value, r.is_sender])?;
                }
                for (position, a) in m.attachments.iter().enumerate() {
                    attachment.execute(params![
                        key,
                        position,
                        a.id.as_str(),
                        a.kind.as_str(),
                        a.mimetype,
                        a.file_size,
                        a.file_name,
                        a.unavailable
                    ])?;
                }
            }
        }
        tx.commit()?;
        self.ingest
            .record(messages.len(), messages.len(), started.elapsed());
        Ok(())
    }
}

/// Opening the cache and running the first frame's statements, every row read.
pub fn first_frame(path: &Path, statements: &[Statement]) -> anyhow::Result<Duration> {
    let started = Instant::now();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    for statement in statements {
        let mut prepared = conn.prepare(&statement.sql)?;
        let columns = prepared.column_count();
        let mut rows = prepared.query(params_from_iter(&statement.params))?;
        while let Some(row) = rows.next()? {
            for column in 0..columns {
                row.get_ref(column)?;
            }
        }
    }
    Ok(started.elapsed())
}
