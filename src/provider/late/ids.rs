//! unibox's ids for Late's objects. Late addresses a conversation by its id *and* the account
//! it belongs to (`accountId` is required on every route), and a message by the conversation
//! it is in; unibox's `ChatId` / `MessageId` are single strings. So the ids unibox stores are
//! the parts joined with `|`, each part percent-escaped (`%` and `|`), so that any id the
//! provider hands out (opaque, "format not to be assumed") comes back out unchanged. Every id
//! starts with `provider::LATE_ID_PREFIX`, so the router sends it back here and it can never
//! meet a Unipile id in the cache.

use crate::domain::{AccountId, ChatId, MessageId};
use crate::provider::{LATE_ID_PREFIX, ProviderError};

const SEPARATOR: char = '|';

/// A conversation of one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRef {
    pub account: String,
    pub conversation: String,
}

/// A message (its platform id, the `wamid` on WhatsApp) of one conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRef {
    pub account: String,
    pub conversation: String,
    pub message: String,
}

impl ConversationRef {
    pub fn new(account: &str, conversation: &str) -> Self {
        Self {
            account: account.to_owned(),
            conversation: conversation.to_owned(),
        }
    }

    pub fn chat_id(&self) -> ChatId {
        ChatId::from(join(&[&self.account, &self.conversation]))
    }

    pub fn account_id(&self) -> AccountId {
        account_id(&self.account)
    }

    pub fn parse(id: &ChatId) -> Result<Self, ProviderError> {
        match split(id.as_str()).as_deref() {
            Some([account, conversation]) => Ok(Self::new(account, conversation)),
            _ => Err(not_ours("chat", id.as_str())),
        }
    }

    pub fn message(&self, message: &str) -> MessageRef {
        MessageRef {
            account: self.account.clone(),
            conversation: self.conversation.clone(),
            message: message.to_owned(),
        }
    }
}

impl MessageRef {
    pub fn message_id(&self) -> MessageId {
        MessageId::from(join(&[&self.account, &self.conversation, &self.message]))
    }

    pub fn conversation(&self) -> ConversationRef {
        ConversationRef::new(&self.account, &self.conversation)
    }

    pub fn parse(id: &MessageId) -> Result<Self, ProviderError> {
        match split(id.as_str()).as_deref() {
            Some([account, conversation, message]) => Ok(Self {
                account: account.clone(),
                conversation: conversation.clone(),
                message: message.clone(),
            }),
            _ => Err(not_ours("message", id.as_str())),
        }
    }
}

/// unibox's id for Late's account `raw`.
pub fn account_id(raw: &str) -> AccountId {
    AccountId::from(format!("{LATE_ID_PREFIX}{raw}"))
}

/// Late's own id of an account this client named.
pub fn late_account(id: &AccountId) -> Result<&str, ProviderError> {
    id.as_str()
        .strip_prefix(LATE_ID_PREFIX)
        .filter(|raw| !raw.is_empty())
        .ok_or_else(|| not_ours("account", id.as_str()))
}

/// An id that no Late answer produced: refused before any request.
fn not_ours(what: &str, id: &str) -> ProviderError {
    ProviderError::Invalid(format!(
        "{id:?} is not a Late {what} id (was it made by another provider?)"
    ))
}

fn join(parts: &[&str]) -> String {
    let joined = parts
        .iter()
        .map(|part| escape(part))
        .collect::<Vec<_>>()
        .join(&SEPARATOR.to_string());
    format!("{LATE_ID_PREFIX}{joined}")
}

/// The parts of a joined id; `None` when one is empty or badly escaped.
fn split(id: &str) -> Option<Vec<String>> {
    id.strip_prefix(LATE_ID_PREFIX)?
        .split(SEPARATOR)
        .map(|part| unescape(part).filter(|part| !part.is_empty()))
        .collect()
}

fn escape(part: &str) -> String {
    part.replace('%', "%25").replace(SEPARATOR, "%7C")
}

fn unescape(part: &str) -> Option<String> {
    let mut out = String::with_capacity(part.len());
    let mut rest = part;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3)?;
        out.push(match code {
            "25" => '%',
            "7C" => SEPARATOR,
            _ => return None,
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_back_out_unchanged_whatever_they_hold() {
        for (account, conversation, message) in [
            ("acc1", "conv1", "wamid.HBgL=="),
            ("a|b", "c%7Cd", "%|%25|"),
            ("😀", "x/y?z#w", " "),
        ] {
            let chat = ConversationRef::new(account, conversation);
            assert_eq!(ConversationRef::parse(&chat.chat_id()).unwrap(), chat);
            let message_ref = chat.message(message);
            let id = message_ref.message_id();
            assert_eq!(MessageRef::parse(&id).unwrap(), message_ref);
            assert_eq!(message_ref.conversation(), chat);
        }
        assert_eq!(
            ConversationRef::new("acc", "conv").chat_id().as_str(),
            "late:acc|conv"
        );
        assert_eq!(account_id("acc").as_str(), "late:acc");
        assert_eq!(late_account(&account_id("a|b")).unwrap(), "a|b");
        assert!(late_account(&AccountId::from("acc")).is_err());
    }

    #[test]
    fn foreign_ids_are_refused_with_words() {
        for id in [
            "plain-unipile-id",
            "acc|conv",
            "late:a|",
            "late:|b",
            "late:a|b|c",
            "late:a%zz|b",
        ] {
            let error = ConversationRef::parse(&ChatId::from(id)).unwrap_err();
            assert!(
                matches!(&error, ProviderError::Invalid(m) if m.contains("not a Late chat id")),
                "{id}: {error:?}"
            );
        }
        assert!(MessageRef::parse(&MessageId::from("late:a|b")).is_err());
    }
}
