//! A conversation: the list's item `{"id","platform","accountId","participantId",
//! "participantName","updatedTime","status","unreadCount","isGroup",...}` and the detail of
//! `GET /inbox/conversations/{id}` (`{"data": {... "lastMessage": <text>, "lastMessageAt"}}`).

use serde::Deserialize;
use serde_json::Value;

use super::IntoDomain;
use crate::domain::{Chat, ChatKind, Muted};
use crate::provider::late::ids::ConversationRef;
use crate::provider::lenient::{self, WireError, optional_time};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireConversation {
    id: String,
    #[serde(default)]
    account_id: Option<String>,
    #[serde(default)]
    participant_id: Option<String>,
    #[serde(default)]
    participant_name: Option<String>,
    #[serde(default)]
    whatsapp_username: Option<String>,
    #[serde(default)]
    updated_time: Option<Value>,
    #[serde(default)]
    last_message_at: Option<Value>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default, deserialize_with = "lenient::integer")]
    unread_count: Option<i64>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_group: bool,
}

/// The account the list was asked for, when it was asked for one: an item without its
/// `accountId` belongs to it.
pub type AccountAsked = Option<String>;

impl IntoDomain<Chat> for WireConversation {
    const NAME: &'static str = "conversation";
    type Context = AccountAsked;

    fn into_domain(self, asked: &AccountAsked) -> Result<Chat, WireError> {
        let account = self
            .account_id
            .filter(|a| !a.is_empty())
            .or_else(|| asked.clone())
            .ok_or(WireError::Missing("accountId"))?;
        if self.id.is_empty() {
            return Err(WireError::Missing("id"));
        }
        let reference = ConversationRef::new(&account, &self.id);
        let timestamp = optional_time(self.last_message_at.as_ref(), "lastMessageAt")
            .or_else(|| optional_time(self.updated_time.as_ref(), "updatedTime"));
        Ok(Chat {
            id: reference.chat_id(),
            account_id: reference.account_id(),
            provider_id: self.id,
            attendee_provider_id: self.participant_id.clone(),
            name: self
                .participant_name
                .filter(|n| !n.trim().is_empty())
                .or(self.whatsapp_username)
                .or(self.participant_id),
            kind: if self.is_group {
                ChatKind::Group
            } else {
                ChatKind::Single
            },
            timestamp,
            unread_count: self
                .unread_count
                .map_or(0, |n| u32::try_from(n.max(0)).unwrap_or(u32::MAX)),
            archived: self
                .status
                .as_deref()
                .is_some_and(|s| s.eq_ignore_ascii_case("archived")),
            muted: Muted::No,
            read_only: 0,
            reactions_disabled: false,
            reply_disabled: false,
        })
    }
}

/// `GET /inbox/conversations/{id}`: the same fields, asked for one account.
pub type WireConversationDetail = WireConversation;
