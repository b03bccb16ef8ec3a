//! The same work on a bare rusqlite connection, without unibox's layers: the floor that
//! start-up and ingest are compared with.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, params, params_from_iter};
use unibox::domain::{ChatId, Message};
use unibox::store::{Db, Statement};

use super::build::SearchIndex;

/// Plain inserts of the same rows, in the same schema, batches and transactions as the store.
pub struct BareIngest {
    conn: Connection,
    chat_keys: HashMap<ChatId, i64>,
    pub messages: usize,
    pub write_time: Duration,
    pub batch_rates: Vec<f64>,
}

impl BareIngest {
    /// A new cache file with unibox's schema (and triggers, when the index is maintained),
    /// opened bare: WAL and `synchronous=NORMAL` as the store, nothing else.
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
        // The chats the messages belong to, as plain rows (the foreign keys hold here too).
        conn.execute(
            "INSERT INTO accounts (key, id, name, status) VALUES (1, 'bare', 'bare', 'OK')",
            [],
        )?;
        Ok(Self {
            conn,
            chat_keys: HashMap::new(),
            messages: 0,
            write_time: Duration::ZERO,
            batch_rates: Vec::new(),
        })
    }

    pub fn write(&mut self, messages: &[Message]) -> anyhow::Result<()> {
        self.add_chats(messages)?;
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
        let took = started.elapsed();
        self.messages += messages.len();
        self.write_time += took;
        if !messages.is_empty() {
            self.batch_rates
                .push(messages.len() as f64 / took.as_secs_f64().max(f64::EPSILON));
        }
        Ok(())
    }

    /// Rows for the chats not seen yet, untimed: the store has its chats before messages.
    fn add_chats(&mut self, messages: &[Message]) -> anyhow::Result<()> {
        let mut insert = self.conn.prepare_cached(
            "INSERT INTO chats (id, account_key, provider_id, kind, unread_count, archived, muted,
                 read_only, reactions_disabled, reply_disabled, search_text, activity_at)
             VALUES (?1, 1, ?1, 0, 0, 0, 0, 0, 0, 0, '', 0)",
        )?;
        for message in messages {
            if !self.chat_keys.contains_key(&message.chat_id) {
                insert.execute([message.chat_id.as_str()])?;
                self.chat_keys
                    .insert(message.chat_id.clone(), self.conn.last_insert_rowid());
            }
        }
        Ok(())
    }

    pub fn rate(&self) -> f64 {
        self.messages as f64 / self.write_time.as_secs_f64().max(f64::EPSILON)
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
