//! Random key sequences, as crossterm delivers them, through the real keymap into the reducer:
//! nothing panics, no write leaves without its confirmation, read-only mode writes nothing,
//! and whatever state the keys lead to renders at any size.

use crate::ui_support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proptest::prelude::*;
use ui_support::{buffer, focused, inbox};
use unibox::app::{Access, Action, Button, Confirm, Effect, Modal, Outbound, Pane, State, update};
use unibox::input::{Command, Keymap, Resolution};
use unibox_sandbox::hostile;

/// The keys an inbox user presses most, the keys that confirm and cancel, and anything else.
fn key() -> impl Strategy<Value = KeyEvent> {
    let plain = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let named = prop_oneof![
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::Backspace),
        Just(KeyCode::Delete),
        (1u8..=12).prop_map(KeyCode::F),
    ];
    let modifiers = prop_oneof![
        6 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::SHIFT),
    ];
    prop_oneof![
        8 => prop::sample::select("rRedo+yiOnugGjkqhlmy?/ []".chars().collect::<Vec<_>>())
            .prop_map(plain),
        4 => (named, modifiers.clone()).prop_map(|(code, m)| KeyEvent::new(code, m)),
        2 => (any::<char>(), modifiers).prop_map(|(c, m)| KeyEvent::new(KeyCode::Char(c), m)),
    ]
}

/// Mostly keys; now and then a paste of hostile text or a resize.
#[derive(Debug, Clone)]
enum Input {
    Key(KeyEvent),
    Paste(String),
    Resize(u16, u16),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        40 => key().prop_map(Input::Key),
        1 => (0..hostile::SHORT.len()).prop_map(|n| Input::Paste(hostile::SHORT[n].text.to_string())),
        1 => (1u16..=300, 1u16..=100).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

/// Each key here is pressed by a person who saw the frame before it: that frame was drawn
/// a confirmation's guard time earlier (keys typed ahead are the reducer's own tests).
fn read_the_screen(state: &mut State) {
    update(state, Action::Drawn(state.now - Confirm::GUARD));
}

/// What the confirmation on screen would send, and which button has the focus.
fn shown_confirmation(state: &State) -> Option<(Outbound, Button)> {
    match &state.modal {
        Some(Modal::Confirm(confirm)) => Some((confirm.action.clone(), confirm.focus)),
        _ => None,
    }
}

/// Presses `inputs` on the inbox in `access` mode, checking every step.
fn press(access: Access, inputs: &[Input]) -> Result<State, TestCaseError> {
    let keymap = Keymap::built_in().expect("the built-in keymap");
    let mut state = focused(inbox(), Pane::Chats);
    state.access = access;
    state.size = (120, 40);
    // The first key of a pair (`]` of `]u`), as the app loop carries it to the next key.
    let mut pending = None;
    for input in inputs {
        let before = shown_confirmation(&state);
        let (action, command) = match input {
            Input::Key(key) => match keymap.resolve_after(state.key_focus(), pending.take(), key) {
                Resolution::Command(command) => (Action::Command(command), Some(command)),
                Resolution::Text => (Action::Text(*key), None),
                Resolution::Elsewhere(command) => (Action::Elsewhere(command), None),
                Resolution::Prefix(first) => {
                    pending = Some(first);
                    continue;
                }
                Resolution::Ignored => continue,
            },
            Input::Paste(text) => (Action::Paste(text.clone()), None),
            Input::Resize(width, height) => (
                Action::Resize {
                    width: *width,
                    height: *height,
                },
                None,
            ),
        };
        read_the_screen(&mut state);
        for effect in update(&mut state, action) {
            if access == Access::ReadOnly {
                prop_assert!(!effect.is_write(), "read-only mode wrote: {effect:?}");
            }
            if let Effect::Submit(outbound) = effect {
                let Some((shown, focus)) = &before else {
                    return Err(TestCaseError::fail(format!(
                        "{outbound:?} left without a confirmation on screen"
                    )));
                };
                prop_assert_eq!(shown, outbound.as_ref(), "it sent what it showed");
                let said_yes = command == Some(Command::Confirm)
                    || (command == Some(Command::Activate) && *focus == Button::Confirm);
                prop_assert!(said_yes, "sent on {command:?}");
            }
        }
    }
    Ok(state)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn keys_never_send_without_a_yes(inputs in prop::collection::vec(input(), 1..250)) {
        let mut state = press(Access::ReadWrite, &inputs)?;
        let (width, height) = state.size;
        buffer(&mut state, width, height);
    }

    #[test]
    fn keys_never_write_in_read_only_mode(inputs in prop::collection::vec(input(), 1..250)) {
        let mut state = press(Access::ReadOnly, &inputs)?;
        let (width, height) = state.size;
        buffer(&mut state, width, height);
    }
}

/// The property above is not vacuous: this exact sequence does send, and only on its `y`.
#[test]
fn a_reply_typed_and_confirmed_is_sent_once() {
    let keys: Vec<Input> = [
        KeyCode::Tab,
        KeyCode::Char('r'),
        KeyCode::Char('h'),
        KeyCode::Char('i'),
        KeyCode::Enter,
        KeyCode::Enter,
        KeyCode::Char('r'),
        KeyCode::Enter,
        KeyCode::Char('y'),
    ]
    .into_iter()
    .map(|code| Input::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    .collect();
    let keymap = Keymap::built_in().expect("the built-in keymap");
    let mut state = focused(inbox(), Pane::Chats);
    let mut submits = Vec::new();
    for input in &keys {
        let Input::Key(key) = input else { continue };
        let action = match keymap.resolve(state.key_focus(), key) {
            Resolution::Command(command) => Action::Command(command),
            Resolution::Text => Action::Text(*key),
            Resolution::Elsewhere(command) => Action::Elsewhere(command),
            Resolution::Prefix(_) | Resolution::Ignored => continue,
        };
        read_the_screen(&mut state);
        submits.extend(
            update(&mut state, action)
                .into_iter()
                .filter(|e| matches!(e, Effect::Submit(_))),
        );
    }
    // Enter on the confirmation's default button cancels; the second try is confirmed.
    assert_eq!(submits.len(), 1, "{submits:?}");
    assert!(press(Access::ReadWrite, &keys).is_ok());
}
