//! `Chat`: `{"id","account_id","provider_id","attendee_provider_id"?,"name"|null,"type":0|1|2,
//! "timestamp"|null,"unread_count","archived":0|1,"muted_until":-1|date|null,"read_only":0|1|2,
//! "disabledFeatures"?:["reactions"|"reply"]}`; `GET /chats/{id}` adds `lastMessage`.

use serde::Deserialize;
use serde_json::Value;

use super::lenient::{self, optional_time};
use super::message::WireMessage;
use super::{FromWire, WireError};
use crate::domain::{Chat, ChatKind, Message, Muted};

#[derive(Debug, Deserialize)]
pub struct WireChat {
    id: String,
    account_id: String,
    #[serde(default)]
    provider_id: Option<String>,
    #[serde(default)]
    attendee_provider_id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient::integer")]
    kind: Option<i64>,
    #[serde(default)]
    timestamp: Option<Value>,
    #[serde(default, deserialize_with = "lenient::integer")]
    unread_count: Option<i64>,
    #[serde(default, deserialize_with = "lenient::bool_flag")]
    archived: bool,
    #[serde(default)]
    muted_until: Option<Value>,
    #[serde(default, deserialize_with = "lenient::integer")]
    read_only: Option<i64>,
    #[serde(
        rename = "disabledFeatures",
        default,
        deserialize_with = "lenient::or_default"
    )]
    disabled_features: Vec<Value>,
}

impl FromWire for Chat {
    type Wire = WireChat;
    const NAME: &'static str = "chat";

    fn from_wire(wire: WireChat) -> Result<Self, WireError> {
        let disabled = |feature: &str| wire.disabled_features.iter().any(|f| f == feature);
        Ok(Chat {
            reactions_disabled: disabled("reactions"),
            reply_disabled: disabled("reply"),
            kind: ChatKind::from_code(wire.kind.unwrap_or(0)),
            timestamp: optional_time(wire.timestamp.as_ref(), "timestamp"),
            unread_count: wire
                .unread_count
                .map_or(0, |n| u32::try_from(n.max(0)).unwrap_or(u32::MAX)),
            archived: wire.archived,
            muted: muted(wire.muted_until.as_ref()),
            // Any value outside 0..=255 is certainly not "writable".
            read_only: wire
                .read_only
                .map_or(0, |n| u8::try_from(n).unwrap_or(u8::MAX)),
            id: wire.id.into(),
            account_id: wire.account_id.into(),
            provider_id: wire.provider_id.unwrap_or_default(),
            attendee_provider_id: wire.attendee_provider_id,
            name: wire.name,
        })
    }
}

/// `-1` is "muted forever", a time is "muted until", nothing is "not muted".
fn muted(value: Option<&Value>) -> Muted {
    match value {
        None | Some(Value::Null) => Muted::No,
        Some(Value::Number(n)) if n.as_f64().is_some_and(|n| n < 0.0) => Muted::Forever,
        Some(Value::String(text)) if text.trim() == "-1" => Muted::Forever,
        Some(value) => optional_time(Some(value), "muted_until").map_or(Muted::No, Muted::Until),
    }
}

#[derive(Debug, Deserialize)]
pub struct WireChatWithLastMessage {
    #[serde(flatten)]
    chat: WireChat,
    #[serde(
        rename = "lastMessage",
        default,
        deserialize_with = "lenient::optional_object"
    )]
    last_message: Option<WireMessage>,
}

/// `GET /chats/{id}`: the chat and, when the provider has one, its last message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatWithLastMessage {
    pub chat: Chat,
    pub last_message: Option<Message>,
}

impl FromWire for ChatWithLastMessage {
    type Wire = WireChatWithLastMessage;
    const NAME: &'static str = "chat";

    fn from_wire(wire: WireChatWithLastMessage) -> Result<Self, WireError> {
        let last_message = wire.last_message.and_then(|message| {
            Message::from_wire(message)
                .inspect_err(|error| tracing::warn!(%error, "ignoring a malformed last message"))
                .ok()
        });
        Ok(Self {
            chat: Chat::from_wire(wire.chat)?,
            last_message,
        })
    }
}
