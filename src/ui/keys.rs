//! Key names for hints, read from the help data (the live keymap), so a rebound key shows as
//! what it now is.

use crate::input::{Command, Context, HelpSection};

/// Keys shown for one command in a hint; the help overlay lists them all.
const KEYS_IN_A_HINT: usize = 2;

/// `alt-enter/ctrl-j`: the first keys of `command` in `context`, if it has any.
pub fn keys_for(help: &[HelpSection], context: Context, command: Command) -> Option<String> {
    let row = help
        .iter()
        .filter(|section| section.context == context)
        .flat_map(|section| &section.rows)
        .find(|row| row.command == command)?;
    let keys: Vec<&str> = row.keys.split(" / ").take(KEYS_IN_A_HINT).collect();
    Some(keys.join("/"))
}

/// `enter send · esc leave`: each command that has a key, with its label.
pub fn hint(help: &[HelpSection], context: Context, items: &[(Command, &str)]) -> String {
    items
        .iter()
        .filter_map(|&(command, label)| {
            keys_for(help, context, command).map(|keys| format!("{keys} {label}"))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Keymap;

    #[test]
    fn hints_follow_the_keymap() {
        let help = Keymap::built_in().unwrap().help();
        assert_eq!(
            keys_for(&help, Context::Composer, Command::Newline).as_deref(),
            Some("ctrl-j/alt-enter")
        );
        let hint = hint(
            &help,
            Context::Confirm,
            &[(Command::Confirm, "confirm"), (Command::Cancel, "cancel")],
        );
        assert_eq!(hint, "y confirm · n/esc cancel");
        assert_eq!(keys_for(&[], Context::Global, Command::Quit), None);
    }
}
