//! `ProviderRead` over Late: GET requests only, retried on 429 / 503 / 504, timeouts and lost
//! connections. What Late has no route for is refused here, with words, before any request.

use std::fmt;

use async_trait::async_trait;
use bytes::Bytes;
use reqwest::Url;
use serde::de::DeserializeOwned;

use super::ids::{ConversationRef, MessageRef, late_account};
use super::not_offered;
use super::transport::ReadChannel;
use super::wire::{
    self, AttachmentLink, IntoDomain, WireAccount, WireConversation, WireConversationDetail,
    WireMessage, WireTemplate,
};
use crate::domain::{
    Account, AccountId, AttachmentId, Attendee, Chat, ChatId, Message, MessageId, Template,
};
use crate::provider::lenient::WireError;
use crate::provider::retry::RetryPolicy;
use crate::provider::{
    ByteStream, ChatQuery, Cursor, ListQuery, Page, ProviderError, ProviderRead, Result,
    ResyncOptions, SyncStatus,
};

/// Late serves at most this many conversations or messages a page.
const MAX_LIMIT: u32 = 100;
/// Accounts are few; one page of this many is asked at a time.
const ACCOUNTS_PAGE: u32 = 100;

/// The read side of Late. It holds a GET-only channel: nothing reachable from it can change
/// anything on the server.
#[derive(Clone)]
pub struct LateReader {
    pub(super) http: ReadChannel,
    retry: RetryPolicy,
}

impl LateReader {
    pub(super) fn new(http: ReadChannel, retry: RetryPolicy) -> Self {
        Self { http, retry }
    }

    /// `GET url` with retries; the body, not yet decoded.
    pub(super) async fn get(&self, what: &str, url: Url) -> Result<Bytes> {
        self.retry
            .run(what, || self.http.get_json(url.clone()))
            .await
    }

    async fn page<W, T>(
        &self,
        what: &str,
        url: Url,
        field: &str,
        context: &W::Context,
    ) -> Result<Page<T>>
    where
        W: DeserializeOwned + IntoDomain<T>,
    {
        let body = self.get(what, url).await?;
        let page =
            wire::decode_page::<W, T>(&body, field, self.http.limits().max_page_items, context)?;
        if page.skipped > 0 {
            tracing::warn!(
                what,
                skipped = page.skipped,
                "skipped items that do not decode"
            );
        }
        Ok(page)
    }

    async fn account_page(&self, cursor: Option<&Cursor>) -> Result<Page<WireAccount>> {
        let mut url = self.http.url(["accounts"]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("platform", "whatsapp");
            query.append_pair("limit", &ACCOUNTS_PAGE.to_string());
            if let Some(cursor) = cursor {
                query.append_pair("cursor", &cursor.0);
            }
        }
        self.page::<WireAccount, WireAccount>("list accounts", url, "accounts", &())
            .await
    }
}

/// Accounts are decoded twice: first kept raw, to drop the ones that are not WhatsApp.
impl IntoDomain<WireAccount> for WireAccount {
    const NAME: &'static str = "account";
    type Context = ();

    fn into_domain(self, _: &()) -> std::result::Result<WireAccount, WireError> {
        Ok(self)
    }
}

impl fmt::Debug for LateReader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LateReader")
            .field("base_url", self.http.base())
            .field("retry", &self.retry)
            .finish()
    }
}

/// `limit` within Late's range; `None` lets Late choose.
fn page_query(url: &mut Url, page: &ListQuery) {
    let mut query = url.query_pairs_mut();
    if let Some(limit) = page.limit {
        query.append_pair("limit", &limit.clamp(1, MAX_LIMIT).to_string());
    }
    if let Some(cursor) = &page.cursor {
        query.append_pair("cursor", &cursor.0);
    }
}

#[async_trait]
impl ProviderRead for LateReader {
    /// The account's approved and other templates (`GET /whatsapp/templates?accountId=`),
    /// for the template picker. One page: Late lists them all.
    async fn list_templates(&self, account: &AccountId) -> Result<Page<Template>> {
        let mut url = self.http.url(["whatsapp", "templates"]);
        url.query_pairs_mut()
            .append_pair("accountId", late_account(account)?);
        self.page::<WireTemplate, _>("list templates", url, "templates", &())
            .await
    }

    /// WhatsApp accounts only; `page.limit` is Late's to choose (accounts are few).
    async fn list_accounts(&self, page: ListQuery) -> Result<Page<Account>> {
        let raw = self.account_page(page.cursor.as_ref()).await?;
        let mut skipped = raw.skipped;
        let items = raw
            .items
            .into_iter()
            .filter(WireAccount::is_whatsapp)
            .filter_map(|wire| match IntoDomain::<Account>::into_domain(wire, &()) {
                Ok(account) => Some(account),
                Err(reason) => {
                    tracing::warn!(%reason, "skipping an account that does not decode");
                    skipped += 1;
                    None
                }
            })
            .collect();
        Ok(Page {
            items,
            next: raw.next,
            skipped,
        })
    }

    /// Late has no route for one account: the list is walked until it is found.
    async fn get_account(&self, id: &AccountId) -> Result<Account> {
        let mut cursor = None;
        loop {
            let page = self
                .list_accounts(ListQuery {
                    cursor,
                    ..ListQuery::default()
                })
                .await?;
            if let Some(account) = page.items.into_iter().find(|a| &a.id == id) {
                return Ok(account);
            }
            match page.next {
                Some(next) => cursor = Some(next),
                None => {
                    return Err(ProviderError::NotFound(crate::provider::ApiError {
                        status: 404,
                        kind: String::new(),
                        title: format!("no WhatsApp account {id} on Late"),
                        detail: None,
                    }));
                }
            }
        }
    }

    async fn resync_account(&self, _: &AccountId, _: &ResyncOptions) -> Result<SyncStatus> {
        Err(not_offered("an account resync; chats are read one by one"))
    }

    /// Conversations of `filters.account_id` (all accounts' when `None`), newest first.
    /// Late has no unread or time filter: those are left to the caller.
    async fn list_chats(&self, filters: &ChatQuery) -> Result<Page<Chat>> {
        let mut url = self.http.url(["inbox", "conversations"]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("platform", "whatsapp");
            if let Some(account) = &filters.account_id {
                query.append_pair("accountId", late_account(account)?);
            }
        }
        page_query(&mut url, &filters.page);
        let asked = match &filters.account_id {
            Some(account) => Some(late_account(account)?.to_owned()),
            None => None,
        };
        self.page::<WireConversation, _>("list chats", url, "data", &asked)
            .await
    }

    /// The conversation; Late's detail carries the last message as text only, so no
    /// message comes with it.
    async fn get_chat(&self, id: &ChatId) -> Result<(Chat, Option<Message>)> {
        let reference = ConversationRef::parse(id)?;
        let mut url = self
            .http
            .url(["inbox", "conversations", &reference.conversation]);
        url.query_pairs_mut()
            .append_pair("accountId", &reference.account);
        let body = self.get("get chat", url).await?;
        let chat = wire::decode_object::<WireConversationDetail, Chat>(
            &body,
            &Some(reference.account.clone()),
        )?;
        Ok((chat, None))
    }

    /// Newest first (`sortOrder=desc`); the next page is older.
    async fn list_messages(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Message>> {
        let reference = ConversationRef::parse(chat)?;
        let mut url = self.http.url([
            "inbox",
            "conversations",
            &reference.conversation,
            "messages",
        ]);
        {
            let mut query = url.query_pairs_mut();
            query.append_pair("accountId", &reference.account);
            query.append_pair("sortOrder", "desc");
        }
        page_query(&mut url, page);
        self.page::<WireMessage, _>("list messages", url, "messages", &reference)
            .await
    }

    async fn get_message(&self, _: &MessageId) -> Result<Message> {
        Err(not_offered(
            "a route to read one message; the chat's list has it",
        ))
    }

    async fn list_chat_attendees(&self, _: &ChatId, _: &ListQuery) -> Result<Page<Attendee>> {
        Err(not_offered(
            "attendee lists; a chat's participant comes with it",
        ))
    }

    async fn list_account_attendees(&self, _: &AccountId, _: &ListQuery) -> Result<Page<Attendee>> {
        Err(not_offered(
            "attendee lists; a chat's participant comes with it",
        ))
    }

    async fn sync_chat(&self, _: &ChatId) -> Result<SyncStatus> {
        Err(not_offered(
            "a chat history sync; its messages are read as they are",
        ))
    }

    /// Asks Late for the attachment's current link (`format=json`), then streams it.
    async fn download_attachment(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
        max_bytes: u64,
    ) -> Result<ByteStream> {
        let reference = MessageRef::parse(message)?;
        let index: u32 = attachment.as_str().parse().map_err(|_| {
            ProviderError::Invalid(format!("{attachment} is not a Late attachment number"))
        })?;
        let index = index.to_string();
        let mut url = self.http.url([
            "inbox",
            "conversations",
            &reference.conversation,
            "messages",
            &reference.message,
            "attachments",
            &index,
        ]);
        url.query_pairs_mut()
            .append_pair("accountId", &reference.account)
            .append_pair("format", "json");
        let body = self.get("resolve attachment", url).await?;
        let link: AttachmentLink = wire::decode_reply(&body)?;
        let link = link
            .url
            .filter(|u| !u.trim().is_empty())
            .ok_or_else(|| ProviderError::Decode("the attachment has no link".to_owned()))?;
        let link = self.http.base().resolve(&link).ok_or_else(|| {
            ProviderError::Decode("the attachment's link is not a valid address".to_owned())
        })?;
        self.retry
            .run("download attachment", || {
                self.http.get_stream(link.clone(), max_bytes)
            })
            .await
    }
}
