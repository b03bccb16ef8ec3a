//! The audit log: one line per step of every outbound action (confirmed, sent, failed,
//! unknown, settled), newest first when listed. Outbox changes append their line in the same
//! transaction, so the log cannot miss one.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use sha2::{Digest, Sha256};

use crate::domain::{AccountId, ChatId};

use super::columns::{now_millis, time, to_json};
use super::outbox::{OutboxEntry, OutboxId, OutboxState};
use super::{Db, StoreError};

/// SHA-256 of what was sent, in hex: the log proves what went out without keeping the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDigest(String);

impl ContentDigest {
    pub fn of(content: &[u8]) -> Self {
        let mut hex = String::with_capacity(64);
        for byte in Sha256::digest(content) {
            // Writing to a String cannot fail.
            let _ = write!(hex, "{byte:02x}");
        }
        Self(hex)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How a step ended, as the audit log says it: an outbox state, or the user giving up on an
/// action that failed or whose outcome is unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditOutcome {
    Pending,
    Sent,
    Failed,
    Unknown,
    Dismissed,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
            Self::Dismissed => "dismissed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Sent,
            Self::Failed,
            Self::Unknown,
            Self::Dismissed,
        ]
        .into_iter()
        .find(|outcome| outcome.as_str() == raw)
    }
}

impl From<OutboxState> for AuditOutcome {
    fn from(state: OutboxState) -> Self {
        match state {
            OutboxState::Pending => Self::Pending,
            OutboxState::Sent => Self::Sent,
            OutboxState::Failed => Self::Failed,
            OutboxState::Unknown => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub account_id: Option<AccountId>,
    pub chat_id: Option<ChatId>,
    /// The outbox kind (`send`, `react`...) or another action's name.
    pub action: String,
    pub outbox_id: Option<OutboxId>,
    pub digest: Option<ContentDigest>,
    pub outcome: AuditOutcome,
    pub detail: Option<String>,
}

impl AuditEvent {
    /// The line for an outbox entry in its current state; the digest covers its payload.
    pub fn for_entry(entry: &OutboxEntry) -> Result<Self, StoreError> {
        Ok(Self {
            account_id: Some(entry.account_id.clone()),
            chat_id: entry
                .chat_id
                .clone()
                .or_else(|| entry.server_chat_id.clone()),
            action: entry.action.kind().to_owned(),
            outbox_id: Some(entry.id),
            digest: Some(ContentDigest::of(to_json(&entry.action)?.as_bytes())),
            outcome: entry.state.into(),
            detail: entry.error.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub event: AuditEvent,
}

impl Db {
    pub fn audit(&mut self, event: &AuditEvent) -> Result<(), StoreError> {
        self.write(|tx| append(tx, event))
    }

    /// A chat marked read on the server (the one write without a confirmation), or the
    /// attempt that failed: a line of its own, outside the outbox.
    pub fn audit_mark_read(
        &mut self,
        account: &AccountId,
        chat: &ChatId,
        failure: Option<&str>,
    ) -> Result<(), StoreError> {
        self.audit(&AuditEvent {
            account_id: Some(account.clone()),
            chat_id: Some(chat.clone()),
            action: "mark_read".to_owned(),
            outbox_id: None,
            digest: None,
            outcome: if failure.is_some() {
                AuditOutcome::Failed
            } else {
                AuditOutcome::Sent
            },
            detail: failure.map(str::to_owned),
        })
    }

    /// The latest `limit` lines, newest first.
    pub fn audit_log(&self, limit: u32) -> Result<Vec<AuditEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, at, account_id, chat_id, action, outbox_id, digest, outcome, detail
             FROM audit_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit], |row| {
            let outcome: String = row.get(7)?;
            Ok(AuditEntry {
                id: row.get(0)?,
                at: time(row, 1)?,
                event: AuditEvent {
                    account_id: row.get::<_, Option<String>>(2)?.map(AccountId),
                    chat_id: row.get::<_, Option<String>>(3)?.map(ChatId),
                    action: row.get(4)?,
                    outbox_id: row.get::<_, Option<i64>>(5)?.map(OutboxId),
                    digest: row.get::<_, Option<String>>(6)?.map(ContentDigest),
                    outcome: AuditOutcome::parse(&outcome).ok_or_else(|| {
                        rusqlite::Error::FromSqlConversionFailure(
                            7,
                            rusqlite::types::Type::Text,
                            format!("unknown audit outcome {outcome:?}").into(),
                        )
                    })?,
                    detail: row.get(8)?,
                },
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Appends a line inside the caller's transaction.
pub(super) fn append(conn: &Connection, event: &AuditEvent) -> Result<(), StoreError> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, account_id, chat_id, action, outbox_id, digest, outcome,
             detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        now_millis(),
        event.account_id.as_ref().map(AccountId::as_str),
        event.chat_id.as_ref().map(ChatId::as_str),
        event.action,
        event.outbox_id.map(|id| id.0),
        event.digest.as_ref().map(ContentDigest::as_str),
        event.outcome.as_str(),
        event.detail,
    ])?;
    Ok(())
}
