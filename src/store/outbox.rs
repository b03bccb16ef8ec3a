//! The outbox: every confirmed action is written here, durably, before its request leaves.
//!
//! States: `pending` (written, request not answered yet) → `sent` | `failed` | `unknown`.
//! `unknown` (the request may have reached the provider) settles to `sent` or `failed`, by a
//! later answer or by finding its effect among the cached messages; it is never retried by
//! itself. A `failed` entry goes back to `pending` only through a new confirmation
//! (`outbox_retry`), counted as a new attempt. `sent` is final.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::domain::{AccountId, Chat, ChatChange, ChatId, Message, MessageId, TemplateMessage};

use super::audit::{self, AuditEvent, AuditOutcome};
use super::chats::ChatListItem;
use super::columns::{json, millis, now_millis, time, to_json};
use super::{Db, StoreError};

/// How much earlier than the outbox entry a matching message may be stamped (the provider's
/// clock is not ours).
const CLOCK_SKEW: Duration = Duration::minutes(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutboxId(pub i64);

impl fmt::Display for OutboxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    Pending,
    Sent,
    Failed,
    Unknown,
}

impl OutboxState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    pub(super) fn parse(raw: &str) -> Option<Self> {
        match raw {
            "pending" => Some(Self::Pending),
            "sent" => Some(Self::Sent),
            "failed" => Some(Self::Failed),
            "unknown" => Some(Self::Unknown),
            _ => None,
        }
    }

    /// The legal moves of the state machine described at the top of this file.
    pub fn can_become(self, next: Self) -> bool {
        matches!(
            (self, next),
            (Self::Pending, Self::Sent | Self::Failed | Self::Unknown)
                | (Self::Unknown, Self::Sent | Self::Failed)
                | (Self::Failed, Self::Pending)
        )
    }
}

impl fmt::Display for OutboxState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a chat has among its actions not sent and not dismissed, the most pressing first: one
/// that failed needs the user; one of unknown outcome may still settle by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsent {
    Failed,
    Unknown,
}

/// An action not sent, with the chat it belongs to, for the review of every chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsentAction {
    pub entry: OutboxEntry,
    pub chat: Option<ChatListItem>,
}

/// A file to attach, as confirmed: its path and the size the confirmation showed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxFile {
    pub path: PathBuf,
    pub size: u64,
}

/// What the user confirmed. Stored as JSON; `kind` is also a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OutboxAction {
    Send {
        /// For a template, its body with the values filled in: what the thread shows.
        text: String,
        quote_id: Option<MessageId>,
        attachments: Vec<OutboxFile>,
        /// An approved template sent instead of free text; absent from older entries.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        template: Option<TemplateMessage>,
    },
    StartChat {
        attendee_provider_ids: Vec<String>,
        text: String,
        attachments: Vec<OutboxFile>,
    },
    /// An empty reaction removes ours.
    React {
        reaction: String,
    },
    Edit {
        text: String,
    },
    Delete,
    /// A change to the chat itself: marked unread, archived, muted (or undone).
    ChatChange {
        change: ChatChange,
    },
}

impl OutboxAction {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Send { .. } => "send",
            Self::StartChat { .. } => "start_chat",
            Self::React { .. } => "react",
            Self::Edit { .. } => "edit",
            Self::Delete => "delete",
            Self::ChatChange { .. } => "chat_change",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxEntry {
    pub account_id: AccountId,
    /// `None` only for start-chat, whose chat does not exist yet.
    pub chat_id: Option<ChatId>,
    /// The message reacted to, edited or deleted.
    pub target_message_id: Option<MessageId>,
    pub action: OutboxAction,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: OutboxId,
    pub created_at: DateTime<Utc>,
    pub account_id: AccountId,
    pub chat_id: Option<ChatId>,
    pub target_message_id: Option<MessageId>,
    pub action: OutboxAction,
    pub state: OutboxState,
    /// Why it failed or why its outcome is unknown, in words for the user.
    pub error: Option<String>,
    pub server_message_id: Option<MessageId>,
    /// The chat a start-chat created.
    pub server_chat_id: Option<ChatId>,
    pub attempts: u32,
    pub updated_at: DateTime<Utc>,
    /// What a provider that keeps idempotency keys sees for this entry: made when it is
    /// recorded, kept when it is sent again (`outbox_push_again`). `None` for entries older
    /// than the column.
    pub idempotency_key: Option<String>,
}

/// What the provider answered to a successful request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerIds {
    pub message_id: Option<MessageId>,
    pub chat_id: Option<ChatId>,
}

const ENTRY_COLUMNS: &str = "id, created_at, account_id, chat_id, target_message_id, payload, \
     state, error, server_message_id, server_chat_id, attempts, updated_at, idempotency_key";

impl Db {
    /// Records a confirmed action as `pending`. Durable: call it before the request, and send
    /// only once it returned.
    pub fn outbox_push(&mut self, entry: &NewOutboxEntry) -> Result<OutboxEntry, StoreError> {
        let payload = to_json(&entry.action)?;
        self.write_durably(|tx| insert(tx, entry, &payload))
    }

    /// A failed or unknown entry the user confirmed again: the new attempt is recorded as
    /// `pending` and the earlier entry dismissed, in one transaction. The earlier one can then
    /// neither be sent again from the review nor be settled by the new attempt's message.
    pub fn outbox_push_again(
        &mut self,
        earlier: OutboxId,
        entry: &NewOutboxEntry,
    ) -> Result<OutboxEntry, StoreError> {
        let payload = to_json(&entry.action)?;
        self.write_durably(|tx| {
            dismiss(tx, earlier)?;
            let again = insert(tx, entry, &payload)?;
            // The same key as the attempt it repeats: a provider that keeps keys answers
            // with the first answer if that one arrived after all.
            tx.prepare_cached(
                "UPDATE outbox SET idempotency_key =
                     coalesce((SELECT idempotency_key FROM outbox WHERE id = ?2), idempotency_key)
                 WHERE id = ?1",
            )?
            .execute(params![again.id.0, earlier.0])?;
            logged(tx, again.id)
        })
    }

    /// The provider accepted the request.
    pub fn outbox_mark_sent(
        &mut self,
        id: OutboxId,
        server: &ServerIds,
    ) -> Result<OutboxEntry, StoreError> {
        self.write_durably(|tx| {
            move_to(tx, id, OutboxState::Sent, None)?;
            tx.prepare_cached(
                "UPDATE outbox SET server_message_id = ?2, server_chat_id = ?3 WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                server.message_id.as_ref().map(MessageId::as_str),
                server.chat_id.as_ref().map(ChatId::as_str),
            ])?;
            logged(tx, id)
        })
    }

    /// The request certainly did not take effect.
    pub fn outbox_mark_failed(
        &mut self,
        id: OutboxId,
        error: &str,
    ) -> Result<OutboxEntry, StoreError> {
        self.write_durably(|tx| {
            move_to(tx, id, OutboxState::Failed, Some(error))?;
            logged(tx, id)
        })
    }

    /// The request may or may not have taken effect (timeout, connection lost).
    pub fn outbox_mark_unknown(
        &mut self,
        id: OutboxId,
        error: &str,
    ) -> Result<OutboxEntry, StoreError> {
        self.write_durably(|tx| {
            move_to(tx, id, OutboxState::Unknown, Some(error))?;
            logged(tx, id)
        })
    }

    /// A failed entry confirmed again by the user: `pending` once more, one attempt more.
    pub fn outbox_retry(&mut self, id: OutboxId) -> Result<OutboxEntry, StoreError> {
        self.write_durably(|tx| {
            move_to(tx, id, OutboxState::Pending, None)?;
            tx.prepare_cached("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1")?
                .execute([id.0])?;
            logged(tx, id)
        })
    }

    pub fn outbox_entry(&self, id: OutboxId) -> Result<Option<OutboxEntry>, StoreError> {
        match entry_by_id(&self.conn, id) {
            Ok(entry) => Ok(Some(entry)),
            Err(StoreError::NoSuchOutboxEntry(_)) => Ok(None),
            Err(other) => Err(other),
        }
    }

    /// At start-up: entries still `pending` were cut off by a crash after (maybe) sending, so
    /// they become `unknown`. Returns every `unknown` entry, oldest first, for the user to
    /// settle after reconciling.
    pub fn outbox_recover(&mut self) -> Result<Vec<OutboxEntry>, StoreError> {
        self.write_durably(|tx| {
            for cut_off in entries_where(tx, "state = 'pending' ORDER BY id", [])? {
                move_to(
                    tx,
                    cut_off.id,
                    OutboxState::Unknown,
                    Some("unibox stopped before the server answered"),
                )?;
                logged(tx, cut_off.id)?;
            }
            entries_where(tx, "state = 'unknown' ORDER BY id", [])
        })
    }

    /// Entries not settled yet (`pending` and `unknown`), oldest first.
    pub fn outbox_open_entries(&self) -> Result<Vec<OutboxEntry>, StoreError> {
        entries_where(
            &self.conn,
            "state IN ('pending', 'unknown') ORDER BY id",
            [],
        )
    }

    /// What the thread of `chat` shows besides cached messages: entries not sent (pending,
    /// unknown, failed) and sent messages that sync has not brought in yet. Oldest first.
    pub fn outbox_for_chat(&self, chat: &ChatId) -> Result<Vec<OutboxEntry>, StoreError> {
        entries_where(
            &self.conn,
            "chat_id = ?1 AND dismissed_at IS NULL
               AND (state <> 'sent'
                    OR (kind = 'send' AND server_message_id IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM messages m
                                        WHERE m.id = outbox.server_message_id)))
             ORDER BY created_at, id",
            [chat.as_str()],
        )
    }

    /// Every chat's actions the user can still act on (failed, or of unknown outcome, and not
    /// dismissed), oldest first, each with its chat as the chat list shows it (none for a
    /// start-chat, whose chat does not exist yet).
    pub fn outbox_unsent(&self) -> Result<Vec<UnsentAction>, StoreError> {
        let entries = entries_where(
            &self.conn,
            "state IN ('failed', 'unknown') AND dismissed_at IS NULL ORDER BY created_at, id",
            [],
        )?;
        entries
            .into_iter()
            .map(|entry| {
                let chat = match &entry.chat_id {
                    Some(id) => self.chat(id)?,
                    None => None,
                };
                Ok(UnsentAction { entry, chat })
            })
            .collect()
    }

    /// The user gives up on an action that failed, or whose outcome is unknown and which they
    /// do not want to look for any more: it stops being shown, and stays in the audit log.
    /// An unknown entry becomes `failed` first ("dismissed"), so nothing settles it later.
    pub fn outbox_dismiss(&mut self, id: OutboxId) -> Result<OutboxEntry, StoreError> {
        self.write_durably(|tx| dismiss(tx, id))
    }

    /// Settles `unknown` entries of `chat` whose effect is visible in the cache (after sync
    /// brought the chat's latest messages): a message of ours with the same text sent since,
    /// the edit, deletion or reaction in place on its message by the one rule of
    /// `took_effect`, or the chat archived, muted or unread as asked (`took_effect_on_chat`). Returns the entries settled. What cannot be proven stays `unknown`: the
    /// user decides.
    pub fn outbox_reconcile(&mut self, chat: &ChatId) -> Result<Vec<OutboxEntry>, StoreError> {
        let unknown = entries_where(
            &self.conn,
            "chat_id = ?1 AND state = 'unknown' ORDER BY id",
            [chat.as_str()],
        )?;
        // What the cached target message shows, judged by the one rule; a send's message is
        // looked for below, one entry at a time, so one message settles one send.
        let mut applied = Vec::new();
        for entry in &unknown {
            let shows = match (&entry.action, &entry.target_message_id) {
                (OutboxAction::ChatChange { .. }, _) => match &entry.chat_id {
                    Some(chat) => self.chat(chat)?.is_some_and(|item| {
                        took_effect_on_chat(&entry.action, &item.chat, Utc::now())
                    }),
                    None => false,
                },
                (OutboxAction::Send { .. } | OutboxAction::StartChat { .. }, _) | (_, None) => {
                    false
                }
                (action, Some(target)) => self
                    .message(target)?
                    .is_some_and(|message| took_effect(action, &message)),
            };
            applied.push(shows);
        }
        self.write_durably(|tx| {
            let mut settled = Vec::new();
            for (entry, shows) in unknown.iter().zip(applied) {
                let evidence = match &entry.action {
                    OutboxAction::Send { .. } => sent_message(tx, entry)?.map(Evidence::Message),
                    // The new chat's id is unknown: only the user can tell.
                    OutboxAction::StartChat { .. } => None,
                    _ => shows.then_some(Evidence::Applied),
                };
                let Some(evidence) = evidence else {
                    continue;
                };
                move_to(tx, entry.id, OutboxState::Sent, None)?;
                if let Evidence::Message(message_id) = evidence {
                    tx.prepare_cached("UPDATE outbox SET server_message_id = ?2 WHERE id = ?1")?
                        .execute(params![entry.id.0, message_id])?;
                }
                settled.push(logged(tx, entry.id)?);
            }
            Ok(settled)
        })
    }
}

/// Whether `message`, as the provider now has it, shows the effect of `action`: the one rule
/// for "did it take effect?", used after a request (the message read back) and when an
/// unknown outcome is reconciled from the cache. A send or a new chat has no message to look
/// at beforehand: true.
pub fn took_effect(action: &OutboxAction, message: &Message) -> bool {
    match action {
        OutboxAction::Edit { text } => {
            message.edited && message.text.as_deref().map(str::trim) == Some(text.trim())
        }
        OutboxAction::Delete => message.deleted,
        OutboxAction::React { reaction } if reaction.is_empty() => {
            !message.reactions.iter().any(|r| r.is_sender)
        }
        OutboxAction::React { reaction } => message
            .reactions
            .iter()
            .any(|r| r.is_sender && &r.value == reaction),
        // A change to the chat is judged on the chat: `took_effect_on_chat`.
        OutboxAction::Send { .. }
        | OutboxAction::StartChat { .. }
        | OutboxAction::ChatChange { .. } => true,
    }
}

/// Whether `chat`, as the provider now has it, shows the effect of `action`: the same rule as
/// `took_effect`, for the actions that change a chat rather than a message.
pub fn took_effect_on_chat(action: &OutboxAction, chat: &Chat, now: DateTime<Utc>) -> bool {
    match action {
        OutboxAction::ChatChange { change } => change.shows_in(chat, now),
        _ => true,
    }
}

/// Proof found in the cache that an action took effect.
enum Evidence {
    /// The message a send produced.
    Message(String),
    /// The target message or the chat shows the change.
    Applied,
}

/// The message a send of `entry` produced, if the cache has one not yet claimed by another
/// entry: ours, sent since, with the same text and number of files.
fn sent_message(conn: &Connection, entry: &OutboxEntry) -> Result<Option<String>, StoreError> {
    let OutboxAction::Send {
        text, attachments, ..
    } = &entry.action
    else {
        return Ok(None);
    };
    let chat = entry.chat_id.as_ref().map(ChatId::as_str);
    Ok(conn
        .prepare_cached(
            "SELECT m.id FROM messages m JOIN chats c ON c.key = m.chat_key
             WHERE c.id = ?1 AND m.is_sender = 1 AND m.sent_at >= ?2
               AND coalesce(m.text, '') = ?3 AND m.attachment_count = ?4
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.server_message_id = m.id)
             ORDER BY m.sent_at, m.key LIMIT 1",
        )?
        .query_row(
            params![
                chat,
                millis(entry.created_at - CLOCK_SKEW),
                text,
                attachments.len()
            ],
            |row| row.get(0),
        )
        .optional()?)
}

/// Records a new `pending` entry with a key of its own.
fn insert(
    conn: &Connection,
    entry: &NewOutboxEntry,
    payload: &str,
) -> Result<OutboxEntry, StoreError> {
    let now = now_millis();
    let id: i64 = conn
        .prepare_cached(
            "INSERT INTO outbox (created_at, kind, account_id, chat_id, target_message_id,
                 payload, state, attempts, updated_at, idempotency_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'pending', 1, ?1, 'unibox-' || lower(hex(randomblob(16))))
             RETURNING id",
        )?
        .query_row(
            params![
                now,
                entry.action.kind(),
                entry.account_id.as_str(),
                entry.chat_id.as_ref().map(ChatId::as_str),
                entry.target_message_id.as_ref().map(MessageId::as_str),
                payload,
            ],
            |row| row.get(0),
        )?;
    logged(conn, OutboxId(id))
}

fn dismiss(conn: &Connection, id: OutboxId) -> Result<OutboxEntry, StoreError> {
    let entry = entry_by_id(conn, id)?;
    match entry.state {
        OutboxState::Unknown => move_to(conn, id, OutboxState::Failed, Some("dismissed"))?,
        OutboxState::Failed => {}
        from => {
            return Err(StoreError::IllegalTransition {
                id,
                from,
                to: OutboxState::Failed,
            });
        }
    }
    conn.prepare_cached("UPDATE outbox SET dismissed_at = ?2 WHERE id = ?1")?
        .execute(params![id.0, now_millis()])?;
    // One line that says what happened: the user gave up on it (not another failure).
    let entry = entry_by_id(conn, id)?;
    let mut event = AuditEvent::for_entry(&entry)?;
    event.outcome = AuditOutcome::Dismissed;
    audit::append(conn, &event)?;
    Ok(entry)
}

fn move_to(
    conn: &Connection,
    id: OutboxId,
    to: OutboxState,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let from = entry_by_id(conn, id)?.state;
    if !from.can_become(to) {
        return Err(StoreError::IllegalTransition { id, from, to });
    }
    conn.prepare_cached("UPDATE outbox SET state = ?2, error = ?3, updated_at = ?4 WHERE id = ?1")?
        .execute(params![id.0, to.as_str(), error, now_millis()])?;
    Ok(())
}

/// Reads the entry back after a change and appends its audit line.
fn logged(conn: &Connection, id: OutboxId) -> Result<OutboxEntry, StoreError> {
    let entry = entry_by_id(conn, id)?;
    audit::append(conn, &AuditEvent::for_entry(&entry)?)?;
    Ok(entry)
}

fn entry_by_id(conn: &Connection, id: OutboxId) -> Result<OutboxEntry, StoreError> {
    entries_where(conn, "id = ?1", [id.0])?
        .pop()
        .ok_or(StoreError::NoSuchOutboxEntry(id))
}

fn entries_where(
    conn: &Connection,
    condition: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<OutboxEntry>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ENTRY_COLUMNS} FROM outbox WHERE {condition}"
    ))?;
    let rows = stmt.query_map(params, read_entry)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn read_entry(row: &Row<'_>) -> rusqlite::Result<OutboxEntry> {
    let raw_state: String = row.get(6)?;
    let state = OutboxState::parse(&raw_state).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            6,
            rusqlite::types::Type::Text,
            format!("unknown outbox state {raw_state:?}").into(),
        )
    })?;
    Ok(OutboxEntry {
        id: OutboxId(row.get(0)?),
        created_at: time(row, 1)?,
        account_id: AccountId(row.get(2)?),
        chat_id: row.get::<_, Option<String>>(3)?.map(ChatId),
        target_message_id: row.get::<_, Option<String>>(4)?.map(MessageId),
        action: json(row, 5)?,
        state,
        error: row.get(7)?,
        server_message_id: row.get::<_, Option<String>>(8)?.map(MessageId),
        server_chat_id: row.get::<_, Option<String>>(9)?.map(ChatId),
        attempts: row.get(10)?,
        updated_at: time(row, 11)?,
        idempotency_key: row.get(12)?,
    })
}
