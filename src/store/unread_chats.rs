//! `]u` / `[u`: where the next (or previous) unread chat is in the chat list, found through
//! the unread indexes rather than by reading the list.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params_from_iter};

use crate::domain::ChatId;

use super::chats::{ChatFilter, WindowQuery};
use super::{Db, StoreError};

/// Which way to look from the selected chat, in the list's order (newest first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Down the list: older activity.
    Next,
    /// Up the list: newer activity.
    Previous,
}

/// An unread chat and its index in the chat list of the same filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadChatAt {
    pub chat: ChatId,
    pub index: u64,
}

impl Db {
    /// The unread chat after (or before) `from` in the list `filter` shows, wrapping round at
    /// the end; `from` unknown or `None` starts at the top (or the bottom). `None` when the
    /// list has no unread chat.
    pub fn unread_chat_from(
        &self,
        filter: &ChatFilter,
        from: Option<&ChatId>,
        direction: Direction,
    ) -> Result<Option<UnreadChatAt>, StoreError> {
        let unread = ChatFilter {
            unread_only: true,
            ..filter.clone()
        };
        let Some(query) = WindowQuery::new(&self.conn, &unread)? else {
            return Ok(None);
        };
        let cursor = match from {
            Some(chat) => self
                .conn
                .prepare_cached("SELECT activity_at, key FROM chats WHERE id = ?1")?
                .query_row([chat.as_str()], |row| {
                    Ok((row.get::<_, i64>(0)?, row.get(1)?))
                })
                .optional()?,
            None => None,
        };
        let found = match cursor {
            Some(cursor) => match self.unread_beyond(&query, Some(cursor), direction)? {
                Some(found) => Some(found),
                None => self.unread_beyond(&query, None, direction)?,
            },
            None => self.unread_beyond(&query, None, direction)?,
        };
        let Some((chat, activity_at, key)) = found else {
            return Ok(None);
        };
        let index = self.rows_above(filter, activity_at, key)?;
        Ok(Some(UnreadChatAt {
            chat: ChatId(chat),
            index,
        }))
    }

    /// The first unread chat past `cursor` (activity, key) going `direction`; from the end
    /// of the list the direction starts at when there is no cursor.
    fn unread_beyond(
        &self,
        query: &WindowQuery,
        cursor: Option<(i64, i64)>,
        direction: Direction,
    ) -> Result<Option<(String, i64, i64)>, StoreError> {
        let (past, order) = match direction {
            Direction::Next => ("<", "DESC"),
            Direction::Previous => (">", "ASC"),
        };
        let mut params = query.params.clone();
        let beyond = match cursor {
            Some((activity_at, key)) => {
                params.extend([Value::Integer(activity_at), Value::Integer(key)]);
                format!("AND (activity_at, key) {past} (?, ?)")
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT id, activity_at, key FROM chats INDEXED BY {} WHERE {} {beyond}
             ORDER BY activity_at {order}, key {order} LIMIT 1",
            query.index, query.conditions
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(&params), |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?)
    }

    /// How many chats of the list come before the chat at (activity, key): its index.
    fn rows_above(
        &self,
        filter: &ChatFilter,
        activity_at: i64,
        key: i64,
    ) -> Result<u64, StoreError> {
        let Some(query) = WindowQuery::new(&self.conn, filter)? else {
            return Ok(0);
        };
        let mut params = query.params.clone();
        params.extend([Value::Integer(activity_at), Value::Integer(key)]);
        let sql = format!(
            "SELECT count(*) FROM chats INDEXED BY {} WHERE {} AND (activity_at, key) > (?, ?)",
            query.index, query.conditions
        );
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(&params), |row| row.get(0))?)
    }
}
