//! A message of `GET /inbox/conversations/{id}/messages`: `{"id" (the platform's id, the
//! wamid), "conversationId","accountId","message","senderId","direction":"incoming"|"outgoing",
//! "createdAt","attachments":[{"id","mimeType","filename","originalType",...}],"isEdited",
//! "isDeleted","deliveryStatus","reactions":[{"emoji","fromMe"}],"metadata":{"quotedMessageId"}}`.

use serde::Deserialize;
use serde_json::Value;

use super::IntoDomain;
use crate::domain::{Attachment, AttachmentKind, Message, Quoted, Reaction};
use crate::provider::late::ids::ConversationRef;
use crate::provider::lenient::{self, WireError, required_time};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireMessage {
    id: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default)]
    direction: Option<String>,
    #[serde(default)]
    created_at: Option<Value>,
    #[serde(default)]
    sent_at: Option<Value>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    attachments: Vec<WireAttachment>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_edited: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_deleted: bool,
    #[serde(default)]
    delivery_status: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    reactions: Vec<WireReaction>,
    #[serde(default)]
    metadata: Option<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireAttachment {
    mime_type: Option<String>,
    original_type: Option<String>,
    filename: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireReaction {
    emoji: String,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    from_me: bool,
}

/// Who "we" are in a reaction: Late only says `fromMe`.
pub const OUR_SENDER: &str = "me";

impl IntoDomain<Message> for WireMessage {
    const NAME: &'static str = "message";
    /// The conversation asked about.
    type Context = ConversationRef;

    fn into_domain(self, conversation: &ConversationRef) -> Result<Message, WireError> {
        if self.id.is_empty() {
            return Err(WireError::Missing("id"));
        }
        let timestamp = match &self.created_at {
            Some(value) if !value.is_null() => required_time(Some(value), "createdAt")?,
            _ => required_time(self.sent_at.as_ref(), "createdAt")?,
        };
        let is_sender = self
            .direction
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("outgoing"));
        let status = self.delivery_status.as_deref().unwrap_or_default();
        let seen = matches!(status, "read" | "played");
        let quoted = self
            .metadata
            .as_ref()
            .and_then(|m| m.get("quotedMessageId"))
            .and_then(Value::as_str)
            .filter(|id| !id.is_empty())
            .map(|id| Quoted {
                provider_id: id.to_owned(),
                sender_id: String::new(),
                text: None,
                attachments: Vec::new(),
            });
        let reference = conversation.message(&self.id);
        Ok(Message {
            id: reference.message_id(),
            account_id: conversation.account_id(),
            chat_id: conversation.chat_id(),
            provider_id: self.id,
            sender_id: match (is_sender, self.sender_id) {
                (_, Some(sender)) if !sender.is_empty() => sender,
                (true, _) => OUR_SENDER.to_owned(),
                (false, _) => String::new(),
            },
            sender_attendee_id: None,
            text: self.message.filter(|t| !t.is_empty()),
            attachments: self
                .attachments
                .into_iter()
                .enumerate()
                .map(|(index, wire)| attachment(index, wire))
                .collect(),
            timestamp,
            is_sender,
            quoted,
            reactions: self
                .reactions
                .into_iter()
                .filter(|r| !r.emoji.is_empty())
                .map(|r| Reaction {
                    value: r.emoji,
                    sender_id: if r.from_me {
                        OUR_SENDER.to_owned()
                    } else {
                        String::new()
                    },
                    is_sender: r.from_me,
                })
                .collect(),
            seen,
            delivered: seen || status == "delivered",
            hidden: false,
            deleted: self.is_deleted || status == "deleted",
            edited: self.is_edited,
            is_event: false,
            event_type: None,
        })
    }
}

/// Late resolves an attachment by its position in the message, so that is its id.
fn attachment(index: usize, wire: WireAttachment) -> Attachment {
    let kind = wire
        .original_type
        .as_deref()
        .or(wire.mime_type.as_deref())
        .map_or(AttachmentKind::File, kind_of);
    Attachment {
        id: index.to_string().into(),
        kind,
        mimetype: wire.mime_type,
        file_size: None,
        file_name: wire.filename,
        unavailable: false,
    }
}

/// `image`, `image/jpeg`, `video`… → the inbox's kinds; a sticker is an image.
fn kind_of(raw: &str) -> AttachmentKind {
    let family = raw.split('/').next().unwrap_or(raw).to_ascii_lowercase();
    match family.as_str() {
        "image" | "sticker" => AttachmentKind::Image,
        "video" => AttachmentKind::Video,
        "audio" | "voice" => AttachmentKind::Audio,
        _ => AttachmentKind::File,
    }
}
