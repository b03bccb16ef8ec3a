//! Key chords: the spelling of keymap.toml, and the events terminals really send.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use proptest::prelude::*;
use unibox::input::{Code, Key, KeyParseError};

fn key(text: &str) -> Key {
    text.parse()
        .unwrap_or_else(|error| panic!("{text:?} should parse: {error}"))
}

fn event(code: KeyCode, modifiers: KeyModifiers) -> Key {
    Key::from_event(&KeyEvent::new(code, modifiers)).expect("a bindable key")
}

#[test]
fn spellings_parse_to_the_expected_chord() {
    let cases = [
        ("q", Code::Char('q'), KeyModifiers::NONE),
        ("G", Code::Char('G'), KeyModifiers::NONE),
        ("+", Code::Char('+'), KeyModifiers::NONE),
        ("?", Code::Char('?'), KeyModifiers::NONE),
        ("/", Code::Char('/'), KeyModifiers::NONE),
        ("-", Code::Char('-'), KeyModifiers::NONE),
        ("space", Code::Char(' '), KeyModifiers::NONE),
        ("ctrl-r", Code::Char('r'), KeyModifiers::CONTROL),
        ("ctrl--", Code::Char('-'), KeyModifiers::CONTROL),
        ("alt-enter", Code::Enter, KeyModifiers::ALT),
        ("shift-tab", Code::Tab, KeyModifiers::SHIFT),
        (
            "ctrl-alt-x",
            Code::Char('x'),
            KeyModifiers::CONTROL | KeyModifiers::ALT,
        ),
        ("pageup", Code::PageUp, KeyModifiers::NONE),
        ("f1", Code::F(1), KeyModifiers::NONE),
        ("f12", Code::F(12), KeyModifiers::NONE),
        ("Enter", Code::Enter, KeyModifiers::NONE),
        ("CTRL-r", Code::Char('r'), KeyModifiers::CONTROL),
    ];
    for (text, code, modifiers) in cases {
        assert_eq!(key(text), Key::new(code, modifiers), "{text}");
    }
}

#[test]
fn display_uses_the_keymap_spelling() {
    for text in [
        "q",
        "G",
        "+",
        "space",
        "ctrl-r",
        "alt-enter",
        "shift-tab",
        "enter",
        "esc",
        "tab",
        "backspace",
        "delete",
        "up",
        "down",
        "left",
        "right",
        "home",
        "end",
        "pageup",
        "pagedown",
        "f1",
        "f12",
        "ctrl-alt-x",
        "ctrl--",
    ] {
        assert_eq!(key(text).to_string(), text);
    }
    assert_eq!(key("Enter").to_string(), "enter");
    assert_eq!(key(" ").to_string(), "space");
}

#[test]
fn shifted_letters_are_the_upper_case_letter() {
    assert_eq!(key("shift-g"), key("G"));
    assert_eq!(key("shift-G"), key("G"));
    assert_eq!(key("shift-g").to_string(), "G");
    assert_ne!(key("g"), key("G"));
    // `ß` has no one-character upper case: it stays as typed.
    assert_eq!(key("shift-ß").to_string(), "ß");
}

#[test]
fn bad_spellings_are_refused_with_the_text() {
    assert_eq!("".parse::<Key>(), Err(KeyParseError::Empty));
    for text in [
        "ctl-r", "f13", "f0", "pgup", "alt-", "ctrl-", "hyper-x", "qq",
    ] {
        let error = text.parse::<Key>().unwrap_err();
        assert_eq!(error, KeyParseError::Unknown(text.to_owned()));
        assert!(error.to_string().contains(text), "{error}");
    }
}

#[test]
fn upper_case_letters_match_with_or_without_shift() {
    assert_eq!(event(KeyCode::Char('G'), KeyModifiers::SHIFT), key("G"));
    assert_eq!(event(KeyCode::Char('G'), KeyModifiers::NONE), key("G"));
    // Terminals using the kitty protocol report the base letter with Shift.
    assert_eq!(event(KeyCode::Char('g'), KeyModifiers::SHIFT), key("G"));
    // Shifted symbols carry Shift on some terminals and not on others.
    assert_eq!(event(KeyCode::Char('?'), KeyModifiers::SHIFT), key("?"));
    assert_eq!(event(KeyCode::Char('+'), KeyModifiers::NONE), key("+"));
}

#[test]
fn back_tab_is_shift_tab() {
    assert_eq!(
        event(KeyCode::BackTab, KeyModifiers::SHIFT),
        key("shift-tab")
    );
    assert_eq!(
        event(KeyCode::BackTab, KeyModifiers::NONE),
        key("shift-tab")
    );
    assert_ne!(event(KeyCode::Tab, KeyModifiers::NONE), key("shift-tab"));
}

#[test]
fn every_way_terminals_send_ctrl_j_is_ctrl_j() {
    let ctrl_j = key("ctrl-j");
    assert_eq!(event(KeyCode::Char('j'), KeyModifiers::CONTROL), ctrl_j);
    assert_eq!(event(KeyCode::Enter, KeyModifiers::CONTROL), ctrl_j);
    assert_eq!(event(KeyCode::Char('\n'), KeyModifiers::NONE), ctrl_j);
    assert_ne!(event(KeyCode::Enter, KeyModifiers::NONE), ctrl_j);
}

#[test]
fn alt_enter_and_meta_enter_are_alt_enter() {
    assert_eq!(event(KeyCode::Enter, KeyModifiers::ALT), key("alt-enter"));
    assert_eq!(event(KeyCode::Enter, KeyModifiers::META), key("alt-enter"));
}

#[test]
fn raw_control_characters_are_their_keys() {
    assert_eq!(event(KeyCode::Char('\r'), KeyModifiers::NONE), key("enter"));
    assert_eq!(event(KeyCode::Char('\t'), KeyModifiers::NONE), key("tab"));
}

#[test]
fn keys_nothing_can_be_bound_to_are_none() {
    let unbindable = [
        KeyEvent::new(KeyCode::CapsLock, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Null, KeyModifiers::NONE),
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::SUPER),
        KeyEvent::new(KeyCode::Char('q'), KeyModifiers::HYPER),
    ];
    for event in unbindable {
        assert_eq!(Key::from_event(&event), None, "{event:?}");
    }
}

#[test]
fn the_event_kind_does_not_change_the_chord() {
    let press = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    let repeat =
        KeyEvent::new_with_kind(KeyCode::Char('j'), KeyModifiers::NONE, KeyEventKind::Repeat);
    assert_eq!(Key::from_event(&press), Key::from_event(&repeat));
}

fn any_code() -> impl Strategy<Value = Code> {
    prop_oneof![
        any::<char>().prop_map(Code::Char),
        (1u8..=12).prop_map(Code::F),
        prop::sample::select(vec![
            Code::Enter,
            Code::Esc,
            Code::Tab,
            Code::Backspace,
            Code::Delete,
            Code::Insert,
            Code::Up,
            Code::Down,
            Code::Left,
            Code::Right,
            Code::Home,
            Code::End,
            Code::PageUp,
            Code::PageDown,
        ]),
    ]
}

fn any_modifiers() -> impl Strategy<Value = KeyModifiers> {
    (0u8..8).prop_map(|bits| {
        let mut modifiers = KeyModifiers::NONE;
        for (bit, modifier) in [
            KeyModifiers::CONTROL,
            KeyModifiers::ALT,
            KeyModifiers::SHIFT,
        ]
        .into_iter()
        .enumerate()
        {
            if bits & (1 << bit) != 0 {
                modifiers |= modifier;
            }
        }
        modifiers
    })
}

proptest! {
    #[test]
    fn displayed_keys_parse_back_to_themselves(code in any_code(), modifiers in any_modifiers()) {
        let key = Key::new(code, modifiers);
        let shown = key.to_string();
        prop_assert_eq!(shown.parse::<Key>(), Ok(key), "shown as {:?}", shown);
    }

    #[test]
    fn arbitrary_text_parses_to_a_stable_key_or_names_itself_in_the_error(text in ".{0,12}") {
        match text.parse::<Key>() {
            Ok(key) => prop_assert_eq!(key.to_string().parse::<Key>(), Ok(key)),
            Err(KeyParseError::Empty) => prop_assert!(text.is_empty()),
            Err(KeyParseError::Unknown(named)) => prop_assert_eq!(named, text),
        }
    }
}
