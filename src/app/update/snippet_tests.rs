//! Canned replies in the composer: the picker over it, the chosen text at the cursor with its
//! placeholders filled, then edited and confirmed like anything typed.

use chrono::Duration;

use super::tests::{cmd, composer_text, flash_text, submits, thread_messages, typed, with_thread};
use super::*;
use crate::app::modal::{Picker, PickerKind};
use crate::app::outbound::OutboundKind;
use crate::app::snippets::Snippet;
use crate::app::state::Access;

fn snippet(name: &str, text: &str) -> Snippet {
    Snippet {
        name: name.into(),
        text: text.into(),
    }
}

/// Chat 0 ("Person 0") open, the composer open on it, two canned replies, agent Sam.
fn composing() -> State {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(3, false, Duration::hours(1)),
    );
    state.snippets = vec![
        snippet("hours", "We open at 9, {first_name}."),
        snippet("thanks", "Thank you {name}! — {agent}"),
    ];
    state.options.agent_name = Some("Sam".into());
    cmd(&mut state, Command::Reply);
    state
}

fn picker_open(state: &State) -> bool {
    matches!(
        &state.modal,
        Some(Modal::Picker(Picker {
            kind: PickerKind::Snippet { .. },
            ..
        }))
    )
}

#[test]
fn a_chosen_snippet_goes_in_at_the_cursor_filled_and_the_confirmation_shows_the_final_text() {
    let mut state = composing();
    typed(&mut state, "Hi! ");
    cmd(&mut state, Command::InsertSnippet);
    assert!(picker_open(&state));
    typed(&mut state, "thk");
    let fx = cmd(&mut state, Command::Choose);
    assert!(fx.is_empty(), "choosing sends nothing: {fx:?}");
    assert_eq!(composer_text(&state), "Hi! Thank you Person 0! — Sam");

    // Edited as usual, then confirmed: the confirmation holds the final text.
    typed(&mut state, " :)");
    assert!(submits(&cmd(&mut state, Command::Send)).is_empty());
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("send asks first");
    };
    let OutboundKind::Send { text, .. } = &confirm.action.kind else {
        panic!("{:?}", confirm.action);
    };
    assert_eq!(text, "Hi! Thank you Person 0! — Sam :)");
    assert_eq!(submits(&cmd(&mut state, Command::Confirm)).len(), 1);
}

#[test]
fn closing_the_picker_gives_the_composer_back_untouched() {
    let mut state = composing();
    typed(&mut state, "draft");
    cmd(&mut state, Command::InsertSnippet);
    typed(&mut state, "hours");
    let fx = cmd(&mut state, Command::Close);
    assert!(fx.is_empty());
    assert_eq!(composer_text(&state), "draft");
}

#[test]
fn moving_in_the_picker_chooses_another_snippet() {
    let mut state = composing();
    cmd(&mut state, Command::InsertSnippet);
    cmd(&mut state, Command::MoveDown);
    cmd(&mut state, Command::MoveDown);
    cmd(&mut state, Command::Choose);
    assert_eq!(composer_text(&state), "Thank you Person 0! — Sam");
    cmd(&mut state, Command::InsertSnippet);
    cmd(&mut state, Command::Choose);
    assert_eq!(
        composer_text(&state),
        "Thank you Person 0! — SamWe open at 9, Person."
    );
}

#[test]
fn without_snippets_the_key_says_where_they_go_and_the_composer_stays() {
    let mut state = composing();
    state.snippets.clear();
    typed(&mut state, "still here");
    cmd(&mut state, Command::InsertSnippet);
    assert_eq!(composer_text(&state), "still here");
    assert!(
        flash_text(&state).contains("snippets.toml"),
        "{}",
        flash_text(&state)
    );
}

#[test]
fn quitting_with_the_picker_open_keeps_the_draft() {
    let mut state = composing();
    typed(&mut state, "half written");
    cmd(&mut state, Command::InsertSnippet);
    let fx = update(&mut state, Action::Terminate);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveDraft(draft) if draft.text == "half written")),
        "{fx:?}"
    );
}
