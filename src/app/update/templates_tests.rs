//! The template picker in the reducer: a reply into a closed window offers the account's
//! templates (fetched once a session), only an approved one can be chosen, every variable
//! needs a value, and the confirmation carries the final text.

use chrono::Duration;

use super::policy_tests::{late_chat, open_chat_served_by};
use super::tests::{cmd, flash_text, message, submits, typed, with_thread};
use super::*;
use crate::app::modal::{Modal, PickerKind};
use crate::app::outbound::OutboundKind;
use crate::app::state::{Access, Loadable};
use crate::domain::{Channel, Provider, Template, TemplateMessage, TemplateStatus};

fn template(name: &str, status: TemplateStatus, body: &str) -> Template {
    Template {
        name: name.into(),
        language: "en_US".into(),
        status,
        category: Some("UTILITY".into()),
        body: Some(body.into()),
        variables: crate::domain::template_variables(body),
    }
}

fn templates() -> Vec<Template> {
    vec![
        template(
            "order_ready",
            TemplateStatus::Approved,
            "Hi {{1}}, your order {{2}} is ready.",
        ),
        template("promo_winter", TemplateStatus::Pending, "Winter sale!"),
        template(
            "thanks",
            TemplateStatus::Approved,
            "Thank you for your visit.",
        ),
    ]
}

fn account_of_open_chat(state: &State) -> crate::domain::AccountId {
    state
        .thread
        .chat
        .as_ref()
        .expect("a chat is open")
        .chat
        .account_id
        .clone()
}

/// A closed window, `r` pressed and the templates arrived.
fn picker_open() -> State {
    let mut state = late_chat(Duration::hours(30));
    cmd(&mut state, Command::Reply);
    let account = account_of_open_chat(&state);
    update(
        &mut state,
        Action::Templates {
            account,
            templates: Ok(templates()),
        },
    );
    state
}

fn choose(state: &mut State, filter: &str) -> Effects {
    typed(state, filter);
    cmd(state, Command::Choose)
}

#[test]
fn a_reply_into_a_closed_window_opens_the_template_picker_not_a_refusal() {
    let mut state = late_chat(Duration::hours(25));
    let account = account_of_open_chat(&state);
    let fx = cmd(&mut state, Command::Reply);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::LoadTemplates { account: a } if *a == account)),
        "{fx:?}"
    );
    assert!(matches!(
        &state.modal,
        Some(Modal::Picker(picker)) if matches!(
            &picker.kind,
            PickerKind::Template { templates: Loadable::Loading, .. }
        )
    ));
    assert_eq!(flash_text(&state), "");
}

#[test]
fn a_contact_who_never_wrote_is_offered_templates_too() {
    let mut state = with_thread(
        Access::ReadWrite,
        vec![message(0, "chat0", true, Duration::minutes(1))],
    );
    open_chat_served_by(&mut state, Provider::Late, Channel::WhatsApp);
    cmd(&mut state, Command::Reply);
    assert!(matches!(state.modal, Some(Modal::Picker(_))));
}

#[test]
fn templates_are_fetched_once_a_session_and_again_on_demand() {
    let mut state = picker_open();
    cmd(&mut state, Command::Close);
    let fx = cmd(&mut state, Command::Reply);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadTemplates { .. })),
        "{fx:?}"
    );
    let Some(Modal::Picker(picker)) = &state.modal else {
        panic!("the picker is open");
    };
    assert_eq!(picker.template_candidates().len(), 3);
    let fx = cmd(&mut state, Command::RefreshTemplates);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadTemplates { .. })),
        "{fx:?}"
    );
}

#[test]
fn a_linked_app_in_the_same_situation_keeps_the_composer() {
    let mut state = late_chat(Duration::hours(30));
    open_chat_served_by(&mut state, Provider::Unipile, Channel::WhatsApp);
    let fx = cmd(&mut state, Command::Reply);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadTemplates { .. })),
        "{fx:?}"
    );
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
}

#[test]
fn a_template_not_approved_cannot_be_chosen() {
    let mut state = picker_open();
    let fx = choose(&mut state, "promo");
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(state.modal, Some(Modal::Picker(_))), "still open");
    assert_eq!(
        flash_text(&state),
        "promo_winter is pending: only approved templates can be sent"
    );
}

#[test]
fn every_variable_needs_a_value_then_the_confirmation_shows_the_final_text() {
    let mut state = picker_open();
    choose(&mut state, "order");
    assert!(matches!(state.modal, Some(Modal::Prompt(_))));
    // An empty value is refused in words, and the field stays.
    let fx = cmd(&mut state, Command::Submit);
    assert!(submits(&fx).is_empty());
    let Some(Modal::Prompt(prompt)) = &state.modal else {
        panic!("the value's field stays open");
    };
    assert_eq!(
        prompt.hint.as_deref(),
        Some("type a value for {{1}}: every variable needs one")
    );
    typed(&mut state, "Ana");
    cmd(&mut state, Command::Submit);
    typed(&mut state, "#4471");
    assert!(submits(&cmd(&mut state, Command::Submit)).is_empty());
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("the confirmation follows the last value");
    };
    assert_eq!(
        confirm.action.kind,
        OutboundKind::Template {
            template: TemplateMessage {
                name: "order_ready".into(),
                language: "en_US".into(),
                values: vec!["Ana".into(), "#4471".into()],
            },
            text: "Hi Ana, your order #4471 is ready.".into(),
        }
    );
    // No sends nothing; yes sends once.
    let no = cmd(&mut state, Command::Cancel);
    assert!(submits(&no).is_empty());
    assert!(state.modal.is_none());
}

#[test]
fn a_template_without_variables_goes_straight_to_the_confirmation_and_yes_sends_it_once() {
    let mut state = picker_open();
    choose(&mut state, "thanks");
    assert!(matches!(state.modal, Some(Modal::Confirm(_))));
    let fx = cmd(&mut state, Command::Confirm);
    let sent = submits(&fx);
    assert_eq!(sent.len(), 1, "{fx:?}");
    assert!(matches!(
        &sent[0].kind,
        OutboundKind::Template { template, .. } if template.name == "thanks"
    ));
    assert!(submits(&cmd(&mut state, Command::Confirm)).is_empty());
}
