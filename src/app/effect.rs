//! What `update` asks the outside world to do. The runtime runs each effect in a task and sends
//! the answer back as an `Action`; `update` itself never waits.

use std::path::PathBuf;

use crate::domain::{AccountId, AttachmentId, ChatId, MessageId};
use crate::store::{
    ChatFilter, Direction, Draft, MessageAnchor, OutboxId, SearchQuery, SearchScope,
};

use super::outbound::{FileLimit, Outbound};
use super::state::RequestId;

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadAccounts,
    /// Hands a web address (already checked: http or https, normalised) to the opener.
    OpenUrl(String),
    LoadChats {
        request: RequestId,
        filter: ChatFilter,
        offset: usize,
        limit: usize,
    },
    /// Where the next (or previous) unread chat of the list is, past the loaded rows.
    FindUnreadChat {
        request: RequestId,
        filter: ChatFilter,
        from: Option<ChatId>,
        direction: Direction,
    },
    LoadThread {
        request: RequestId,
        chat: ChatId,
        limit: usize,
    },
    LoadOlder {
        request: RequestId,
        chat: ChatId,
        before: MessageAnchor,
        limit: usize,
    },
    LoadNewer {
        request: RequestId,
        chat: ChatId,
        after: MessageAnchor,
        limit: usize,
    },
    LoadKnownAttendees {
        account: AccountId,
    },
    /// The account's message templates, asked of the provider.
    LoadTemplates {
        account: AccountId,
    },
    /// Messages matching a search, newest first.
    SearchMessages {
        request: RequestId,
        /// Boxed: a parsed query is large next to every other effect.
        query: Box<SearchQuery>,
        scope: SearchScope,
        limit: usize,
    },
    /// A chat's history around one message (a search hit), with what `LoadThread` brings.
    LoadThreadAt {
        request: RequestId,
        chat: ChatId,
        message: MessageId,
        limit: usize,
    },
    /// Check a path typed in the attach prompt (exists, is a file, size within the limit).
    CheckFile {
        path: PathBuf,
        limit: FileLimit,
    },
    /// Complete a partly typed path in the attach prompt.
    CompletePath(String),
    /// Ask the server for older history of a chat.
    FetchHistory(ChatId),
    /// The user opened a chat: sync it first.
    ChatOpened(ChatId),
    RefreshNow,
    SaveDraft(Draft),
    /// A write. Only `update` on an explicit confirmation produces it.
    Submit(Box<Outbound>),
    /// Read every chat's actions not sent, for the review opened from the chat list.
    LoadUnsent {
        request: RequestId,
    },
    /// The user gives up on a failed or unknown action.
    DismissOutbox(OutboxId),
    /// The user saw that an action of unknown outcome did arrive.
    MarkOutboxSent(OutboxId),
    /// Settle outbox entries whose outcome is unknown against the freshly synced cache.
    Reconcile,
    /// A write without confirmation: the one exception, and never in read-only mode.
    MarkRead {
        account: AccountId,
        chat: ChatId,
    },
    /// Ask the provider for a hosted sign-in link that reconnects this account. A write: only
    /// `update` on an explicit confirmation produces it, never in read-only mode.
    RequestReconnectLink(AccountId),
    /// Save an attachment to the download folder (reusing an earlier save whose file is
    /// still there), then hand it to the system's opener if `open`.
    SaveAttachment {
        message: MessageId,
        attachment: AttachmentId,
        file_name: String,
        mimetype: Option<String>,
        open: bool,
    },
    /// Copy text to the terminal's clipboard (OSC 52) and the local clipboard tool, if any.
    Copy(String),
    OpenEditor(String),
    Bell,
    /// A desktop notification through the terminal; the texts are not sanitised yet.
    Notify {
        title: String,
        body: String,
    },
    Suspend,
    Quit,
}

impl Effect {
    /// True for effects that change something outside this program.
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Self::Submit(_) | Self::MarkRead { .. } | Self::RequestReconnectLink(_)
        )
    }
}
