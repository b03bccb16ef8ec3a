//! The small objects the contract answers with: write acknowledgements, sync status and the
//! error body. Every field is optional: a write that succeeded must never turn into an error
//! because its acknowledgement is thinner than promised.

use crate::domain::SyncStatus;
use serde::Deserialize;
use serde_json::Value;

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

/// The contract's spelling of a resync status; unknown values are kept as text.
pub fn sync_status(raw: &str) -> SyncStatus {
    match raw {
        "SYNC_STARTED" => SyncStatus::Started,
        "SYNC_RUNNING" => SyncStatus::Running,
        "CHUNK_DONE" => SyncStatus::ChunkDone,
        "SYNC_DONE" => SyncStatus::Done,
        "SYNC_ERROR" => SyncStatus::Error,
        "CHAT_DELETED" => SyncStatus::ChatDeleted,
        other => SyncStatus::Other(other.to_owned()),
    }
}

/// `{"title","type":"errors/<slug>","status","detail"?,"instance"?}`, read field by field from
/// any JSON: a field of an unexpected type or a repeated key must not cost the others (a lost
/// `type` turns "reconnect the account" into "check the API key").
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "Value")]
pub struct ErrorBody {
    pub title: Option<String>,
    pub kind: Option<String>,
    pub status: Option<i64>,
    pub detail: Option<String>,
}

impl From<Value> for ErrorBody {
    fn from(body: Value) -> Self {
        let text = |field: &str| body.get(field).and_then(Value::as_str).map(str::to_owned);
        ErrorBody {
            title: text("title"),
            kind: text("type"),
            status: body
                .get("status")
                .and_then(|status| lenient::integer(status).ok().flatten()),
            detail: text("detail"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_body(json: &str) -> ErrorBody {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn an_odd_field_does_not_cost_the_error_its_type() {
        let body = error_body(
            r#"{"title":"Gone","type":"errors/disconnected_account","status":401.5,"detail":{"why":1}}"#,
        );
        assert_eq!(body.kind.as_deref(), Some("errors/disconnected_account"));
        assert_eq!(body.title.as_deref(), Some("Gone"));
        assert_eq!(body.status, None);
        assert_eq!(body.detail, None);
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_and_the_other_fields() {
        let body = error_body(
            r#"{"title":"Gone","type":"errors/x","type":"errors/disconnected_account","status":"401"}"#,
        );
        assert_eq!(body.kind.as_deref(), Some("errors/disconnected_account"));
        assert_eq!(body.title.as_deref(), Some("Gone"));
        assert_eq!(body.status, Some(401));
    }

    #[test]
    fn json_that_is_not_an_object_says_nothing() {
        for json in ["[1,2]", "\"errors/x\"", "null", "3"] {
            let body = error_body(json);
            assert!(body.kind.is_none() && body.title.is_none(), "{json}");
        }
    }
}

/// `{"object":"HostedAuthUrl","url":"https://…"}`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct HostedAuthUrlReply {
    #[serde(default)]
    pub url: Option<String>,
}
