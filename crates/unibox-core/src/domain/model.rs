//! Accounts, chats, messages and attendees as the rest of unibox sees them. Providers convert
//! their wire objects into these; the store persists them; the UI renders them.
//!
//! All text fields hold untrusted text exactly as received: sanitising happens at the sinks
//! (see `crate::text`), never here, so nothing is lost in the cache.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AccountId, AttachmentId, AttendeeId, Channel, ChatId, MessageId, Provider};

/// Connection state of an account. Unknown values from the provider are kept as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountStatus {
    Ok,
    Connected,
    Connecting,
    Credentials,
    Error,
    Stopped,
    Permissions,
    Other(String),
}

impl AccountStatus {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "OK" => Self::Ok,
            "CONNECTED" => Self::Connected,
            "CONNECTING" => Self::Connecting,
            "CREDENTIALS" => Self::Credentials,
            "ERROR" => Self::Error,
            "STOPPED" => Self::Stopped,
            "PERMISSIONS" => Self::Permissions,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The provider's spelling, used for storage and JSON output.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Ok => "OK",
            Self::Connected => "CONNECTED",
            Self::Connecting => "CONNECTING",
            Self::Credentials => "CREDENTIALS",
            Self::Error => "ERROR",
            Self::Stopped => "STOPPED",
            Self::Permissions => "PERMISSIONS",
            Self::Other(raw) => raw,
        }
    }

    /// True when the account can send and receive right now.
    pub fn is_healthy(&self) -> bool {
        matches!(self, Self::Ok | Self::Connected)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: AccountId,
    pub name: String,
    pub phone_number: Option<String>,
    pub status: AccountStatus,
    pub created_at: Option<DateTime<Utc>>,
    /// The service it is on (the provider's account `type`).
    pub channel: Channel,
    /// The API that serves it; with the channel, it chooses the account's policy.
    pub provider: Provider,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChatKind {
    Single,
    Group,
    Channel,
    /// A value the provider added after this build; shown as a single chat.
    Other(i64),
}

impl ChatKind {
    pub fn from_code(code: i64) -> Self {
        match code {
            0 => Self::Single,
            1 => Self::Group,
            2 => Self::Channel,
            other => Self::Other(other),
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Self::Single => 0,
            Self::Group => 1,
            Self::Channel => 2,
            Self::Other(code) => code,
        }
    }
}

/// `muted_until` of the contract: `-1` (forever), a date, or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Muted {
    No,
    Forever,
    Until(DateTime<Utc>),
}

impl Muted {
    pub fn is_muted(&self, now: DateTime<Utc>) -> bool {
        match self {
            Self::No => false,
            Self::Forever => true,
            Self::Until(until) => *until > now,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chat {
    pub id: ChatId,
    pub account_id: AccountId,
    pub provider_id: String,
    /// For one-to-one chats, the other person's provider id (`336...@s.whatsapp.net`).
    pub attendee_provider_id: Option<String>,
    pub name: Option<String>,
    pub kind: ChatKind,
    /// Time of the last activity; the chat list is sorted by it.
    pub timestamp: Option<DateTime<Utc>>,
    pub unread_count: u32,
    pub archived: bool,
    pub muted: Muted,
    /// 0 writable, 1 read-only, 2 restricted (contract value kept as is).
    pub read_only: u8,
    pub reactions_disabled: bool,
    pub reply_disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AttachmentKind {
    Image,
    Video,
    Audio,
    File,
    Other(String),
}

impl AttachmentKind {
    pub fn parse(raw: &str) -> Self {
        match raw {
            "img" => Self::Image,
            "video" => Self::Video,
            "audio" => Self::Audio,
            "file" => Self::File,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The contract's spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Image => "img",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::File => "file",
            Self::Other(raw) => raw,
        }
    }

    /// A word for people.
    pub fn label(&self) -> &str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::File => "file",
            Self::Other(raw) => raw,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub kind: AttachmentKind,
    pub mimetype: Option<String>,
    pub file_size: Option<u64>,
    pub file_name: Option<String>,
    pub unavailable: bool,
}

/// The message a reply quotes, as the provider embeds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quoted {
    pub provider_id: String,
    pub sender_id: String,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reaction {
    pub value: String,
    pub sender_id: String,
    /// True when the reaction is ours.
    pub is_sender: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: MessageId,
    pub account_id: AccountId,
    pub chat_id: ChatId,
    pub provider_id: String,
    pub sender_id: String,
    pub sender_attendee_id: Option<AttendeeId>,
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
    pub timestamp: DateTime<Utc>,
    /// True when we sent it.
    pub is_sender: bool,
    pub quoted: Option<Quoted>,
    pub reactions: Vec<Reaction>,
    pub seen: bool,
    pub delivered: bool,
    pub hidden: bool,
    pub deleted: bool,
    pub edited: bool,
    pub is_event: bool,
    pub event_type: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub id: AttendeeId,
    pub account_id: AccountId,
    /// The WhatsApp id, `33600000000@s.whatsapp.net`; what start-chat sends.
    pub provider_id: String,
    pub name: Option<String>,
    pub is_self: bool,
    pub picture_url: Option<String>,
}

impl Attendee {
    /// The phone number part of a WhatsApp provider id, with a leading `+`.
    pub fn phone_number(&self) -> Option<String> {
        phone_from_provider_id(&self.provider_id)
    }
}

/// `33600000000@s.whatsapp.net` → `+33600000000`; group and other ids give `None`.
pub fn phone_from_provider_id(provider_id: &str) -> Option<String> {
    let (user, server) = provider_id.split_once('@')?;
    (server == "s.whatsapp.net" && !user.is_empty() && user.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("+{user}"))
}

/// A plain one-to-one chat, read and unmuted: the rules' tests start from it.
#[cfg(test)]
pub(crate) fn sample_chat() -> Chat {
    Chat {
        id: ChatId::from("c1"),
        account_id: AccountId::from("a1"),
        provider_id: "p".into(),
        attendee_provider_id: None,
        name: None,
        kind: ChatKind::Single,
        timestamp: None,
        unread_count: 0,
        archived: false,
        muted: Muted::No,
        read_only: 0,
        reactions_disabled: false,
        reply_disabled: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_status_round_trips_and_keeps_unknown_values() {
        for raw in [
            "OK",
            "CONNECTED",
            "CONNECTING",
            "CREDENTIALS",
            "ERROR",
            "STOPPED",
            "PERMISSIONS",
        ] {
            assert_eq!(AccountStatus::parse(raw).as_str(), raw);
        }
        assert_eq!(
            AccountStatus::parse("SUSPENDED"),
            AccountStatus::Other("SUSPENDED".into())
        );
        assert!(AccountStatus::Ok.is_healthy());
        assert!(!AccountStatus::Credentials.is_healthy());
    }

    #[test]
    fn phone_numbers_come_only_from_user_ids() {
        assert_eq!(
            phone_from_provider_id("33600000000@s.whatsapp.net").as_deref(),
            Some("+33600000000")
        );
        assert_eq!(phone_from_provider_id("120363000000@g.us"), None);
        assert_eq!(phone_from_provider_id("abc@s.whatsapp.net"), None);
        assert_eq!(phone_from_provider_id("no-at-sign"), None);
    }

    #[test]
    fn muted_until_a_past_date_is_not_muted() {
        let now = Utc::now();
        assert!(Muted::Forever.is_muted(now));
        assert!(!Muted::No.is_muted(now));
        assert!(!Muted::Until(now - chrono::Duration::minutes(1)).is_muted(now));
        assert!(Muted::Until(now + chrono::Duration::minutes(1)).is_muted(now));
    }
}
