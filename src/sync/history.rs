//! Older history on demand: the page before the oldest cached message of a chat.

use chrono::{DateTime, TimeDelta, Utc};

use super::error::SyncError;
use super::options::SyncOptions;
use crate::domain::{ChatId, Message, MessageId};
use crate::provider::{ListQuery, Page, ProviderRead};
use crate::store::{MessageAnchor, Store, StoreError};

/// What `fetch_older` brought.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryPage {
    /// Messages received (some may have been cached already).
    pub fetched: usize,
    /// The chat's whole history is now cached.
    pub complete: bool,
}

/// Fetches the next older page of `chat`, from the stored cursor or else from before the
/// oldest cached message, and marks the history complete when the server has nothing older.
pub async fn fetch_older(
    store: &Store,
    reader: &dyn ProviderRead,
    chat: &ChatId,
    options: &SyncOptions,
) -> Result<HistoryPage, SyncError> {
    let id = chat.clone();
    let (state, oldest) = store
        .call(move |db| {
            if db.chat(&id)?.is_none() {
                return Err(StoreError::UnknownChat(id));
            }
            let oldest = db
                .messages_after(&id, &before_everything(), 1)?
                .into_iter()
                .next();
            Ok((db.chat_sync_state(&id)?, oldest))
        })
        .await?;
    if state.history_complete {
        return Ok(HistoryPage {
            fetched: 0,
            complete: true,
        });
    }
    let limit = Some(options.limit());
    let from_oldest = ListQuery {
        limit,
        // `before` is exclusive: a millisecond later keeps messages that share the oldest one's
        // millisecond (the oldest itself comes back unchanged).
        before: oldest.as_ref().map(|m| just_after(m.timestamp)),
        ..ListQuery::default()
    };
    let page = match state.older_cursor {
        Some(cursor) => {
            let from_cursor = ListQuery {
                cursor: Some(cursor),
                limit,
                ..ListQuery::default()
            };
            match reader.list_messages(chat, &from_cursor).await {
                // An expired cursor: start again from the oldest cached message.
                Err(error) if error.is_stale_cursor() => {
                    tracing::warn!(%chat, %error, "the saved history cursor was refused");
                    reader.list_messages(chat, &from_oldest).await
                }
                page => page,
            }
        }
        None => reader.list_messages(chat, &from_oldest).await,
    }
    .map_err(|e| SyncError::from_provider(e, options.max_retry_after))?;
    write_page(store, chat, page).await
}

async fn write_page(
    store: &Store,
    chat: &ChatId,
    page: Page<Message>,
) -> Result<HistoryPage, SyncError> {
    let Page {
        mut items, next, ..
    } = page;
    items.retain(|m| &m.chat_id == chat);
    let fetched = items.len();
    let complete = next.is_none();
    let id = chat.clone();
    store
        .call(move |db| {
            db.upsert_messages(&items)?;
            let mut state = db.chat_sync_state(&id)?;
            if state.newest.is_none() {
                state.newest = items
                    .iter()
                    .max_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)))
                    .map(MessageAnchor::of);
            }
            state.older_cursor = next;
            state.history_complete = complete;
            db.put_chat_sync_state(&id, &state)
        })
        .await?;
    Ok(HistoryPage { fetched, complete })
}

/// An anchor older than any message: `messages_after` it starts at the oldest.
fn before_everything() -> MessageAnchor {
    MessageAnchor {
        at: DateTime::<Utc>::MIN_UTC,
        id: MessageId::default(),
    }
}

fn just_after(at: DateTime<Utc>) -> DateTime<Utc> {
    at.checked_add_signed(TimeDelta::milliseconds(1))
        .unwrap_or(at)
}
