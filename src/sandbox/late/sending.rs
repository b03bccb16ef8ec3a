//! What happens when something is sent to a customer: WhatsApp's rules in the order Meta
//! applies them (template lookup, customer-service window, quoted message, pacing), then the
//! message joins the conversation.

use bytes::Bytes;
use chrono::{DateTime, Utc};

use super::errors::LateError;
use super::records::{DeliveryStatus, Direction, LateAttachment, LateMessage, MediaKind};
use super::templates;
use super::window;
use super::world::LateWorld;
use crate::domain::AttachmentId;
use crate::sandbox::state::{AttachmentContent, AttachmentKind, AttachmentRecord};

/// WhatsApp's longest text message.
pub const MAX_TEXT_CHARS: usize = 4096;

#[derive(Debug, Clone)]
pub struct Upload {
    pub file_name: Option<String>,
    pub mimetype: String,
    pub bytes: Bytes,
}

#[derive(Debug, Clone)]
pub enum Outgoing {
    Text {
        text: String,
        reply_to: Option<String>,
    },
    File {
        caption: Option<String>,
        reply_to: Option<String>,
        upload: Upload,
    },
    Template {
        name: String,
        language: String,
        values: Vec<String>,
    },
}

impl Outgoing {
    fn reply_to(&self) -> Option<&str> {
        match self {
            Self::Text { reply_to, .. } | Self::File { reply_to, .. } => reply_to.as_deref(),
            Self::Template { .. } => None,
        }
    }
}

/// Sends `outgoing` into `conversation` at `now`; the message as it is now stored.
pub fn send(
    world: &mut LateWorld,
    conversation: &str,
    outgoing: Outgoing,
    now: DateTime<Utc>,
) -> Result<LateMessage, LateError> {
    let Some(found) = world.conversation(conversation).cloned() else {
        return Err(LateError::not_found(
            "conversation_not_found",
            "No such conversation.",
        ));
    };
    let Some(account) = world.account(&found.account_id).cloned() else {
        return Err(LateError::not_found(
            "account_not_found",
            "No such account.",
        ));
    };
    let text = match &outgoing {
        Outgoing::Template {
            name,
            language,
            values,
        } => {
            let template = templates::sendable(world.templates(&account.id), name, language)
                .map_err(|refusal| LateError::template_lookup(&refusal))?;
            Some(
                templates::fill(template, values)
                    .map_err(|refusal| LateError::template_lookup(&refusal))?,
            )
        }
        Outgoing::Text { text, .. } => Some(text.clone()),
        Outgoing::File { caption, .. } => caption.clone(),
    };
    let free_form = !matches!(outgoing, Outgoing::Template { .. });
    if free_form && !window::is_open(world.messages(conversation), now) {
        return Err(LateError::window_closed());
    }
    if text
        .as_deref()
        .is_some_and(|text| text.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(LateError::invalid(
            "message",
            format!("A WhatsApp text holds at most {MAX_TEXT_CHARS} characters."),
        ));
    }
    if let Some(quoted) = outgoing.reply_to()
        && !world.messages(conversation).iter().any(|m| m.id == quoted)
    {
        return Err(LateError::invalid(
            "replyTo",
            "replyTo names no message of this conversation.",
        ));
    }
    if !world
        .recipient_limit
        .allows(&account.id, &found.participant_id, now)
    {
        return Err(LateError::recipient_rate_limited());
    }
    let attachments = match &outgoing {
        Outgoing::File { upload, .. } => vec![stored(world, upload)],
        _ => Vec::new(),
    };
    let message = LateMessage {
        id: world.ids.wamid(),
        conversation_id: found.id.clone(),
        account_id: account.id.clone(),
        direction: Direction::Outgoing,
        text,
        sender_id: account.wa_id(),
        sender_name: Some(account.display_name.clone()),
        created_at: now,
        attachments,
        reactions: Vec::new(),
        delivery_status: Some(DeliveryStatus::Sent),
        read: false,
        is_edited: false,
        is_deleted: false,
        quoted_message_id: outgoing.reply_to().map(str::to_owned),
        sent_via: Some("api"),
    };
    world
        .recipient_limit
        .record(&account.id, &found.participant_id, now);
    world.push_message(message.clone());
    Ok(message)
}

/// An upload as Meta keeps it: a new media id over exactly the bytes received.
fn stored(world: &mut LateWorld, upload: &Upload) -> LateAttachment {
    let media_id = world.ids.media();
    let kind = MediaKind::from_mimetype(&upload.mimetype);
    LateAttachment {
        media: AttachmentRecord {
            id: AttachmentId::new(media_id.clone()),
            kind: match kind {
                MediaKind::Image => AttachmentKind::Image {
                    width: 0,
                    height: 0,
                },
                MediaKind::Video => AttachmentKind::Video {
                    width: 0,
                    height: 0,
                },
                MediaKind::Audio => AttachmentKind::Audio {
                    voice_note: false,
                    duration_secs: 0,
                },
                MediaKind::File => AttachmentKind::File,
            },
            mimetype: upload.mimetype.clone(),
            file_size: u64::try_from(upload.bytes.len()).unwrap_or(u64::MAX),
            file_name: upload.file_name.clone(),
            unavailable: false,
            content: AttachmentContent::Uploaded(upload.bytes.clone()),
        },
        media_id,
        kind,
    }
}
