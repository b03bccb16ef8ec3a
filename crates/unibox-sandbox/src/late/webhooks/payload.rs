//! The bodies Zernio posts for inbox events (`WebhookPayloadMessage*`,
//! `WebhookPayloadAccountDisconnected`), JSON names as in the contract's FIELDS.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::late::records::{LateAccount, LateConversation, LateMessage};
use crate::late::wire;

/// An inbox event about a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LateWebhookEvent {
    Received,
    Sent,
    Edited,
    Deleted,
    Delivered,
    Read,
    Reaction,
}

impl LateWebhookEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "message.received",
            Self::Sent => "message.sent",
            Self::Edited => "message.edited",
            Self::Deleted => "message.deleted",
            Self::Delivered => "message.delivered",
            Self::Read => "message.read",
            Self::Reaction => "reaction.received",
        }
    }
}

fn account_wire(account: &LateAccount) -> Value {
    json!({
        "id": account.id,
        "accountId": account.id,
        "profileId": format!("profile-{}", account.id),
        "platform": "whatsapp",
        "username": account.phone_number,
        "displayName": account.display_name,
    })
}

pub(crate) fn message_payload(
    event_id: &str,
    event: LateWebhookEvent,
    base: &str,
    account: &LateAccount,
    conversation: &LateConversation,
    message: &LateMessage,
    now: DateTime<Utc>,
) -> Value {
    let mut message_wire = wire::message(base, message);
    if let Value::Object(fields) = &mut message_wire {
        fields.insert("platformMessageId".into(), Value::from(message.id.clone()));
        fields.insert("text".into(), json!(message.text));
    }
    json!({
        "id": event_id,
        "event": event.as_str(),
        "message": message_wire,
        "conversation": {
            "id": conversation.id,
            "platformConversationId": conversation.participant_id,
            "participantId": conversation.participant_id,
            "participantName": conversation.participant_name,
            "status": if conversation.archived { "archived" } else { "active" },
        },
        "account": account_wire(account),
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    })
}

pub(crate) fn account_payload(
    event_id: &str,
    account: &LateAccount,
    reason: &str,
    now: DateTime<Utc>,
) -> Value {
    let mut fields = account_wire(account);
    if let Value::Object(map) = &mut fields {
        map.insert("disconnectionType".into(), Value::from("unintentional"));
        map.insert("reason".into(), Value::from(reason));
    }
    json!({
        "id": event_id,
        "event": "account.disconnected",
        "account": fields,
        "timestamp": now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    })
}
