//! The live keymap: the built-in `keymap.toml` with the user's file laid over it, and the
//! lookup the app loop calls for every key event.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;

use crossterm::event::{KeyEvent, KeyEventKind};

use super::command::Command;
use super::context::{Context, Focus};
use super::error::KeymapError;
use super::key::Key;
use super::sequence::KeySequence;
use crate::config::describe_toml_error;

/// The defaults, compiled in so unibox works without any file on disk.
const DEFAULT_KEYMAP: &str = include_str!("../../keymap.toml");

/// How errors in the defaults name their source.
const BUILT_IN: &str = "keymap.toml (built in)";

/// What a key event means where it was pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    Command(Command),
    /// Not bound, and the focus is a text field: hand the event to the text input.
    Text,
    /// Not bound here, but bound to this command in another pane: say where it works.
    Elsewhere(Command),
    /// The first key of a two-key binding (`]` of `]u`): pass it back with the next key to
    /// `Keymap::resolve_after`.
    Prefix(Key),
    /// Not bound (or a release, or a held key that must not repeat): do nothing.
    Ignored,
}

#[derive(Clone, Debug)]
pub struct Keymap {
    bindings: HashMap<(Context, KeySequence), Command>,
}

impl Keymap {
    /// The built-in defaults alone.
    pub fn built_in() -> Result<Self, KeymapError> {
        let mut keymap = Self {
            bindings: HashMap::new(),
        };
        keymap.apply(Path::new(BUILT_IN), DEFAULT_KEYMAP)?;
        Ok(keymap)
    }

    /// The defaults with `user_file` laid over them; a missing file means no overrides.
    pub fn load(user_file: &Path) -> Result<Self, KeymapError> {
        match fs::read_to_string(user_file) {
            Ok(text) => Self::with_overrides(user_file, &text),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Self::built_in(),
            Err(source) => Err(KeymapError::Read {
                file: user_file.to_owned(),
                source,
            }),
        }
    }

    /// The defaults with the overrides in `text`; `file` names them in errors.
    pub fn with_overrides(file: &Path, text: &str) -> Result<Self, KeymapError> {
        let mut keymap = Self::built_in()?;
        keymap.apply(file, text)?;
        Ok(keymap)
    }

    /// What `event` means with `focus`. Releases are ignored; a held key repeats only
    /// movement (`Command::repeats`); unbound keys are text where the focus takes text.
    pub fn resolve(&self, focus: Focus, event: &KeyEvent) -> Resolution {
        self.resolve_after(focus, None, event)
    }

    /// As `resolve`, after `pending`, the first key of a pair (`Resolution::Prefix`). A key
    /// that does not finish a pair counts alone, as if the first had not been pressed.
    pub fn resolve_after(
        &self,
        focus: Focus,
        pending: Option<Key>,
        event: &KeyEvent,
    ) -> Resolution {
        if event.kind == KeyEventKind::Release {
            return Resolution::Ignored;
        }
        let Some(key) = Key::from_event(event) else {
            return Resolution::Ignored;
        };
        let pair = pending.map(|first| KeySequence::pair(first, key));
        let command = pair
            .and_then(|pair| self.command_for_sequence(focus, pair))
            .or_else(|| self.command_for(focus, key));
        match command {
            Some(command) if event.kind == KeyEventKind::Repeat && !command.repeats() => {
                Resolution::Ignored
            }
            Some(command) => Resolution::Command(command),
            None if focus.takes_text() => Resolution::Text,
            None => {
                let elsewhere = pair
                    .and_then(|pair| self.command_in_another_pane(focus, pair))
                    .or_else(|| self.command_in_another_pane(focus, KeySequence::single(key)));
                match elsewhere {
                    Some(command) => Resolution::Elsewhere(command),
                    None if self.starts_a_pair(focus, key) => Resolution::Prefix(key),
                    None => Resolution::Ignored,
                }
            }
        }
    }

    /// Whether `key` is the first of a pair bound for `focus`, or in another pane's table.
    fn starts_a_pair(&self, focus: Focus, key: Key) -> bool {
        let mut contexts = focus.contexts().to_vec();
        if matches!(focus, Focus::Accounts | Focus::Chats | Focus::Thread) {
            contexts.extend([Context::Thread, Context::Chats, Context::Accounts]);
        }
        self.bindings.keys().any(|(context, sequence)| {
            sequence.first() == key && sequence.then().is_some() && contexts.contains(context)
        })
    }

    /// For a pane, the command `key` has in another pane's table (`r` in the accounts pane
    /// replies in the thread). Windows have no other place: nothing.
    fn command_in_another_pane(&self, focus: Focus, key: KeySequence) -> Option<Command> {
        if !matches!(focus, Focus::Accounts | Focus::Chats | Focus::Thread) {
            return None;
        }
        [Context::Thread, Context::Chats, Context::Accounts]
            .into_iter()
            .filter(|context| !focus.contexts().contains(context))
            .find_map(|context| self.bindings.get(&(context, key)).copied())
    }

    /// The command bound to `key`, searching the focus's contexts in order
    /// (see `Focus::contexts`).
    pub fn command_for(&self, focus: Focus, key: Key) -> Option<Command> {
        self.command_for_sequence(focus, KeySequence::single(key))
    }

    fn command_for_sequence(&self, focus: Focus, keys: KeySequence) -> Option<Command> {
        focus
            .contexts()
            .iter()
            .find_map(|&context| self.bindings.get(&(context, keys)).copied())
    }

    /// The keys bound to `command` in `context`, plain keys first, for help and hints.
    pub fn keys_for(&self, context: Context, command: Command) -> Vec<KeySequence> {
        let mut keys: Vec<KeySequence> = self
            .bindings
            .iter()
            .filter(|((bound_context, _), bound)| *bound_context == context && **bound == command)
            .map(|((_, key), _)| *key)
            .collect();
        keys.sort_by_key(KeySequence::display_rank);
        keys
    }

    /// Lays one file over the current bindings, key by key: a key replaces the command it had
    /// in that context, `""` unbinds it.
    fn apply(&mut self, file: &Path, text: &str) -> Result<(), KeymapError> {
        let table: toml::Table = toml::from_str(text).map_err(|error| KeymapError::Syntax {
            file: file.to_owned(),
            message: describe_toml_error(text, &error),
        })?;
        for (context_name, entries) in &table {
            let context =
                Context::from_name(context_name).ok_or_else(|| KeymapError::UnknownContext {
                    file: file.to_owned(),
                    context: context_name.clone(),
                })?;
            let entries = entries.as_table().ok_or_else(|| KeymapError::NotATable {
                file: file.to_owned(),
                context,
            })?;
            self.apply_context(file, context, entries)?;
        }
        Ok(())
    }

    fn apply_context(
        &mut self,
        file: &Path,
        context: Context,
        entries: &toml::Table,
    ) -> Result<(), KeymapError> {
        // TOML keeps keys unique as written; `G` and `shift-g` only collide once parsed.
        let mut seen: HashMap<KeySequence, &str> = HashMap::new();
        for (key_text, value) in entries {
            let key: KeySequence = key_text.parse().map_err(|problem| KeymapError::BadKey {
                file: file.to_owned(),
                context,
                key: key_text.clone(),
                problem,
            })?;
            if let Some(other) = seen.insert(key, key_text) {
                return Err(KeymapError::DuplicateKey {
                    file: file.to_owned(),
                    context,
                    key: key_text.clone(),
                    other: other.to_owned(),
                    normalised: key,
                });
            }
            let name = value.as_str().ok_or_else(|| KeymapError::NotACommandName {
                file: file.to_owned(),
                context,
                key: key_text.clone(),
            })?;
            if name.is_empty() {
                self.bindings.remove(&(context, key));
                continue;
            }
            let command = Command::from_name(name).ok_or_else(|| KeymapError::UnknownCommand {
                file: file.to_owned(),
                context,
                key: key_text.clone(),
                command: name.to_owned(),
            })?;
            if !command.belongs_to(context) {
                return Err(KeymapError::WrongContext {
                    file: file.to_owned(),
                    context,
                    key: key_text.clone(),
                    command,
                });
            }
            self.bindings.insert((context, key), command);
        }
        Ok(())
    }
}
