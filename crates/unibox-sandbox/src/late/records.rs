//! The Late sandbox's world, record by record. These mirror the Late contract's objects (not
//! unibox's domain types, nor the Unipile sandbox's records).

use chrono::{DateTime, Utc};

use crate::state::AttachmentRecord;

/// A WhatsApp Business number connected to Late.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateAccount {
    /// `_id`: 24 hex digits.
    pub id: String,
    /// The business's verified name.
    pub display_name: String,
    /// E.164 with the plus, `+33639980001`.
    pub phone_number: String,
    pub phone_number_id: String,
    pub waba_id: String,
}

impl LateAccount {
    /// The number without its plus, as WhatsApp ids write it.
    pub fn wa_id(&self) -> String {
        self.phone_number.trim_start_matches('+').to_owned()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateConversation {
    pub id: String,
    pub account_id: String,
    /// The customer's number, digits only with the country code.
    pub participant_id: String,
    /// The customer's WhatsApp profile name; `None` when they have none.
    pub participant_name: Option<String>,
    pub archived: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Incoming,
    Outgoing,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incoming => "incoming",
            Self::Outgoing => "outgoing",
        }
    }
}

/// Where an outgoing message stands; incoming messages carry none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    Sent,
    Delivered,
    Read,
    Failed { code: u32 },
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed { .. } => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateReaction {
    pub emoji: String,
    /// True for the connected account's own reaction.
    pub from_me: bool,
    pub reacted_at: DateTime<Utc>,
}

/// The contract's attachment `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    Image,
    Video,
    Audio,
    File,
}

impl MediaKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Video => "video",
            Self::Audio => "audio",
            Self::File => "file",
        }
    }

    /// WhatsApp's own name for the kind (`originalType`).
    pub fn original_type(self) -> &'static str {
        match self {
            Self::File => "document",
            other => other.as_str(),
        }
    }

    pub fn from_mimetype(mimetype: &str) -> Self {
        match mimetype.split('/').next() {
            Some("image") => Self::Image,
            Some("video") => Self::Video,
            Some("audio") => Self::Audio,
            _ => Self::File,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateAttachment {
    /// Meta's media id (`payload.id`), the key of the media route.
    pub media_id: String,
    pub kind: MediaKind,
    /// Type, name, size and bytes, kept as the Unipile sandbox generates them (the same
    /// content either way); `unavailable` means Meta no longer has the media.
    pub media: AttachmentRecord,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateMessage {
    /// The platform's id: the wamid.
    pub id: String,
    pub conversation_id: String,
    pub account_id: String,
    pub direction: Direction,
    /// `None` for media without caption.
    pub text: Option<String>,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub attachments: Vec<LateAttachment>,
    pub reactions: Vec<LateReaction>,
    pub delivery_status: Option<DeliveryStatus>,
    /// Incoming only: the business has read it.
    pub read: bool,
    pub is_edited: bool,
    pub is_deleted: bool,
    /// The wamid this message quotes.
    pub quoted_message_id: Option<String>,
    /// Outgoing only: how it was sent (`api` for what the sandbox received).
    pub sent_via: Option<&'static str>,
}

impl LateMessage {
    /// A new, unread message from the conversation's customer, as Meta delivers it.
    pub fn from_customer(
        id: String,
        conversation: &LateConversation,
        text: Option<String>,
        attachments: Vec<LateAttachment>,
        created_at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            conversation_id: conversation.id.clone(),
            account_id: conversation.account_id.clone(),
            direction: Direction::Incoming,
            text,
            sender_id: conversation.participant_id.clone(),
            sender_name: conversation.participant_name.clone(),
            created_at,
            attachments,
            reactions: Vec::new(),
            delivery_status: None,
            read: false,
            is_edited: false,
            is_deleted: false,
            quoted_message_id: None,
            sent_via: None,
        }
    }

    pub fn is_incoming(&self) -> bool {
        self.direction == Direction::Incoming
    }
}

/// A WhatsApp message template's review status, as Meta names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateStatus {
    Approved,
    Pending,
    Rejected,
    Paused,
}

impl TemplateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Approved => "APPROVED",
            Self::Pending => "PENDING",
            Self::Rejected => "REJECTED",
            Self::Paused => "PAUSED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateTemplate {
    pub id: String,
    pub name: String,
    /// `en_US`, `fr`…
    pub language: String,
    pub status: TemplateStatus,
    /// `UTILITY`, `MARKETING`, `AUTHENTICATION`.
    pub category: &'static str,
    /// The body with Meta's `{{1}}`, `{{2}}` placeholders.
    pub body: String,
}
