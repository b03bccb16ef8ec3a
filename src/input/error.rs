//! Why a keymap file was refused. Every message names the file and the entry, and says what
//! would have been accepted, so the user can fix it without reading the source.

use std::fmt;
use std::io;
use std::path::PathBuf;

use super::command::Command;
use super::context::Context;
use super::key::KeyParseError;
use super::sequence::KeySequence;

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("cannot read keymap {}: {source}", file.display())]
    Read { file: PathBuf, source: io::Error },

    #[error("{}: not valid TOML: {message}", file.display())]
    Syntax { file: PathBuf, message: String },

    #[error("{}: unknown context [{context}]; valid contexts: {}", file.display(), ValidContexts)]
    UnknownContext { file: PathBuf, context: String },

    #[error("{}: [{context}] must be a table of \"key\" = \"command\" entries", file.display())]
    NotATable { file: PathBuf, context: Context },

    #[error(
        "{}: [{context}] \"{key}\": {problem}; valid commands for [{context}]: {}",
        file.display(),
        ValidCommands(*context)
    )]
    BadKey {
        file: PathBuf,
        context: Context,
        key: String,
        problem: KeyParseError,
    },

    #[error(
        "{}: [{context}] \"{key}\": expected a command name in quotes (or \"\" to unbind); \
         valid commands for [{context}]: {}",
        file.display(),
        ValidCommands(*context)
    )]
    NotACommandName {
        file: PathBuf,
        context: Context,
        key: String,
    },

    #[error(
        "{}: [{context}] \"{key}\" = \"{command}\": unknown command; valid commands for \
         [{context}]: {}",
        file.display(),
        ValidCommands(*context)
    )]
    UnknownCommand {
        file: PathBuf,
        context: Context,
        key: String,
        command: String,
    },

    #[error(
        "{}: [{context}] \"{key}\" = \"{command}\": {command} belongs in {}, not in \
         [{context}]; valid commands for [{context}]: {}",
        file.display(),
        Homes(*command),
        ValidCommands(*context)
    )]
    WrongContext {
        file: PathBuf,
        context: Context,
        key: String,
        command: Command,
    },

    #[error(
        "{}: [{context}] \"{key}\" and \"{other}\" are the same key ({normalised}); keep one",
        file.display()
    )]
    DuplicateKey {
        file: PathBuf,
        context: Context,
        key: String,
        other: String,
        normalised: KeySequence,
    },
}

struct ValidContexts;

impl fmt::Display for ValidContexts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, Context::ALL.iter().map(|context| context.name()))
    }
}

struct ValidCommands(Context);

impl fmt::Display for ValidCommands {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(f, Command::in_context(self.0).map(Command::name))
    }
}

/// The contexts a command may be bound in: `[chats], [thread]`.
struct Homes(Command);

impl fmt::Display for Homes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_list(
            f,
            self.0
                .contexts()
                .iter()
                .map(|context| Bracketed(context.name())),
        )
    }
}

struct Bracketed(&'static str);

impl fmt::Display for Bracketed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.0)
    }
}

fn write_list<T: fmt::Display>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = T>,
) -> fmt::Result {
    for (index, item) in items.enumerate() {
        if index > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}
