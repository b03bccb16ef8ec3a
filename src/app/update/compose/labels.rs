//! How a chat, an account and a quoted message are named in the modals.

use crate::domain::{Message, phone_from_provider_id};
use crate::store::ChatListItem;

use crate::app::outbound::{AccountLabel, ChatLabel, QuotePreview};
use crate::app::state::State;

/// The start of a message, for one-line mentions in modals.
pub(super) const EXCERPT_CHARS: usize = 80;

pub(in crate::app::update) fn account_label(state: &State, item: &ChatListItem) -> AccountLabel {
    let id = &item.chat.account_id;
    let summary = state
        .accounts
        .overview
        .ready()
        .and_then(|o| o.accounts.iter().find(|s| &s.account.id == id));
    AccountLabel {
        id: id.clone(),
        name: summary.map_or_else(|| id.to_string(), |s| s.account.name.clone()),
        phone: summary.and_then(|s| s.account.phone_number.clone()),
    }
}

pub(in crate::app::update) fn chat_label(state: &State, item: &ChatListItem) -> ChatLabel {
    let chat = &item.chat;
    let number = chat
        .attendee_provider_id
        .as_deref()
        .and_then(phone_from_provider_id);
    let name = chat
        .name
        .clone()
        .or_else(|| number.clone())
        .unwrap_or_else(|| chat.provider_id.clone());
    let recipient = match chat.kind {
        crate::domain::ChatKind::Group => {
            format!("group · {} attendees", state.thread.attendees.len())
        }
        _ => number
            .or_else(|| chat.attendee_provider_id.clone())
            .unwrap_or_else(|| chat.provider_id.clone()),
    };
    ChatLabel {
        id: chat.id.clone(),
        name,
        recipient,
    }
}

pub(super) fn quote_preview(state: &State, message: &Message) -> QuotePreview {
    let sender = if message.is_sender {
        "You".to_owned()
    } else {
        state.thread.sender_name(&message.sender_id).into_owned()
    };
    QuotePreview {
        message_id: message.id.clone(),
        sender,
        text: excerpt(message),
    }
}

pub(in crate::app::update) fn excerpt(message: &Message) -> String {
    let text = message.text.as_deref().unwrap_or_default();
    let mut short: String = text.chars().take(EXCERPT_CHARS).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    match message.attachments.first() {
        Some(attachment) if short.is_empty() => format!("[{}]", attachment.kind.label()),
        _ => short,
    }
}
