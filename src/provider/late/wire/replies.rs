//! The small answers: a write's acknowledgement and a resolved attachment link. Every field
//! is optional: a write that succeeded must never turn into an error because its
//! acknowledgement is thinner than promised.

use serde::Deserialize;

/// `POST …/messages` → `{"success","data":{"messageId","conversationId"}}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessageSentReply {
    #[serde(default)]
    pub data: Option<SentData>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SentData {
    pub message_id: Option<String>,
    pub conversation_id: Option<String>,
}

/// `POST /inbox/conversations` → `{"success","data":{"messageId","conversationId",...}}`.
pub type ConversationStarted = MessageSentReply;

/// `GET …/attachments/{index}?format=json` → `{"url","refreshed"}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AttachmentLink {
    #[serde(default)]
    pub url: Option<String>,
}
