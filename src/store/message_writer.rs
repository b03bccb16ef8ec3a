//! Writing messages: each one compared with the cached copy by fingerprint, written only when
//! it differs, its reactions and attachments replaced with it. Statements are prepared once
//! per batch.

use rusqlite::{CachedStatement, Transaction, params};

use crate::domain::{AttendeeId, Message, Reaction};

use super::StoreError;
use super::columns::{millis, to_json};
use super::fingerprint::fingerprint;

pub(super) struct MessageWriter<'tx> {
    tx: &'tx Transaction<'tx>,
    upsert: CachedStatement<'tx>,
    /// The key and revision of a row the upsert updated.
    written: CachedStatement<'tx>,
    clear_reactions: CachedStatement<'tx>,
    clear_attachments: CachedStatement<'tx>,
    insert_reaction: CachedStatement<'tx>,
    insert_attachment: CachedStatement<'tx>,
}

impl<'tx> MessageWriter<'tx> {
    pub fn new(tx: &'tx Transaction<'tx>) -> Result<Self, StoreError> {
        Ok(Self {
            tx,
            upsert: tx.prepare_cached(UPSERT_SQL)?,
            written: tx.prepare_cached("SELECT key, revision FROM messages WHERE id = ?1")?,
            clear_reactions: tx.prepare_cached("DELETE FROM reactions WHERE message_key = ?1")?,
            clear_attachments: tx
                .prepare_cached("DELETE FROM attachments WHERE message_key = ?1")?,
            insert_reaction: tx.prepare_cached(
                "INSERT INTO reactions (message_key, sender_id, position, value, is_sender)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?,
            insert_attachment: tx.prepare_cached(
                "INSERT INTO attachments (message_key, position, id, kind, mimetype, file_size,
                     file_name, unavailable)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?,
        })
    }

    /// Writes `message` into chat `chat_key` unless it is cached with the same content.
    /// Returns the row's revision when written (0: inserted).
    pub fn write(&mut self, chat_key: i64, message: &Message) -> Result<Option<i64>, StoreError> {
        let quoted = message.quoted.as_ref().map(to_json).transpose()?;
        let reactions = one_reaction_per_sender(&message.reactions);
        let fingerprint = fingerprint(message, quoted.as_deref(), &reactions);
        let rowid_before = self.tx.last_insert_rowid();
        let changed = self.upsert.execute(params![
            message.id.as_str(),
            chat_key,
            message.provider_id,
            message.sender_id,
            message.sender_attendee_id.as_ref().map(AttendeeId::as_str),
            message.text,
            millis(message.timestamp),
            message.is_sender,
            message.seen,
            message.delivered,
            message.hidden,
            message.deleted,
            message.edited,
            message.is_event,
            message.event_type,
            quoted,
            message.attachments.len(),
            reactions.len(),
            fingerprint,
        ])?;
        if changed == 0 {
            return Ok(None);
        }
        // A new row moves the connection's last rowid to its key (an update leaves it); an
        // updated row, or in doubt, is read back. Cheaper than `RETURNING`, which made
        // SQLite keep every statement's output aside and halved the ingest.
        let rowid_after = self.tx.last_insert_rowid();
        let (key, revision) = if rowid_after == rowid_before {
            self.written
                .query_row([message.id.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))?
        } else {
            (rowid_after, 0)
        };
        if revision > 0 {
            self.clear_reactions.execute([key])?;
            self.clear_attachments.execute([key])?;
        }
        for (position, reaction) in reactions.into_iter().enumerate() {
            self.insert_reaction.execute(params![
                key,
                reaction.sender_id,
                position,
                reaction.value,
                reaction.is_sender
            ])?;
        }
        for (position, attachment) in message.attachments.iter().enumerate() {
            self.insert_attachment.execute(params![
                key,
                position,
                attachment.id.as_str(),
                attachment.kind.as_str(),
                attachment.mimetype,
                attachment.file_size,
                attachment.file_name,
                attachment.unavailable,
            ])?;
        }
        Ok(Some(revision))
    }
}

/// Inserts, or updates when the fingerprint (or the chat) differs; changes no row when the
/// cached row already matched.
const UPSERT_SQL: &str = "INSERT INTO messages (id, chat_key, provider_id, sender_id,
         sender_attendee_id, text, sent_at, is_sender, seen, delivered, hidden, deleted, edited,
         is_event, event_type, quoted, attachment_count, reaction_count, fingerprint)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
     ON CONFLICT (id) DO UPDATE SET
         chat_key = excluded.chat_key,
         provider_id = excluded.provider_id,
         sender_id = excluded.sender_id,
         sender_attendee_id = excluded.sender_attendee_id,
         text = excluded.text,
         sent_at = excluded.sent_at,
         is_sender = excluded.is_sender,
         seen = excluded.seen,
         delivered = excluded.delivered,
         hidden = excluded.hidden,
         deleted = excluded.deleted,
         edited = excluded.edited,
         is_event = excluded.is_event,
         event_type = excluded.event_type,
         quoted = excluded.quoted,
         attachment_count = excluded.attachment_count,
         reaction_count = excluded.reaction_count,
         fingerprint = excluded.fingerprint,
         revision = messages.revision + 1
     WHERE messages.fingerprint IS NOT excluded.fingerprint
        OR messages.chat_key IS NOT excluded.chat_key";

/// WhatsApp keeps one reaction per person: when a list names a sender twice, the later one
/// counts.
fn one_reaction_per_sender(reactions: &[Reaction]) -> Vec<&Reaction> {
    let mut kept: Vec<&Reaction> = Vec::with_capacity(reactions.len());
    for reaction in reactions {
        match kept.iter_mut().find(|r| r.sender_id == reaction.sender_id) {
            Some(earlier) => *earlier = reaction,
            None => kept.push(reaction),
        }
    }
    kept
}
