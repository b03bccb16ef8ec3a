//! Messages: idempotent batch ingest (with reactions and attachments), and the thread as
//! keyset windows.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{
    AccountId, Attachment, AttachmentId, AttachmentKind, AttendeeId, ChatId, Message, MessageId,
    Reaction,
};

use super::chat_preview::refresh_last_message;
use super::columns::{millis, optional_json, time};
use super::keys::{KeyCache, chat_key};
use super::message_writer::MessageWriter;
use super::{Changes, Db, StoreError};

/// A position in a thread: a message's time and id. Windows start just past it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageAnchor {
    pub at: DateTime<Utc>,
    pub id: MessageId,
}

impl MessageAnchor {
    pub fn of(message: &Message) -> Self {
        Self {
            at: message.timestamp,
            id: message.id.clone(),
        }
    }
}

/// Columns read by `read_message`, in its order.
const MESSAGE_COLUMNS: &str = "m.key, m.id, m.provider_id, m.sender_id, m.sender_attendee_id, \
     m.text, m.sent_at, m.is_sender, m.seen, m.delivered, m.hidden, m.deleted, m.edited, \
     m.is_event, m.event_type, m.quoted, m.attachment_count, m.reaction_count";

impl Db {
    /// Inserts or updates messages in one transaction. A message whose content (text, flags,
    /// reactions, attachments, quote...) is the same as the cached one is not written at all;
    /// a changed one is rewritten with its reactions and attachments. The chats must be in the
    /// cache; their last-message preview follows.
    pub fn upsert_messages(&mut self, messages: &[Message]) -> Result<Changes, StoreError> {
        self.write(|tx| {
            let mut chat_keys = KeyCache::new(chat_key);
            let mut writer = MessageWriter::new(tx)?;
            let mut touched_chats = HashSet::new();
            let mut changes = Changes::default();
            for message in messages {
                let chat = chat_keys.get(tx, &message.chat_id)?;
                let revision = writer.write(chat, message)?;
                changes.record(revision);
                if revision.is_some() {
                    touched_chats.insert(chat);
                }
            }
            for chat in touched_chats {
                refresh_last_message(tx, chat)?;
            }
            Ok(changes)
        })
    }

    /// When the contact last wrote in `chat`: the newest message that is not ours (events
    /// aside). It opens the customer-service window of the accounts that have one.
    pub fn last_inbound_at(&self, chat: &ChatId) -> Result<Option<DateTime<Utc>>, StoreError> {
        let found = self
            .conn
            .prepare_cached(
                "SELECT m.sent_at FROM messages m JOIN chats c ON c.key = m.chat_key
                 WHERE c.id = ?1 AND m.is_sender = 0 AND m.is_event = 0
                 ORDER BY m.sent_at DESC LIMIT 1",
            )?
            .query_row([chat.as_str()], |row| time(row, 0))
            .optional()?;
        Ok(found)
    }

    pub fn message(&self, id: &MessageId) -> Result<Option<Message>, StoreError> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {MESSAGE_COLUMNS}, c.id, a.id FROM messages m
                 JOIN chats c ON c.key = m.chat_key JOIN accounts a ON a.key = c.account_key
                 WHERE m.id = ?1"
            ))?
            .query_row([id.as_str()], |row| {
                let chat = ChatIds {
                    id: ChatId(row.get(18)?),
                    account_id: AccountId(row.get(19)?),
                };
                read_message(row, &chat)
            })
            .optional()?;
        found
            .map(|(message, counts)| self.assemble(message, counts))
            .transpose()
    }

    /// Messages of a chat in the cache: the thread's scroll range.
    pub fn message_count(&self, chat: &ChatId) -> Result<u64, StoreError> {
        let Some((key, _)) = self.chat_ref(chat)? else {
            return Ok(0);
        };
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM messages WHERE chat_key = ?1")?
            .query_row([key], |row| row.get(0))?)
    }

    /// Up to `limit` messages older than `anchor` (the newest ones without an anchor), newest
    /// first.
    pub fn messages_before(
        &self,
        chat: &ChatId,
        anchor: Option<&MessageAnchor>,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError> {
        let Some(chat) = self.chat_ref(chat)? else {
            return Ok(Vec::new());
        };
        let start = match anchor {
            Some(anchor) => self.anchor_position(anchor, i64::MIN)?,
            None => (i64::MAX, i64::MAX),
        };
        self.thread_window(&chat, BEFORE_SQL, start, limit)
    }

    /// Up to `limit` messages newer than `anchor`, the closest to it, newest first.
    pub fn messages_after(
        &self,
        chat: &ChatId,
        anchor: &MessageAnchor,
        limit: u32,
    ) -> Result<Vec<Message>, StoreError> {
        let Some(chat) = self.chat_ref(chat)? else {
            return Ok(Vec::new());
        };
        let start = self.anchor_position(anchor, i64::MAX)?;
        let mut window = self.thread_window(&chat, AFTER_SQL, start, limit)?;
        window.reverse();
        Ok(window)
    }

    /// How SQLite runs the thread windows (for checks and reports).
    pub fn thread_plan(&self) -> Result<Vec<String>, StoreError> {
        let mut plan = self.explain(&thread_sql(BEFORE_SQL), params![1, 0, 0, 50])?;
        plan.extend(self.explain(&thread_sql(AFTER_SQL), params![1, 0, 0, 50])?);
        plan.extend(self.explain("SELECT count(*) FROM messages WHERE chat_key = ?1", [1])?);
        Ok(plan)
    }

    /// Messages past `(at, key)` in the direction `range` gives.
    fn thread_window(
        &self,
        (chat_key, chat): &(i64, ChatIds),
        range: &str,
        (at, key): (i64, i64),
        limit: u32,
    ) -> Result<Vec<Message>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&thread_sql(range))?;
        let rows = stmt.query_map(params![chat_key, at, key, limit], |row| {
            read_message(row, chat)
        })?;
        let mut window = Vec::new();
        for row in rows {
            let (message, counts) = row?;
            window.push(self.assemble(message, counts)?);
        }
        Ok(window)
    }

    /// Where a window starts: the anchor message's own (time, key) when it is cached, else
    /// just past its time on the side given by `tie`.
    fn anchor_position(&self, anchor: &MessageAnchor, tie: i64) -> Result<(i64, i64), StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT sent_at, key FROM messages WHERE id = ?1")?
            .query_row([anchor.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .unwrap_or((millis(anchor.at), tie)))
    }

    /// The chat's key and the ids its messages carry.
    fn chat_ref(&self, chat: &ChatId) -> Result<Option<(i64, ChatIds)>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT c.key, a.id FROM chats c JOIN accounts a ON a.key = c.account_key
                 WHERE c.id = ?1",
            )?
            .query_row([chat.as_str()], |row| {
                let ids = ChatIds {
                    id: chat.clone(),
                    account_id: AccountId(row.get(1)?),
                };
                Ok((row.get(0)?, ids))
            })
            .optional()?)
    }

    /// Adds the reactions and attachments the row says the message has.
    fn assemble(&self, mut message: Message, counts: PartCounts) -> Result<Message, StoreError> {
        if counts.attachments > 0 {
            message.attachments = attachments_of(&self.conn, counts.key)?;
        }
        if counts.reactions > 0 {
            message.reactions = reactions_of(&self.conn, counts.key)?;
        }
        Ok(message)
    }
}

const BEFORE_SQL: &str = "(sent_at, key) < (?2, ?3) ORDER BY sent_at DESC, key DESC";
const AFTER_SQL: &str = "(sent_at, key) > (?2, ?3) ORDER BY sent_at, key";

fn thread_sql(range: &str) -> String {
    format!("SELECT {MESSAGE_COLUMNS} FROM messages m WHERE chat_key = ?1 AND {range} LIMIT ?4")
}

/// The ids every message of a chat shares.
struct ChatIds {
    id: ChatId,
    account_id: AccountId,
}

/// What `assemble` still has to fetch for a row.
struct PartCounts {
    key: i64,
    attachments: i64,
    reactions: i64,
}

fn read_message(row: &Row<'_>, chat: &ChatIds) -> rusqlite::Result<(Message, PartCounts)> {
    let message = Message {
        id: MessageId(row.get(1)?),
        account_id: chat.account_id.clone(),
        chat_id: chat.id.clone(),
        provider_id: row.get(2)?,
        sender_id: row.get(3)?,
        sender_attendee_id: row.get::<_, Option<String>>(4)?.map(AttendeeId),
        text: row.get(5)?,
        attachments: Vec::new(),
        timestamp: time(row, 6)?,
        is_sender: row.get(7)?,
        quoted: optional_json(row, 15)?,
        reactions: Vec::new(),
        seen: row.get(8)?,
        delivered: row.get(9)?,
        hidden: row.get(10)?,
        deleted: row.get(11)?,
        edited: row.get(12)?,
        is_event: row.get(13)?,
        event_type: row.get(14)?,
    };
    let counts = PartCounts {
        key: row.get(0)?,
        attachments: row.get(16)?,
        reactions: row.get(17)?,
    };
    Ok((message, counts))
}

fn attachments_of(conn: &Connection, key: i64) -> Result<Vec<Attachment>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, mimetype, file_size, file_name, unavailable FROM attachments
         WHERE message_key = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([key], |row| {
        Ok(Attachment {
            id: AttachmentId(row.get(0)?),
            kind: AttachmentKind::parse(&row.get::<_, String>(1)?),
            mimetype: row.get(2)?,
            file_size: row.get(3)?,
            file_name: row.get(4)?,
            unavailable: row.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn reactions_of(conn: &Connection, key: i64) -> Result<Vec<Reaction>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT value, sender_id, is_sender FROM reactions WHERE message_key = ?1
         ORDER BY position",
    )?;
    let rows = stmt.query_map([key], |row| {
        Ok(Reaction {
            value: row.get(0)?,
            sender_id: row.get(1)?,
            is_sender: row.get(2)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
