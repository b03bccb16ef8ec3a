//! The sandbox's world, record by record. These mirror the contract's objects (not unibox's
//! domain types): the sandbox is a second, independent reading of the contract.

use std::fmt;

use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::domain::{AccountId, AttachmentId, AttendeeId, ChatId, MessageId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Ok,
    Credentials,
    Connecting,
    Error,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Credentials => "CREDENTIALS",
            Self::Connecting => "CONNECTING",
            Self::Error => "ERROR",
        }
    }
}

/// What `GET /accounts/{id}/sync` does for an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResyncSupport {
    /// SYNC_STARTED → SYNC_RUNNING → SYNC_DONE over successive polls.
    Walks,
    /// 501 `errors/feature_not_implemented`, as WhatsApp accounts often answer.
    NotImplemented,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: AccountId,
    pub name: String,
    /// E.164, `+33639980001`.
    pub phone_number: String,
    pub status: AccountStatus,
    pub created_at: DateTime<Utc>,
    pub resync: ResyncSupport,
    /// The provider's account type: `WHATSAPP`, `LINKEDIN`, `MAIL`…
    pub account_type: String,
}

impl AccountRecord {
    /// The account's own WhatsApp id, the `sender_id` of what it sends.
    pub fn provider_id(&self) -> String {
        format!(
            "{}@s.whatsapp.net",
            self.phone_number.trim_start_matches('+')
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttendeeRecord {
    pub id: AttendeeId,
    pub account_id: AccountId,
    /// `33639981234@s.whatsapp.net`.
    pub provider_id: String,
    pub name: String,
    pub is_self: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChatType {
    Single,
    Group,
    Channel,
}

impl ChatType {
    pub fn code(self) -> u8 {
        match self {
            Self::Single => 0,
            Self::Group => 1,
            Self::Channel => 2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MutedUntil {
    NotMuted,
    Forever,
    Until(DateTime<Utc>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRecord {
    pub id: ChatId,
    pub account_id: AccountId,
    pub provider_id: String,
    /// The other person's provider id, for one-to-one chats.
    pub attendee_provider_id: Option<String>,
    pub name: Option<String>,
    pub chat_type: ChatType,
    /// Last activity; `None` for a chat without messages.
    pub timestamp: Option<DateTime<Utc>>,
    pub unread_count: u32,
    pub archived: bool,
    pub muted_until: MutedUntil,
    /// 0 writable, 1 read-only, 2 restricted (admins only).
    pub read_only: u8,
    pub reactions_disabled: bool,
    /// Attendees of the chat, ourselves included.
    pub members: Vec<AttendeeId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttachmentKind {
    Image {
        width: u32,
        height: u32,
    },
    Video {
        width: u32,
        height: u32,
    },
    Audio {
        voice_note: bool,
        duration_secs: u32,
    },
    File,
}

impl AttachmentKind {
    /// The contract's `type`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image { .. } => "img",
            Self::Video { .. } => "video",
            Self::Audio { .. } => "audio",
            Self::File => "file",
        }
    }
}

/// Where an attachment's bytes come from.
#[derive(Clone, PartialEq, Eq)]
pub enum AttachmentContent {
    /// Made on request from this seed, `file_size` bytes long.
    Generated { seed: u64 },
    /// Exactly what a send uploaded.
    Uploaded(Bytes),
}

impl fmt::Debug for AttachmentContent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Generated { seed } => write!(f, "Generated({seed})"),
            Self::Uploaded(bytes) => write!(f, "Uploaded({} bytes)", bytes.len()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentRecord {
    pub id: AttachmentId,
    pub kind: AttachmentKind,
    pub mimetype: String,
    pub file_size: u64,
    pub file_name: Option<String>,
    /// The phone no longer has the media: listed, but its bytes cannot be fetched.
    pub unavailable: bool,
    pub content: AttachmentContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedRecord {
    pub provider_id: String,
    pub sender_id: String,
    pub text: Option<String>,
    pub attachments: Vec<AttachmentRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReactionRecord {
    pub value: String,
    pub sender_id: String,
    /// True for the account's own reaction.
    pub is_sender: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRecord {
    pub id: MessageId,
    pub account_id: AccountId,
    pub chat_id: ChatId,
    pub chat_provider_id: String,
    pub provider_id: String,
    pub sender_id: String,
    pub sender_attendee_id: AttendeeId,
    /// `None` for media without caption, events without text and revoked messages.
    pub text: Option<String>,
    pub attachments: Vec<AttachmentRecord>,
    pub timestamp: DateTime<Utc>,
    pub is_sender: bool,
    pub quoted: Option<QuotedRecord>,
    pub reactions: Vec<ReactionRecord>,
    /// Ours: the other side read it. Theirs: we read it.
    pub seen: bool,
    /// Who read our message and when (provider id → time).
    pub seen_by: Vec<(String, DateTime<Utc>)>,
    pub delivered: bool,
    pub deleted: bool,
    pub edited: bool,
    /// `Some` for events (member added, group created...): `is_event: 1`.
    pub event_type: Option<u8>,
}

impl MessageRecord {
    pub fn is_event(&self) -> bool {
        self.event_type.is_some()
    }

    /// The block a reply to this message embeds.
    pub fn as_quoted(&self) -> QuotedRecord {
        QuotedRecord {
            provider_id: self.provider_id.clone(),
            sender_id: self.sender_id.clone(),
            text: self.text.clone(),
            attachments: self.attachments.clone(),
        }
    }
}
