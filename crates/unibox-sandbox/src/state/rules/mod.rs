//! The contract's rules as the provider applies them (docs/DESIGN.md section 1): what a send, a
//! start-chat, a reaction, an edit or a delete may do, and what it changes. Every operation
//! takes `now`, so tests can place it anywhere in time.

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use thiserror::Error;
use unicode_segmentation::UnicodeSegmentation;

use super::World;
use super::records::*;
use crate::domain::{AccountId, AttachmentId, ChatId, MessageId};

/// WhatsApp accepts edits this long after the send time.
pub const EDIT_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// Delete-for-everyone works this long after the send time.
pub const DELETE_WINDOW: TimeDelta = TimeDelta::hours(60);
/// Largest file the provider accepts per attachment.
pub const MAX_FILE_BYTES: u64 = 25 * 1024 * 1024;
/// Longest text WhatsApp carries in one message.
pub const MAX_TEXT_CHARS: usize = 65_536;

/// Why the provider refuses a request. `crate::errors` maps each to its status and
/// `errors/<slug>`.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Rejection {
    #[error("account {0} not found")]
    UnknownAccount(AccountId),
    #[error("chat {0} not found")]
    UnknownChat(ChatId),
    #[error("message {0} not found")]
    UnknownMessage(MessageId),
    #[error("attachment {0} not found")]
    UnknownAttachment(AttachmentId),
    #[error("the attachment is no longer available on the phone")]
    AttachmentUnavailable,
    #[error("the account {0} is disconnected: reconnect it")]
    AccountDisconnected(String),
    #[error("the account {0} is still connecting")]
    AccountNotReady(String),
    #[error("the chat belongs to another account")]
    AccountMismatch,
    #[error("this chat is read-only")]
    ReadOnlyChat,
    #[error("reactions are disabled in this chat")]
    ReactionsDisabled,
    #[error("a reaction is one emoji, got {0:?}")]
    InvalidReaction(String),
    #[error("only messages sent by this account can be changed")]
    NotOwnMessage,
    #[error("the message was deleted")]
    MessageDeleted,
    #[error("only messages with text can be edited")]
    NotTextMessage,
    #[error("events cannot be reacted to")]
    EventMessage,
    #[error("messages can only be edited within 15 minutes of sending")]
    EditWindowClosed,
    #[error("messages can only be deleted for everyone within 60 hours of sending")]
    DeleteWindowClosed,
    #[error("{0} is not an attendee known to this account")]
    InvalidRecipient(String),
    #[error("missing parameter: {0}")]
    MissingParameter(&'static str),
    #[error("{0}")]
    InvalidParameter(String),
    #[error("{file_name} is {bytes} bytes; at most 25 MiB per file")]
    FileTooLarge { file_name: String, bytes: u64 },
    #[error("the text has {0} characters; at most 65536")]
    TextTooLong(usize),
    #[error("account resync is not available for this account: sync chat by chat")]
    ResyncNotImplemented,
}

impl Rejection {
    /// Refusals a real provider may answer with 2xx and silently ignore.
    pub fn is_outside_window(&self) -> bool {
        matches!(self, Self::EditWindowClosed | Self::DeleteWindowClosed)
    }
}

/// A file received in a multipart send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upload {
    pub file_name: String,
    pub mimetype: Option<String>,
    pub bytes: Bytes,
}

/// `POST /chats/{id}/messages`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewMessage {
    pub account_id: Option<AccountId>,
    pub text: Option<String>,
    pub quote_id: Option<MessageId>,
    pub uploads: Vec<Upload>,
}

/// `POST /chats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewChat {
    pub account_id: AccountId,
    pub attendee_provider_ids: Vec<String>,
    pub text: Option<String>,
    /// The group's name when several attendees are given.
    pub subject: Option<String>,
    pub uploads: Vec<Upload>,
}

const RESYNC_WALK: [&str; 3] = ["SYNC_STARTED", "SYNC_RUNNING", "SYNC_DONE"];
/// A chat history sync is slow: it runs over several polls, ends a chunk with `CHUNK_DONE`,
/// and a request after that starts it afresh.
const CHAT_SYNC_WALK: [&str; 4] = ["SYNC_STARTED", "SYNC_RUNNING", "SYNC_RUNNING", "CHUNK_DONE"];

impl World {
    pub fn send_message(
        &mut self,
        chat_id: &ChatId,
        request: NewMessage,
        now: DateTime<Utc>,
    ) -> Result<MessageId, Rejection> {
        let chat = self
            .chat(chat_id)
            .ok_or_else(|| Rejection::UnknownChat(chat_id.clone()))?;
        if request
            .account_id
            .as_ref()
            .is_some_and(|account| account != &chat.account_id)
        {
            return Err(Rejection::AccountMismatch);
        }
        self.require_connected(&chat.account_id.clone())?;
        let chat = self
            .chat(chat_id)
            .ok_or_else(|| Rejection::UnknownChat(chat_id.clone()))?;
        if chat.read_only != 0 {
            return Err(Rejection::ReadOnlyChat);
        }
        check_content(request.text.as_deref(), &request.uploads)?;
        let quoted = match &request.quote_id {
            Some(quote_id) => Some(self.quotable(chat_id, quote_id)?),
            None => None,
        };
        Ok(self.append_own_message(chat_id, request.text, quoted, request.uploads, now))
    }

    /// Warm-only: every recipient must be a person the account already knows. One known person
    /// with an existing one-to-one chat gets the message in that chat.
    pub fn start_chat(
        &mut self,
        request: NewChat,
        now: DateTime<Utc>,
    ) -> Result<(ChatId, MessageId), Rejection> {
        let account = request.account_id.clone();
        self.require_connected(&account)?;
        if request.attendee_provider_ids.is_empty() {
            return Err(Rejection::MissingParameter("attendees_ids"));
        }
        let mut recipients = Vec::new();
        for provider_id in &request.attendee_provider_ids {
            let attendee = self
                .known_attendees(&account)
                .find(|a| &a.provider_id == provider_id)
                .filter(|a| !a.is_self && provider_id.ends_with("@s.whatsapp.net"))
                .ok_or_else(|| Rejection::InvalidRecipient(provider_id.clone()))?;
            if !recipients.contains(attendee) {
                recipients.push(attendee.clone());
            }
        }
        check_content(request.text.as_deref(), &request.uploads)?;
        let existing = match recipients.as_slice() {
            [one] => self
                .chats()
                .iter()
                .find(|c| {
                    c.account_id == account
                        && c.chat_type == ChatType::Single
                        && c.attendee_provider_id.as_deref() == Some(one.provider_id.as_str())
                })
                .map(|c| c.id.clone()),
            _ => None,
        };
        let chat_id = match existing {
            Some(chat_id) => chat_id,
            None => self.open_chat(&account, &recipients, request.subject)?,
        };
        let message = self.append_own_message(&chat_id, request.text, None, request.uploads, now);
        Ok((chat_id, message))
    }

    /// One reaction per person and message: a new value replaces ours, an empty one removes it.
    pub fn react(&mut self, message_id: &MessageId, value: &str) -> Result<(), Rejection> {
        let (message, chat) = self.message_in_chat(message_id)?;
        if chat.reactions_disabled {
            return Err(Rejection::ReactionsDisabled);
        }
        if message.deleted {
            return Err(Rejection::MessageDeleted);
        }
        if message.is_event() {
            return Err(Rejection::EventMessage);
        }
        let is_one_emoji = value.graphemes(true).count() == 1 && !value.is_ascii();
        if !value.is_empty() && !is_one_emoji {
            return Err(Rejection::InvalidReaction(value.to_owned()));
        }
        let account = chat.account_id.clone();
        let own_id = self.require_connected(&account)?;
        let message = self
            .message_mut(message_id)
            .ok_or_else(|| Rejection::UnknownMessage(message_id.clone()))?;
        message.reactions.retain(|r| !r.is_sender);
        if !value.is_empty() {
            message.reactions.push(ReactionRecord {
                value: value.to_owned(),
                sender_id: own_id,
                is_sender: true,
            });
        }
        Ok(())
    }

    pub fn edit_message(
        &mut self,
        message_id: &MessageId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), Rejection> {
        let (message, chat) = self.message_in_chat(message_id)?;
        let account = chat.account_id.clone();
        if !message.is_sender {
            return Err(Rejection::NotOwnMessage);
        }
        if message.deleted {
            return Err(Rejection::MessageDeleted);
        }
        if message.text.as_deref().is_none_or(str::is_empty) {
            return Err(Rejection::NotTextMessage);
        }
        if now - message.timestamp > EDIT_WINDOW {
            return Err(Rejection::EditWindowClosed);
        }
        if text.trim().is_empty() {
            return Err(Rejection::MissingParameter("text"));
        }
        check_text_length(text)?;
        self.require_connected(&account)?;
        let message = self
            .message_mut(message_id)
            .ok_or_else(|| Rejection::UnknownMessage(message_id.clone()))?;
        message.text = Some(text.to_owned());
        message.edited = true;
        Ok(())
    }

    /// Delete for everyone: like WhatsApp, a revoked message keeps its place but loses its
    /// content.
    pub fn delete_message(
        &mut self,
        message_id: &MessageId,
        now: DateTime<Utc>,
    ) -> Result<(), Rejection> {
        let (message, chat) = self.message_in_chat(message_id)?;
        let account = chat.account_id.clone();
        if !message.is_sender {
            return Err(Rejection::NotOwnMessage);
        }
        if message.deleted {
            return Err(Rejection::MessageDeleted);
        }
        if now - message.timestamp > DELETE_WINDOW {
            return Err(Rejection::DeleteWindowClosed);
        }
        self.require_connected(&account)?;
        let message = self
            .message_mut(message_id)
            .ok_or_else(|| Rejection::UnknownMessage(message_id.clone()))?;
        message.deleted = true;
        message.text = None;
        message.attachments.clear();
        message.quoted = None;
        message.reactions.clear();
        Ok(())
    }

    /// `PATCH /chats/{id}` `setReadStatus`: `true` reads everything; `false` marks the newest
    /// message from the other side unread again, and the chat unread even without one (as
    /// WhatsApp's "mark as unread" does).
    pub fn set_read_status(&mut self, chat_id: &ChatId, read: bool) -> Result<(), Rejection> {
        self.require_chat_writable(chat_id)?;
        if read {
            self.mark_read(chat_id);
            return Ok(());
        }
        if let Some(newest) = self
            .messages
            .get_mut(chat_id)
            .and_then(|history| history.iter_mut().rev().find(|m| !m.is_sender))
        {
            newest.seen = false;
        }
        if let Some(chat) = self.chat_mut(chat_id) {
            chat.unread_count = chat.unread_count.max(1);
        }
        Ok(())
    }

    /// `PATCH /chats/{id}` `setArchiveStatus`: the chat's `archived`.
    pub fn set_archive_status(
        &mut self,
        chat_id: &ChatId,
        archived: bool,
    ) -> Result<(), Rejection> {
        self.require_chat_writable(chat_id)?;
        if let Some(chat) = self.chat_mut(chat_id) {
            chat.archived = archived;
        }
        Ok(())
    }

    /// `PATCH /chats/{id}` `setMuteStatus`: `true` mutes until unmuted (`muted_until: -1`),
    /// `false` unmutes.
    pub fn set_mute_status(&mut self, chat_id: &ChatId, muted: bool) -> Result<(), Rejection> {
        self.require_chat_writable(chat_id)?;
        if let Some(chat) = self.chat_mut(chat_id) {
            chat.muted_until = if muted {
                MutedUntil::Forever
            } else {
                MutedUntil::NotMuted
            };
        }
        Ok(())
    }

    /// The chat exists and its account is connected: the checks of every `PATCH /chats/{id}`.
    fn require_chat_writable(&self, chat_id: &ChatId) -> Result<(), Rejection> {
        let account = self
            .chat(chat_id)
            .ok_or_else(|| Rejection::UnknownChat(chat_id.clone()))?
            .account_id
            .clone();
        self.require_connected(&account).map(drop)
    }

    /// A message from the other side arrives now (simulated traffic, or a test).
    pub fn receive(
        &mut self,
        chat_id: &ChatId,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<MessageId, Rejection> {
        self.receive_with(chat_id, Some(text), None, now)
    }

    /// A message from the other side carrying a file (`file_name` `None`: sent without one,
    /// as WhatsApp does for photos).
    pub fn receive_file(
        &mut self,
        chat_id: &ChatId,
        file_name: Option<&str>,
        mimetype: &str,
        bytes: Bytes,
        now: DateTime<Utc>,
    ) -> Result<MessageId, Rejection> {
        let attachment = AttachmentRecord {
            id: self.ids.attachment(),
            kind: AttachmentKind::File,
            mimetype: mimetype.to_owned(),
            file_size: bytes.len() as u64,
            file_name: file_name.map(str::to_owned),
            unavailable: false,
            content: AttachmentContent::Uploaded(bytes),
        };
        self.receive_with(chat_id, None, Some(attachment), now)
    }

    fn receive_with(
        &mut self,
        chat_id: &ChatId,
        text: Option<&str>,
        attachment: Option<AttachmentRecord>,
        now: DateTime<Utc>,
    ) -> Result<MessageId, Rejection> {
        let chat = self
            .chat(chat_id)
            .ok_or_else(|| Rejection::UnknownChat(chat_id.clone()))?;
        let (chat_provider_id, account_id) = (chat.provider_id.clone(), chat.account_id.clone());
        let others: Vec<AttendeeRecord> =
            self.members(chat).filter(|a| !a.is_self).cloned().collect();
        let Some(sender) = others.get(self.inbound_turn % others.len().max(1)).cloned() else {
            return Err(Rejection::InvalidParameter(format!(
                "chat {chat_id} has nobody to write from"
            )));
        };
        self.inbound_turn = self.inbound_turn.wrapping_add(1);
        let timestamp = self.next_timestamp(chat_id, now);
        let message = MessageRecord {
            id: self.ids.message(),
            account_id,
            chat_id: chat_id.clone(),
            chat_provider_id,
            provider_id: self.ids.message_provider_id(false),
            sender_id: sender.provider_id.clone(),
            sender_attendee_id: sender.id.clone(),
            text: text.map(str::to_owned),
            attachments: attachment.into_iter().collect(),
            timestamp,
            is_sender: false,
            quoted: None,
            reactions: Vec::new(),
            seen: false,
            seen_by: Vec::new(),
            delivered: true,
            deleted: false,
            edited: false,
            event_type: None,
        };
        let id = self.push_message(message);
        if let Some(chat) = self.chat_mut(chat_id) {
            chat.unread_count += 1;
        }
        Ok(id)
    }

    /// The contact reads what we sent at least `after` ago: called on every read of the chat.
    pub fn settle_reads(&mut self, chat_id: &ChatId, now: DateTime<Utc>, after: TimeDelta) {
        let Some(chat) = self.chat(chat_id) else {
            return;
        };
        let readers: Vec<String> = self
            .members(chat)
            .filter(|a| !a.is_self)
            .map(|a| a.provider_id.clone())
            .collect();
        let pending = std::mem::take(&mut self.unread_by_contact);
        for (chat, message_id) in pending {
            let due = &chat == chat_id
                && self
                    .message(&message_id)
                    .is_some_and(|m| m.timestamp + after <= now);
            match self.message_mut(&message_id) {
                Some(message) if due => {
                    message.seen = true;
                    message.seen_by = readers.iter().map(|r| (r.clone(), now)).collect();
                }
                _ => self.unread_by_contact.push((chat, message_id)),
            }
        }
    }

    /// `GET /accounts/{id}/sync`: each poll advances SYNC_STARTED → SYNC_RUNNING → SYNC_DONE,
    /// then starts again.
    pub fn poll_account_resync(
        &mut self,
        account_id: &AccountId,
    ) -> Result<&'static str, Rejection> {
        let account = self
            .account(account_id)
            .ok_or_else(|| Rejection::UnknownAccount(account_id.clone()))?;
        if account.resync == ResyncSupport::NotImplemented {
            return Err(Rejection::ResyncNotImplemented);
        }
        self.require_connected(account_id)?;
        Ok(self.advance_resync(account_id.as_str(), &RESYNC_WALK))
    }

    /// `GET /chats/{id}/sync`, the per-chat fallback: a slower walk that ends in `CHUNK_DONE`.
    pub fn poll_chat_sync(&mut self, chat_id: &ChatId) -> Result<&'static str, Rejection> {
        let account = self
            .chat(chat_id)
            .ok_or_else(|| Rejection::UnknownChat(chat_id.clone()))?
            .account_id
            .clone();
        self.require_connected(&account)?;
        Ok(self.advance_resync(chat_id.as_str(), &CHAT_SYNC_WALK))
    }

    fn advance_resync(&mut self, key: &str, walk: &[&'static str]) -> &'static str {
        let polls = self.resync_polls.entry(key.to_owned()).or_default();
        let status = walk
            .get(*polls as usize % walk.len().max(1))
            .copied()
            .unwrap_or("SYNC_DONE");
        *polls = polls.wrapping_add(1);
        status
    }

    /// The account's own provider id, if it can act now.
    fn require_connected(&self, account_id: &AccountId) -> Result<String, Rejection> {
        let account = self
            .account(account_id)
            .ok_or_else(|| Rejection::UnknownAccount(account_id.clone()))?;
        match account.status {
            AccountStatus::Ok => Ok(account.provider_id()),
            AccountStatus::Connecting => Err(Rejection::AccountNotReady(account.name.clone())),
            AccountStatus::Credentials | AccountStatus::Error => {
                Err(Rejection::AccountDisconnected(account.name.clone()))
            }
        }
    }

    fn message_in_chat(
        &self,
        message_id: &MessageId,
    ) -> Result<(&MessageRecord, &ChatRecord), Rejection> {
        let message = self
            .message(message_id)
            .ok_or_else(|| Rejection::UnknownMessage(message_id.clone()))?;
        let chat = self
            .chat(&message.chat_id)
            .ok_or_else(|| Rejection::UnknownChat(message.chat_id.clone()))?;
        Ok((message, chat))
    }

    fn quotable(&self, chat_id: &ChatId, quote_id: &MessageId) -> Result<QuotedRecord, Rejection> {
        let quoted = self
            .messages(chat_id)
            .iter()
            .find(|m| &m.id == quote_id)
            .ok_or_else(|| {
                Rejection::InvalidParameter(format!(
                    "quote_id {quote_id} is not a message of this chat"
                ))
            })?;
        if quoted.deleted || quoted.is_event() {
            return Err(Rejection::InvalidParameter(format!(
                "message {quote_id} cannot be quoted"
            )));
        }
        Ok(quoted.as_quoted())
    }

    fn open_chat(
        &mut self,
        account: &AccountId,
        recipients: &[AttendeeRecord],
        subject: Option<String>,
    ) -> Result<ChatId, Rejection> {
        let own = self
            .self_attendee(account)
            .ok_or_else(|| Rejection::UnknownAccount(account.clone()))?
            .id
            .clone();
        let members = std::iter::once(own)
            .chain(recipients.iter().map(|a| a.id.clone()))
            .collect();
        let (provider_id, attendee_provider_id, name, chat_type) = match recipients {
            [one] => (
                one.provider_id.clone(),
                Some(one.provider_id.clone()),
                Some(one.name.clone()),
                ChatType::Single,
            ),
            _ => {
                let names: Vec<&str> = recipients.iter().map(|a| a.name.as_str()).collect();
                (
                    self.ids.group_provider_id(),
                    None,
                    Some(subject.unwrap_or_else(|| names.join(", "))),
                    ChatType::Group,
                )
            }
        };
        let chat = ChatRecord {
            id: self.ids.chat(),
            account_id: account.clone(),
            provider_id,
            attendee_provider_id,
            name,
            chat_type,
            timestamp: None,
            unread_count: 0,
            archived: false,
            muted_until: MutedUntil::NotMuted,
            read_only: 0,
            reactions_disabled: false,
            members,
        };
        let id = chat.id.clone();
        self.add_chat(chat, Vec::new());
        Ok(id)
    }

    /// Stores a message we sent now. Replying reads the chat, as on the phone.
    fn append_own_message(
        &mut self,
        chat_id: &ChatId,
        text: Option<String>,
        quoted: Option<QuotedRecord>,
        uploads: Vec<Upload>,
        now: DateTime<Utc>,
    ) -> MessageId {
        let (chat_provider_id, account_id) = self
            .chat(chat_id)
            .map(|c| (c.provider_id.clone(), c.account_id.clone()))
            .unwrap_or_default();
        let (sender_id, sender_attendee_id) = self
            .self_attendee(&account_id)
            .map(|a| (a.provider_id.clone(), a.id.clone()))
            .unwrap_or_default();
        let attachments = uploads
            .into_iter()
            .map(|upload| self.stored_upload(upload))
            .collect();
        let timestamp = self.next_timestamp(chat_id, now);
        let message = MessageRecord {
            id: self.ids.message(),
            account_id,
            chat_id: chat_id.clone(),
            chat_provider_id,
            provider_id: self.ids.message_provider_id(true),
            sender_id,
            sender_attendee_id,
            text: text.filter(|t| !t.is_empty()),
            attachments,
            timestamp,
            is_sender: true,
            quoted,
            reactions: Vec::new(),
            seen: false,
            seen_by: Vec::new(),
            delivered: true,
            deleted: false,
            edited: false,
            event_type: None,
        };
        let id = self.push_message(message);
        self.unread_by_contact.push((chat_id.clone(), id.clone()));
        self.mark_read(chat_id);
        id
    }

    fn stored_upload(&mut self, upload: Upload) -> AttachmentRecord {
        let mimetype = upload
            .mimetype
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        let kind = match mimetype.split('/').next() {
            Some("image") => AttachmentKind::Image {
                width: 0,
                height: 0,
            },
            Some("video") => AttachmentKind::Video {
                width: 0,
                height: 0,
            },
            Some("audio") => AttachmentKind::Audio {
                voice_note: false,
                duration_secs: 0,
            },
            _ => AttachmentKind::File,
        };
        AttachmentRecord {
            id: self.ids.attachment(),
            kind,
            mimetype,
            file_size: upload.bytes.len() as u64,
            file_name: Some(upload.file_name),
            unavailable: false,
            content: AttachmentContent::Uploaded(upload.bytes),
        }
    }

    /// Now, or just after the chat's newest message, so a new message is always the newest.
    fn next_timestamp(&self, chat_id: &ChatId, now: DateTime<Utc>) -> DateTime<Utc> {
        match self.messages(chat_id).last() {
            Some(last) if last.timestamp >= now => last.timestamp + TimeDelta::milliseconds(1),
            _ => now,
        }
    }

    fn push_message(&mut self, message: MessageRecord) -> MessageId {
        let id = message.id.clone();
        let chat_id = message.chat_id.clone();
        let timestamp = message.timestamp;
        self.message_chats.insert(id.clone(), chat_id.clone());
        self.messages
            .entry(chat_id.clone())
            .or_default()
            .push(message);
        if let Some(chat) = self.chat_mut(&chat_id) {
            chat.timestamp = Some(timestamp);
        }
        id
    }

    fn mark_read(&mut self, chat_id: &ChatId) {
        if let Some(history) = self.messages.get_mut(chat_id) {
            for message in history.iter_mut().filter(|m| !m.is_sender) {
                message.seen = true;
            }
        }
        if let Some(chat) = self.chat_mut(chat_id) {
            chat.unread_count = 0;
        }
    }
}

fn check_content(text: Option<&str>, uploads: &[Upload]) -> Result<(), Rejection> {
    if text.is_none_or(str::is_empty) && uploads.is_empty() {
        return Err(Rejection::MissingParameter("text"));
    }
    if let Some(text) = text {
        check_text_length(text)?;
    }
    match uploads
        .iter()
        .find(|u| u.bytes.len() as u64 > MAX_FILE_BYTES)
    {
        Some(upload) => Err(Rejection::FileTooLarge {
            file_name: upload.file_name.clone(),
            bytes: upload.bytes.len() as u64,
        }),
        None => Ok(()),
    }
}

fn check_text_length(text: &str) -> Result<(), Rejection> {
    match text.chars().count() {
        chars if chars > MAX_TEXT_CHARS => Err(Rejection::TextTooLong(chars)),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
