//! Everything that can happen to the app: keys resolved into commands, answers from the store,
//! events from sync and from effects. Each answer carries the id of what it concerns.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::domain::{AttachmentId, Attendee, ChatChange, ChatId, Message, MessageId};
use crate::input::Command;
use crate::store::{
    AccountOverview, Arrival, ChatListItem, OutboxEntry, SavedDraft, SearchHit, UnreadChatAt,
    UnsentAction,
};
use crate::sync::SyncEvent;

use super::state::RequestId;

#[derive(Debug)]
pub enum Action {
    /// A key the keymap resolved, taken as pressed now (`State::now`).
    Command(Command),
    /// A key the keymap resolved, with the moment the terminal delivered it: a confirmation
    /// ignores keys that arrived before the person could have read it.
    Pressed {
        command: Command,
        at: DateTime<Utc>,
    },
    /// A key that does nothing in the focused pane but `command` in another one.
    Elsewhere(Command),
    /// A frame was drawn at this moment (what is open is now on screen).
    Drawn(DateTime<Utc>),
    /// A key for the focused text field (composer, prompt, picker filter).
    Text(KeyEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved; the screen changes only if something shown depends on it.
    Tick(DateTime<Utc>),
    Loaded(Box<Loaded>),
    Sync(SyncEvent),
    /// Another program (another unibox, `unibox sync`, a listener) wrote into the cache.
    CacheChanged,
    /// The provider accepted a change to a chat: the rows held show it at once, before the
    /// list is read again, so the next key acts on the chat as it now is.
    ChatChanged {
        chat: ChatId,
        change: ChatChange,
    },
    /// Messages from others arrived in the cache (by our sync or another program's).
    Arrived(Vec<Arrival>),
    /// The outbox entries of a chat changed (an action was recorded, sent, or failed).
    Outbox {
        chat: Option<ChatId>,
        entries: Vec<OutboxEntry>,
        /// What to tell the user, if anything.
        notice: Option<Notice>,
    },
    /// `$EDITOR` closed; `Err` says why nothing came back.
    EditorDone(Result<String, super::error::EditorError>),
    /// An effect failed; the text is for the status bar.
    Failed(String),
    /// Something worth a line in the status bar.
    Notice(Notice),
    /// A download of this attachment ended (saved, or not: the notice says).
    Downloaded {
        attachment: AttachmentId,
        notice: Notice,
    },
    /// The provider's answer to a reconnection link request for this account.
    ReconnectLink {
        account: crate::domain::AccountId,
        link: Result<String, String>,
    },
    /// The provider's list of an account's message templates, or why there is none.
    Templates {
        account: crate::domain::AccountId,
        templates: Result<Vec<crate::domain::Template>, String>,
    },
    /// The process was asked to end (SIGTERM, SIGHUP): save what is being typed and quit.
    Terminate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            error: false,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            error: true,
            text: text.into(),
        }
    }

    /// `count` actions whose outcome was unknown were found done on the server.
    pub fn settled(count: usize) -> Self {
        Self::info(if count == 1 {
            "an action whose outcome was unknown was found on the server: it was sent once"
                .to_owned()
        } else {
            format!(
                "{count} actions whose outcome was unknown were found on the server: each was sent once"
            )
        })
    }
}

/// Answers from the store.
#[derive(Debug)]
pub enum Loaded {
    Accounts(AccountOverview),
    Chats {
        request: RequestId,
        total: u64,
        offset: usize,
        rows: Vec<ChatListItem>,
    },
    /// The newest messages of a chat, newest first, with what the thread shows around them.
    Thread {
        request: RequestId,
        chat: ChatId,
        item: Option<ChatListItem>,
        messages: Vec<Message>,
        total: u64,
        attendees: Vec<Attendee>,
        outbox: Vec<OutboxEntry>,
        draft: Option<SavedDraft>,
        /// The server has no older history for this chat.
        history_complete: bool,
        /// When the contact last wrote (the customer-service window's start).
        last_inbound: Option<DateTime<Utc>>,
        /// Actions of unknown outcome these messages prove done, settled as they were read.
        settled: usize,
    },
    /// A chat's messages around `at` (newest first), for opening a search hit.
    ThreadAt {
        request: RequestId,
        chat: ChatId,
        at: MessageId,
        item: Option<ChatListItem>,
        messages: Vec<Message>,
        total: u64,
        attendees: Vec<Attendee>,
        outbox: Vec<OutboxEntry>,
        draft: Option<SavedDraft>,
        history_complete: bool,
        last_inbound: Option<DateTime<Utc>>,
        /// The cache holds messages newer than the newest of `messages`.
        newer_in_cache: bool,
    },
    /// The answer to a message search.
    SearchHits {
        request: RequestId,
        hits: Vec<SearchHit>,
    },
    /// A message search that failed, in words.
    SearchFailed {
        request: RequestId,
        message: String,
    },
    /// A message search given up because a newer one was asked for (never shown).
    SearchAbandoned {
        request: RequestId,
    },
    /// Messages before the oldest loaded one, newest first.
    Older {
        request: RequestId,
        chat: ChatId,
        messages: Vec<Message>,
    },
    /// Messages after the newest loaded one, newest first.
    Newer {
        request: RequestId,
        chat: ChatId,
        messages: Vec<Message>,
    },
    /// One message re-read (after an edit or delete was confirmed).
    Message {
        chat: ChatId,
        message: Message,
    },
    /// Attendees the account knows, for the start-chat picker.
    KnownAttendees {
        account: crate::domain::AccountId,
        /// Each attendee with the single chat the account already has with them, if any.
        attendees: Vec<(Attendee, Option<ChatId>)>,
    },
    /// The unread chat `]u` / `[u` asked for; `None` when the list has none.
    UnreadChat {
        request: RequestId,
        found: Option<UnreadChatAt>,
    },
    /// Every chat's actions not sent, oldest first.
    Unsent {
        request: RequestId,
        entries: Vec<UnsentAction>,
    },
    /// A file checked for attaching.
    File(Result<super::outbound::FileSpec, super::error::FileError>),
    /// Completions of a typed path: the longest common completion and the candidates.
    Completions {
        typed: String,
        completed: String,
        candidates: Vec<String>,
    },
    Failed {
        what: &'static str,
        message: String,
    },
    /// A message that could not be found any more (deleted from the cache).
    Missing(MessageId),
}
