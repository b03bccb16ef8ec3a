//! A chat's preview of its newest visible message, copied into its row so the chat list
//! never joins messages, and refreshed after message writes.
//!
//! Only the columns whose values change are written. SQLite rewrites the entries of every
//! index that names a column an UPDATE sets, even when the value is the same; `activity_at`
//! is in seven of the chat list's indexes and `last_is_sender` decides two partial ones, so
//! setting them unchanged cost more than the message inserts of a first sync. A preview that
//! did not change writes nothing.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension};

use super::StoreError;

/// The newest visible message of chat `?1` as its preview columns, then the activity time it
/// gives the chat; then the same eight columns as the chat row holds them now. Nothing when
/// the chat has no visible message (its preview stays).
const NEWEST_AND_CURRENT_SQL: &str = "SELECT m.id, m.text, m.sent_at, m.sender_name,
         m.attachment_kind, m.deleted, m.is_sender, max(coalesce(c.timestamp, 0), m.sent_at),
         c.last_message_id, c.last_text, c.last_at, c.last_sender_name,
         c.last_attachment_kind, c.last_deleted, c.last_is_sender, c.activity_at
     FROM chats c, (
         SELECT id, text, sent_at, is_sender, deleted,
             CASE WHEN is_sender THEN NULL ELSE (
                 SELECT p.name FROM attendees p JOIN chats o ON o.key = ?1
                 WHERE p.account_key = o.account_key AND p.provider_id = sender_id)
             END AS sender_name,
             (SELECT kind FROM attachments WHERE message_key = messages.key AND position = 0)
                 AS attachment_kind
         FROM messages
         WHERE chat_key = ?1 AND hidden = 0
         ORDER BY sent_at DESC, key DESC LIMIT 1
     ) AS m
     WHERE c.key = ?1";

/// The preview columns proper, in `NEWEST_AND_CURRENT_SQL`'s order; none is indexed.
const PREVIEW_COLUMNS: [&str; 6] = [
    "last_message_id",
    "last_text",
    "last_at",
    "last_sender_name",
    "last_attachment_kind",
    "last_deleted",
];
const IS_SENDER: usize = 6;
const ACTIVITY: usize = 7;

/// Copies the newest visible message of `chat_key` into the chat's row, writing only what
/// changed.
pub(super) fn refresh_last_message(conn: &Connection, chat_key: i64) -> Result<(), StoreError> {
    let Some((newest, current)) = conn
        .prepare_cached(NEWEST_AND_CURRENT_SQL)?
        .query_row([chat_key], |row| {
            Ok((read_values(row, 0)?, read_values(row, ACTIVITY + 1)?))
        })
        .optional()?
    else {
        return Ok(());
    };
    let preview_changed = newest[..IS_SENDER] != current[..IS_SENDER];
    let sender_changed = newest[IS_SENDER] != current[IS_SENDER];
    let activity_changed = newest[ACTIVITY] != current[ACTIVITY];
    if !(preview_changed || sender_changed || activity_changed) {
        return Ok(());
    }
    let mut sets = Vec::new();
    let mut values = Vec::new();
    if preview_changed {
        for (column, value) in PREVIEW_COLUMNS.iter().zip(&newest[..IS_SENDER]) {
            sets.push(*column);
            values.push(value.clone());
        }
    }
    if sender_changed {
        sets.push("last_is_sender");
        values.push(newest[IS_SENDER].clone());
    }
    if activity_changed {
        sets.push("activity_at");
        values.push(newest[ACTIVITY].clone());
    }
    let assignments: Vec<String> = sets
        .iter()
        .enumerate()
        .map(|(index, column)| format!("{column} = ?{}", index + 2))
        .collect();
    let sql = format!("UPDATE chats SET {} WHERE key = ?1", assignments.join(", "));
    let mut params = vec![Value::Integer(chat_key)];
    params.extend(values);
    conn.prepare_cached(&sql)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(())
}

/// The eight preview values starting at column `first`.
fn read_values(row: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<Vec<Value>> {
    (first..=first + ACTIVITY)
        .map(|index| row.get(index))
        .collect()
}
