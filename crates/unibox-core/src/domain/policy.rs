//! What an account may do: one `Policy` per (provider, channel), the rows of
//! docs/providers/policy.md. Every key, the composer, the confirmation and the outbox ask the
//! account's policy before any request, so a refusal is said in words, never learnt from a
//! server error.

use chrono::{DateTime, Duration, Utc};

use super::{Channel, ChatChange, Provider};

/// Meta's customer-service window (WhatsApp Cloud API, Messenger, Instagram): free-form messages
/// only within 24 hours of the customer's last message.
const SERVICE_WINDOW: Duration = Duration::hours(24);
/// What unibox sends per file on every row that takes files.
const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// Meta counts "MB" on the Cloud API; unibox reads it as 10^6 bytes, the stricter reading.
const MB: u64 = 1_000_000;

/// What one (provider, channel) lets an account do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The account's kind in a sentence: "this {kind} account cannot edit messages".
    pub kind: String,
    /// The channel's name, for limits: "WhatsApp accepts at most 65 536".
    pub channel: String,
    /// Own text messages can be edited: how long after their send time.
    pub edit: Option<Window>,
    /// Own messages can be deleted for everyone: how long after their send time.
    pub delete: Option<Window>,
    /// Reactions can be given and removed.
    pub react: bool,
    /// A reply can quote a message.
    pub quote: bool,
    /// Text and files can be sent at all (a channel with no row sends nothing).
    pub send: bool,
    /// Files can be attached, and how large.
    pub attachments: Option<AttachmentPolicy>,
    /// A chat can be started with someone the account already knows.
    pub start_chat: bool,
    /// Free-form messages only within this long of the contact's last message; templates
    /// outside it. `None`: no such window.
    pub service_window: Option<Duration>,
    /// Approved templates can be sent.
    pub templates: bool,
    /// A send can be repeated with the same key without being sent twice.
    pub idempotent_sends: bool,
    /// The longest text accepted, in Unicode scalar values.
    pub max_text_chars: usize,
    /// What can be done to a chat itself.
    pub chat_changes: ChatChanges,
}

/// The changes to a chat itself an account can make (`ChatChange`); each on or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChatChanges {
    pub mark_unread: bool,
    pub archive: bool,
    pub mute: bool,
}

impl ChatChanges {
    /// Mark unread, archive and mute: Unipile's `PATCH /chats/{id}` actions.
    const ALL: Self = Self {
        mark_unread: true,
        archive: true,
        mute: true,
    };
    /// Archive only: Late's conversation status (`active`, `archived`).
    const ARCHIVE_ONLY: Self = Self {
        mark_unread: false,
        archive: true,
        mute: false,
    };
    const NONE: Self = Self {
        mark_unread: false,
        archive: false,
        mute: false,
    };

    pub fn allows(self, change: ChatChange) -> bool {
        match change {
            ChatChange::MarkUnread => self.mark_unread,
            ChatChange::Archive | ChatChange::Unarchive => self.archive,
            ChatChange::Mute | ChatChange::Unmute => self.mute,
        }
    }
}

/// How long after a message's send time a change to it is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Within(Duration),
    AnyTime,
}

impl Window {
    /// Time left at `now` for a message sent at `sent` (`None`: no limit), or how long ago the
    /// window closed.
    pub fn left(
        self,
        sent: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Option<Duration>, Duration> {
        let Self::Within(window) = self else {
            return Ok(None);
        };
        let left = sent + window - now;
        if left > Duration::zero() {
            Ok(Some(left))
        } else {
            Err(-left)
        }
    }

    /// "15-minute", "60-hour": the window in words, for refusals.
    pub fn words(self) -> String {
        match self {
            Self::AnyTime => "unlimited".to_owned(),
            Self::Within(d) if d.num_minutes() < 60 => format!("{}-minute", d.num_minutes()),
            Self::Within(d) => format!("{}-hour", d.num_hours()),
        }
    }
}

/// Files on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentPolicy {
    /// Files per message; `None`: several.
    pub per_message: Option<usize>,
    /// No file larger than this, whatever its type.
    pub max_bytes: u64,
    /// Stricter limits per type, from the file's MIME type.
    pub by_type: &'static [MediaLimit],
    /// The longest caption, where a caption has its own limit.
    pub caption_chars: Option<usize>,
}

/// The limit of one kind of file, recognised by its MIME type's prefix or exact value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaLimit {
    pub kind: &'static str,
    pub mime_types: &'static [&'static str],
    pub max_bytes: u64,
}

/// Meta's media limits on the Cloud API; a type not listed goes as a document, held to
/// `MAX_FILE_BYTES`.
const CLOUD_API_MEDIA: &[MediaLimit] = &[
    MediaLimit {
        kind: "image",
        mime_types: &["image/jpeg", "image/png"],
        max_bytes: 5 * MB,
    },
    MediaLimit {
        kind: "video",
        mime_types: &["video/mp4", "video/3gp", "video/3gpp"],
        max_bytes: 16 * MB,
    },
    MediaLimit {
        kind: "audio",
        mime_types: &[
            "audio/aac",
            "audio/amr",
            "audio/mpeg",
            "audio/mp4",
            "audio/ogg",
        ],
        max_bytes: 16 * MB,
    },
];

impl AttachmentPolicy {
    /// The most a file of `mime_type` may weigh on this row.
    pub fn max_bytes_for(&self, mime_type: &str) -> u64 {
        let mime = mime_type.split(';').next().unwrap_or("").trim();
        self.by_type
            .iter()
            .find(|limit| {
                limit
                    .mime_types
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(mime))
            })
            .map_or(self.max_bytes, |limit| limit.max_bytes.min(self.max_bytes))
    }
}

/// Where a chat stands in its customer-service window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowState {
    /// Free-form messages are accepted for this long still.
    Open { left: Duration },
    /// Templates only: the contact has not written within the window, or never.
    Closed,
    /// The account has no such window.
    NotApplicable,
}

/// The chat's window, from the contact's last message (`None`: never wrote).
pub fn window_state(
    last_inbound: Option<DateTime<Utc>>,
    policy: &Policy,
    now: DateTime<Utc>,
) -> WindowState {
    let Some(window) = policy.service_window else {
        return WindowState::NotApplicable;
    };
    let Some(last) = last_inbound else {
        return WindowState::Closed;
    };
    let left = last + window - now;
    if left > Duration::zero() {
        WindowState::Open { left }
    } else {
        WindowState::Closed
    }
}

impl Policy {
    /// The policy of an account of `provider` on `channel`.
    pub fn of(provider: Provider, channel: &Channel) -> Self {
        match (provider, channel) {
            (Provider::Unipile, Channel::WhatsApp) => Self::unipile_whatsapp(),
            (Provider::Unipile, other) => Self::unipile_other(other),
            (Provider::Late, Channel::WhatsApp) => Self::late_whatsapp(),
            (Provider::Late, Channel::Telegram) => Self::late_telegram(),
            (Provider::Late, Channel::Instagram) => Self::late_meta_dm(channel, 1_000),
            (Provider::Late, Channel::Messenger) => Self::late_meta_dm(channel, 2_000),
            (Provider::Late, Channel::Other(raw)) if raw.eq_ignore_ascii_case("imessage") => {
                Self::late_imessage()
            }
            (Provider::Late, other) if is_late_other(other) => Self::late_other(other),
            (Provider::Late, other) => Self::unknown(other),
        }
    }

    /// A linked WhatsApp app through Unipile: today's rules, exactly.
    pub fn unipile_whatsapp() -> Self {
        Self {
            kind: "WhatsApp".into(),
            channel: "WhatsApp".into(),
            edit: Some(Window::Within(Duration::minutes(15))),
            delete: Some(Window::Within(Duration::hours(60))),
            react: true,
            quote: true,
            send: true,
            start_chat: true,
            attachments: Some(AttachmentPolicy {
                per_message: None,
                max_bytes: MAX_FILE_BYTES,
                by_type: &[],
                caption_chars: None,
            }),
            service_window: None,
            templates: false,
            idempotent_sends: false,
            max_text_chars: 65_536,
            chat_changes: ChatChanges::ALL,
        }
    }

    /// Unipile's other channels: text only until each capability is tested.
    fn unipile_other(channel: &Channel) -> Self {
        Self {
            kind: channel.label().to_owned(),
            channel: channel.label().to_owned(),
            edit: None,
            delete: None,
            react: false,
            quote: false,
            send: true,
            start_chat: false,
            attachments: None,
            service_window: None,
            templates: false,
            idempotent_sends: false,
            max_text_chars: 65_536,
            chat_changes: ChatChanges::NONE,
        }
    }

    /// A WhatsApp Business number on Meta's Cloud API, through Late.
    pub fn late_whatsapp() -> Self {
        Self {
            kind: "WhatsApp Business (Cloud API)".into(),
            channel: "WhatsApp".into(),
            edit: None,
            delete: None,
            react: true,
            quote: true,
            send: true,
            start_chat: true,
            attachments: Some(AttachmentPolicy {
                per_message: Some(1),
                max_bytes: MAX_FILE_BYTES,
                by_type: CLOUD_API_MEDIA,
                caption_chars: Some(1_024),
            }),
            service_window: Some(SERVICE_WINDOW),
            templates: true,
            idempotent_sends: true,
            max_text_chars: 4_096,
            chat_changes: ChatChanges::ARCHIVE_ONLY,
        }
    }

    fn late_telegram() -> Self {
        Self {
            kind: "Telegram bot".into(),
            channel: "Telegram".into(),
            edit: Some(Window::AnyTime),
            delete: Some(Window::AnyTime),
            react: true,
            quote: true,
            send: true,
            start_chat: false,
            attachments: Some(AttachmentPolicy {
                per_message: Some(1),
                max_bytes: MAX_FILE_BYTES,
                by_type: &[],
                caption_chars: Some(1_024),
            }),
            service_window: None,
            templates: false,
            idempotent_sends: true,
            max_text_chars: 4_096,
            chat_changes: ChatChanges::ARCHIVE_ONLY,
        }
    }

    fn late_meta_dm(channel: &Channel, max_text_chars: usize) -> Self {
        Self {
            kind: format!("{} (Late)", channel.label()),
            channel: channel.label().to_owned(),
            edit: None,
            delete: None,
            react: true,
            quote: false,
            send: true,
            start_chat: false,
            attachments: Some(AttachmentPolicy {
                per_message: Some(1),
                max_bytes: MAX_FILE_BYTES,
                by_type: &[],
                caption_chars: None,
            }),
            service_window: Some(SERVICE_WINDOW),
            templates: false,
            idempotent_sends: true,
            max_text_chars,
            chat_changes: ChatChanges::ARCHIVE_ONLY,
        }
    }

    fn late_imessage() -> Self {
        Self {
            kind: "iMessage".into(),
            channel: "iMessage".into(),
            edit: Some(Window::Within(Duration::minutes(15))),
            delete: Some(Window::Within(Duration::minutes(2))),
            react: true,
            quote: false,
            send: true,
            start_chat: false,
            attachments: None,
            service_window: None,
            templates: false,
            idempotent_sends: true,
            max_text_chars: 9_999,
            chat_changes: ChatChanges::ARCHIVE_ONLY,
        }
    }

    fn late_other(channel: &Channel) -> Self {
        Self {
            kind: format!("{} (Late)", channel.label()),
            channel: channel.label().to_owned(),
            edit: None,
            delete: None,
            react: false,
            quote: false,
            send: true,
            start_chat: false,
            attachments: None,
            service_window: None,
            templates: false,
            idempotent_sends: true,
            max_text_chars: 4_096,
            chat_changes: ChatChanges::ARCHIVE_ONLY,
        }
    }

    /// A channel with no row: shown, never written to.
    fn unknown(channel: &Channel) -> Self {
        Self {
            kind: channel.label().to_owned(),
            channel: channel.label().to_owned(),
            edit: None,
            delete: None,
            react: false,
            quote: false,
            send: false,
            start_chat: false,
            attachments: None,
            service_window: None,
            templates: false,
            idempotent_sends: false,
            max_text_chars: 0,
            chat_changes: ChatChanges::NONE,
        }
    }
}

/// The Late platforms of the "late/other" row; any other has no row.
fn is_late_other(channel: &Channel) -> bool {
    const PLATFORMS: &[&str] = &["twitter", "bluesky", "reddit", "sms", "slack"];
    matches!(channel, Channel::Other(raw) if PLATFORMS.iter().any(|p| p.eq_ignore_ascii_case(raw)))
}

#[cfg(test)]
mod tests;
