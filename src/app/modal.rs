//! Windows drawn over the panes. While one is open it owns the keyboard.

use chrono::{DateTime, Duration, Utc};
use tui_textarea::TextArea;

use crate::domain::{AccountId, Attendee, ChatId, MessageId, Template};
use crate::input::Focus;

use super::outbound::{AccountLabel, FileSpec, Outbound, QuotePreview};
use super::state::Loadable;

/// Whose actions the outbox review lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxScope {
    /// The open chat's (`O` in the thread).
    OpenChat,
    /// Every chat's, each naming its chat (`O` in the chat list).
    AllChats,
}

pub enum Modal {
    Help {
        scroll: u16,
    },
    Composer(Composer),
    Confirm(Confirm),
    /// "Ask Unipile for a link to reconnect this account?": the same guard as any confirmation.
    ConfirmReconnect(Confirm<AccountLabel>),
    /// The hosted sign-in link for an account, while it is asked for and once it came.
    ReconnectLink {
        account: AccountLabel,
        /// The link, or why there is none.
        link: Loadable<String>,
    },
    Prompt(Prompt),
    Picker(Picker),
    Attendees {
        scroll: u16,
    },
    /// Actions that failed or whose outcome is unknown: the open chat's, or every chat's.
    Outbox {
        selected: usize,
        scope: OutboxScope,
    },
    /// One message of the open chat, whole, full screen, its links numbered.
    Reader {
        message: MessageId,
        scroll: u16,
        /// The selected link (index into the message's links), opened by `open_link`.
        link: usize,
    },
    /// The message search (its content lives in `State::search`).
    Search,
}

impl Modal {
    pub fn key_focus(&self) -> Focus {
        match self {
            Self::Help { .. } | Self::Attendees { .. } | Self::ReconnectLink { .. } => Focus::Help,
            Self::Composer(_) => Focus::Composer,
            Self::Confirm(_) | Self::ConfirmReconnect(_) => Focus::Confirm,
            Self::Prompt(_) => Focus::Prompt,
            Self::Picker(_) => Focus::Picker,
            Self::Outbox { .. } => Focus::Outbox,
            Self::Reader { .. } => Focus::Reader,
            Self::Search => Focus::Search,
        }
    }
}

/// What the composer's text will become.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposePurpose {
    Reply {
        chat: ChatId,
    },
    Edit {
        chat: ChatId,
        message: MessageId,
    },
    /// A first message to a known attendee (warm-only start-chat).
    NewChat {
        account: AccountId,
        attendee: Attendee,
        existing_chat: Option<ChatId>,
    },
}

pub struct Composer {
    pub purpose: ComposePurpose,
    pub editor: TextArea<'static>,
    pub quote: Option<QuotePreview>,
    pub attachments: Vec<FileSpec>,
    /// The text changed since the draft was last saved.
    pub unsaved: bool,
}

impl Composer {
    pub fn new(purpose: ComposePurpose, text: &str) -> Self {
        let text = hard_breaks(text);
        let mut editor = TextArea::new(text.split('\n').map(str::to_owned).collect());
        editor.move_cursor(tui_textarea::CursorMove::Bottom);
        editor.move_cursor(tui_textarea::CursorMove::End);
        Self {
            purpose,
            editor,
            quote: None,
            attachments: Vec::new(),
            unsaved: false,
        }
    }

    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn chat(&self) -> Option<&ChatId> {
        match &self.purpose {
            ComposePurpose::Reply { chat } | ComposePurpose::Edit { chat, .. } => Some(chat),
            ComposePurpose::NewChat { .. } => None,
        }
    }
}

/// `text` with every line break as `\n`: terminals paste lines ending in `\r` (some in
/// `\r\n`), and a message may hold either. A break the composer keeps as a character would
/// be drawn as a space and yet sent.
pub fn hard_breaks(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Cancel,
    Confirm,
}

/// A question the person must answer with a key pressed after reading it; `T` is what a yes
/// does (a write by default).
pub struct Confirm<T = Outbound> {
    pub action: T,
    /// Cancel until the user moves it: a stray Enter never confirms.
    pub focus: Button,
    pub scroll: u16,
    /// The composer to return to when the user cancels, with the text kept.
    pub composer: Option<Composer>,
    /// When the first frame showing it was drawn; `None` until then. Only keys that arrive
    /// a guard time after this answer it (see `Confirm::answers`).
    pub shown_at: Option<DateTime<Utc>>,
    /// Keys typed before the person could have read it were dropped: the window says so.
    pub typed_ahead: bool,
}

impl Confirm {
    /// How long after it is drawn a confirmation (of any kind) ignores keys: a key arriving
    /// sooner was typed (or pasted) before the person could read what it would confirm.
    pub const GUARD: Duration = Duration::milliseconds(300);
}

impl<T> Confirm<T> {
    pub fn new(action: T, composer: Option<Composer>) -> Self {
        Self {
            action,
            focus: Button::Cancel,
            scroll: 0,
            composer,
            shown_at: None,
            typed_ahead: false,
        }
    }

    /// Whether a key that arrived at `at` may answer: only once the confirmation was on
    /// screen for the guard time. Keys already queued when it opened arrived before it was
    /// drawn, so they never answer.
    pub fn answers(&self, at: DateTime<Utc>) -> bool {
        self.shown_at
            .is_some_and(|shown| at >= shown + Confirm::GUARD)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    SearchChats,
    AttachPath,
    /// One value of a chosen template's variables (`Prompt::template` holds the rest).
    TemplateValue,
}

/// A chosen template while its variables are asked for, one field each, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateForm {
    pub chat: ChatId,
    pub template: Template,
    /// The values given so far; the prompt asks for the next one.
    pub values: Vec<String>,
}

pub struct Prompt {
    pub kind: PromptKind,
    pub input: TextArea<'static>,
    /// Completions or a validation message under the input.
    pub hint: Option<String>,
    /// The composer a path prompt attaches to.
    pub composer: Option<Composer>,
    /// The template whose next value a template prompt asks for.
    /// Boxed: a template is large next to every other prompt.
    pub template: Option<Box<TemplateForm>>,
}

impl Prompt {
    pub fn new(kind: PromptKind, text: &str) -> Self {
        let mut input = TextArea::new(vec![text.to_owned()]);
        input.move_cursor(tui_textarea::CursorMove::End);
        Self {
            kind,
            input,
            hint: None,
            composer: None,
            template: None,
        }
    }

    pub fn text(&self) -> &str {
        self.input.lines().first().map_or("", String::as_str)
    }
}

pub enum PickerKind {
    Emoji {
        chat: ChatId,
        message: MessageId,
    },
    Attendee {
        account: AccountId,
        /// `None` while loading; each attendee with their existing chat, if any.
        candidates: Option<Vec<(Attendee, Option<ChatId>)>>,
    },
    /// Canned replies, over the composer they go into (given back on choose or close).
    Snippet {
        composer: Box<Composer>,
    },
    /// The account's templates, for a chat whose customer-service window is closed.
    Template {
        account: AccountId,
        chat: ChatId,
        templates: Loadable<Vec<Template>>,
    },
}

pub struct Picker {
    pub kind: PickerKind,
    pub filter: TextArea<'static>,
    pub selected: usize,
}

impl Picker {
    pub fn new(kind: PickerKind) -> Self {
        Self {
            kind,
            filter: TextArea::default(),
            selected: 0,
        }
    }

    pub fn filter_text(&self) -> &str {
        self.filter.lines().first().map_or("", String::as_str)
    }

    /// The emoji `selected` points into (the view draws the same list).
    pub fn emoji_candidates(&self) -> Vec<&'static str> {
        super::choices::emoji_choices(self.filter_text()).collect()
    }

    /// Known attendees matching the filter: the only people a new chat can reach.
    pub fn attendee_candidates(&self) -> Vec<&(Attendee, Option<ChatId>)> {
        match &self.kind {
            PickerKind::Attendee {
                candidates: Some(candidates),
                ..
            } => super::choices::attendee_choices(self.filter_text(), candidates).collect(),
            _ => Vec::new(),
        }
    }

    /// Canned replies matching the filter, best first (the view draws the same list).
    pub fn snippet_candidates<'a>(
        &self,
        snippets: &'a [super::snippets::Snippet],
    ) -> Vec<&'a super::snippets::Snippet> {
        super::snippets::snippet_choices(self.filter_text(), snippets)
    }

    /// Templates matching the filter, approved or not: the others are shown, not choosable.
    pub fn template_candidates(&self) -> Vec<&Template> {
        match &self.kind {
            PickerKind::Template {
                templates: Loadable::Ready(templates),
                ..
            } => super::choices::template_choices(self.filter_text(), templates).collect(),
            _ => Vec::new(),
        }
    }

    pub fn candidate_count(&self, snippets: &[super::snippets::Snippet]) -> usize {
        match self.kind {
            PickerKind::Emoji { .. } => self.emoji_candidates().len(),
            PickerKind::Attendee { .. } => self.attendee_candidates().len(),
            PickerKind::Snippet { .. } => self.snippet_candidates(snippets).len(),
            PickerKind::Template { .. } => self.template_candidates().len(),
        }
    }
}
