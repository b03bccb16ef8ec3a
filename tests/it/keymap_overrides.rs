//! The user's keymap.toml over the defaults: key-by-key replacement, unbinding, refusal of
//! mistakes with messages that say how to fix them, and a help overlay that follows.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unibox::input::{Command, Context, Focus, Keymap, KeymapError, Resolution};

const USER_FILE: &str = "/home/ada/.config/unibox/keymap.toml";

fn with(text: &str) -> Result<Keymap, KeymapError> {
    Keymap::with_overrides(Path::new(USER_FILE), text)
}

fn overridden(text: &str) -> Keymap {
    with(text).unwrap_or_else(|error| panic!("override should load: {error}"))
}

fn refused(text: &str) -> String {
    match with(text) {
        Ok(_) => panic!("{text:?} should be refused"),
        Err(error) => error.to_string(),
    }
}

fn char_key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

#[test]
fn an_override_replaces_only_its_key() {
    let keymap = overridden("[thread]\n\"x\" = \"delete\"\n\"d\" = \"edit\"\n");
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('x')),
        Resolution::Command(Command::Delete)
    );
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('d')),
        Resolution::Command(Command::Edit)
    );
    // The other defaults of the table, and of other tables, stay.
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('e')),
        Resolution::Command(Command::Edit)
    );
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('j')),
        Resolution::Command(Command::MoveDown)
    );
}

#[test]
fn a_key_of_another_pane_is_named_as_such() {
    let keymap = Keymap::built_in().expect("the built-in keymap");
    assert_eq!(
        keymap.resolve(Focus::Accounts, &char_key('r')),
        Resolution::Elsewhere(Command::Reply)
    );
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('u')),
        Resolution::Elsewhere(Command::ToggleUnread)
    );
    assert_eq!(
        keymap.resolve(Focus::Accounts, &char_key('z')),
        Resolution::Ignored
    );
    // A window has no other place: a key it does not know is nothing.
    assert_eq!(
        keymap.resolve(Focus::Help, &char_key('r')),
        Resolution::Ignored
    );
}

#[test]
fn an_empty_command_unbinds_the_key() {
    let keymap = overridden("[global]\n\"q\" = \"\"\n");
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('q')),
        Resolution::Ignored
    );
    // Quit keeps its other key.
    assert_eq!(
        keymap.resolve(
            Focus::Chats,
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        ),
        Resolution::Command(Command::Quit)
    );
}

#[test]
fn a_pane_binding_shadows_the_shared_ones() {
    let keymap = overridden("[thread]\n\"g\" = \"reply\"\n");
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('g')),
        Resolution::Command(Command::Reply)
    );
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('g')),
        Resolution::Command(Command::First)
    );
}

#[test]
fn a_normalised_spelling_replaces_the_default() {
    let keymap = overridden("[lists]\n\"shift-g\" = \"first\"\n");
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('G')),
        Resolution::Command(Command::First)
    );
}

#[test]
fn an_unknown_command_names_file_key_and_valid_commands() {
    let message = refused("[chats]\n\"x\" = \"delete_everything\"\n");
    for part in [
        USER_FILE,
        "[chats]",
        "\"x\"",
        "delete_everything",
        "unknown command",
        "valid commands for [chats]: toggle_unread, toggle_waiting, new_chat, clear_search, next_unread, \
         previous_unread, toggle_archived, mark_unread, archive, mute, attendees",
    ] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
}

#[test]
fn a_command_in_the_wrong_context_says_where_it_belongs() {
    let message = refused("[global]\n\"x\" = \"send\"\n");
    for part in [
        USER_FILE,
        "\"x\"",
        "send belongs in [composer], not in [global]",
        "valid commands for [global]: quit, help, focus_next, focus_prev, refresh, search, suspend",
    ] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
}

#[test]
fn an_unknown_context_lists_the_valid_ones() {
    let message = refused("[inbox]\n\"x\" = \"quit\"\n");
    assert!(message.contains(USER_FILE), "{message}");
    assert!(message.contains("[inbox]"), "{message}");
    assert!(
        message.contains(
            "valid contexts: global, lists, accounts, chats, thread, composer, confirm, picker, prompt, outbox, reader, search, help"
        ),
        "{message}"
    );
}

#[test]
fn a_bad_key_names_the_key_and_lists_valid_commands() {
    let message = refused("[thread]\n\"ctl-x\" = \"delete\"\n");
    for part in [
        USER_FILE,
        "[thread]",
        "unknown key `ctl-x`",
        "ctrl-r",
        "valid commands for [thread]: reply,",
    ] {
        assert!(message.contains(part), "{part:?} missing from: {message}");
    }
}

#[test]
fn two_spellings_of_one_key_are_refused() {
    let message = refused("[lists]\n\"G\" = \"last\"\n\"shift-g\" = \"first\"\n");
    assert!(message.contains(USER_FILE), "{message}");
    assert!(message.contains("\"G\""), "{message}");
    assert!(message.contains("\"shift-g\""), "{message}");
    assert!(message.contains("same key (G)"), "{message}");
}

#[test]
fn values_that_are_not_command_names_are_refused() {
    let message = refused("[global]\n\"x\" = 3\n");
    assert!(message.contains("[global] \"x\""), "{message}");
    assert!(message.contains("valid commands for [global]"), "{message}");

    let message = refused("global = 3\n");
    assert!(message.contains("[global] must be a table"), "{message}");
}

#[test]
fn broken_toml_is_reported_with_its_line() {
    let message = refused("[global]\n\"q\" = \"quit\"\n\"x\" = \n");
    assert!(message.contains(USER_FILE), "{message}");
    assert!(message.contains("line 3"), "{message}");
}

#[test]
fn a_missing_user_file_means_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let keymap = Keymap::load(&dir.path().join("keymap.toml")).unwrap();
    assert_eq!(keymap.help(), Keymap::built_in().unwrap().help());
}

#[test]
fn load_reads_the_user_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("keymap.toml");
    std::fs::write(&file, "[chats]\n\"U\" = \"toggle_unread\"\n").unwrap();
    let keymap = Keymap::load(&file).unwrap();
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('U')),
        Resolution::Command(Command::ToggleUnread)
    );

    std::fs::write(&file, "[chats]\n\"U\" = \"nope\"\n").unwrap();
    let message = Keymap::load(&file).unwrap_err().to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
}

#[test]
fn an_unreadable_user_file_is_an_error_not_the_defaults() {
    let dir = tempfile::tempdir().unwrap();
    // A directory where the file should be.
    let message = Keymap::load(dir.path()).unwrap_err().to_string();
    assert!(message.starts_with("cannot read keymap"), "{message}");
}

#[test]
fn help_is_generated_from_the_live_keymap() {
    let defaults = Keymap::built_in().unwrap().help();
    let lists = defaults
        .iter()
        .find(|section| section.context == Context::Lists)
        .unwrap();
    let move_down = lists
        .rows
        .iter()
        .find(|row| row.command == Command::MoveDown)
        .unwrap();
    assert_eq!(move_down.keys, "j / down");
    assert_eq!(move_down.description, Command::MoveDown.description());
    let titles: Vec<&str> = defaults.iter().map(|section| section.title).collect();
    assert_eq!(titles.first(), Some(&Context::Global.title()));
    assert_eq!(titles.len(), Context::ALL.len());

    let keymap = overridden("[thread]\n\"x\" = \"delete\"\n\"d\" = \"\"\n\"y\" = \"\"\n");
    let thread = keymap
        .help()
        .into_iter()
        .find(|section| section.context == Context::Thread)
        .unwrap();
    let delete = thread
        .rows
        .iter()
        .find(|row| row.command == Command::Delete)
        .unwrap();
    assert_eq!(delete.keys, "x");
    // A command left without keys disappears from help.
    assert!(
        thread
            .rows
            .iter()
            .all(|row| row.command != Command::CopyText)
    );
}
