//! The help overlay's content, generated from the live keymap so it always shows the keys
//! that actually work, overrides included.

use super::command::Command;
use super::context::Context;
use super::keymap::Keymap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpSection {
    pub context: Context,
    pub title: &'static str,
    pub rows: Vec<HelpRow>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpRow {
    /// Every key of the command, as written in `keymap.toml`: `j / down`.
    pub keys: String,
    pub command: Command,
    pub description: &'static str,
}

impl Keymap {
    /// One section per context that has bindings; commands without a key are left out.
    pub fn help(&self) -> Vec<HelpSection> {
        Context::ALL
            .into_iter()
            .map(|context| HelpSection {
                context,
                title: context.title(),
                rows: Command::in_context(context)
                    .filter_map(|command| self.help_row(context, command))
                    .collect(),
            })
            .filter(|section| !section.rows.is_empty())
            .collect()
    }

    fn help_row(&self, context: Context, command: Command) -> Option<HelpRow> {
        let keys = self.keys_for(context, command);
        (!keys.is_empty()).then(|| HelpRow {
            keys: keys
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" / "),
            command,
            description: command.description(),
        })
    }
}
