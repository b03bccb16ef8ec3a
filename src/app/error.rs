//! The app's errors, typed: what the runtime reports back about the editor and a file chosen
//! for sending, and why an action key was refused. Each says, in words the status bar can
//! show, what happened and what is kept.

use thiserror::Error;

use crate::domain::rules::Denied;

/// The external editor (`ctrl-x`) did not give a text back; the composer keeps its own.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EditorError {
    #[error("cannot create a file for the editor: {0}")]
    TempFile(String),
    #[error("cannot write the draft: {0}")]
    Write(String),
    #[error("cannot start {editor}: {reason}")]
    Start { editor: String, reason: String },
    #[error("{editor} exited with {status}: the composer keeps its text")]
    Exited { editor: String, status: String },
    #[error("cannot read the draft back: {0}")]
    ReadBack(String),
}

/// A file chosen for sending that cannot be sent. `shown` is its path, sanitised.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    #[error("{shown}: no such file")]
    NotFound { shown: String },
    #[error("{shown}: permission denied")]
    PermissionDenied { shown: String },
    #[error("{shown}: cannot be read")]
    Unreadable { shown: String },
    #[error("{shown} is not a file")]
    NotAFile { shown: String },
    #[error("{shown} is {size}; {channel} accepts files up to {limit}")]
    TooLarge {
        shown: String,
        size: String,
        channel: String,
        limit: String,
    },
}

/// Why an action the user asked for (a key, a send, a resend) was not prepared.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// The account's policy or the contract's rules.
    #[error(transparent)]
    Rule(#[from] Denied),
    #[error("select a message first (j / k)")]
    NoMessageSelected,
    #[error("a deleted message cannot be quoted")]
    QuoteDeleted,
    #[error("the message to edit is no longer loaded")]
    EditTargetGone,
    #[error("the text did not change")]
    TextUnchanged,
    #[error("an edit cannot add attachments")]
    EditWithAttachments,
    #[error("the chat is no longer open")]
    ChatClosed,
    #[error("start the chat again from the chat list (n)")]
    StartChatAgain,
    #[error("the chat of this action is not in the cache any more")]
    ChatGone,
    #[error("open the chat of this action first: its message is not loaded")]
    OpenChatFirst,
    #[error("scroll to the message first: it is not loaded")]
    ScrollToMessage,
}
