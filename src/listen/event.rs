//! What a provider's post is about. The payload is a hint, never the record: the cache is
//! filled by reading the chat or account back, so a late, repeated or out-of-order event
//! cannot leave an old state behind.

use serde_json::Value;

use crate::domain::{AccountId, ChatId};

/// What to fetch again.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Hint {
    /// Something happened in this chat (a message arrived, changed, was read…).
    Chat { account: AccountId, chat: ChatId },
    /// This account's status changed.
    Account(AccountId),
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EventError {
    #[error("the body is not a JSON object")]
    NotJson,
}

const MESSAGING_EVENTS: [&str; 6] = [
    "message_received",
    "message_reaction",
    "message_read",
    "message_edited",
    "message_deleted",
    "message_delivered",
];

/// Reads a Unipile post. `Ok(None)`: genuine JSON unibox has no use for (an unknown event, no
/// chat id), which is answered 200 so the provider does not retry it.
pub fn read_unipile(body: &[u8]) -> Result<Option<Hint>, EventError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| EventError::NotJson)?;
    let Some(fields) = value.as_object() else {
        return Err(EventError::NotJson);
    };
    let text = |object: &serde_json::Map<String, Value>, name: &str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    // Account status: `{"AccountStatus": {"account_id", "account_type", "message"}}`.
    if let Some(status) = fields.get("AccountStatus").and_then(Value::as_object) {
        return Ok(text(status, "account_id").map(|id| Hint::Account(AccountId::new(id))));
    }
    let event = text(fields, "event").unwrap_or_default();
    if !MESSAGING_EVENTS.contains(&event.as_str()) {
        return Ok(None);
    }
    match (text(fields, "account_id"), text(fields, "chat_id")) {
        (Some(account), Some(chat)) => Ok(Some(Hint::Chat {
            account: AccountId::new(account),
            chat: ChatId::new(chat),
        })),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messaging_events_name_their_chat() {
        let body = br#"{"event":"message_edited","account_id":"a1","chat_id":"c1","message":null}"#;
        assert_eq!(
            read_unipile(body),
            Ok(Some(Hint::Chat {
                account: AccountId::new("a1"),
                chat: ChatId::new("c1")
            }))
        );
    }

    #[test]
    fn account_status_names_its_account() {
        let body =
            br#"{"AccountStatus":{"account_id":"a1","account_type":"WHATSAPP","message":"OK"}}"#;
        assert_eq!(
            read_unipile(body),
            Ok(Some(Hint::Account(AccountId::new("a1"))))
        );
    }

    #[test]
    fn unknown_or_incomplete_events_are_no_hint_and_garbage_is_an_error() {
        assert_eq!(read_unipile(br#"{"event":"mail_received"}"#), Ok(None));
        assert_eq!(read_unipile(br#"{"event":"message_received"}"#), Ok(None));
        assert_eq!(read_unipile(b"[1,2]"), Err(EventError::NotJson));
        assert_eq!(read_unipile(b"{\"event\":"), Err(EventError::NotJson));
        assert_eq!(read_unipile(b"\xff\xfe"), Err(EventError::NotJson));
    }
}
