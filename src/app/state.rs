//! Everything the screen shows, owned by the app loop alone. `update` changes it; `ui::render`
//! only reads it.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, FixedOffset, Offset, Utc};

use crate::domain::policy::Policy;
use crate::domain::{
    AccountId, AccountStatus, AttachmentId, Attendee, ChatId, Message, MessageId, Template,
    phone_from_provider_id,
};
use crate::input::{Focus, HelpSection};
use crate::store::{AccountOverview, ChatFilter, ChatListItem, Draft, OutboxEntry, UnsentAction};
use crate::text::Vs16Width;

use super::measure::Measure;
use super::modal::Modal;
use super::search::MessageSearch;
use super::window::RowWindow;

/// Whether this program may change anything in the world. In `ReadOnly` the runtime also holds
/// no writer object at all; this flag lets the reducer answer "read-only mode" in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    ReadOnly,
    ReadWrite,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    Accounts,
    Chats,
    Thread,
}

impl Pane {
    pub const ORDER: [Pane; 3] = [Pane::Accounts, Pane::Chats, Pane::Thread];
}

/// A request to the store or the network whose answer must match the question still being
/// asked: answers carrying an older id are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct RequestId(pub u64);

/// User-facing switches read from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiOptions {
    pub bell_on_inbound: bool,
    /// The desktop notification asked of the terminal when a message arrives.
    pub notify: crate::text::Notify,
    pub mark_read_on_open: bool,
    pub emoji_as_text: bool,
    /// How the terminal draws `❤️`-like emoji: narrow ones are drawn without their selector.
    pub vs16: Vs16Width,
    /// False under `NO_COLOR`: meaning is carried by text and modifiers alone.
    pub color: bool,
    /// The offset used to show times and day separators.
    pub timezone: FixedOffset,
    /// A local clipboard tool takes copies besides OSC 52: only then can a copy be confirmed.
    pub clipboard_tool: bool,
    /// Who answers: fills `{agent}` in canned replies.
    pub agent_name: Option<String>,
    /// The reader's links are OSC 8 hyperlinks (the setting, resolved for this terminal).
    pub hyperlinks: bool,
}

impl Default for UiOptions {
    fn default() -> Self {
        Self {
            bell_on_inbound: false,
            notify: crate::text::Notify::Off,
            mark_read_on_open: true,
            emoji_as_text: false,
            vs16: Vs16Width::Wide,
            color: true,
            timezone: Utc.fix(),
            clipboard_tool: false,
            agent_name: None,
            hyperlinks: false,
        }
    }
}

pub struct State {
    /// The views' measures of the drawn screen (`ui::VIEWS`), so the reducer scrolls by what
    /// is drawn without importing the views.
    pub measure: &'static dyn Measure,
    /// The clock as of the last tick; frozen in tests.
    pub now: DateTime<Utc>,
    pub access: Access,
    pub options: UiOptions,
    /// Terminal size in cells.
    pub size: (u16, u16),
    pub focus: Pane,
    pub accounts: AccountsPane,
    pub chats: ChatsPane,
    pub thread: ThreadPane,
    /// Every chat's actions not sent, for the review opened from the chat list.
    pub unsent: UnsentReview,
    pub modal: Option<Modal>,
    /// The last message search, kept after its window closes (for `n`/`N`).
    pub search: Option<MessageSearch>,
    pub status: StatusLine,
    /// Attachments being downloaded, with the name they are shown by: one download each at
    /// a time.
    pub downloads: BTreeMap<AttachmentId, String>,
    /// The help overlay's content, generated from the live keymap.
    pub help: Vec<HelpSection>,
    /// The canned replies of `snippets.toml`, offered in the composer.
    pub snippets: Vec<super::snippets::Snippet>,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    pub quitting: bool,
    next_request: u64,
    /// Each account's message templates as last fetched this session (the picker's list
    /// until refreshed).
    pub templates: HashMap<AccountId, Vec<Template>>,
}

impl State {
    pub fn new(
        now: DateTime<Utc>,
        access: Access,
        options: UiOptions,
        help: Vec<HelpSection>,
        measure: &'static dyn Measure,
    ) -> Self {
        Self {
            measure,
            now,
            access,
            options,
            size: (80, 24),
            focus: Pane::Chats,
            accounts: AccountsPane::default(),
            chats: ChatsPane::default(),
            thread: ThreadPane::default(),
            unsent: UnsentReview::default(),
            modal: None,
            search: None,
            status: StatusLine::default(),
            downloads: BTreeMap::new(),
            help,
            snippets: Vec::new(),
            dirty: true,
            quitting: false,
            next_request: 0,
            templates: HashMap::new(),
        }
    }

    /// The first frame's reads are answered (or failed): the accounts and the chat list show
    /// what the cache holds.
    pub fn cache_shown(&self) -> bool {
        !matches!(self.accounts.overview, Loadable::Loading)
            && (self.chats.total.is_some() || self.chats.error.is_some())
    }

    pub fn next_request(&mut self) -> RequestId {
        self.next_request += 1;
        RequestId(self.next_request)
    }

    /// Which key table applies now.
    pub fn key_focus(&self) -> Focus {
        match &self.modal {
            Some(modal) => modal.key_focus(),
            None => match self.focus {
                Pane::Accounts => Focus::Accounts,
                Pane::Chats => Focus::Chats,
                Pane::Thread => Focus::Thread,
            },
        }
    }

    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    /// The last known status of an account, if it is loaded.
    pub fn account_status(&self, id: &AccountId) -> Option<&AccountStatus> {
        self.accounts
            .overview
            .ready()?
            .accounts
            .iter()
            .find(|s| &s.account.id == id)
            .map(|s| &s.account.status)
    }

    /// What the account may do. While the accounts are not loaded, a linked WhatsApp app's
    /// rules (the only kind older caches held); the executor checks again against the cached
    /// account before any request.
    pub fn account_policy(&self, id: &AccountId) -> Policy {
        self.accounts
            .overview
            .ready()
            .and_then(|o| o.accounts.iter().find(|s| &s.account.id == id))
            .map_or_else(Policy::unipile_whatsapp, |s| {
                Policy::of(s.account.provider, &s.account.channel)
            })
    }

    /// Why writes from this account would be refused now, if they would be.
    pub fn cannot_send_from(&self, id: &AccountId) -> Option<crate::domain::rules::Denied> {
        crate::domain::rules::can_send_from(self.account_status(id)?).err()
    }
}

/// Whether the account cannot work until someone signs it in again: its listed state says
/// so, or one of its own requests was refused for it.
pub fn needs_reconnecting(summary: &crate::store::AccountSummary) -> bool {
    summary.trouble.is_some()
        || matches!(
            summary.account.status,
            crate::domain::AccountStatus::Credentials | crate::domain::AccountStatus::Error
        )
}

/// A value that arrives later from the store or the network.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Loadable<T> {
    #[default]
    Loading,
    Ready(T),
    Failed(String),
}

impl<T> Loadable<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Self::Ready(value) => Some(value),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct AccountsPane {
    pub overview: Loadable<AccountOverview>,
    /// 0 is "All accounts"; `n` is `overview.accounts[n - 1]`.
    pub selected: usize,
}

impl AccountsPane {
    /// Rows of the pane, "All accounts" included.
    pub fn len(&self) -> usize {
        1 + self.overview.ready().map_or(0, |o| o.accounts.len())
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    /// The account the chat list is filtered to, if any.
    /// The selected account with its totals and trouble; `None` on "All accounts".
    pub fn selected_summary(&self) -> Option<&crate::store::AccountSummary> {
        let index = self.selected.checked_sub(1)?;
        self.overview.ready()?.accounts.get(index)
    }

    pub fn selected_account(&self) -> Option<&AccountId> {
        let index = self.selected.checked_sub(1)?;
        self.overview
            .ready()?
            .accounts
            .get(index)
            .map(|s| &s.account.id)
    }
}

#[derive(Debug, Default)]
pub struct ChatsPane {
    pub filter: ChatFilter,
    /// Chats matching the filter; `None` until first counted.
    pub total: Option<u64>,
    /// The loaded slice of the list: only rows around the screen are ever held.
    pub rows: RowWindow<ChatListItem>,
    pub selected: usize,
    /// Index of the first row on screen.
    pub top: usize,
    /// The user moved the selection since the list was (re)started: from then on it stays on
    /// its chat when activity reorders the list. Before, it stays on the top row.
    pub moved: bool,
    /// The window read being waited for; at most one is in flight.
    pub request: Option<RequestId>,
    /// The unread chat being looked for in the cache (`]u` / `[u`).
    pub unread_search: Option<RequestId>,
    pub error: Option<String>,
    /// `enter` was pressed while the list was being read (after a search or a filter): the
    /// selected chat opens once its row is here.
    pub open_when_loaded: bool,
}

impl ChatsPane {
    pub fn selected_item(&self) -> Option<&ChatListItem> {
        self.rows.get(self.selected)
    }

    pub fn len(&self) -> usize {
        self.total
            .map_or(0, |t| usize::try_from(t).unwrap_or(usize::MAX))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Every chat's actions that were not sent, as last read from the cache.
#[derive(Debug, Default)]
pub struct UnsentReview {
    pub entries: Vec<UnsentAction>,
    /// The newest read asked for: older answers are dropped.
    pub request: Option<RequestId>,
    /// The user asked for the review: its answer opens it (or says there is nothing).
    pub open_when_read: bool,
}

/// Where older history stands for the open chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum History {
    /// More may be in the cache or on the server.
    #[default]
    Unknown,
    /// Reading older messages from the cache.
    LoadingCache,
    /// Asking the server for older messages.
    Fetching,
    /// The server has nothing older.
    Complete,
}

#[derive(Debug, Default)]
pub struct ThreadPane {
    pub chat: Option<ChatListItem>,
    /// Loaded messages, oldest first: a contiguous slice of the cached thread.
    pub messages: Vec<Message>,
    /// Messages of the chat in the cache.
    pub total: u64,
    /// Whether newer cached messages exist beyond `messages` (after trimming a long thread).
    pub newer_in_cache: bool,
    /// Index into `messages` of the selected message.
    pub selected: Option<usize>,
    /// Index of the message drawn at the bottom of the pane; the view scrolls by moving it.
    pub bottom: usize,
    /// A selected message taller than the pane is read line by line: the first of its lines
    /// under the header on screen. Ignored once another message is selected.
    pub scrolled: Option<(MessageId, u16)>,
    pub history: History,
    /// The server said it has nothing older than what the cache holds.
    pub server_complete: bool,
    /// When the contact last wrote in this chat, per the cache: the customer-service
    /// window's start.
    pub last_inbound: Option<DateTime<Utc>>,
    /// Our actions for this chat that are not settled yet, shown under the thread.
    pub outbox: Vec<OutboxEntry>,
    /// Display names of the chat's attendees by provider id, for group sender names.
    pub names: HashMap<String, String>,
    pub attendees: Vec<Attendee>,
    /// The chat's saved draft, if any: the composer opens with it.
    pub draft: Option<Draft>,
    /// The chat whose saved draft `draft` is: set when its thread is first read. Until then a
    /// reply waits, since an empty composer would save over the draft.
    pub draft_of: Option<ChatId>,
    /// Moves in the thread pressed before it was read, in order: done once it is, so keys
    /// typed ahead select what they would have (at most `MOVES_HELD_WHILE_READING`).
    pub moves_when_read: Vec<crate::input::Command>,
    /// An action key (reply, edit, delete, react…) pressed before the thread was read: done
    /// once it is, after the moves, on the message then selected.
    pub when_read: Option<crate::input::Command>,
    /// Unread messages when the chat was opened: the unread marker goes above the first of
    /// them once the thread is read.
    pub unread_at_open: u32,
    /// The first message that was unread when the chat was opened: an "unread" rule is drawn
    /// above it until the chat is left.
    pub unread_marker: Option<MessageId>,
    /// Rendered heights per (message, width), so scrolling never re-wraps text.
    pub heights: HashMap<(MessageId, u16), u16>,
    pub request: Option<RequestId>,
    pub error: Option<String>,
}

impl ThreadPane {
    pub fn chat_id(&self) -> Option<&ChatId> {
        self.chat.as_ref().map(|item| &item.chat.id)
    }

    pub fn selected_message(&self) -> Option<&Message> {
        self.messages.get(self.selected?)
    }

    /// A chat is open and its thread (with its saved draft) has not been read yet.
    pub fn being_read(&self) -> bool {
        self.chat_id()
            .is_some_and(|chat| self.draft_of.as_ref() != Some(chat))
    }

    /// How far the selected message is scrolled inside itself (0: from its first line).
    pub fn scrolled_lines(&self) -> u16 {
        match (&self.scrolled, self.selected_message()) {
            (Some((id, line)), Some(message)) if *id == message.id => *line,
            _ => 0,
        }
    }

    /// Our actions here that failed or whose outcome is unknown: what the outbox review lists.
    pub fn unsettled(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox.iter().filter(|e| {
            matches!(
                e.state,
                crate::store::OutboxState::Failed | crate::store::OutboxState::Unknown
            )
        })
    }

    /// How a sender is named: "You", the attendee's name, the one-to-one chat's name, else
    /// the number in the WhatsApp id; the raw id only when it holds no number.
    pub fn sender_name<'a>(&'a self, sender_id: &'a str) -> Cow<'a, str> {
        let ours = self
            .attendees
            .iter()
            .any(|a| a.is_self && a.provider_id == sender_id);
        if ours {
            return "You".into();
        }
        if let Some(name) = self.names.get(sender_id) {
            return name.as_str().into();
        }
        if let Some(item) = &self.chat
            && item.chat.kind != crate::domain::ChatKind::Group
            && item.chat.attendee_provider_id.as_deref() == Some(sender_id)
            && let Some(name) = item.chat.name.as_deref().filter(|n| !n.trim().is_empty())
        {
            return name.into();
        }
        phone_from_provider_id(sender_id).map_or(sender_id.into(), Into::into)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum SyncView {
    #[default]
    Idle,
    /// A sync is running; the text says what it is doing.
    Running(String),
    /// The last attempt failed; the text says why, in words.
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

/// A message in the status bar that goes away by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub until: DateTime<Utc>,
    /// What a sync could not do: a later sync that did everything takes it back.
    pub about_sync: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StatusLine {
    pub sync: SyncView,
    pub last_sync: Option<DateTime<Utc>>,
    /// The server could not be reached on the last attempt.
    pub offline: bool,
    pub flash: Option<Flash>,
}
