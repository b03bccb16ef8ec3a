//! What changed in the cache since the last look: writes of other programs (another unibox,
//! `unibox sync`, a listener) and messages that arrived, whoever wrote them.
//!
//! SQLite's `data_version` changes only when another connection commits, and this
//! connection's `total_changes` only when it writes; reading either reads no data, so
//! checking often costs next to nothing. Only when one moved are new message rows read,
//! by key, above the highest key seen.

use chrono::{DateTime, Duration, Utc};
use rusqlite::OptionalExtension;

use crate::domain::ChatId;

use super::columns::millis;
use super::{Db, StoreError};

/// In a chat with nothing from others cached before, messages sent this long before the
/// watch began still count as arriving during it: the phone's clock and this machine's may
/// disagree a little.
const CLOCK_SLACK: Duration = Duration::minutes(1);
/// The most arrivals one look returns (the newest are kept): a notification names one, the
/// bell rings once.
const MAX_ARRIVALS: u32 = 20;

/// The cache as this connection last saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    data_version: i64,
    total_changes: u64,
    /// The highest message key looked at.
    newest_message: i64,
    /// In a chat with nothing from others cached before, messages sent before this (less
    /// the slack) are history, not arrivals.
    since_ms: i64,
}

/// What changed since the last look.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CacheNews {
    /// Another program wrote: what is on screen may be stale.
    pub others_wrote: bool,
    /// New unread messages from others, oldest first.
    pub arrivals: Vec<Arrival>,
}

/// A message from someone else that arrived while watching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub chat: ChatId,
    /// The chat's name, else the sender's, else its number (unsanitised).
    pub title: String,
    pub text: Option<String>,
    pub attachments: u32,
    /// The chat is muted now.
    pub muted: bool,
}

impl Db {
    /// Starts watching: what is in the cache now is not news.
    pub fn watch_from(&self, since: DateTime<Utc>) -> Result<Seen, StoreError> {
        Ok(Seen {
            data_version: self.data_version()?,
            total_changes: self.conn.total_changes(),
            newest_message: self.newest_message_key()?,
            since_ms: millis(since - CLOCK_SLACK),
        })
    }

    /// What changed since `seen`, which then moves forward.
    pub fn news(&self, seen: &mut Seen, now: DateTime<Utc>) -> Result<CacheNews, StoreError> {
        let data_version = self.data_version()?;
        let total_changes = self.conn.total_changes();
        let others_wrote = data_version != seen.data_version;
        if !others_wrote && total_changes == seen.total_changes {
            return Ok(CacheNews::default());
        }
        let newest = self.newest_message_key()?;
        let arrivals = if newest > seen.newest_message {
            self.arrivals(seen.newest_message, newest, seen.since_ms, now)?
        } else {
            Vec::new()
        };
        seen.data_version = data_version;
        seen.total_changes = total_changes;
        seen.newest_message = seen.newest_message.max(newest);
        Ok(CacheNews {
            others_wrote,
            arrivals,
        })
    }

    fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |row| row.get(0))?)
    }

    fn newest_message_key(&self) -> Result<i64, StoreError> {
        let key: Option<i64> = self
            .conn
            .prepare_cached("SELECT max(key) FROM messages")?
            .query_row([], |row| row.get(0))
            .optional()?
            .flatten();
        Ok(key.unwrap_or(0))
    }

    /// Unread messages from others among the rows `after..=upto` that are newer than any
    /// message from others their chat had before (older ones are history being filled in;
    /// the server's clock decides, not ours); in a chat that had none, those sent since
    /// `since_ms` (a first sync brings history too).
    fn arrivals(
        &self,
        after: i64,
        upto: i64,
        since_ms: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<Arrival>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, coalesce(c.name, p.name, c.attendee_provider_id, c.provider_id),
                 m.text, m.attachment_count,
                 c.muted = 1 OR (c.muted = 2 AND (c.muted_until IS NULL OR c.muted_until > ?4))
             FROM messages m
             JOIN chats c ON c.key = m.chat_key
             LEFT JOIN attendees p ON p.account_key = c.account_key
                 AND p.provider_id = m.sender_id
             WHERE m.key > ?1 AND m.key <= ?2
                 AND m.sent_at > coalesce(
                     (SELECT max(o.sent_at) FROM messages o
                      WHERE o.chat_key = m.chat_key AND o.key <= ?1 AND o.is_sender = 0),
                     ?3 - 1)
                 AND m.is_sender = 0 AND m.seen = 0 AND m.deleted = 0 AND m.hidden = 0
                 AND m.is_event = 0
             ORDER BY m.key DESC
             LIMIT ?5",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![after, upto, since_ms, millis(now), MAX_ARRIVALS],
            |row| {
                Ok(Arrival {
                    chat: ChatId(row.get(0)?),
                    title: row.get(1)?,
                    text: row.get(2)?,
                    attachments: row.get(3)?,
                    muted: row.get(4)?,
                })
            },
        )?;
        let mut arrivals: Vec<Arrival> = rows.collect::<Result<_, _>>()?;
        arrivals.reverse();
        Ok(arrivals)
    }
}
