//! The built-in keymap: it loads, binds every default of the product, and resolves keys in
//! the right order for each focus.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use unibox::input::{Command, Context, Focus, KeySequence, Keymap, Resolution};

fn built_in() -> Keymap {
    Keymap::built_in().expect("the built-in keymap loads")
}

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn char_key(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn keys(keymap: &Keymap, context: Context, command: Command) -> Vec<String> {
    keymap
        .keys_for(context, command)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The product's default table, row by row.
const DEFAULTS: &[(Context, Command, &[&str])] = &[
    (Context::Global, Command::Quit, &["q", "ctrl-c"]),
    (Context::Global, Command::Help, &["?"]),
    (Context::Global, Command::FocusNext, &["tab"]),
    (Context::Global, Command::FocusPrev, &["shift-tab"]),
    (Context::Global, Command::Refresh, &["ctrl-r"]),
    (Context::Global, Command::Search, &["/"]),
    (Context::Global, Command::Suspend, &["ctrl-z"]),
    (Context::Lists, Command::MoveDown, &["j", "down"]),
    (Context::Lists, Command::MoveUp, &["k", "up"]),
    (Context::Lists, Command::First, &["g", "home"]),
    (Context::Lists, Command::Last, &["G", "end"]),
    (Context::Lists, Command::PageDown, &["pagedown", "ctrl-d"]),
    (Context::Lists, Command::PageUp, &["pageup", "ctrl-u"]),
    (Context::Lists, Command::Open, &["enter"]),
    (Context::Chats, Command::ToggleUnread, &["u"]),
    (Context::Chats, Command::ToggleWaiting, &["w"]),
    (Context::Chats, Command::NewChat, &["n"]),
    (Context::Chats, Command::Attendees, &["i"]),
    (Context::Chats, Command::ClearSearch, &["esc"]),
    (Context::Chats, Command::NextUnread, &["]u"]),
    (Context::Chats, Command::PreviousUnread, &["[u"]),
    (Context::Thread, Command::Reply, &["r"]),
    (Context::Thread, Command::ReplyQuote, &["R"]),
    (Context::Thread, Command::Edit, &["e"]),
    (Context::Thread, Command::Delete, &["d"]),
    (Context::Thread, Command::React, &["+"]),
    (Context::Thread, Command::OpenAttachment, &["o"]),
    (Context::Thread, Command::CopyText, &["y"]),
    (Context::Thread, Command::Attendees, &["i"]),
    (Context::Thread, Command::Read, &["v", "enter"]),
    (Context::Reader, Command::ScrollDown, &["j", "down"]),
    (Context::Reader, Command::NextLink, &["tab"]),
    (Context::Reader, Command::OpenLink, &["o"]),
    (Context::Reader, Command::ScrollUp, &["k", "up"]),
    (Context::Reader, Command::PageDown, &["pagedown", "space"]),
    (Context::Reader, Command::PageUp, &["pageup"]),
    (Context::Reader, Command::First, &["g", "home"]),
    (Context::Reader, Command::Last, &["G", "end"]),
    (Context::Reader, Command::CopyText, &["y"]),
    (Context::Reader, Command::Close, &["q", "v", "esc"]),
    (Context::Composer, Command::Send, &["enter"]),
    (
        Context::Composer,
        Command::Newline,
        &["ctrl-j", "alt-enter"],
    ),
    (
        Context::Composer,
        Command::LeaveComposer,
        &["esc", "ctrl-c"],
    ),
    (Context::Composer, Command::ExternalEditor, &["ctrl-x"]),
    (Context::Composer, Command::AttachFile, &["ctrl-o"]),
    (Context::Composer, Command::InsertSnippet, &["ctrl-t"]),
    (Context::Composer, Command::LineStart, &["home", "ctrl-a"]),
    (Context::Composer, Command::LineEnd, &["end", "ctrl-e"]),
    (
        Context::Composer,
        Command::WordBack,
        &["alt-b", "ctrl-left"],
    ),
    (
        Context::Composer,
        Command::WordForward,
        &["alt-f", "ctrl-right"],
    ),
    (Context::Composer, Command::DeleteToLineStart, &["ctrl-u"]),
    (
        Context::Composer,
        Command::DeleteWordBack,
        &["ctrl-w", "alt-backspace"],
    ),
    (Context::Composer, Command::Undo, &["ctrl-_", "ctrl-z"]),
    (Context::Composer, Command::Redo, &["ctrl-y"]),
    (Context::Confirm, Command::Confirm, &["y"]),
    (Context::Confirm, Command::Cancel, &["n", "esc", "ctrl-c"]),
    (
        Context::Confirm,
        Command::SwitchButton,
        &["h", "l", "left", "right", "tab", "shift-tab"],
    ),
    (Context::Confirm, Command::Activate, &["enter"]),
    (Context::Confirm, Command::ScrollDown, &["j", "down"]),
    (Context::Confirm, Command::ScrollUp, &["k", "up"]),
    (Context::Picker, Command::Choose, &["enter"]),
    (Context::Picker, Command::Close, &["esc", "ctrl-c"]),
    (Context::Picker, Command::MoveDown, &["down"]),
    (Context::Picker, Command::MoveUp, &["up"]),
    (Context::Prompt, Command::Submit, &["enter"]),
    (Context::Prompt, Command::Close, &["esc", "ctrl-c"]),
    (Context::Help, Command::Close, &["?", "q", "esc"]),
    (Context::Help, Command::ScrollDown, &["j", "down"]),
    (Context::Help, Command::ScrollUp, &["k", "up"]),
];

#[test]
fn every_default_of_the_product_is_bound() {
    let keymap = built_in();
    for (context, command, expected) in DEFAULTS {
        assert_eq!(
            keys(&keymap, *context, *command),
            *expected,
            "{command} in [{context}]"
        );
    }
}

#[test]
fn every_command_has_a_default_key_and_a_description() {
    let keymap = built_in();
    for &command in Command::ALL {
        assert!(!command.description().is_empty(), "{command}");
        let bound_somewhere = command
            .contexts()
            .iter()
            .any(|&context| !keymap.keys_for(context, command).is_empty());
        assert!(bound_somewhere, "{command} has no default key");
    }
}

#[test]
fn command_names_are_unique_snake_case_and_round_trip() {
    let mut names: Vec<&str> = Command::ALL.iter().map(|command| command.name()).collect();
    for name in &names {
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
        assert_eq!(Command::from_name(name).map(Command::name), Some(*name));
    }
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Command::ALL.len());
}

#[test]
fn every_alt_binding_has_a_twin_without_alt() {
    let keymap = built_in();
    for context in Context::ALL {
        for &command in Command::ALL {
            let keys = keymap.keys_for(context, command);
            let with_alt = |keys: &KeySequence| {
                std::iter::once(keys.first())
                    .chain(keys.then())
                    .any(|key| key.modifiers().contains(KeyModifiers::ALT))
            };
            if keys.iter().any(with_alt) {
                assert!(
                    keys.iter().any(|keys| !with_alt(keys)),
                    "{command} in [{context}] is only reachable with Alt"
                );
            }
        }
    }
}

#[test]
fn panes_fall_back_to_lists_then_global() {
    let keymap = built_in();
    let j = char_key('j');
    let q = char_key('q');
    for focus in [Focus::Accounts, Focus::Chats, Focus::Thread] {
        assert_eq!(
            keymap.resolve(focus, &j),
            Resolution::Command(Command::MoveDown)
        );
        assert_eq!(
            keymap.resolve(focus, &q),
            Resolution::Command(Command::Quit)
        );
    }
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('u')),
        Resolution::Command(Command::ToggleUnread)
    );
    // A pane's own keys stay in that pane: elsewhere they only say where they work.
    assert_eq!(
        keymap.resolve(Focus::Accounts, &char_key('u')),
        Resolution::Elsewhere(Command::ToggleUnread)
    );
    assert_eq!(
        keymap.resolve(Focus::Chats, &char_key('r')),
        Resolution::Elsewhere(Command::Reply)
    );
    assert_eq!(
        keymap.resolve(Focus::Thread, &char_key('R')),
        Resolution::Command(Command::ReplyQuote)
    );
    assert_eq!(
        keymap.resolve(
            Focus::Thread,
            &press(KeyCode::Char('R'), KeyModifiers::SHIFT)
        ),
        Resolution::Command(Command::ReplyQuote)
    );
}

#[test]
fn modal_focuses_do_not_leak_global_or_list_keys() {
    let keymap = built_in();
    // While typing, q and j are letters and / is a slash.
    for focus in [Focus::Composer, Focus::Picker, Focus::Prompt] {
        for c in ['q', 'j', 'k', '/', '?', 'G', 'r', 'y', 'd'] {
            assert_eq!(
                keymap.resolve(focus, &char_key(c)),
                Resolution::Text,
                "{c:?} in {focus:?}"
            );
        }
        let tab = if focus == Focus::Prompt {
            // The path prompt completes with tab.
            Resolution::Command(Command::Complete)
        } else {
            Resolution::Text
        };
        assert_eq!(
            keymap.resolve(focus, &press(KeyCode::Tab, KeyModifiers::NONE)),
            tab,
            "tab in {focus:?}"
        );
    }
    // The confirmation takes no text: a key that is not its own does nothing.
    for c in ['q', 'r', 'd', '/', 'G'] {
        assert_eq!(
            keymap.resolve(Focus::Confirm, &char_key(c)),
            Resolution::Ignored,
            "{c:?}"
        );
    }
    assert_eq!(
        keymap.resolve(Focus::Help, &char_key('q')),
        Resolution::Command(Command::Close)
    );
    assert_eq!(
        keymap.resolve(Focus::Help, &char_key('r')),
        Resolution::Ignored
    );
}

#[test]
fn the_composer_sends_on_enter_and_breaks_lines_on_both_twins() {
    let keymap = built_in();
    let resolve = |code, modifiers| keymap.resolve(Focus::Composer, &press(code, modifiers));
    assert_eq!(
        resolve(KeyCode::Enter, KeyModifiers::NONE),
        Resolution::Command(Command::Send)
    );
    for (code, modifiers) in [
        (KeyCode::Enter, KeyModifiers::ALT),
        (KeyCode::Char('j'), KeyModifiers::CONTROL),
        (KeyCode::Enter, KeyModifiers::CONTROL),
        (KeyCode::Char('\n'), KeyModifiers::NONE),
    ] {
        assert_eq!(
            resolve(code, modifiers),
            Resolution::Command(Command::Newline),
            "{code:?} {modifiers:?}"
        );
    }
    assert_eq!(
        resolve(KeyCode::Esc, KeyModifiers::NONE),
        Resolution::Command(Command::LeaveComposer)
    );
}

#[test]
fn the_confirmation_answers_y_n_and_moves_between_buttons() {
    let keymap = built_in();
    let resolve = |event: KeyEvent| keymap.resolve(Focus::Confirm, &event);
    assert_eq!(
        resolve(char_key('y')),
        Resolution::Command(Command::Confirm)
    );
    assert_eq!(resolve(char_key('n')), Resolution::Command(Command::Cancel));
    assert_eq!(
        resolve(press(KeyCode::Esc, KeyModifiers::NONE)),
        Resolution::Command(Command::Cancel)
    );
    assert_eq!(
        resolve(press(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Resolution::Command(Command::SwitchButton)
    );
    assert_eq!(
        resolve(press(KeyCode::Enter, KeyModifiers::NONE)),
        Resolution::Command(Command::Activate)
    );
    // Upper-case Y is not y: a confirmation takes exactly its key.
    assert_eq!(resolve(char_key('Y')), Resolution::Ignored);
}

#[test]
fn releases_are_ignored_and_only_movement_repeats() {
    let keymap = built_in();
    let with_kind = |c, kind| KeyEvent::new_with_kind(KeyCode::Char(c), KeyModifiers::NONE, kind);
    assert_eq!(
        keymap.resolve(Focus::Chats, &with_kind('j', KeyEventKind::Release)),
        Resolution::Ignored
    );
    assert_eq!(
        keymap.resolve(Focus::Composer, &with_kind('a', KeyEventKind::Release)),
        Resolution::Ignored
    );
    assert_eq!(
        keymap.resolve(Focus::Chats, &with_kind('j', KeyEventKind::Repeat)),
        Resolution::Command(Command::MoveDown)
    );
    // Holding y must not confirm twice, holding r must not open and then type.
    assert_eq!(
        keymap.resolve(Focus::Confirm, &with_kind('y', KeyEventKind::Repeat)),
        Resolution::Ignored
    );
    assert_eq!(
        keymap.resolve(Focus::Thread, &with_kind('r', KeyEventKind::Repeat)),
        Resolution::Ignored
    );
    // Held letters keep typing.
    assert_eq!(
        keymap.resolve(Focus::Composer, &with_kind('a', KeyEventKind::Repeat)),
        Resolution::Text
    );
}

#[test]
fn commands_only_claim_contexts_a_focus_can_reach() {
    for &command in Command::ALL {
        for &context in command.contexts() {
            assert!(
                [
                    Focus::Accounts,
                    Focus::Chats,
                    Focus::Thread,
                    Focus::Composer,
                    Focus::Confirm,
                    Focus::Picker,
                    Focus::Prompt,
                    Focus::Outbox,
                    Focus::Reader,
                    Focus::Search,
                    Focus::Help,
                ]
                .iter()
                .any(|focus| focus.contexts().contains(&context)),
                "{command} in [{context}] is unreachable"
            );
        }
    }
}

#[test]
fn undo_is_ctrl_underscore_whichever_way_the_terminal_spells_it() {
    let keymap = built_in();
    // 0x1F (ctrl-_, ctrl-/ and ctrl-7 on most terminals) arrives from crossterm as ctrl-7.
    for event in [
        press(KeyCode::Char('7'), KeyModifiers::CONTROL),
        press(KeyCode::Char('_'), KeyModifiers::CONTROL),
    ] {
        assert_eq!(
            keymap.resolve(Focus::Composer, &event),
            Resolution::Command(Command::Undo)
        );
    }
    assert_eq!(
        keymap.resolve(
            Focus::Composer,
            &press(KeyCode::Left, KeyModifiers::CONTROL)
        ),
        Resolution::Command(Command::WordBack)
    );
}

#[test]
fn a_pair_waits_for_its_second_key_and_a_stray_second_key_counts_alone() {
    let keymap = built_in();
    let first = keymap.resolve(Focus::Chats, &char_key(']'));
    let Resolution::Prefix(bracket) = first else {
        panic!("] starts ]u in the chat list: {first:?}");
    };
    assert_eq!(
        keymap.resolve_after(Focus::Chats, Some(bracket), &char_key('u')),
        Resolution::Command(Command::NextUnread)
    );
    let Resolution::Prefix(open) = keymap.resolve(Focus::Chats, &char_key('[')) else {
        panic!("[ starts [u");
    };
    assert_eq!(
        keymap.resolve_after(Focus::Chats, Some(open), &char_key('u')),
        Resolution::Command(Command::PreviousUnread)
    );
    // `]` then `j`: the pair is dropped, `j` moves as it always does.
    assert_eq!(
        keymap.resolve_after(Focus::Chats, Some(bracket), &char_key('j')),
        Resolution::Command(Command::MoveDown)
    );
    // In the thread the pair belongs to the chat list: say where it works.
    assert_eq!(
        keymap.resolve_after(Focus::Thread, Some(bracket), &char_key('u')),
        Resolution::Elsewhere(Command::NextUnread)
    );
    // The composer takes `]` as text.
    assert_eq!(
        keymap.resolve(Focus::Composer, &char_key(']')),
        Resolution::Text
    );
    assert_eq!(keys(&keymap, Context::Chats, Command::NextUnread), ["]u"]);
}
