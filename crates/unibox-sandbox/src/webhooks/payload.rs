//! The bodies Unipile posts. Messaging events follow the provider's webhook guide; where it is
//! silent (account status), the plainest reading, listed in `docs/providers/webhooks.md`.

use serde_json::{Value, json};

use crate::state::{AccountRecord, MessageRecord, World};
use crate::wire;

/// The messaging events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageEvent {
    Received,
    Reaction,
    Read,
    Edited,
    Deleted,
    Delivered,
}

impl MessageEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Received => "message_received",
            Self::Reaction => "message_reaction",
            Self::Read => "message_read",
            Self::Edited => "message_edited",
            Self::Deleted => "message_deleted",
            Self::Delivered => "message_delivered",
        }
    }
}

/// One messaging event about `message`, as it is now.
pub fn message_payload(world: &World, event: MessageEvent, message: &MessageRecord) -> Value {
    let person = |attendee: &crate::domain::AttendeeId| {
        let record = world.attendee(attendee);
        json!({
            "attendee_id": attendee.as_str(),
            "attendee_name": record.map(|a| a.name.as_str()),
            "attendee_provider_id": record.map(|a| a.provider_id.as_str()),
        })
    };
    let account_type = world
        .account(&message.account_id)
        .map_or("WHATSAPP", |a| a.account_type.as_str());
    let mut body = json!({
        "event": event.as_str(),
        "account_id": message.account_id.as_str(),
        "account_type": account_type,
        "webhook_name": "unibox",
        "chat_id": message.chat_id.as_str(),
        "message_id": message.id.as_str(),
        "message": message.text,
        "timestamp": wire::timestamp(message.timestamp),
        "sender": person(&message.sender_attendee_id),
        // The chat's members; the sender stands for them here.
        "attendees": [person(&message.sender_attendee_id)],
        "attachments": message.attachments.iter()
            .map(|a| json!({"id": a.id.as_str(), "type": a.kind.as_str()}))
            .collect::<Vec<_>>(),
        "is_sender": message.is_sender,
        "quoted": message.quoted.as_ref().map(|q| json!({"provider_id": q.provider_id, "text": q.text})),
    });
    if event == MessageEvent::Reaction
        && let Some(reaction) = message.reactions.last()
        && let Some(fields) = body.as_object_mut()
    {
        fields.insert("reaction".into(), json!(reaction.value));
        fields.insert(
            "reaction_sender".into(),
            json!({"attendee_provider_id": reaction.sender_id}),
        );
    }
    body
}

/// An account's status as it is now: `{"AccountStatus": {account_id, account_type, message}}`.
pub fn account_status_payload(account: &AccountRecord) -> Value {
    json!({
        "AccountStatus": {
            "account_id": account.id.as_str(),
            "account_type": account.account_type,
            "message": account.status.as_str(),
        }
    })
}
