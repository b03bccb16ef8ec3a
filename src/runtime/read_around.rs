//! The thread read around one message (a search hit): half a page on either side of it, so
//! the hit opens in its context even when it is far older than the newest page.

use crate::domain::{ChatId, MessageId};
use crate::store::{Db, MessageAnchor, StoreError};

use crate::app::action::Loaded;
use crate::app::state::RequestId;

pub(super) fn thread_at(
    db: &mut Db,
    request: RequestId,
    chat: ChatId,
    at: MessageId,
    limit: u32,
) -> Result<Loaded, StoreError> {
    let side = (limit / 2).max(1);
    let (messages, newer_in_cache) = match db.message(&at)? {
        Some(target) if target.chat_id == chat => {
            let anchor = MessageAnchor::of(&target);
            // Both windows newest first: newer ones, the hit, older ones.
            // One more than shown tells whether the cache holds newer ones beyond the page.
            let mut messages = db.messages_after(&chat, &anchor, side + 1)?;
            let newer_in_cache = messages.len() > side as usize;
            if newer_in_cache {
                messages.remove(0);
            }
            messages.push(target);
            messages.extend(db.messages_before(&chat, Some(&anchor), side)?);
            (messages, newer_in_cache)
        }
        // Gone from the cache since it was found: the newest page instead.
        _ => (db.messages_before(&chat, None, limit)?, false),
    };
    Ok(Loaded::ThreadAt {
        request,
        item: db.chat(&chat)?,
        messages,
        total: db.message_count(&chat)?,
        attendees: db.chat_attendees(&chat)?,
        outbox: db.outbox_for_chat(&chat)?,
        draft: db.draft(&chat)?,
        history_complete: db.chat_sync_state(&chat)?.history_complete,
        last_inbound: db.last_inbound_at(&chat)?,
        newer_in_cache,
        chat,
        at,
    })
}
