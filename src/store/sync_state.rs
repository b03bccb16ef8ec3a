//! Where sync stands, per chat and per account, so it resumes instead of starting over.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::domain::{AccountId, ChatId, MessageId};
use crate::domain::{Cursor, SyncStatus};

use super::columns::{millis, now_millis, optional_time};
use super::keys::{account_key, chat_key};
use super::messages::MessageAnchor;
use super::{Db, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatSyncState {
    /// The newest message seen: the next sync asks for what came after it.
    pub newest: Option<MessageAnchor>,
    /// Where paging into older history stopped.
    pub older_cursor: Option<Cursor>,
    /// The whole history is cached; no older page to fetch.
    pub history_complete: bool,
    /// The chat's activity time when it was last synced: a newer one means new messages.
    pub synced_activity_at: Option<DateTime<Utc>>,
    /// Messages known to be missing, to fetch again.
    pub gap: Option<Gap>,
    /// When the newest page was last read in full.
    pub refreshed_at: Option<DateTime<Utc>>,
}

/// A span of a chat's history known to be missing from the cache: the messages after `after`
/// and before `before` (both exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub after: DateTime<Utc>,
    pub before: DateTime<Utc>,
}

impl Gap {
    /// One span covering both (what lies between two gaps is fetched again, harmlessly).
    pub fn union(self, other: Gap) -> Gap {
        Gap {
            after: self.after.min(other.after),
            before: self.before.max(other.before),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountSyncState {
    /// The chat-list page an interrupted first sync stopped at.
    pub chats_cursor: Option<Cursor>,
    pub first_sync_done: bool,
    pub last_success_at: Option<DateTime<Utc>>,
    pub resync_status: Option<SyncStatus>,
    /// Chat-list walks skipped items they could not read: this many more walks read every page.
    pub full_listings_owed: u32,
}

impl Db {
    /// The chat's sync state; the default (nothing synced) for a chat never synced.
    pub fn chat_sync_state(&self, chat: &ChatId) -> Result<ChatSyncState, StoreError> {
        let key = chat_key(&self.conn, chat)?;
        let state = self
            .conn
            .prepare_cached(
                "SELECT newest_at, newest_id, older_cursor, history_complete, synced_activity_at,
                     gap_after, gap_before, refreshed_at
                 FROM chat_sync WHERE chat_key = ?1",
            )?
            .query_row([key], |row| {
                let newest = match (optional_time(row, 0)?, row.get::<_, Option<String>>(1)?) {
                    (Some(at), Some(id)) => Some(MessageAnchor {
                        at,
                        id: MessageId(id),
                    }),
                    _ => None,
                };
                Ok(ChatSyncState {
                    newest,
                    older_cursor: row.get::<_, Option<String>>(2)?.map(Cursor),
                    history_complete: row.get(3)?,
                    synced_activity_at: optional_time(row, 4)?,
                    gap: match (optional_time(row, 5)?, optional_time(row, 6)?) {
                        (Some(after), Some(before)) => Some(Gap { after, before }),
                        _ => None,
                    },
                    refreshed_at: optional_time(row, 7)?,
                })
            })
            .optional()?;
        Ok(state.unwrap_or_default())
    }

    /// Stores the chat's sync state; writes nothing when it is unchanged.
    pub fn put_chat_sync_state(
        &mut self,
        chat: &ChatId,
        state: &ChatSyncState,
    ) -> Result<(), StoreError> {
        self.write(|tx| put_state(tx, chat, state))
    }

    /// Stores several chats' sync states in one transaction (a sync batch's chats): one
    /// commit instead of one per chat.
    pub fn put_chat_sync_states(
        &mut self,
        states: &[(ChatId, ChatSyncState)],
    ) -> Result<(), StoreError> {
        if states.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for (chat, state) in states {
                put_state(tx, chat, state)?;
            }
            Ok(())
        })
    }

    pub fn account_sync_state(&self, account: &AccountId) -> Result<AccountSyncState, StoreError> {
        let key = account_key(&self.conn, account)?;
        let state = self
            .conn
            .prepare_cached(
                "SELECT chats_cursor, first_sync_done, last_success_at, resync_status,
                     full_listings_owed
                 FROM account_sync WHERE account_key = ?1",
            )?
            .query_row([key], |row| {
                Ok(AccountSyncState {
                    chats_cursor: row.get::<_, Option<String>>(0)?.map(Cursor),
                    first_sync_done: row.get(1)?,
                    last_success_at: optional_time(row, 2)?,
                    resync_status: row
                        .get::<_, Option<String>>(3)?
                        .map(|raw| status_of_code(&raw)),
                    full_listings_owed: row.get(4)?,
                })
            })
            .optional()?;
        Ok(state.unwrap_or_default())
    }

    /// Reads the account's sync state, lets `change` alter it and stores it (nothing is
    /// written when `change` left it as it was).
    pub fn update_account_sync_state(
        &mut self,
        account: &AccountId,
        change: impl FnOnce(&mut AccountSyncState),
    ) -> Result<(), StoreError> {
        let mut state = self.account_sync_state(account)?;
        change(&mut state);
        self.put_account_sync_state(account, &state)
    }

    /// Stores the account's sync state; writes nothing when it is unchanged.
    pub fn put_account_sync_state(
        &mut self,
        account: &AccountId,
        state: &AccountSyncState,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let key = account_key(tx, account)?;
            tx.prepare_cached(
                "INSERT INTO account_sync (account_key, chats_cursor, first_sync_done,
                     last_success_at, resync_status, full_listings_owed, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (account_key) DO UPDATE SET
                     chats_cursor = excluded.chats_cursor,
                     first_sync_done = excluded.first_sync_done,
                     last_success_at = excluded.last_success_at,
                     resync_status = excluded.resync_status,
                     full_listings_owed = excluded.full_listings_owed,
                     updated_at = excluded.updated_at
                 WHERE account_sync.chats_cursor IS NOT excluded.chats_cursor
                    OR account_sync.first_sync_done IS NOT excluded.first_sync_done
                    OR account_sync.last_success_at IS NOT excluded.last_success_at
                    OR account_sync.resync_status IS NOT excluded.resync_status
                    OR account_sync.full_listings_owed IS NOT excluded.full_listings_owed",
            )?
            .execute(params![
                key,
                state.chats_cursor.as_ref().map(|c| c.0.as_str()),
                state.first_sync_done,
                state.last_success_at.map(millis),
                state.resync_status.as_ref().map(status_code),
                state.full_listings_owed,
                now_millis(),
            ])?;
            Ok(())
        })
    }

    /// Chats whose activity time moved past the one they were last synced at, or never synced
    /// (`NEEDS_SYNC`), most recently active first: what an incremental sync should fetch messages for.
    pub fn chats_to_sync(
        &self,
        account: Option<&AccountId>,
        limit: u32,
    ) -> Result<Vec<ChatId>, StoreError> {
        let account = account.map(|id| account_key(&self.conn, id)).transpose()?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.id FROM chats c LEFT JOIN chat_sync s ON s.chat_key = c.key
             WHERE (?1 IS NULL OR c.account_key = ?1) AND {NEEDS_SYNC}
             ORDER BY c.activity_at DESC, c.key DESC
             LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![account, limit], |row| Ok(ChatId(row.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Those of `chats` that `chats_to_sync` would name, in the order given: a first sync
    /// plans each chat-list page as it arrives, without reading the account's whole list.
    pub fn chats_to_sync_among(&self, chats: &[ChatId]) -> Result<Vec<ChatId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT 1 FROM chats c LEFT JOIN chat_sync s ON s.chat_key = c.key
             WHERE c.id = ?1 AND {NEEDS_SYNC}"
        ))?;
        let mut wanted = Vec::new();
        for chat in chats {
            if stmt.exists([chat.as_str()])? {
                wanted.push(chat.clone());
            }
        }
        Ok(wanted)
    }
}

impl Db {
    /// Chats of `account` known to miss messages, most recently active first.
    pub fn chats_with_gap(&self, account: &AccountId) -> Result<Vec<ChatId>, StoreError> {
        let account = account_key(&self.conn, account)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id FROM chats c JOIN chat_sync s ON s.chat_key = c.key
             WHERE c.account_key = ?1 AND s.gap_after IS NOT NULL
             ORDER BY c.activity_at DESC, c.key DESC",
        )?;
        let rows = stmt.query_map([account], |row| Ok(ChatId(row.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Chats of `account` active since `active_since` and synced before: how many there are,
    /// and those whose newest page was not read in full since `stale_before`, stalest first.
    pub fn chats_to_refresh(
        &self,
        account: &AccountId,
        active_since: DateTime<Utc>,
        stale_before: DateTime<Utc>,
    ) -> Result<(usize, Vec<ChatId>), StoreError> {
        let account = account_key(&self.conn, account)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.id, s.refreshed_at FROM chats c JOIN chat_sync s ON s.chat_key = c.key
             WHERE c.account_key = ?1 AND c.activity_at >= ?2
             ORDER BY coalesce(s.refreshed_at, 0), c.activity_at DESC, c.key DESC",
        )?;
        let rows = stmt.query_map(params![account, millis(active_since)], |row| {
            Ok((ChatId(row.get(0)?), row.get::<_, Option<i64>>(1)?))
        })?;
        let mut active = 0;
        let mut stale = Vec::new();
        let stale_before = millis(stale_before);
        for row in rows {
            let (chat, refreshed_at) = row?;
            active += 1;
            if refreshed_at.is_none_or(|at| at < stale_before) {
                stale.push(chat);
            }
        }
        Ok((active, stale))
    }
}

/// A status as the cache spells it (`status_code`); unknown values are kept as text.
fn status_of_code(raw: &str) -> SyncStatus {
    match raw {
        "SYNC_STARTED" => SyncStatus::Started,
        "SYNC_RUNNING" => SyncStatus::Running,
        "CHUNK_DONE" => SyncStatus::ChunkDone,
        "SYNC_DONE" => SyncStatus::Done,
        "SYNC_ERROR" => SyncStatus::Error,
        "CHAT_DELETED" => SyncStatus::ChatDeleted,
        other => SyncStatus::Other(other.to_owned()),
    }
}

/// How the cache spells a sync status: the words of the first provider's contract, kept so
/// caches written before stay readable (the inverse of `status_of_code`).
fn status_code(status: &SyncStatus) -> &str {
    match status {
        SyncStatus::Started => "SYNC_STARTED",
        SyncStatus::Running => "SYNC_RUNNING",
        SyncStatus::ChunkDone => "CHUNK_DONE",
        SyncStatus::Done => "SYNC_DONE",
        SyncStatus::Error => "SYNC_ERROR",
        SyncStatus::ChatDeleted => "CHAT_DELETED",
        SyncStatus::Other(raw) => raw,
    }
}

/// Upserts one chat's sync state; writes nothing when it is unchanged.
fn put_state(tx: &Transaction<'_>, chat: &ChatId, state: &ChatSyncState) -> Result<(), StoreError> {
    let key = chat_key(tx, chat)?;
    tx.prepare_cached(
        "INSERT INTO chat_sync (chat_key, newest_at, newest_id, older_cursor,
             history_complete, synced_activity_at, gap_after, gap_before, refreshed_at,
             updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (chat_key) DO UPDATE SET
             newest_at = excluded.newest_at,
             newest_id = excluded.newest_id,
             older_cursor = excluded.older_cursor,
             history_complete = excluded.history_complete,
             synced_activity_at = excluded.synced_activity_at,
             gap_after = excluded.gap_after,
             gap_before = excluded.gap_before,
             refreshed_at = excluded.refreshed_at,
             updated_at = excluded.updated_at
         WHERE chat_sync.newest_at IS NOT excluded.newest_at
            OR chat_sync.newest_id IS NOT excluded.newest_id
            OR chat_sync.older_cursor IS NOT excluded.older_cursor
            OR chat_sync.history_complete IS NOT excluded.history_complete
            OR chat_sync.synced_activity_at IS NOT excluded.synced_activity_at
            OR chat_sync.gap_after IS NOT excluded.gap_after
            OR chat_sync.gap_before IS NOT excluded.gap_before
            OR chat_sync.refreshed_at IS NOT excluded.refreshed_at",
    )?
    .execute(params![
        key,
        state.newest.as_ref().map(|n| millis(n.at)),
        state.newest.as_ref().map(|n| n.id.as_str()),
        state.older_cursor.as_ref().map(|c| c.0.as_str()),
        state.history_complete,
        state.synced_activity_at.map(millis),
        state.gap.map(|gap| millis(gap.after)),
        state.gap.map(|gap| millis(gap.before)),
        state.refreshed_at.map(millis),
        now_millis(),
    ])?;
    Ok(())
}

/// A chat `c` (joined with its sync state `s`) whose messages should be fetched: never
/// synced, or active since it was. One rule for the incremental plan and the first sync's.
const NEEDS_SYNC: &str = "(s.chat_key IS NULL
    OR (c.timestamp IS NOT NULL
        AND (s.synced_activity_at IS NULL OR c.timestamp > s.synced_activity_at)))";
