//! `ProviderWrite` over Late. Every write is sent exactly once and carries an
//! `Idempotency-Key`: a message's or a new chat's is its outbox entry's, so a repeat of that
//! entry is answered with the first answer (`Idempotent-Replayed: true`) instead of a second
//! message; reactions and read marks get a key of their own (repeating them is harmless, and a
//! later, wanted repeat must not be mistaken for a retry). Edit and delete are refused before
//! any request: WhatsApp offers neither through Late.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::ids::{ConversationRef, MessageRef, late_account};
use super::not_offered;
use super::transport::{WriteBody, WriteChannel};
use super::wire::MessageSentReply;
use crate::domain::policy::Policy;
use crate::domain::{
    AccountId, Channel, ChatChange, ChatId, MessageId, Provider, TemplateMessage,
    phone_from_provider_id,
};
use crate::provider::media_type;
use crate::provider::{
    ChatStarted, IdempotencyKey, MessageSent, OutgoingFile, ProviderError, ProviderWrite, Result,
    SendMessage, StartChat,
};

/// The write side of Late. Only a program allowed to send builds one.
#[derive(Clone)]
pub struct LateWriter {
    pub(super) http: WriteChannel,
}

impl LateWriter {
    pub(super) fn new(http: WriteChannel) -> Self {
        Self { http }
    }

    /// Sends an approved template into an existing conversation: the way to write to a
    /// customer once their 24-hour window has closed.
    pub async fn send_template(
        &self,
        chat: &ChatId,
        template: &TemplateMessage,
        key: &IdempotencyKey,
    ) -> Result<MessageSent> {
        let conversation = ConversationRef::parse(chat)?;
        let body = json!({
            "accountId": conversation.account,
            "template": { "elements": [{
                "name": template.name,
                "language": template.language,
                "components": body_components(&template.values),
            }]},
        });
        let written = self
            .http
            .send(
                Method::POST,
                messages_url(&self.http, &conversation),
                key,
                WriteBody::Json(body),
            )
            .await?;
        Ok(message_sent(&conversation, written))
    }
}

impl fmt::Debug for LateWriter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LateWriter")
            .field("base_url", self.http.base())
            .finish()
    }
}

fn messages_url(http: &WriteChannel, conversation: &ConversationRef) -> reqwest::Url {
    http.url([
        "inbox",
        "conversations",
        &conversation.conversation,
        "messages",
    ])
}

/// Meta's body component with the variables' values, in order; none without values.
fn body_components(values: &[String]) -> Vec<Value> {
    if values.is_empty() {
        return Vec::new();
    }
    let parameters: Vec<Value> = values
        .iter()
        .map(|value| json!({ "type": "text", "text": value }))
        .collect();
    vec![json!({ "type": "body", "parameters": parameters })]
}

/// The ids a send's acknowledgement names; a thin or garbled one loses them, never the
/// success.
fn message_sent(conversation: &ConversationRef, written: Option<Bytes>) -> MessageSent {
    let reply: MessageSentReply = acknowledgement(written);
    let data = reply.data.unwrap_or_default();
    let conversation = data.conversation_id.filter(|c| !c.is_empty()).map_or_else(
        || conversation.clone(),
        |c| ConversationRef::new(&conversation.account, &c),
    );
    MessageSent {
        message_id: data
            .message_id
            .filter(|m| !m.is_empty())
            .map(|m| conversation.message(&m).message_id()),
    }
}

fn acknowledgement(body: Option<Bytes>) -> MessageSentReply {
    body.and_then(|body| {
        serde_json::from_slice(&body)
            .inspect_err(|error| tracing::warn!(%error, "unreadable acknowledgement"))
            .ok()
    })
    .unwrap_or_default()
}

/// The one file of a multipart send. WhatsApp carries one file per message.
fn file_part(file: &OutgoingFile) -> Result<Part> {
    // The Cloud API's largest file (its policy row); checked here too because a refusal before
    // sending is the only failure that is certainly harmless.
    let limit = Policy::of(Provider::Late, &Channel::WhatsApp)
        .attachments
        .map_or(0, |attachments| attachments.max_bytes);
    if file.bytes.len() as u64 > limit {
        return Err(ProviderError::Invalid(format!(
            "{} is larger than the {} the provider accepts",
            file.file_name,
            crate::text::human_size(limit)
        )));
    }
    let mimetype = match &file.mimetype {
        Some(given) => given.clone(),
        None => media_type::of_file(&file.file_name, &file.bytes),
    };
    let name: String = file
        .file_name
        .chars()
        .map(|c| if c.is_control() { '_' } else { c })
        .collect();
    Part::stream_with_length(file.bytes.clone(), file.bytes.len() as u64)
        .file_name(name)
        .mime_str(&mimetype)
        .map_err(|_| ProviderError::Invalid(format!("{mimetype:?} is not a valid content type")))
}

/// The number to write to: Late takes the WhatsApp participant as an international number
/// in digits (`33611111111`), as its conversations name them. A WhatsApp id
/// (`33611111111@s.whatsapp.net`) or a written number (`+33 6 11 11 11 11`) becomes that.
fn participant(provider_id: &str) -> String {
    let number = phone_from_provider_id(provider_id).unwrap_or_else(|| provider_id.to_owned());
    let digits: String = number
        .trim()
        .trim_start_matches('+')
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    if digits.is_empty() { number } else { digits }
}

#[async_trait]
impl ProviderWrite for LateWriter {
    /// Text (JSON), or one file with an optional caption (multipart); `quote_id` becomes
    /// `replyTo`.
    async fn send_message(&self, chat: &ChatId, message: &SendMessage) -> Result<MessageSent> {
        if let Some(template) = &message.template {
            return self
                .send_template(chat, template, &message.idempotency_key)
                .await;
        }
        let conversation = ConversationRef::parse(chat)?;
        let reply_to = match &message.quote_id {
            Some(quote) => Some(MessageRef::parse(quote)?.message),
            None => None,
        };
        let body = match message.attachments.as_slice() {
            [] => {
                if message.text.trim().is_empty() {
                    return Err(ProviderError::Invalid("nothing to send".to_owned()));
                }
                let mut body = json!({
                    "accountId": conversation.account,
                    "message": message.text,
                });
                if let Some(reply_to) = reply_to {
                    body["replyTo"] = Value::from(reply_to);
                }
                WriteBody::Json(body)
            }
            [file] => {
                let mut form = Form::new().text("accountId", conversation.account.clone());
                // An attachment may go without a caption.
                if !message.text.is_empty() {
                    form = form.text("message", message.text.clone());
                }
                if let Some(reply_to) = reply_to {
                    form = form.text("replyTo", reply_to);
                }
                WriteBody::Multipart(form.part("file", file_part(file)?))
            }
            _ => {
                return Err(ProviderError::Invalid(
                    "WhatsApp sends one file per message: send them one at a time".to_owned(),
                ));
            }
        };
        let written = self
            .http
            .send(
                Method::POST,
                messages_url(&self.http, &conversation),
                &message.idempotency_key,
                body,
            )
            .await?;
        Ok(message_sent(&conversation, written))
    }

    /// To a known contact's phone number; with `request.template` when WhatsApp wants one
    /// (it does to open any conversation, unless the account may send a utility text).
    async fn start_chat(&self, request: &StartChat) -> Result<ChatStarted> {
        let [attendee] = request.attendee_provider_ids.as_slice() else {
            return Err(ProviderError::Invalid(
                "a new WhatsApp chat is with exactly one person".to_owned(),
            ));
        };
        if !request.attachments.is_empty() {
            return Err(ProviderError::Invalid(
                "a new WhatsApp chat opens with text or a template; send the file once it is open"
                    .to_owned(),
            ));
        }
        let account = late_account(&request.account_id)?;
        let mut body = json!({
            "accountId": account,
            "participantId": participant(attendee),
        });
        match &request.template {
            Some(template) => {
                body["templateName"] = Value::from(template.name.clone());
                body["templateLanguage"] = Value::from(template.language.clone());
                body["templateParams"] = Value::from(template.values.clone());
            }
            None if request.text.trim().is_empty() => {
                return Err(ProviderError::Invalid("nothing to send".to_owned()));
            }
            None => body["message"] = Value::from(request.text.clone()),
        }
        let written = self
            .http
            .send(
                Method::POST,
                self.http.url(["inbox", "conversations"]),
                &request.idempotency_key,
                WriteBody::Json(body),
            )
            .await?;
        let data = acknowledgement(written).data.unwrap_or_default();
        let conversation = data
            .conversation_id
            .filter(|c| !c.is_empty())
            .map(|c| ConversationRef::new(account, &c));
        Ok(ChatStarted {
            chat_id: conversation.as_ref().map(ConversationRef::chat_id),
            message_id: conversation.as_ref().and_then(|c| {
                data.message_id
                    .filter(|m| !m.is_empty())
                    .map(|m| c.message(&m).message_id())
            }),
        })
    }

    /// One reaction per sender: an emoji sets ours, an empty one removes it (DELETE).
    async fn react(&self, message: &MessageId, reaction: &str) -> Result<()> {
        let target = MessageRef::parse(message)?;
        let mut url = self.http.url([
            "inbox",
            "conversations",
            &target.conversation,
            "messages",
            &target.message,
            "reactions",
        ]);
        let key = IdempotencyKey::fresh();
        if reaction.is_empty() {
            url.query_pairs_mut()
                .append_pair("accountId", &target.account);
            self.http
                .send(Method::DELETE, url, &key, WriteBody::None)
                .await
                .map(drop)
        } else {
            let body = json!({ "accountId": target.account, "emoji": reaction });
            self.http
                .send(Method::POST, url, &key, WriteBody::Json(body))
                .await
                .map(drop)
        }
    }

    async fn edit(&self, _: &MessageId, _: &str) -> Result<()> {
        Err(not_offered("editing a sent WhatsApp message"))
    }

    async fn delete(&self, _: &MessageId) -> Result<()> {
        Err(not_offered("deleting a sent WhatsApp message"))
    }

    /// Marks the conversation read; on WhatsApp the customer sees blue ticks.
    async fn mark_read(&self, chat: &ChatId) -> Result<()> {
        let conversation = ConversationRef::parse(chat)?;
        let url = self
            .http
            .url(["inbox", "conversations", &conversation.conversation, "read"]);
        let body = json!({ "accountId": conversation.account });
        self.http
            .send(
                Method::POST,
                url,
                &IdempotencyKey::fresh(),
                WriteBody::Json(body),
            )
            .await
            .map(drop)
    }

    /// Archives or brings back the conversation: its `status`, `archived` or `active`, set
    /// with `PUT /v1/inbox/conversations/{id}`. Late has no unread mark and no mute.
    async fn change_chat(&self, chat: &ChatId, change: ChatChange) -> Result<()> {
        let status = match change {
            ChatChange::Archive => "archived",
            ChatChange::Unarchive => "active",
            ChatChange::MarkUnread => return Err(not_offered("way to mark a conversation unread")),
            ChatChange::Mute | ChatChange::Unmute => {
                return Err(not_offered("way to mute a conversation"));
            }
        };
        let conversation = ConversationRef::parse(chat)?;
        let url = self
            .http
            .url(["inbox", "conversations", &conversation.conversation]);
        let body = json!({ "accountId": conversation.account, "status": status });
        self.http
            .send(
                Method::PUT,
                url,
                &IdempotencyKey::fresh(),
                WriteBody::Json(body),
            )
            .await
            .map(drop)
    }

    async fn reconnect_link(&self, _: &AccountId, _: DateTime<Utc>) -> Result<String> {
        Err(not_offered(
            "a reconnection link; reconnect the number in Zernio's dashboard",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_values_become_metas_body_parameters_in_order() {
        assert!(body_components(&[]).is_empty());
        let components = body_components(&["Ana".into(), "#42".into()]);
        assert_eq!(
            Value::from(components),
            json!([{ "type": "body", "parameters": [
                { "type": "text", "text": "Ana" },
                { "type": "text", "text": "#42" },
            ]}])
        );
    }

    #[test]
    fn thin_or_broken_acknowledgements_lose_ids_not_the_success() {
        let conversation = ConversationRef::new("acc", "conv");
        let sent =
            |body: Option<&'static [u8]>| message_sent(&conversation, body.map(Bytes::from_static));
        let full = sent(Some(
            br#"{"success":true,"data":{"messageId":"wamid.1","conversationId":"conv"}}"#,
        ));
        assert_eq!(
            full.message_id,
            Some(MessageId::from("late:acc|conv|wamid.1"))
        );
        assert_eq!(sent(Some(b"<html>")).message_id, None);
        assert_eq!(sent(None).message_id, None);
        assert_eq!(sent(Some(br#"{"data":{}}"#)).message_id, None);
    }

    #[test]
    fn whatsapp_ids_become_phone_numbers() {
        assert_eq!(participant("33611111111@s.whatsapp.net"), "33611111111");
        assert_eq!(participant("+33611111111"), "33611111111");
        assert_eq!(participant("+33 6 11-11.11 (11)"), "33611111111");
        assert_eq!(participant("33611111111"), "33611111111");
    }
}
