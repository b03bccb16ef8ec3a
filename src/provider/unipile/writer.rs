//! `ProviderWrite` over the contract. Every write is sent exactly once: there is no idempotency
//! key, so a retry could send a message twice. A failure says through
//! `ProviderError::send_outcome` whether the write may have taken effect.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde::de::DeserializeOwned;
use serde_json::json;

use super::query::iso_millis;
use super::transport::{WriteBody, WriteChannel};
use super::wire::{ChatStartedReply, HostedAuthUrlReply, MessageSentReply};
use crate::domain::{AccountId, ChatChange, ChatId, MessageId};
use crate::provider::media_type;
use crate::provider::{
    ChatStarted, MessageSent, OutgoingFile, ProviderError, ProviderWrite, Result, SendMessage,
    StartChat,
};

/// Unipile's ceiling per attached file (its contract; the unipile rows of `domain::policy`).
const MAX_ATTACHMENT_BYTES: u64 = 25 * 1024 * 1024;

/// The write side of the contract. Only a program allowed to send builds one.
#[derive(Clone)]
pub struct UnipileWriter {
    pub(super) http: WriteChannel,
}

impl UnipileWriter {
    pub(super) fn new(http: WriteChannel) -> Self {
        Self { http }
    }
}

impl fmt::Debug for UnipileWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnipileWriter")
            .field("base_url", self.http.base())
            .finish()
    }
}

#[async_trait]
impl ProviderWrite for UnipileWriter {
    async fn send_message(&self, chat: &ChatId, message: &SendMessage) -> Result<MessageSent> {
        if message.template.is_some() {
            return Err(ProviderError::Invalid(
                "a linked WhatsApp app sends no templates: nothing was sent".to_owned(),
            ));
        }
        let mut form = Form::new().text("account_id", message.account_id.to_string());
        // An attachment may go without a caption; an empty `text` part would add one.
        if !message.text.is_empty() {
            form = form.text("text", message.text.clone());
        }
        if let Some(quote) = &message.quote_id {
            form = form.text("quote_id", quote.to_string());
        }
        let form = with_attachments(form, &message.attachments)?;
        let url = self.http.url(["chats", chat.as_str(), "messages"]);
        let body = self
            .http
            .send(Method::POST, url, WriteBody::Multipart(form))
            .await?;
        let reply: MessageSentReply = acknowledgement(body, "message sent");
        Ok(MessageSent {
            message_id: reply.message_id.map(MessageId::from),
        })
    }

    async fn start_chat(&self, request: &StartChat) -> Result<ChatStarted> {
        if request.attendee_provider_ids.is_empty() {
            return Err(ProviderError::Invalid(
                "a new chat needs at least one attendee".to_owned(),
            ));
        }
        let mut form = Form::new().text("account_id", request.account_id.to_string());
        for attendee in &request.attendee_provider_ids {
            form = form.text("attendees_ids", attendee.clone());
        }
        if !request.text.is_empty() {
            form = form.text("text", request.text.clone());
        }
        let form = with_attachments(form, &request.attachments)?;
        let body = self
            .http
            .send(
                Method::POST,
                self.http.url(["chats"]),
                WriteBody::Multipart(form),
            )
            .await?;
        let reply: ChatStartedReply = acknowledgement(body, "chat started");
        Ok(ChatStarted {
            chat_id: reply.chat_id.map(ChatId::from),
            message_id: reply.message_id.map(MessageId::from),
        })
    }

    async fn react(&self, message: &MessageId, reaction: &str) -> Result<()> {
        let url = self.http.url(["messages", message.as_str(), "reaction"]);
        let body = WriteBody::Json(json!({ "reaction": reaction }));
        self.http.send(Method::POST, url, body).await.map(drop)
    }

    async fn edit(&self, message: &MessageId, text: &str) -> Result<()> {
        let url = self.http.url(["messages", message.as_str()]);
        let body = WriteBody::Json(json!({ "text": text }));
        self.http.send(Method::PATCH, url, body).await.map(drop)
    }

    async fn delete(&self, message: &MessageId) -> Result<()> {
        let url = self.http.url(["messages", message.as_str()]);
        self.http
            .send(Method::DELETE, url, WriteBody::None)
            .await
            .map(drop)
    }

    async fn mark_read(&self, chat: &ChatId) -> Result<()> {
        let url = self.http.url(["chats", chat.as_str()]);
        let body = WriteBody::Json(json!({ "action": "setReadStatus", "value": true }));
        self.http.send(Method::PATCH, url, body).await.map(drop)
    }

    /// The same route as mark-read, with the action of the change: `setReadStatus false`,
    /// `setArchiveStatus`, `setMuteStatus`, each with a boolean `value`.
    async fn change_chat(&self, chat: &ChatId, change: ChatChange) -> Result<()> {
        let (action, value) = match change {
            ChatChange::MarkUnread => ("setReadStatus", false),
            ChatChange::Archive => ("setArchiveStatus", true),
            ChatChange::Unarchive => ("setArchiveStatus", false),
            ChatChange::Mute => ("setMuteStatus", true),
            ChatChange::Unmute => ("setMuteStatus", false),
        };
        let url = self.http.url(["chats", chat.as_str()]);
        let body = WriteBody::Json(json!({ "action": action, "value": value }));
        self.http.send(Method::PATCH, url, body).await.map(drop)
    }

    async fn reconnect_link(
        &self,
        account: &AccountId,
        expires_on: DateTime<Utc>,
    ) -> Result<String> {
        let url = self.http.url(["hosted", "accounts", "link"]);
        // The contract requires `type`, `reconnect_account`, `api_url` and `expiresOn`.
        let body = WriteBody::Json(json!({
            "type": "reconnect",
            "reconnect_account": account.as_str(),
            "api_url": self.http.base().server_root(),
            "expiresOn": iso_millis(expires_on),
        }));
        let body = self.http.send(Method::POST, url, body).await?;
        let reply: HostedAuthUrlReply = acknowledgement(body, "reconnection link");
        reply
            .url
            .filter(|url| !url.is_empty())
            .ok_or_else(|| ProviderError::Invalid("the answer carried no link".to_owned()))
    }
}

/// Adds one `attachments` file part per file. Checked here too because a refusal before
/// sending is the only failure that is certainly harmless.
fn with_attachments(mut form: Form, files: &[OutgoingFile]) -> Result<Form> {
    for file in files {
        if file.bytes.len() as u64 > MAX_ATTACHMENT_BYTES {
            return Err(ProviderError::Invalid(format!(
                "{} is larger than the {} the provider accepts",
                file.file_name,
                crate::text::human_size(MAX_ATTACHMENT_BYTES)
            )));
        }
        let mimetype = match &file.mimetype {
            Some(given) => given.clone(),
            None => media_type::of_file(&file.file_name, &file.bytes),
        };
        let part = Part::stream_with_length(file.bytes.clone(), file.bytes.len() as u64)
            .file_name(header_safe_file_name(&file.file_name))
            .mime_str(&mimetype)
            .map_err(|_| {
                ProviderError::Invalid(format!("{mimetype:?} is not a valid content type"))
            })?;
        form = form.part("attachments", part);
    }
    Ok(form)
}

/// The multipart header quotes the file name but lets line breaks through; they would break
/// the part's headers, so control characters become `_`.
fn header_safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect()
}

/// The 2xx answer of a write, read leniently: the write took effect, so a thin or garbled
/// acknowledgement only loses the ids, never turns into an error.
fn acknowledgement<R: DeserializeOwned + Default>(body: Option<Bytes>, what: &str) -> R {
    body.and_then(|body| {
        serde_json::from_slice(&body)
            .inspect_err(|error| tracing::warn!(what, %error, "unreadable acknowledgement"))
            .ok()
    })
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_break_multipart_headers() {
        assert_eq!(
            header_safe_file_name("a\r\nContent-Type: x\u{7}.pdf"),
            "a__Content-Type: x_.pdf"
        );
        assert_eq!(header_safe_file_name("façade 👍.jpg"), "façade 👍.jpg");
    }

    #[test]
    fn thin_or_broken_acknowledgements_lose_ids_not_the_success() {
        let sent: MessageSentReply = acknowledgement(
            Some(Bytes::from_static(
                br#"{"object":"MessageSent","message_id":"m1"}"#,
            )),
            "t",
        );
        assert_eq!(sent.message_id.as_deref(), Some("m1"));
        let broken: MessageSentReply = acknowledgement(Some(Bytes::from_static(b"<html>")), "t");
        assert_eq!(broken.message_id, None);
        let unread: ChatStartedReply = acknowledgement(None, "t");
        assert_eq!(unread.chat_id, None);
    }

    #[test]
    fn oversized_or_mistyped_files_are_refused_before_sending() {
        let file = |len: usize, mimetype: &str| OutgoingFile {
            file_name: "f.bin".into(),
            mimetype: Some(mimetype.into()),
            bytes: Bytes::from(vec![0u8; len]),
        };
        let too_big = file(MAX_ATTACHMENT_BYTES as usize + 1, "image/png");
        let error = with_attachments(Form::new(), &[too_big]).unwrap_err();
        assert!(
            matches!(&error, ProviderError::Invalid(m) if m.contains("25 MB")),
            "{error:?}"
        );
        assert_eq!(
            error.send_outcome(),
            crate::provider::SendOutcome::NotApplied
        );
        let error = with_attachments(Form::new(), &[file(3, "not a mime\n")]).unwrap_err();
        assert!(matches!(error, ProviderError::Invalid(_)));
        assert!(with_attachments(Form::new(), &[file(3, "image/png")]).is_ok());
    }
}
