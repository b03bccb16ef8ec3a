//! One inbox over several providers: a reader and a writer that send each call to the provider
//! that owns what it is about, and list accounts (and chats, when no account is named) across
//! all of them. Sync and the interface see one `ProviderRead` and one `ProviderWrite`, whatever
//! is configured.
//!
//! Ownership is read from the id. Unipile's ids are kept as the server writes them (caches made
//! before a second provider existed keep working); every id the Late client makes starts with
//! [`LATE_ID_PREFIX`], so ids of the two providers can never collide in the cache either.

use std::sync::Arc;

use async_trait::async_trait;

use crate::domain::{
    Account, AccountId, AttachmentId, Attendee, Chat, ChatChange, ChatId, Message, MessageId,
    Template,
};

use super::{
    ByteStream, ChatQuery, ChatStarted, Cursor, ListQuery, MessageSent, Page, ProviderError,
    ProviderRead, ProviderWrite, Result, ResyncOptions, SendMessage, StartChat, SyncStatus,
};

/// How every id of a Late account, conversation, message or attachment starts in unibox.
pub const LATE_ID_PREFIX: &str = "late:";

/// The providers unibox speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Unipile,
    Late,
}

impl Route {
    /// The provider that owns the thing with this id.
    pub fn of(id: &str) -> Self {
        if id.starts_with(LATE_ID_PREFIX) {
            Self::Late
        } else {
            Self::Unipile
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Unipile => "Unipile",
            Self::Late => "Late (Zernio)",
        }
    }

    /// In a merged listing's cursor: which provider the next page comes from.
    fn tag(self) -> char {
        match self {
            Self::Unipile => 'u',
            Self::Late => 'l',
        }
    }
}

/// One provider's side.
struct Slot<T: ?Sized> {
    route: Route,
    side: Arc<T>,
}

/// The configured providers' sides (readers or writers), in the order listings visit them.
struct Slots<T: ?Sized>(Vec<Slot<T>>);

impl<T: ?Sized> Slots<T> {
    fn new(unipile: Option<Arc<T>>, late: Option<Arc<T>>) -> Self {
        Self(
            [(Route::Unipile, unipile), (Route::Late, late)]
                .into_iter()
                .filter_map(|(route, side)| side.map(|side| Slot { route, side }))
                .collect(),
        )
    }

    /// The side of the provider that owns the thing with this id.
    fn owner(&self, id: &str) -> Result<&T> {
        let route = Route::of(id);
        self.0
            .iter()
            .find(|slot| slot.route == route)
            .map(|slot| slot.side.as_ref())
            .ok_or_else(|| not_configured(route))
    }
}

fn not_configured(route: Route) -> ProviderError {
    ProviderError::Invalid(format!(
        "this belongs to a {} account, and no {} provider is configured",
        route.name(),
        route.name()
    ))
}

/// Reads from every configured provider.
pub struct RoutedReader {
    slots: Slots<dyn ProviderRead>,
}

impl RoutedReader {
    /// `unipile` and `late` are the configured providers' read sides; at least one is expected
    /// (with none, every call says nothing is configured).
    pub fn new(
        unipile: Option<Arc<dyn ProviderRead>>,
        late: Option<Arc<dyn ProviderRead>>,
    ) -> Self {
        Self {
            slots: Slots::new(unipile, late),
        }
    }

    fn owner(&self, id: &str) -> Result<&dyn ProviderRead> {
        self.slots.owner(id)
    }

    /// One page of a listing that walks the providers in turn: the cursor names the provider
    /// its page comes from, and the last page of one leads to the first of the next.
    async fn merged<T, F>(&self, cursor: Option<&Cursor>, list: F) -> Result<Page<T>>
    where
        F: for<'a> Fn(
            &'a dyn ProviderRead,
            Option<Cursor>,
        ) -> futures_util::future::BoxFuture<'a, Result<Page<T>>>,
    {
        let (index, inner) = match cursor {
            None => (0, None),
            Some(Cursor(text)) => {
                let mut chars = text.chars();
                let tag = chars.next();
                let index = self
                    .slots
                    .0
                    .iter()
                    .position(|slot| Some(slot.route.tag()) == tag)
                    .ok_or_else(|| {
                        ProviderError::Invalid("a paging cursor of unknown origin".into())
                    })?;
                let rest = chars.as_str();
                (index, (!rest.is_empty()).then(|| Cursor(rest.to_owned())))
            }
        };
        let Some(slot) = self.slots.0.get(index) else {
            return Ok(Page {
                items: Vec::new(),
                next: None,
                skipped: 0,
            });
        };
        let page = list(slot.side.as_ref(), inner).await?;
        let next = match page.next {
            Some(Cursor(inner)) => Some(Cursor(format!("{}{inner}", slot.route.tag()))),
            None => self
                .slots
                .0
                .get(index + 1)
                .map(|next| Cursor(next.route.tag().to_string())),
        };
        Ok(Page { next, ..page })
    }
}

#[async_trait]
impl ProviderRead for RoutedReader {
    async fn list_accounts(&self, page: ListQuery) -> Result<Page<Account>> {
        let cursor = page.cursor.clone();
        self.merged(cursor.as_ref(), |side, cursor| {
            let query = ListQuery {
                cursor,
                ..page.clone()
            };
            Box::pin(async move { side.list_accounts(query).await })
        })
        .await
    }

    async fn get_account(&self, id: &AccountId) -> Result<Account> {
        self.owner(id.as_str())?.get_account(id).await
    }

    async fn resync_account(&self, id: &AccountId, options: &ResyncOptions) -> Result<SyncStatus> {
        self.owner(id.as_str())?.resync_account(id, options).await
    }

    async fn list_chats(&self, query: &ChatQuery) -> Result<Page<Chat>> {
        if let Some(account) = &query.account_id {
            return self.owner(account.as_str())?.list_chats(query).await;
        }
        let cursor = query.page.cursor.clone();
        self.merged(cursor.as_ref(), |side, cursor| {
            let mut query = query.clone();
            query.page.cursor = cursor;
            Box::pin(async move { side.list_chats(&query).await })
        })
        .await
    }

    async fn get_chat(&self, id: &ChatId) -> Result<(Chat, Option<Message>)> {
        self.owner(id.as_str())?.get_chat(id).await
    }

    async fn list_messages(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Message>> {
        self.owner(chat.as_str())?.list_messages(chat, page).await
    }

    async fn get_message(&self, id: &MessageId) -> Result<Message> {
        self.owner(id.as_str())?.get_message(id).await
    }

    async fn list_chat_attendees(&self, chat: &ChatId, page: &ListQuery) -> Result<Page<Attendee>> {
        self.owner(chat.as_str())?
            .list_chat_attendees(chat, page)
            .await
    }

    async fn list_account_attendees(
        &self,
        account: &AccountId,
        page: &ListQuery,
    ) -> Result<Page<Attendee>> {
        self.owner(account.as_str())?
            .list_account_attendees(account, page)
            .await
    }

    async fn sync_chat(&self, chat: &ChatId) -> Result<SyncStatus> {
        self.owner(chat.as_str())?.sync_chat(chat).await
    }

    async fn list_templates(&self, account: &AccountId) -> Result<Page<Template>> {
        self.owner(account.as_str())?.list_templates(account).await
    }

    async fn download_attachment(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
        max_bytes: u64,
    ) -> Result<ByteStream> {
        self.owner(message.as_str())?
            .download_attachment(message, attachment, max_bytes)
            .await
    }
}

/// Writes through the provider that owns the chat, message or account. Built only when
/// unibox may write: read-only mode has no `RoutedWriter` at all.
pub struct RoutedWriter {
    slots: Slots<dyn ProviderWrite>,
}

impl RoutedWriter {
    pub fn new(
        unipile: Option<Arc<dyn ProviderWrite>>,
        late: Option<Arc<dyn ProviderWrite>>,
    ) -> Self {
        Self {
            slots: Slots::new(unipile, late),
        }
    }

    fn owner(&self, id: &str) -> Result<&dyn ProviderWrite> {
        self.slots.owner(id)
    }
}

#[async_trait]
impl ProviderWrite for RoutedWriter {
    async fn send_message(&self, chat: &ChatId, message: &SendMessage) -> Result<MessageSent> {
        self.owner(chat.as_str())?.send_message(chat, message).await
    }

    async fn start_chat(&self, request: &StartChat) -> Result<ChatStarted> {
        self.owner(request.account_id.as_str())?
            .start_chat(request)
            .await
    }

    async fn react(&self, message: &MessageId, reaction: &str) -> Result<()> {
        self.owner(message.as_str())?.react(message, reaction).await
    }

    async fn edit(&self, message: &MessageId, text: &str) -> Result<()> {
        self.owner(message.as_str())?.edit(message, text).await
    }

    async fn delete(&self, message: &MessageId) -> Result<()> {
        self.owner(message.as_str())?.delete(message).await
    }

    async fn mark_read(&self, chat: &ChatId) -> Result<()> {
        self.owner(chat.as_str())?.mark_read(chat).await
    }

    async fn change_chat(&self, chat: &ChatId, change: ChatChange) -> Result<()> {
        self.owner(chat.as_str())?.change_chat(chat, change).await
    }

    async fn reconnect_link(
        &self,
        account: &AccountId,
        expires_on: chrono::DateTime<chrono::Utc>,
    ) -> Result<String> {
        self.owner(account.as_str())?
            .reconnect_link(account, expires_on)
            .await
    }
}
