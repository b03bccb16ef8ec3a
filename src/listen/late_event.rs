//! What a Late (Zernio) post is about, in unibox's ids: a message or reaction event names its
//! conversation and account (`late:` + account|conversation, as the Late client names chats),
//! `account.disconnected` its account. Like Unipile's, the payload is only a hint: the chat is
//! read back through the reader.

use serde_json::{Map, Value};

use super::event::{EventError, Hint};
use crate::provider::late::{ConversationRef, account_id};

/// The events `unibox webhooks register` subscribes Late to, all of which name something to
/// fetch again.
pub const LATE_EVENTS: [&str; 9] = [
    "message.received",
    "message.sent",
    "message.edited",
    "message.deleted",
    "message.delivered",
    "message.read",
    "reaction.received",
    "conversation.started",
    "account.disconnected",
];

/// A Late post read: its dedupe key (`id`, also sent as `X-Zernio-Event-Id`) and its hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateEvent {
    pub id: Option<String>,
    pub hint: Option<Hint>,
}

/// Reads a Late post. `hint: None`: genuine JSON unibox has no use for (another event, no
/// conversation), answered 200 so Late does not retry it.
pub fn read_late(body: &[u8]) -> Result<LateEvent, EventError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| EventError::NotJson)?;
    let Some(fields) = value.as_object() else {
        return Err(EventError::NotJson);
    };
    let id = text(fields, "id");
    let event = text(fields, "event").unwrap_or_default();
    let account = fields.get("account").and_then(Value::as_object);
    // `accountId` is the id `/v1/accounts` uses; the message events' `id` is that id too.
    let account_raw = account.and_then(|a| text(a, "accountId").or_else(|| text(a, "id")));
    let hint = if event == "account.disconnected" {
        account_raw.map(|raw| Hint::Account(account_id(&raw)))
    } else if LATE_EVENTS.contains(&event.as_str()) {
        let conversation = fields
            .get("conversation")
            .and_then(Value::as_object)
            .and_then(|c| text(c, "id"));
        match (account_raw, conversation) {
            (Some(account), Some(conversation)) => {
                let chat = ConversationRef::new(&account, &conversation);
                Some(Hint::Chat {
                    account: chat.account_id(),
                    chat: chat.chat_id(),
                })
            }
            _ => None,
        }
    } else {
        None
    };
    Ok(LateEvent { id, hint })
}

fn text(object: &Map<String, Value>, name: &str) -> Option<String> {
    object
        .get(name)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, ChatId};

    #[test]
    fn message_events_name_their_late_chat() {
        let body = br#"{"id":"evt_1","event":"reaction.received","conversation":{"id":"c|1"},
            "account":{"id":"acc1","platform":"whatsapp"},"timestamp":"2026-01-01T00:00:00Z"}"#;
        let event = read_late(body).unwrap();
        assert_eq!(event.id.as_deref(), Some("evt_1"));
        assert_eq!(
            event.hint,
            Some(Hint::Chat {
                account: AccountId::new("late:acc1"),
                chat: ChatId::new("late:acc1|c%7C1"),
            })
        );
    }

    #[test]
    fn a_disconnection_names_its_late_account() {
        let body = br#"{"id":"evt_2","event":"account.disconnected",
            "account":{"accountId":"acc9","reason":"token expired"}}"#;
        assert_eq!(
            read_late(body).unwrap().hint,
            Some(Hint::Account(AccountId::new("late:acc9")))
        );
    }

    #[test]
    fn other_or_incomplete_events_are_no_hint_and_garbage_is_an_error() {
        assert_eq!(
            read_late(br#"{"event":"post.published"}"#).unwrap().hint,
            None
        );
        assert_eq!(
            read_late(br#"{"event":"message.received","account":{"id":"a"}}"#)
                .unwrap()
                .hint,
            None
        );
        assert_eq!(read_late(b"[1]"), Err(EventError::NotJson));
        assert_eq!(read_late(b"{\"id\":"), Err(EventError::NotJson));
    }
}
