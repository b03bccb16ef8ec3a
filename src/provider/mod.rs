//! Messaging providers. The read side (`ProviderRead`) and the write side (`ProviderWrite`) are
//! separate traits implemented by separate objects: a read-only program never builds a writer,
//! so no code path in it can send.
//!
//! `unipile` is the HTTP client of the primary contract (`docs/providers/unipile.md`); `late`
//! the client of the second provider, Late (now Zernio), for WhatsApp Business numbers;
//! `router` puts the configured providers behind one reader and one writer.

pub mod congestion;
mod error;
pub mod http;
mod idempotency;
pub mod late;
pub mod lenient;
pub mod media_type;
pub mod retry;
mod router;
pub mod unipile;

use async_trait::async_trait;
use bytes::Bytes;
use chrono::{DateTime, Utc};

use crate::domain::{
    Account, AccountId, AttachmentId, Attendee, Chat, ChatChange, ChatId, Message, MessageId,
    Template, TemplateMessage,
};

pub use crate::domain::{Cursor, SyncStatus};
pub use error::{ApiError, ProviderError, SendOutcome};
pub use idempotency::IdempotencyKey;
pub use router::{LATE_ID_PREFIX, Route, RoutedReader, RoutedWriter};

pub type Result<T, E = ProviderError> = std::result::Result<T, E>;

/// A body read chunk by chunk.
pub type ByteStream = futures_util::stream::BoxStream<'static, Result<Bytes>>;

/// One page of a cursor-paged list. `next` is `None` at the end.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<Cursor>,
    /// Items of the page the decoder had to skip (malformed or of an unknown shape), so sync
    /// can report them instead of failing the whole page.
    pub skipped: usize,
}

/// Paging and time filters shared by the list operations. `before` / `after` are exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub cursor: Option<Cursor>,
    /// 1–250; `None` lets the provider choose (100).
    pub limit: Option<u32>,
    pub before: Option<DateTime<Utc>>,
    pub after: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatQuery {
    pub account_id: Option<AccountId>,
    pub unread: Option<bool>,
    pub page: ListQuery,
}

/// Options of `GET /accounts/{id}/sync`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResyncOptions {
    pub chunk_size: Option<u32>,
    pub partial: Option<bool>,
    pub before: Option<DateTime<Utc>>,
    pub after: Option<DateTime<Utc>>,
}

/// A file to attach to an outgoing message, already read and size-checked by the caller.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingFile {
    pub file_name: String,
    pub mimetype: Option<String>,
    pub bytes: Bytes,
}

impl std::fmt::Debug for OutgoingFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutgoingFile")
            .field("file_name", &self.file_name)
            .field("mimetype", &self.mimetype)
            .field("len", &self.bytes.len())
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendMessage {
    pub account_id: AccountId,
    pub text: String,
    pub quote_id: Option<MessageId>,
    pub attachments: Vec<OutgoingFile>,
    /// An approved template to send instead of free text (WhatsApp Business outside the
    /// 24-hour window); a provider without templates refuses it before any request.
    pub template: Option<TemplateMessage>,
    /// The outbox entry's key: a provider that honours one (Late) answers a second request
    /// carrying it with the first one's answer instead of sending again.
    pub idempotency_key: IdempotencyKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartChat {
    pub account_id: AccountId,
    /// Provider ids of known attendees (warm-only; checked by `domain::rules::warm_recipient`).
    pub attendee_provider_ids: Vec<String>,
    pub text: String,
    pub attachments: Vec<OutgoingFile>,
    /// An approved template to open the chat with, where the provider requires one
    /// (WhatsApp Business outside the 24-hour window); ignored by providers without templates.
    pub template: Option<TemplateMessage>,
    /// See `SendMessage::idempotency_key`.
    pub idempotency_key: IdempotencyKey,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageSent {
    pub message_id: Option<MessageId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatStarted {
    pub chat_id: Option<ChatId>,
    pub message_id: Option<MessageId>,
}

/// Everything unibox reads. Reads are retried by the implementation on 429 / 503 / 504.
#[async_trait]
pub trait ProviderRead: Send + Sync {
    async fn list_accounts(&self, page: ListQuery) -> Result<Page<Account>>;
    async fn get_account(&self, id: &AccountId) -> Result<Account>;
    /// Starts or polls an account resync; `ProviderError::NotImplemented` when the provider
    /// cannot (WhatsApp often answers 501): fall back to per-chat sync.
    async fn resync_account(&self, id: &AccountId, options: &ResyncOptions) -> Result<SyncStatus>;
    async fn list_chats(&self, query: &ChatQuery) -> Result<Page<Chat>>;
    /// The chat and its last message.
    async fn get_chat(&self, id: &ChatId) -> Result<(Chat, Option<Message>)>;
    /// Newest first.
    async fn list_messages(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Message>>;
    async fn get_message(&self, id: &MessageId) -> Result<Message>;
    async fn list_chat_attendees(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Attendee>>;
    /// Attendees the account already knows: the only people start-chat may reach.
    async fn list_account_attendees(
        &self,
        account: &AccountId,
        page: &ListQuery,
    ) -> Result<Page<Attendee>>;
    /// Starts (or, called again, may restart) a chat history sync on the server. Like
    /// `resync_account`, it changes state on the server: never retried automatically.
    async fn sync_chat(&self, chat: &ChatId) -> Result<SyncStatus>;
    /// The attachment's bytes as they arrive, so they can go to disk without being held in
    /// memory; the stream ends with `ProviderError::TooLarge` past `max_bytes`.
    async fn download_attachment(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
        max_bytes: u64,
    ) -> Result<ByteStream>;
    /// The account's message templates, approved or not (WhatsApp Business Cloud API). A
    /// provider without templates refuses in words before any request.
    async fn list_templates(&self, account: &AccountId) -> Result<Page<Template>> {
        let _ = account;
        Err(ProviderError::Invalid(
            "message templates are for WhatsApp Business (Cloud API) numbers only".to_owned(),
        ))
    }
}

/// Everything that changes the world. Never retried automatically: a failed write is reported
/// with its `SendOutcome` and the outbox decides.
#[async_trait]
pub trait ProviderWrite: Send + Sync {
    async fn send_message(&self, chat: &ChatId, message: &SendMessage) -> Result<MessageSent>;
    async fn start_chat(&self, request: &StartChat) -> Result<ChatStarted>;
    /// `reaction` is the emoji; an empty string removes ours.
    async fn react(&self, message: &MessageId, reaction: &str) -> Result<()>;
    async fn edit(&self, message: &MessageId, text: &str) -> Result<()>;
    async fn delete(&self, message: &MessageId) -> Result<()>;
    async fn mark_read(&self, chat: &ChatId) -> Result<()>;
    /// Marks the chat unread, archives or mutes it (or undoes that). A change the provider's
    /// contract does not offer is refused before any request.
    async fn change_chat(&self, chat: &ChatId, change: ChatChange) -> Result<()>;
    /// Asks for a link to the provider's hosted sign-in that reconnects `account`, valid
    /// until `expires_on`. Nothing changes on the account until someone follows it.
    async fn reconnect_link(
        &self,
        account: &AccountId,
        expires_on: chrono::DateTime<chrono::Utc>,
    ) -> Result<String>;
}
