//! Drafts, one per chat: what the user was composing survives a crash or a restart.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::domain::{ChatId, MessageId};

use super::columns::{json, now_millis, time, to_json};
use super::{Db, StoreError};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub chat_id: ChatId,
    pub text: String,
    /// The message the reply will quote.
    pub quote_id: Option<MessageId>,
    /// Files chosen to attach; read only when the message is sent.
    pub attachments: Vec<PathBuf>,
}

impl Draft {
    /// Nothing typed, quoted or attached: storing it means removing the draft.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty() && self.quote_id.is_none() && self.attachments.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    pub draft: Draft,
    pub updated_at: DateTime<Utc>,
}

impl Db {
    /// Saves the chat's draft durably (it is on disk when this returns); an empty draft
    /// removes it.
    pub fn put_draft(&mut self, draft: &Draft) -> Result<(), StoreError> {
        if draft.is_empty() {
            return self.delete_draft(&draft.chat_id);
        }
        let attachments = to_json(&draft.attachments)?;
        self.write_durably(|tx| {
            tx.prepare_cached(
                "INSERT INTO drafts (chat_id, text, quote_id, attachments, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (chat_id) DO UPDATE SET
                     text = excluded.text,
                     quote_id = excluded.quote_id,
                     attachments = excluded.attachments,
                     updated_at = excluded.updated_at",
            )?
            .execute(params![
                draft.chat_id.as_str(),
                draft.text,
                draft.quote_id.as_ref().map(MessageId::as_str),
                attachments,
                now_millis(),
            ])?;
            Ok(())
        })
    }

    pub fn draft(&self, chat: &ChatId) -> Result<Option<SavedDraft>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT text, quote_id, attachments, updated_at FROM drafts WHERE chat_id = ?1",
            )?
            .query_row([chat.as_str()], |row| {
                Ok(SavedDraft {
                    draft: Draft {
                        chat_id: chat.clone(),
                        text: row.get(0)?,
                        quote_id: row.get::<_, Option<String>>(1)?.map(MessageId),
                        attachments: json(row, 2)?,
                    },
                    updated_at: time(row, 3)?,
                })
            })
            .optional()?)
    }

    /// Removes the chat's draft (after its message went into the outbox); durable.
    pub fn delete_draft(&mut self, chat: &ChatId) -> Result<(), StoreError> {
        self.write_durably(|tx| {
            tx.prepare_cached("DELETE FROM drafts WHERE chat_id = ?1")?
                .execute([chat.as_str()])?;
            Ok(())
        })
    }

    /// Chats that have a draft, for a "draft" mark in the chat list.
    pub fn chats_with_drafts(&self) -> Result<Vec<ChatId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT chat_id FROM drafts ORDER BY updated_at DESC")?;
        let rows = stmt.query_map([], |row| Ok(ChatId(row.get(0)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
