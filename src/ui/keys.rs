//! Key names for hints, read from the help data (the live keymap), so a rebound key shows as
//! what it now is.

use crate::input::{Command, Context, Focus, HelpSection};

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

/// The first key of `command` in `context`, if it has one.
fn first_key(help: &[HelpSection], context: Context, command: Command) -> Option<&str> {
    help.iter()
        .filter(|section| section.context == context)
        .flat_map(|section| &section.rows)
        .find(|row| row.command == command)?
        .keys
        .split(" / ")
        .next()
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

/// The hint of `hint`, for a focus (its tables searched in order), with only the items that
/// fit whole in `width` columns: a cut item would show half a key.
pub fn fitting_hint(
    help: &[HelpSection],
    focus: Focus,
    items: &[(Command, &str)],
    separator: &str,
    width: usize,
) -> String {
    let mut shown = String::new();
    for &(command, label) in items {
        // One key per command: the help overlay lists the others.
        let Some(key) = focus
            .contexts()
            .iter()
            .find_map(|&context| first_key(help, context, command))
        else {
            continue;
        };
        let item = format!("{key} {label}");
        let extra = if shown.is_empty() { 0 } else { separator.len() };
        if shown.chars().count() + extra + item.chars().count() > width {
            break;
        }
        if !shown.is_empty() {
            shown.push_str(separator);
        }
        shown.push_str(&item);
    }
    shown
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

    #[test]
    fn a_fitting_hint_keeps_whole_items_only() {
        let help = Keymap::built_in().unwrap().help();
        let items = [(Command::Reply, "reply"), (Command::Help, "help")];
        assert_eq!(
            fitting_hint(&help, Focus::Thread, &items, "  ", 80),
            "r reply  ? help"
        );
        assert_eq!(
            fitting_hint(&help, Focus::Thread, &items, "  ", 14),
            "r reply"
        );
        assert_eq!(fitting_hint(&help, Focus::Thread, &items, "  ", 3), "");
    }
}
