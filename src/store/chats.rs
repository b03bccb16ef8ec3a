//! Chats: upserts from sync, and the chat list as counted, filtered windows.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

use crate::domain::{
    AccountId, AttachmentKind, Chat, ChatChange, ChatId, ChatKind, MessageId, Muted,
};

use super::columns::{millis, optional_time, time};
use super::keys::{KeyCache, account_key};
use super::outbox::Unsent;
use super::search_key::{SearchTerms, search_key};
use super::statements::Statement;
use super::{Changes, Db, StoreError};

/// Which chats the chat list shows. The default is every account's chats, archived ones left
/// out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatFilter {
    /// One account, or all of them.
    pub account: Option<AccountId>,
    pub unread_only: bool,
    /// Only chats waiting for us: their last message is the customer's, not ours.
    pub waiting_only: bool,
    /// Part of the name or of the phone number; blank for no filter.
    pub search: String,
    pub include_archived: bool,
    /// The archived view: archived chats only (wins over `include_archived`).
    pub archived_only: bool,
}

/// The newest cached message of a chat, as the chat list previews it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastMessage {
    pub id: MessageId,
    pub text: Option<String>,
    pub at: DateTime<Utc>,
    pub is_sender: bool,
    /// The sender's name when someone else sent it and the attendee is known.
    pub sender_name: Option<String>,
    /// The kind of its first attachment, for a "📎 image" preview.
    pub attachment_kind: Option<AttachmentKind>,
    pub deleted: bool,
}

/// One line of the chat list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatListItem {
    pub chat: Chat,
    pub last_message: Option<LastMessage>,
    /// Our actions in this chat that were not sent and not dismissed: the row is marked.
    pub unsent: Option<Unsent>,
}

/// Columns read by `read_chat_item`, in its order.
const CHAT_COLUMNS: &str = "c.id, a.id, c.provider_id, c.attendee_provider_id, c.name, c.kind, \
     c.timestamp, c.unread_count, c.archived, c.muted, c.muted_until, c.read_only, \
     c.reactions_disabled, c.reply_disabled, c.last_message_id, c.last_text, c.last_at, \
     c.last_is_sender, c.last_sender_name, c.last_attachment_kind, c.last_deleted, \
     (SELECT max(CASE o.state WHEN 'failed' THEN 2 ELSE 1 END) FROM outbox o \
      WHERE o.chat_id = c.id AND o.state IN ('failed', 'unknown') AND o.dismissed_at IS NULL)";

const MUTED_NO: i64 = 0;
const MUTED_FOREVER: i64 = 1;
const MUTED_UNTIL: i64 = 2;

impl Db {
    /// Inserts or updates chats in one transaction; unchanged rows are not written. The
    /// accounts must be in the cache already.
    pub fn upsert_chats(&mut self, chats: &[Chat]) -> Result<Changes, StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO chats (id, account_key, provider_id, attendee_provider_id, name,
                     kind, timestamp, unread_count, archived, muted, muted_until, read_only,
                     reactions_disabled, reply_disabled, search_text, activity_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
                     coalesce(?7, 0))
                 ON CONFLICT (id) DO UPDATE SET
                     account_key = excluded.account_key,
                     provider_id = excluded.provider_id,
                     attendee_provider_id = excluded.attendee_provider_id,
                     name = excluded.name,
                     kind = excluded.kind,
                     timestamp = excluded.timestamp,
                     unread_count = excluded.unread_count,
                     archived = excluded.archived,
                     muted = excluded.muted,
                     muted_until = excluded.muted_until,
                     read_only = excluded.read_only,
                     reactions_disabled = excluded.reactions_disabled,
                     reply_disabled = excluded.reply_disabled,
                     search_text = excluded.search_text,
                     activity_at = max(coalesce(excluded.timestamp, 0),
                                       coalesce(chats.last_at, 0)),
                     revision = chats.revision + 1
                 WHERE chats.account_key IS NOT excluded.account_key
                    OR chats.provider_id IS NOT excluded.provider_id
                    OR chats.attendee_provider_id IS NOT excluded.attendee_provider_id
                    OR chats.name IS NOT excluded.name
                    OR chats.kind IS NOT excluded.kind
                    OR chats.timestamp IS NOT excluded.timestamp
                    OR chats.unread_count IS NOT excluded.unread_count
                    OR chats.archived IS NOT excluded.archived
                    OR chats.muted IS NOT excluded.muted
                    OR chats.muted_until IS NOT excluded.muted_until
                    OR chats.read_only IS NOT excluded.read_only
                    OR chats.reactions_disabled IS NOT excluded.reactions_disabled
                    OR chats.reply_disabled IS NOT excluded.reply_disabled
                 RETURNING revision",
            )?;
            let mut account_keys = KeyCache::new(account_key);
            let mut changes = Changes::default();
            for chat in chats {
                let account = account_keys.get(tx, &chat.account_id)?;
                let (muted, muted_until) = match chat.muted {
                    Muted::No => (MUTED_NO, None),
                    Muted::Forever => (MUTED_FOREVER, None),
                    Muted::Until(until) => (MUTED_UNTIL, Some(millis(until))),
                };
                let revision = stmt
                    .query_row(
                        params![
                            chat.id.as_str(),
                            account,
                            chat.provider_id,
                            chat.attendee_provider_id,
                            chat.name,
                            chat.kind.code(),
                            chat.timestamp.map(millis),
                            chat.unread_count,
                            chat.archived,
                            muted,
                            muted_until,
                            chat.read_only,
                            chat.reactions_disabled,
                            chat.reply_disabled,
                            search_key(chat.name.as_deref(), chat.attendee_provider_id.as_deref()),
                        ],
                        |row| row.get::<_, i64>(0),
                    )
                    .optional()?;
                changes.record(revision);
            }
            Ok(changes)
        })
    }

    /// A change to the chat the provider accepted, written into the cached row at once (the
    /// next sync reads the chat again). Returns the chat as now cached; `None` when the chat
    /// is no longer cached.
    pub fn apply_chat_change(
        &mut self,
        id: &ChatId,
        change: ChatChange,
    ) -> Result<Option<ChatListItem>, StoreError> {
        let Some(item) = self.chat(id)? else {
            return Ok(None);
        };
        let mut chat = item.chat;
        change.apply(&mut chat);
        self.upsert_chats(&[chat])?;
        self.chat(id)
    }

    pub fn chat(&self, id: &ChatId) -> Result<Option<ChatListItem>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHAT_COLUMNS} FROM chats c JOIN accounts a ON a.key = c.account_key
             WHERE c.id = ?1"
        ))?;
        Ok(stmt.query_row([id.as_str()], read_chat_item).optional()?)
    }

    /// How many chats the filter shows: the chat list's scroll range.
    pub fn chat_count(&self, filter: &ChatFilter) -> Result<u64, StoreError> {
        let Some(query) = WindowQuery::new(&self.conn, filter)? else {
            return Ok(0);
        };
        let mut stmt = self.conn.prepare_cached(&query.count_sql())?;
        Ok(stmt.query_row(params_from_iter(&query.params), |row| row.get(0))?)
    }

    /// Rows `offset..offset + limit` of the chat list, by last activity (newest first), then by
    /// key. The offset is skipped inside an index without reading the table; only the returned
    /// rows are read.
    pub fn chat_window(
        &self,
        filter: &ChatFilter,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<ChatListItem>, StoreError> {
        let Some(query) = WindowQuery::new(&self.conn, filter)? else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(&query.window_sql())?;
        let params = query.window_params(offset, limit)?;
        let rows = stmt.query_map(params_from_iter(&params), read_chat_item)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What `chat_count` and then `chat_window` run for this filter, as text and parameters.
    pub(super) fn chat_window_statements(
        &self,
        filter: &ChatFilter,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Statement>, StoreError> {
        let Some(query) = WindowQuery::new(&self.conn, filter)? else {
            return Ok(Vec::new());
        };
        Ok(vec![
            Statement {
                sql: query.count_sql(),
                params: query.params.clone(),
            },
            Statement {
                sql: query.window_sql(),
                params: query.window_params(offset, limit)?,
            },
        ])
    }

    /// How SQLite runs `chat_count` and `chat_window` for this filter (for checks and reports).
    pub fn chat_window_plan(&self, filter: &ChatFilter) -> Result<Vec<String>, StoreError> {
        let Some(query) = WindowQuery::new(&self.conn, filter)? else {
            return Ok(Vec::new());
        };
        let mut plan = self.explain(&query.count_sql(), params_from_iter(&query.params))?;
        let params = query.window_params(50_000, 50)?;
        plan.extend(self.explain(&query.window_sql(), params_from_iter(&params))?);
        Ok(plan)
    }

    /// The one-to-one chat of `account` with the person `attendee_provider_id`, if the cache
    /// has one: start-chat opens it instead of starting another.
    pub fn find_single_chat(
        &self,
        account: &AccountId,
        attendee_provider_id: &str,
    ) -> Result<Option<ChatListItem>, StoreError> {
        let direct = self
            .conn
            .prepare_cached(&format!(
                "SELECT {CHAT_COLUMNS} FROM chats c JOIN accounts a ON a.key = c.account_key
                 WHERE a.id = ?1 AND c.attendee_provider_id = ?2 AND c.kind = ?3
                 ORDER BY c.activity_at DESC LIMIT 1"
            ))?
            .query_row(
                params![
                    account.as_str(),
                    attendee_provider_id,
                    ChatKind::Single.code()
                ],
                read_chat_item,
            )
            .optional()?;
        if direct.is_some() {
            return Ok(direct);
        }
        // Chats whose attendee id the provider left out are found through their attendees.
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {CHAT_COLUMNS} FROM attendees p
                 JOIN accounts a ON a.key = p.account_key
                 JOIN chat_attendees ca ON ca.attendee_key = p.key
                 JOIN chats c ON c.key = ca.chat_key
                 WHERE a.id = ?1 AND p.provider_id = ?2 AND c.kind = ?3
                 ORDER BY c.activity_at DESC LIMIT 1"
            ))?
            .query_row(
                params![
                    account.as_str(),
                    attendee_provider_id,
                    ChatKind::Single.code()
                ],
                read_chat_item,
            )
            .optional()?)
    }
}

/// The keys and numbers of the accounts with a number: `only` one, or all.
pub(super) fn account_numbers(
    conn: &Connection,
    only: Option<&AccountId>,
) -> Result<Vec<(i64, String)>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT key, phone_number FROM accounts
         WHERE phone_number IS NOT NULL AND (?1 IS NULL OR id = ?1)",
    )?;
    let rows = stmt.query_map([only.map(AccountId::as_str)], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The index, WHERE clause and parameters of a chat list filter.
pub(super) struct WindowQuery {
    pub(super) index: &'static str,
    pub(super) conditions: String,
    pub(super) params: Vec<Value>,
}

impl WindowQuery {
    /// `None` when nothing can match (an account the cache does not know).
    pub(super) fn new(conn: &Connection, filter: &ChatFilter) -> Result<Option<Self>, StoreError> {
        let mut conditions: Vec<Cow<'static, str>> = Vec::new();
        let mut params = Vec::new();
        if let Some(account) = &filter.account {
            match account_key(conn, account) {
                Ok(key) => {
                    conditions.push("account_key = ?".into());
                    params.push(Value::Integer(key));
                }
                Err(StoreError::UnknownAccount(_)) => return Ok(None),
                Err(other) => return Err(other),
            }
        }
        if filter.archived_only {
            // The "open" indexes lead with `archived`: the archived view uses them too.
            conditions.push("archived = 1".into());
        } else if !filter.include_archived {
            conditions.push("archived = 0".into());
        }
        if filter.unread_only {
            // Spelled as in the partial indexes, so the planner can use them.
            conditions.push("unread_count > 0".into());
        }
        if filter.waiting_only {
            // Spelled as in the partial indexes, so the planner can use them; a chat without
            // messages has no last sender and is not waiting.
            conditions.push("last_is_sender = 0".into());
        }
        if let Some(terms) = SearchTerms::parse(&filter.search) {
            let mut matches =
                vec!["instr(search_text, ?) > 0 OR (? <> '' AND instr(search_text, ?) > 0)"];
            params.push(Value::Text(terms.text.clone()));
            params.push(Value::Text(terms.digits.clone()));
            params.push(Value::Text(terms.digits.clone()));
            // A number typed the national way matches in the country of each account's number.
            for (key, number) in account_numbers(conn, filter.account.as_ref())? {
                if let Some(international) = terms.international(&number) {
                    matches.push("(account_key = ? AND instr(search_text, ?) > 0)");
                    params.push(Value::Integer(key));
                    params.push(Value::Text(international));
                }
            }
            conditions.push(format!("({})", matches.join(" OR ")).into());
        }
        let conditions = if conditions.is_empty() {
            "1".to_owned()
        } else {
            conditions.join(" AND ")
        };
        // Chosen here rather than by the planner, which lacks statistics on a fresh cache:
        // each index holds the filter's columns, in the list's order after its equalities.
        let searching = !filter.search.trim().is_empty();
        let index = match (
            filter.account.is_some(),
            filter.unread_only,
            filter.include_archived && !filter.archived_only,
        ) {
            _ if searching => "chats_search",
            (false, false, _) if filter.waiting_only => "chats_waiting",
            (true, false, _) if filter.waiting_only => "chats_waiting_by_account",
            (false, false, false) => "chats_open_by_activity",
            (false, false, true) => "chats_by_activity",
            (true, false, false) => "chats_open_by_account",
            (true, false, true) => "chats_by_account",
            (false, true, _) => "chats_unread",
            (true, true, _) => "chats_unread_by_account",
        };
        Ok(Some(Self {
            index,
            conditions,
            params,
        }))
    }

    fn count_sql(&self) -> String {
        format!(
            "SELECT count(*) FROM chats INDEXED BY {} WHERE {}",
            self.index, self.conditions
        )
    }

    /// The filter's parameters, then the window's limit and offset.
    fn window_params(&self, offset: u64, limit: u32) -> Result<Vec<Value>, StoreError> {
        let offset =
            i64::try_from(offset).map_err(|_| StoreError::Encode("offset too large".into()))?;
        let mut params = self.params.clone();
        params.extend([Value::Integer(limit.into()), Value::Integer(offset)]);
        Ok(params)
    }

    /// Keys are picked from an index first (limit and offset as the last two parameters);
    /// only those rows are then read.
    fn window_sql(&self) -> String {
        format!(
            "SELECT {CHAT_COLUMNS} FROM chats c JOIN accounts a ON a.key = c.account_key
             WHERE c.key IN (
                 SELECT key FROM chats INDEXED BY {} WHERE {}
                 ORDER BY activity_at DESC, key DESC LIMIT ? OFFSET ?)
             ORDER BY c.activity_at DESC, c.key DESC",
            self.index, self.conditions
        )
    }
}

fn read_chat_item(row: &Row<'_>) -> rusqlite::Result<ChatListItem> {
    let muted = match row.get::<_, i64>(9)? {
        MUTED_FOREVER => Muted::Forever,
        MUTED_UNTIL => match optional_time(row, 10)? {
            Some(until) => Muted::Until(until),
            None => Muted::Forever,
        },
        _ => Muted::No,
    };
    let chat = Chat {
        id: ChatId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        provider_id: row.get(2)?,
        attendee_provider_id: row.get(3)?,
        name: row.get(4)?,
        kind: ChatKind::from_code(row.get(5)?),
        timestamp: optional_time(row, 6)?,
        unread_count: row.get(7)?,
        archived: row.get(8)?,
        muted,
        read_only: row.get(11)?,
        reactions_disabled: row.get(12)?,
        reply_disabled: row.get(13)?,
    };
    let last_message = match row.get::<_, Option<String>>(14)? {
        None => None,
        Some(id) => Some(LastMessage {
            id: MessageId(id),
            text: row.get(15)?,
            at: time(row, 16)?,
            is_sender: row.get(17)?,
            sender_name: row.get(18)?,
            attachment_kind: row
                .get::<_, Option<String>>(19)?
                .map(|kind| AttachmentKind::parse(&kind)),
            deleted: row.get(20)?,
        }),
    };
    // Looked up per row through `outbox_by_chat`: only the rows read pay for it.
    let unsent = match row.get::<_, Option<i64>>(21)? {
        Some(2) => Some(Unsent::Failed),
        Some(_) => Some(Unsent::Unknown),
        None => None,
    };
    Ok(ChatListItem {
        chat,
        last_message,
        unsent,
    })
}
