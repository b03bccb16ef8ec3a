//! `Message`, its attachments, the quoted message and reactions.

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, required_time};
use super::{FromWire, WireError};
use crate::domain::{Attachment, AttachmentKind, Message, Quoted, Reaction};

#[derive(Debug, Deserialize)]
pub struct WireMessage {
    id: String,
    account_id: String,
    chat_id: String,
    #[serde(default)]
    provider_id: Option<String>,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default)]
    sender_attendee_id: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    attachments: Vec<WireAttachment>,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_sender: bool,
    #[serde(default, deserialize_with = "lenient::optional_object")]
    quoted: Option<WireQuoted>,
    #[serde(default, deserialize_with = "lenient::optional_object")]
    reply_to: Option<WireReplyTo>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    reactions: Vec<WireReaction>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    seen: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    delivered: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    hidden: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    deleted: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    edited: bool,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_event: bool,
    #[serde(default, deserialize_with = "lenient::integer")]
    event_type: Option<i64>,
}

/// One attachment of any variant (`img`, `video`, `audio`, `file`, ...): the fields an inbox
/// needs are common to all of them.
#[derive(Debug, Deserialize)]
struct WireAttachment {
    id: String,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    #[serde(default)]
    mimetype: Option<String>,
    #[serde(default, deserialize_with = "lenient::integer")]
    file_size: Option<i64>,
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    unavailable: bool,
}

#[derive(Debug, Deserialize)]
struct WireQuoted {
    #[serde(default)]
    provider_id: Option<String>,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default, deserialize_with = "lenient::or_default")]
    attachments: Vec<WireAttachment>,
}

/// The newer shape of a quote: the replied-to message by reference.
#[derive(Debug, Deserialize)]
struct WireReplyTo {
    #[serde(default)]
    provider_id: Option<String>,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Debug, Deserialize)]
struct WireReaction {
    value: String,
    #[serde(default)]
    sender_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    is_sender: bool,
}

impl FromWire for Message {
    type Wire = WireMessage;
    const NAME: &'static str = "message";

    fn from_wire(wire: WireMessage) -> Result<Self, WireError> {
        // `quoted` carries attachments; `reply_to` is the fallback when only it is present.
        let quoted = wire.quoted.map(Quoted::from).or_else(|| {
            wire.reply_to.map(|reply| Quoted {
                provider_id: reply.provider_id.unwrap_or_default(),
                sender_id: reply.sender_id.unwrap_or_default(),
                text: reply.text,
                attachments: Vec::new(),
            })
        });
        Ok(Message {
            timestamp: required_time(wire.timestamp.as_ref(), "timestamp")?,
            id: wire.id.into(),
            account_id: wire.account_id.into(),
            chat_id: wire.chat_id.into(),
            provider_id: wire.provider_id.unwrap_or_default(),
            sender_id: wire.sender_id.unwrap_or_default(),
            sender_attendee_id: wire.sender_attendee_id.map(Into::into),
            text: wire.text,
            attachments: wire.attachments.into_iter().map(Attachment::from).collect(),
            is_sender: wire.is_sender,
            quoted,
            reactions: wire.reactions.into_iter().map(Reaction::from).collect(),
            seen: wire.seen,
            delivered: wire.delivered,
            hidden: wire.hidden,
            deleted: wire.deleted,
            edited: wire.edited,
            is_event: wire.is_event,
            event_type: wire.event_type,
        })
    }
}

impl From<WireAttachment> for Attachment {
    fn from(wire: WireAttachment) -> Self {
        Attachment {
            id: wire.id.into(),
            // Every variant has a type; without one, "a file" is the honest generic.
            kind: wire
                .kind
                .as_deref()
                .map_or(AttachmentKind::File, AttachmentKind::parse),
            mimetype: wire.mimetype,
            file_size: wire.file_size.and_then(|n| u64::try_from(n).ok()),
            file_name: wire.file_name,
            unavailable: wire.unavailable,
        }
    }
}

impl From<WireQuoted> for Quoted {
    fn from(wire: WireQuoted) -> Self {
        Quoted {
            provider_id: wire.provider_id.unwrap_or_default(),
            sender_id: wire.sender_id.unwrap_or_default(),
            text: wire.text,
            attachments: wire.attachments.into_iter().map(Attachment::from).collect(),
        }
    }
}

impl From<WireReaction> for Reaction {
    fn from(wire: WireReaction) -> Self {
        Reaction {
            value: wire.value,
            sender_id: wire.sender_id.unwrap_or_default(),
            is_sender: wire.is_sender,
        }
    }
}
