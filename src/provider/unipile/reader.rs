//! `ProviderRead` over the contract: GET requests only, retried on 429 / 503 / 504, timeouts
//! and lost connections.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use reqwest::Url;

use super::query;
use super::status;
use super::transport::ReadChannel;
use super::wire::{self, ChatWithLastMessage, FromWire, SyncReply};
use crate::domain::{Account, AccountId, AttachmentId, Attendee, Chat, ChatId, Message, MessageId};
use crate::provider::retry::RetryPolicy;
use crate::provider::{
    ByteStream, ChatQuery, ListQuery, Page, ProviderRead, Result, ResyncOptions, SyncStatus,
};

/// The read side of the contract. It holds a GET-only channel: nothing reachable from it can
/// change anything on the server.
#[derive(Clone)]
pub struct UnipileReader {
    pub(super) http: ReadChannel,
    retry: RetryPolicy,
}

impl UnipileReader {
    pub(super) fn new(http: ReadChannel, retry: RetryPolicy) -> Self {
        Self { http, retry }
    }

    /// `GET url` with retries; the body, not yet decoded.
    pub(super) async fn get(&self, what: &str, url: Url) -> Result<Bytes> {
        self.retry
            .run(what, || self.http.get_json(url.clone()))
            .await
    }

    async fn page<T: FromWire>(&self, what: &str, url: Url) -> Result<Page<T>> {
        let body = self.get(what, url).await?;
        let page = wire::decode_page(&body, self.http.limits().max_page_items)?;
        if page.skipped > 0 {
            tracing::warn!(
                what,
                skipped = page.skipped,
                "skipped items that do not decode"
            );
        }
        Ok(page)
    }

    async fn object<T: FromWire>(&self, what: &str, url: Url) -> Result<T> {
        let body = self.get(what, url).await?;
        wire::decode_object(&body)
    }

    /// The resync routes start work on the server (and may flag an account for overuse):
    /// asked once, never retried.
    async fn sync_status(&self, what: &str, url: Url) -> Result<SyncStatus> {
        tracing::debug!(what, "one request, no retry");
        let body = self.http.get_json(url).await?;
        let reply: SyncReply = wire::decode_reply(&body)?;
        Ok(wire::sync_status(&reply.status))
    }
}

impl fmt::Debug for UnipileReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnipileReader")
            .field("base_url", self.http.base())
            .field("retry", &self.retry)
            .finish()
    }
}

#[async_trait]
impl ProviderRead for UnipileReader {
    async fn list_accounts(&self, page: ListQuery) -> Result<Page<Account>> {
        let url = query::with_page(self.http.url(["accounts"]), &page);
        self.page("list accounts", url).await
    }

    async fn get_account(&self, id: &AccountId) -> Result<Account> {
        self.object("get account", self.http.url(["accounts", id.as_str()]))
            .await
    }

    async fn resync_account(&self, id: &AccountId, options: &ResyncOptions) -> Result<SyncStatus> {
        let url = query::with_resync(self.http.url(["accounts", id.as_str(), "sync"]), options);
        self.sync_status("resync account", url).await
    }

    async fn list_chats(&self, filters: &ChatQuery) -> Result<Page<Chat>> {
        let url = query::with_chat_filters(self.http.url(["chats"]), filters);
        self.page("list chats", url)
            .await
            .map_err(|e| status::cursor_refused(e, filters.page.cursor.is_some()))
    }

    async fn get_chat(&self, id: &ChatId) -> Result<(Chat, Option<Message>)> {
        let found: ChatWithLastMessage = self
            .object("get chat", self.http.url(["chats", id.as_str()]))
            .await?;
        Ok((found.chat, found.last_message))
    }

    async fn list_messages(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Message>> {
        let url = query::with_page(self.http.url(["chats", chat.as_str(), "messages"]), page);
        self.page("list messages", url)
            .await
            .map_err(|e| status::cursor_refused(e, page.cursor.is_some()))
    }

    async fn get_message(&self, id: &MessageId) -> Result<Message> {
        self.object("get message", self.http.url(["messages", id.as_str()]))
            .await
    }

    async fn list_chat_attendees(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Attendee>> {
        // The contract documents no query on this route: a server may refuse an unknown
        // parameter (and with it the chat's whole fetch). Only a cursor the server handed out
        // goes back to it.
        let only_cursor = ListQuery {
            cursor: page.cursor.clone(),
            ..ListQuery::default()
        };
        let url = query::with_page(
            self.http.url(["chats", chat.as_str(), "attendees"]),
            &only_cursor,
        );
        self.page("list chat attendees", url).await
    }

    async fn list_account_attendees(
        &self,
        account: &AccountId,
        page: &ListQuery,
    ) -> Result<Page<Attendee>> {
        let url = query::with_account(self.http.url(["chat_attendees"]), account.as_str());
        self.page("list account attendees", query::with_page(url, page))
            .await
    }

    async fn sync_chat(&self, chat: &ChatId) -> Result<SyncStatus> {
        let url = self.http.url(["chats", chat.as_str(), "sync"]);
        self.sync_status("sync chat", url).await
    }

    async fn download_attachment(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
        max_bytes: u64,
    ) -> Result<ByteStream> {
        let url = self.http.url([
            "messages",
            message.as_str(),
            "attachments",
            attachment.as_str(),
        ]);
        self.retry
            .run("download attachment", || {
                self.http.get_stream(url.clone(), max_bytes)
            })
            .await
    }
}
