//! Keys as data. Every binding lives in `keymap.toml` (the defaults, compiled in) and the
//! user's file over it; a key maps to a named `Command`. No key is matched anywhere else:
//! the app loop asks `Keymap::resolve(focus, &event)` and acts on the command, or hands the
//! event to the text field when the answer is `Resolution::Text`.

mod command;
mod context;
mod error;
mod help;
mod key;
mod keymap;
mod sequence;

pub use command::Command;
pub use context::{Context, Focus};
pub use error::KeymapError;
pub use help::{HelpRow, HelpSection};
pub use key::{Code, Key, KeyParseError};
pub use keymap::{Keymap, Resolution};
pub use sequence::KeySequence;
