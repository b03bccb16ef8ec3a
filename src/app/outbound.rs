//! An outbound action as the user will confirm it: everything the confirmation modal shows and
//! everything the request needs. Built by `update` from what is on screen, never from typed-in
//! identifiers, so it can only reach chats and attendees the account already has.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::domain::policy::Policy;
use crate::domain::rules::ReactionChange;
use crate::domain::{AccountId, Attendee, ChatChange, ChatId, MessageId, TemplateMessage};
use crate::store::{OutboxAction, OutboxFile, OutboxId};

/// The account an action is done as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountLabel {
    pub id: AccountId,
    pub name: String,
    pub phone: Option<String>,
}

/// The chat an action goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatLabel {
    pub id: ChatId,
    pub name: String,
    /// The other person's number for a one-to-one chat; the group's name otherwise.
    pub recipient: String,
}

/// The largest file an account sends, and whose limit it is, for the check of a chosen file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileLimit {
    pub max_bytes: u64,
    pub channel: String,
}

impl FileLimit {
    /// The account's limit. An account that sends no files is refused them before a file is
    /// chosen, and at the confirmation; a file of its saved draft is still checked against the
    /// provider's ceiling so that it stays shown.
    pub fn of(policy: &Policy) -> Self {
        let fallback = Policy::unipile_whatsapp();
        let attachments = policy
            .attachments
            .as_ref()
            .or(fallback.attachments.as_ref());
        Self {
            max_bytes: attachments.map_or(0, |a| a.max_bytes),
            channel: policy.channel.clone(),
        }
    }
}

/// A file chosen for sending, checked for existence and size when chosen and again before the
/// request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSpec {
    pub path: PathBuf,
    pub name: String,
    pub size: u64,
}

/// The message a reply quotes, as the composer and the confirmation show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotePreview {
    pub message_id: MessageId,
    pub sender: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutboundKind {
    Send {
        text: String,
        quote: Option<QuotePreview>,
        attachments: Vec<FileSpec>,
    },
    StartChat {
        attendee: Attendee,
        /// A chat with this person already exists: the message goes there instead.
        existing_chat: Option<ChatId>,
        text: String,
        attachments: Vec<FileSpec>,
    },
    /// An approved template into an existing chat (outside the customer-service window).
    Template {
        template: TemplateMessage,
        /// The body with the values filled in: what the customer will read.
        text: String,
    },
    React {
        message: MessageId,
        excerpt: String,
        change: ReactionChange,
    },
    Edit {
        message: MessageId,
        sent_at: DateTime<Utc>,
        old_text: String,
        new_text: String,
    },
    Delete {
        message: MessageId,
        sent_at: DateTime<Utc>,
        excerpt: String,
    },
    /// A change to the chat itself (`Outbound::chat` names it).
    ChatChange { change: ChatChange },
}

/// A new attempt at an action already in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    pub id: OutboxId,
    /// The earlier attempt may have arrived: sending again can duplicate it, and the
    /// confirmation says so.
    pub outcome_unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outbound {
    pub account: AccountLabel,
    /// `None` only for a start-chat into a new chat.
    pub chat: Option<ChatLabel>,
    pub kind: OutboundKind,
    pub retry: Option<Retry>,
}

impl Outbound {
    /// The action in words, for the modal's title and the audit log.
    /// What confirming does, in a few words: "press y to send".
    pub fn short_verb(&self) -> &'static str {
        match &self.kind {
            OutboundKind::Send { .. } | OutboundKind::Template { .. } => "send",
            OutboundKind::StartChat {
                existing_chat: Some(_),
                ..
            } => "send",
            OutboundKind::StartChat { .. } => "start the chat",
            OutboundKind::React {
                change: ReactionChange::Remove(_),
                ..
            } => "remove the reaction",
            OutboundKind::React { .. } => "react",
            OutboundKind::Edit { .. } => "edit",
            OutboundKind::Delete { .. } => "delete",
            OutboundKind::ChatChange { change } => match change {
                ChatChange::MarkUnread => "mark it unread",
                ChatChange::Archive => "archive it",
                ChatChange::Unarchive => "unarchive it",
                ChatChange::Mute => "mute it",
                ChatChange::Unmute => "unmute it",
            },
        }
    }

    pub fn verb(&self) -> &'static str {
        match &self.kind {
            OutboundKind::Send { quote: Some(_), .. } => "Reply quoting a message",
            OutboundKind::Send { .. } => "Send a message",
            OutboundKind::Template { .. } => "Send a template",
            OutboundKind::StartChat {
                existing_chat: Some(_),
                ..
            } => "Send a message (existing chat)",
            OutboundKind::StartChat { .. } => "Start a new chat",
            OutboundKind::React {
                change: ReactionChange::Remove(_),
                ..
            } => "Remove your reaction",
            OutboundKind::React { .. } => "React to a message",
            OutboundKind::Edit { .. } => "Edit your message",
            OutboundKind::Delete { .. } => "Delete your message for everyone",
            OutboundKind::ChatChange { change } => change.verb(),
        }
    }
}

/// A confirmed action as the outbox records it: what it does, the message it targets, the
/// chat it goes into, and the files to read for it.
pub struct OutboxRow<'a> {
    pub action: OutboxAction,
    pub target: Option<MessageId>,
    pub chat_id: Option<ChatId>,
    pub files: &'a [FileSpec],
}

impl Outbound {
    /// The one mapping from a confirmed action to its outbox row, and so to its request
    /// (`runtime::submit` sends what the row says). `update::outbox` maps a row back into a
    /// confirmation when the user sends it again.
    pub fn outbox_row(&self) -> OutboxRow<'_> {
        let chat_id = self.chat.as_ref().map(|c| c.id.clone());
        let no_files: &[FileSpec] = &[];
        match &self.kind {
            OutboundKind::Send {
                text,
                quote,
                attachments,
            } => OutboxRow {
                action: OutboxAction::Send {
                    text: text.clone(),
                    quote_id: quote.as_ref().map(|q| q.message_id.clone()),
                    attachments: outbox_files(attachments),
                    template: None,
                },
                target: None,
                chat_id,
                files: attachments,
            },
            OutboundKind::Template { template, text } => OutboxRow {
                action: OutboxAction::Send {
                    text: text.clone(),
                    quote_id: None,
                    attachments: Vec::new(),
                    template: Some(template.clone()),
                },
                target: None,
                chat_id,
                files: no_files,
            },
            OutboundKind::StartChat {
                attendee,
                existing_chat,
                text,
                attachments,
            } => OutboxRow {
                action: match existing_chat {
                    // A chat with this person exists: the message goes into it.
                    Some(_) => OutboxAction::Send {
                        text: text.clone(),
                        quote_id: None,
                        attachments: outbox_files(attachments),
                        template: None,
                    },
                    None => OutboxAction::StartChat {
                        attendee_provider_ids: vec![attendee.provider_id.clone()],
                        text: text.clone(),
                        attachments: outbox_files(attachments),
                    },
                },
                target: None,
                chat_id: existing_chat.clone(),
                files: attachments,
            },
            OutboundKind::React {
                message, change, ..
            } => OutboxRow {
                action: OutboxAction::React {
                    reaction: change.request_value().to_owned(),
                },
                target: Some(message.clone()),
                chat_id,
                files: no_files,
            },
            OutboundKind::Edit {
                message, new_text, ..
            } => OutboxRow {
                action: OutboxAction::Edit {
                    text: new_text.clone(),
                },
                target: Some(message.clone()),
                chat_id,
                files: no_files,
            },
            OutboundKind::Delete { message, .. } => OutboxRow {
                action: OutboxAction::Delete,
                target: Some(message.clone()),
                chat_id,
                files: no_files,
            },
            OutboundKind::ChatChange { change } => OutboxRow {
                action: OutboxAction::ChatChange { change: *change },
                target: None,
                chat_id,
                files: no_files,
            },
        }
    }
}

fn outbox_files(files: &[FileSpec]) -> Vec<OutboxFile> {
    files
        .iter()
        .map(|f| OutboxFile {
            path: f.path.clone(),
            size: f.size,
        })
        .collect()
}
