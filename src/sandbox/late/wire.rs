//! The JSON the Late sandbox answers, field by field as the contract names them (camelCase,
//! `_id` on accounts, snake_case where the contract publishes it so on templates).

use chrono::{DateTime, DurationRound, SecondsFormat, TimeDelta, Utc};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};

use super::records::{LateAccount, LateAttachment, LateConversation, LateMessage, LateTemplate};

/// WhatsApp times have whole-second precision.
pub fn stamp(at: DateTime<Utc>) -> String {
    at.duration_trunc(TimeDelta::seconds(1))
        .unwrap_or(at)
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub fn segment(id: &str) -> String {
    utf8_percent_encode(id, NON_ALPHANUMERIC).to_string()
}

pub fn account(account: &LateAccount, created: DateTime<Utc>) -> Value {
    json!({
        "_id": account.id,
        "platform": "whatsapp",
        "profileId": { "_id": format!("profile-{}", account.id), "name": "Maison Argile" },
        "username": account.phone_number,
        "displayName": account.display_name,
        "platformUserId": account.phone_number_id,
        "isActive": true,
        "needsReconnection": false,
        "enabled": true,
        "createdAt": stamp(created),
        "metadata": {
            "displayPhoneNumber": account.phone_number,
            "verifiedName": account.display_name,
            "qualityRating": "GREEN",
            "messagingLimitTier": "TIER_1K",
            "phoneNumberId": account.phone_number_id,
            "wabaId": account.waba_id,
        },
    })
}

/// What the list and the get-one answers share.
pub struct ConversationView<'a> {
    pub conversation: &'a LateConversation,
    pub account: &'a LateAccount,
    pub last: Option<&'a LateMessage>,
    pub unread: usize,
}

impl ConversationView<'_> {
    fn common(&self) -> serde_json::Map<String, Value> {
        let c = self.conversation;
        let updated = self.last.map(|m| stamp(m.created_at));
        let fields = json!({
            "id": c.id,
            "platform": "whatsapp",
            "accountId": c.account_id,
            "accountUsername": self.account.phone_number,
            "participantId": c.participant_id,
            "participantName": c.participant_name,
            "lastMessage": self.last.and_then(|m| m.text.clone()),
            "updatedTime": updated,
            "status": if c.archived { "archived" } else { "active" },
        });
        match fields {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }

    pub fn list_item(&self) -> Value {
        let mut fields = self.common();
        fields.insert("unreadCount".into(), Value::from(self.unread.min(1000)));
        fields.insert("isGroup".into(), Value::from(false));
        Value::Object(fields)
    }

    pub fn detail(&self) -> Value {
        let mut fields = self.common();
        fields.insert(
            "lastMessageAt".into(),
            self.last
                .map(|m| Value::from(stamp(m.created_at)))
                .unwrap_or(Value::Null),
        );
        fields.insert(
            "participants".into(),
            json!([{
                "id": self.conversation.participant_id,
                "name": self.conversation.participant_name,
            }]),
        );
        Value::Object(fields)
    }
}

pub fn media_url(base: &str, attachment: &LateAttachment, account: &str) -> String {
    format!(
        "{base}/v1/whatsapp/media/{}?accountId={}",
        segment(&attachment.media_id),
        segment(account)
    )
}

fn attachment(base: &str, message: &LateMessage, attachment: &LateAttachment) -> Value {
    json!({
        "id": attachment.media_id,
        "type": attachment.kind.as_str(),
        "originalType": attachment.kind.original_type(),
        "mimeType": attachment.media.mimetype,
        "url": media_url(base, attachment, &message.account_id),
        "filename": attachment.media.file_name,
        "payload": { "id": attachment.media_id },
    })
}

pub fn message(base: &str, message: &LateMessage) -> Value {
    let outgoing = !message.is_incoming();
    let mut metadata = serde_json::Map::new();
    if let Some(quoted) = &message.quoted_message_id {
        metadata.insert("quotedMessageId".into(), Value::from(quoted.clone()));
    }
    let mut fields = json!({
        "id": message.id,
        "conversationId": message.conversation_id,
        "accountId": message.account_id,
        "platform": "whatsapp",
        "message": message.text,
        "senderId": message.sender_id,
        "senderName": message.sender_name,
        "direction": message.direction.as_str(),
        "createdAt": stamp(message.created_at),
        "attachments": message
            .attachments
            .iter()
            .map(|a| attachment(base, message, a))
            .collect::<Vec<_>>(),
        "reactions": message
            .reactions
            .iter()
            .map(|r| json!({ "emoji": r.emoji, "fromMe": r.from_me, "reactedAt": stamp(r.reacted_at) }))
            .collect::<Vec<_>>(),
        "isEdited": message.is_edited,
        "isDeleted": message.is_deleted,
        "metadata": metadata,
    });
    if let Value::Object(map) = &mut fields {
        if outgoing {
            map.insert("sentAt".into(), Value::from(stamp(message.created_at)));
            map.insert("sentVia".into(), Value::from(message.sent_via));
        }
        if let Some(status) = message.delivery_status {
            map.insert("deliveryStatus".into(), Value::from(status.as_str()));
            if let super::records::DeliveryStatus::Failed { code } = status {
                map.insert(
                    "deliveryError".into(),
                    json!({ "code": code, "title": "Message undeliverable" }),
                );
            }
        }
    }
    fields
}

pub fn template(template: &LateTemplate) -> Value {
    json!({
        "id": template.id,
        "name": template.name,
        "status": template.status.as_str(),
        "category": template.category,
        "language": template.language,
        "components": [{ "type": "BODY", "text": template.body }],
    })
}
