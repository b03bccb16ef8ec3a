//! The small objects the contract answers with: write acknowledgements, sync status and the
//! error body. Every field is optional: a write that succeeded must never turn into an error
//! because its acknowledgement is thinner than promised.

use serde::Deserialize;

use super::lenient;

/// `201 {"object":"MessageSent","message_id":str|null}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MessageSentReply {
    #[serde(default)]
    pub message_id: Option<String>,
}

/// `201 {"object":"ChatStarted","chat_id","message_id"}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChatStartedReply {
    #[serde(default)]
    pub chat_id: Option<String>,
    #[serde(default)]
    pub message_id: Option<String>,
}

/// `{"object":"AccountResync"|"ChatHistorySync","status":...}`.
#[derive(Debug, Clone, Deserialize)]
pub struct SyncReply {
    pub status: String,
}

/// `{"title","type":"errors/<slug>","status","detail"?,"instance"?}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub status: Option<i64>,
    #[serde(default)]
    pub detail: Option<String>,
}
