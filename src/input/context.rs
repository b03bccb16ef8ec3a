//! Where a key is pressed: the keymap's tables (`Context`) and what has the focus (`Focus`),
//! which decides the order the tables are searched in.

use std::fmt;

/// One table of `keymap.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Lists,
    Accounts,
    Chats,
    Thread,
    Composer,
    Confirm,
    Picker,
    Prompt,
    Outbox,
    Reader,
    Search,
    Help,
}

impl Context {
    /// In the order the help overlay shows them.
    pub const ALL: [Context; 13] = [
        Context::Global,
        Context::Lists,
        Context::Accounts,
        Context::Chats,
        Context::Thread,
        Context::Composer,
        Context::Confirm,
        Context::Picker,
        Context::Prompt,
        Context::Outbox,
        Context::Reader,
        Context::Search,
        Context::Help,
    ];

    /// The table name in `keymap.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Lists => "lists",
            Context::Accounts => "accounts",
            Context::Chats => "chats",
            Context::Thread => "thread",
            Context::Composer => "composer",
            Context::Confirm => "confirm",
            Context::Picker => "picker",
            Context::Prompt => "prompt",
            Context::Outbox => "outbox",
            Context::Reader => "reader",
            Context::Search => "search",
            Context::Help => "help",
        }
    }

    /// The heading of its section in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Lists => "Lists (accounts, chats, thread)",
            Context::Accounts => "Account list",
            Context::Chats => "Chat list",
            Context::Thread => "Thread",
            Context::Composer => "Composer",
            Context::Confirm => "Confirmation",
            Context::Picker => "Pickers (emoji, attendees, templates)",
            Context::Prompt => "Search and prompts",
            Context::Outbox => "Unsent actions",
            Context::Reader => "Message reader",
            Context::Search => "Message search",
            Context::Help => "Help",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|context| context.name() == name)
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What has the keyboard right now; the app tells the keymap on every key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Focus {
    Accounts,
    Chats,
    Thread,
    Composer,
    Confirm,
    Picker,
    Prompt,
    Outbox,
    Reader,
    Search,
    Help,
}

impl Focus {
    /// The tables searched for a key, first match wins.
    ///
    /// A pane looks in its own table, then the shared list movements, then the global keys.
    /// Modal focuses (composer, confirmation, pickers, prompts, help) look only in their own
    /// table: while typing, `q` is a letter, not quit, and nothing behind a confirmation can
    /// be triggered by a stray key.
    pub fn contexts(self) -> &'static [Context] {
        match self {
            Focus::Accounts => &[Context::Accounts, Context::Lists, Context::Global],
            Focus::Chats => &[Context::Chats, Context::Lists, Context::Global],
            Focus::Thread => &[Context::Thread, Context::Lists, Context::Global],
            Focus::Composer => &[Context::Composer],
            Focus::Confirm => &[Context::Confirm],
            Focus::Picker => &[Context::Picker],
            Focus::Prompt => &[Context::Prompt],
            Focus::Outbox => &[Context::Outbox],
            Focus::Reader => &[Context::Reader],
            Focus::Search => &[Context::Search],
            Focus::Help => &[Context::Help],
        }
    }

    /// Whether keys that are not bound are typed text (the composer, a picker's filter, a
    /// prompt, the message search) rather than ignored.
    pub fn takes_text(self) -> bool {
        matches!(
            self,
            Focus::Composer | Focus::Picker | Focus::Prompt | Focus::Search
        )
    }
}
