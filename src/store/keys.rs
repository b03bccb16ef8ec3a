//! Integer keys of accounts and chats, looked up by their provider ids.

use std::collections::HashMap;
use std::hash::Hash;

use rusqlite::{Connection, OptionalExtension};

use crate::domain::{AccountId, ChatId};

use super::StoreError;

pub(super) fn account_key(conn: &Connection, id: &AccountId) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT key FROM accounts WHERE id = ?1")?
        .query_row([id.as_str()], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::UnknownAccount(id.clone()))
}

pub(super) fn chat_key(conn: &Connection, id: &ChatId) -> Result<i64, StoreError> {
    conn.prepare_cached("SELECT key FROM chats WHERE id = ?1")?
        .query_row([id.as_str()], |row| row.get(0))
        .optional()?
        .ok_or_else(|| StoreError::UnknownChat(id.clone()))
}

/// Keys already looked up in this batch: a batch of messages mostly names one chat.
pub(super) struct KeyCache<K> {
    keys: HashMap<K, i64>,
    lookup: fn(&Connection, &K) -> Result<i64, StoreError>,
}

impl<K: Hash + Eq + Clone> KeyCache<K> {
    pub fn new(lookup: fn(&Connection, &K) -> Result<i64, StoreError>) -> Self {
        Self {
            keys: HashMap::new(),
            lookup,
        }
    }

    pub fn get(&mut self, conn: &Connection, id: &K) -> Result<i64, StoreError> {
        if let Some(key) = self.keys.get(id) {
            return Ok(*key);
        }
        let key = (self.lookup)(conn, id)?;
        self.keys.insert(id.clone(), key);
        Ok(key)
    }
}
