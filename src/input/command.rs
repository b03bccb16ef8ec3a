//! Every named command a key can be bound to: its name in `keymap.toml`, its line in the help
//! overlay and the contexts it belongs to. Adding a command is adding one row below.

use std::fmt;

use super::context::Context;

macro_rules! commands {
    ($($variant:ident = $name:literal in [$($context:ident),+] : $description:literal;)+) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Command {
            $($variant,)+
        }

        impl Command {
            /// In the order the help overlay lists them.
            pub const ALL: &[Command] = &[$(Command::$variant,)+];

            /// The stable snake_case name used in `keymap.toml`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)+
                }
            }

            /// One line for the help overlay.
            pub fn description(self) -> &'static str {
                match self {
                    $(Command::$variant => $description,)+
                }
            }

            /// The keymap tables this command may be bound in.
            pub fn contexts(self) -> &'static [Context] {
                match self {
                    $(Command::$variant => &[$(Context::$context),+],)+
                }
            }
        }
    };
}

commands! {
    Quit = "quit" in [Global]: "quit unibox";
    Help = "help" in [Global]: "show this help";
    FocusNext = "focus_next" in [Global]: "next pane";
    FocusPrev = "focus_prev" in [Global]: "previous pane";
    Refresh = "refresh" in [Global]: "refresh from the server";
    Search = "search" in [Global]: "search chats";
    Suspend = "suspend" in [Global]: "suspend to the shell";
    SearchMessages = "search_messages" in [Global]: "search messages";

    MoveDown = "move_down" in [Lists, Picker, Outbox, Search]: "move down";
    MoveUp = "move_up" in [Lists, Picker, Outbox, Search]: "move up";
    First = "first" in [Lists, Reader]: "go to the first item";
    Last = "last" in [Lists, Reader]: "go to the last item";
    PageDown = "page_down" in [Lists, Reader]: "page down";
    PageUp = "page_up" in [Lists, Reader]: "page up";
    Open = "open" in [Lists]: "open the selected item";

    Reconnect = "reconnect" in [Accounts]: "get a link to sign the account in again (asks first)";

    ToggleUnread = "toggle_unread" in [Chats]: "show only unread chats (toggle)";
    ToggleWaiting = "toggle_waiting" in [Chats]: "show only chats waiting for us (toggle)";
    NewChat = "new_chat" in [Chats]: "start a chat with a known contact";
    ClearSearch = "clear_search" in [Chats]: "clear the search (show every chat again)";
    NextUnread = "next_unread" in [Chats]: "next chat with unread messages";
    PreviousUnread = "previous_unread" in [Chats]: "previous chat with unread messages";
    ToggleArchived = "toggle_archived" in [Chats]: "show the archived chats instead (toggle)";
    MarkUnread = "mark_unread" in [Chats]: "mark the chat unread (asks first)";
    ArchiveChat = "archive" in [Chats]: "archive or unarchive the chat (asks first)";
    MuteChat = "mute" in [Chats]: "mute or unmute the chat (asks first)";

    Reply = "reply" in [Thread]: "write a message in this chat";
    ReplyQuote = "reply_quote" in [Thread]: "reply quoting the selected message";
    Edit = "edit" in [Thread]: "edit the selected message";
    Delete = "delete" in [Thread]: "delete the selected message for everyone";
    React = "react" in [Thread]: "react to the selected message";
    OpenAttachment = "open_attachment" in [Thread]: "save the selected attachment";
    OpenSaved = "open_saved" in [Thread]: "save and open the selected attachment";
    CopyText = "copy_text" in [Thread, Reader]: "copy the selected message's text";
    Attendees = "attendees" in [Chats, Thread]: "show the chat's attendees";
    ReviewOutbox = "review_outbox" in [Chats, Thread]: "review actions not sent (list: all chats)";
    Read = "read" in [Thread]: "read the selected message in full (links listed)";
    SearchInChat = "search_in_chat" in [Thread]: "search messages in this chat";
    NextHit = "next_hit" in [Thread]: "next search hit in this chat (newer)";
    PreviousHit = "previous_hit" in [Thread]: "previous search hit in this chat (older)";

    Send = "send" in [Composer]: "send (asks for confirmation first)";
    Newline = "newline" in [Composer]: "new line";
    LeaveComposer = "leave_composer" in [Composer]: "leave the composer (the draft is kept)";
    ExternalEditor = "external_editor" in [Composer]: "write the message in $EDITOR";
    AttachFile = "attach_file" in [Composer]: "attach a file";
    InsertSnippet = "insert_snippet" in [Composer]: "insert a canned reply (snippets.toml)";
    LineStart = "line_start" in [Composer]: "go to the start of the line";
    LineEnd = "line_end" in [Composer]: "go to the end of the line";
    WordBack = "word_back" in [Composer]: "go back a word";
    WordForward = "word_forward" in [Composer]: "go forward a word";
    DeleteToLineStart = "delete_to_line_start" in [Composer]: "delete to the start of the line";
    DeleteWordBack = "delete_word_back" in [Composer]: "delete the word before the cursor";
    Undo = "undo" in [Composer]: "undo";
    Redo = "redo" in [Composer]: "redo";

    Confirm = "confirm" in [Confirm]: "confirm: do it";
    Cancel = "cancel" in [Confirm]: "cancel: nothing is sent";
    SwitchButton = "switch_button" in [Confirm]: "move between Cancel and Confirm";
    Activate = "activate" in [Confirm]: "press the focused button (Cancel at first)";
    ScrollDown = "scroll_down" in [Confirm, Reader, Help]: "scroll down";
    ScrollUp = "scroll_up" in [Confirm, Reader, Help]: "scroll up";

    Choose = "choose" in [Picker, Search]: "choose the selected entry";
    RefreshTemplates = "refresh_templates" in [Picker]: "fetch the account's templates again (template picker)";
    SwitchScope = "switch_scope" in [Search]: "search every account, the selected one, or this chat";
    Submit = "submit" in [Prompt]: "accept";
    Complete = "complete" in [Prompt]: "complete the file path";
    NextLink = "next_link" in [Reader]: "select the next link";
    OpenLink = "open_link" in [Reader]: "open the selected link in the browser";
    Retry = "retry" in [Outbox]: "send again (asks for confirmation first)";
    Dismiss = "dismiss" in [Outbox]: "give up on this action (it stays in the audit log)";
    MarkSent = "mark_sent" in [Outbox]: "it did arrive: mark it sent";
    Close = "close" in [Picker, Prompt, Outbox, Reader, Search, Help]: "close";
}

impl Command {
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|command| command.name() == name)
    }

    pub fn belongs_to(self, context: Context) -> bool {
        self.contexts().contains(&context)
    }

    /// Whether holding the key down repeats the command. Only movement does: a held `y` must
    /// not confirm twice, a held `r` must not open the composer and then type into it.
    pub fn repeats(self) -> bool {
        matches!(
            self,
            Command::MoveDown
                | Command::MoveUp
                | Command::PageDown
                | Command::PageUp
                | Command::ScrollDown
                | Command::ScrollUp
                | Command::Newline
                | Command::WordBack
                | Command::WordForward
                | Command::DeleteWordBack
                | Command::Undo
                | Command::Redo
        )
    }

    /// The commands that may be bound in `context`, in help order.
    pub fn in_context(context: Context) -> impl Iterator<Item = Command> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |command| command.belongs_to(context))
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
