//! Every action key, the composer and the confirmation ask the account's policy: a WhatsApp
//! Business (Cloud API) account through Late refuses what it cannot do in words and makes no
//! request. Late accounts are built from domain values (no Late client is needed).

use chrono::Duration;

use super::tests::{cmd, flash_text, message, submits, typed, with_thread};
use super::*;
use crate::app::modal::Modal;
use crate::app::outbound::OutboundKind;
use crate::app::state::{Access, Loadable};
use crate::domain::{Channel, Message, Provider};

const CLOSED: &str = "the 24-hour window is closed — templates only";

/// Puts the open chat's account on `provider` and `channel`.
pub(super) fn open_chat_served_by(state: &mut State, provider: Provider, channel: Channel) {
    let account = state
        .thread
        .chat
        .as_ref()
        .expect("a chat is open")
        .chat
        .account_id
        .clone();
    let Loadable::Ready(overview) = &mut state.accounts.overview else {
        panic!("the accounts are loaded");
    };
    let summary = overview
        .accounts
        .iter_mut()
        .find(|s| s.account.id == account)
        .expect("the open chat's account");
    summary.account.provider = provider;
    summary.account.channel = channel;
}

/// Chat 0 open on a Late WhatsApp number: the contact wrote `inbound_age` ago, and we
/// answered a minute ago (the selected message, ours).
pub(super) fn late_chat(inbound_age: Duration) -> State {
    let mut state = with_thread(
        Access::ReadWrite,
        vec![
            message(0, "chat0", false, inbound_age),
            message(1, "chat0", true, Duration::minutes(1)),
        ],
    );
    open_chat_served_by(&mut state, Provider::Late, Channel::WhatsApp);
    state
}

fn composer_text(state: &State) -> Option<String> {
    match &state.modal {
        Some(Modal::Composer(composer)) => Some(composer.text()),
        _ => None,
    }
}

#[test]
fn e_on_a_cloud_api_account_says_it_cannot_edit_and_requests_nothing() {
    let mut state = late_chat(Duration::hours(1));
    let fx = cmd(&mut state, Command::Edit);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(
        flash_text(&state),
        "this WhatsApp Business (Cloud API) account cannot edit messages"
    );
}

#[test]
fn delete_on_a_cloud_api_account_says_it_cannot_delete_and_requests_nothing() {
    let mut state = late_chat(Duration::hours(1));
    let fx = cmd(&mut state, Command::Delete);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(
        flash_text(&state),
        "this WhatsApp Business (Cloud API) account cannot delete messages"
    );
}

#[test]
fn the_same_message_on_a_linked_whatsapp_app_can_be_edited() {
    let mut state = late_chat(Duration::hours(1));
    open_chat_served_by(&mut state, Provider::Unipile, Channel::WhatsApp);
    cmd(&mut state, Command::Edit);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
}

#[test]
fn a_quoting_reply_into_a_closed_window_is_refused_before_the_composer_opens() {
    let mut state = late_chat(Duration::hours(25));
    let fx = cmd(&mut state, Command::ReplyQuote);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(flash_text(&state), CLOSED);
}

#[test]
fn a_reply_within_the_window_is_confirmed_and_sent_once() {
    let mut state = late_chat(Duration::hours(23));
    cmd(&mut state, Command::Reply);
    typed(&mut state, "on its way");
    assert!(submits(&cmd(&mut state, Command::Send)).is_empty());
    assert!(matches!(state.modal, Some(Modal::Confirm(_))));
    assert_eq!(submits(&cmd(&mut state, Command::Confirm)).len(), 1);
}

#[test]
fn free_text_typed_before_the_window_closed_is_refused_before_the_confirmation() {
    // The composer was opened while the window was open; it closed while typing.
    let mut state = late_chat(Duration::hours(24) - Duration::minutes(1));
    cmd(&mut state, Command::Reply);
    typed(&mut state, "sorry for the wait");
    state.now += Duration::minutes(2);
    let fx = cmd(&mut state, Command::Send);
    assert!(submits(&fx).is_empty());
    assert!(!matches!(state.modal, Some(Modal::Confirm(_))));
    assert_eq!(flash_text(&state), CLOSED);
    // The text is kept.
    assert_eq!(composer_text(&state).as_deref(), Some("sorry for the wait"));
}

#[test]
fn a_confirmation_answered_after_the_window_closed_sends_nothing() {
    let mut state = late_chat(Duration::hours(24) - Duration::minutes(1));
    cmd(&mut state, Command::Reply);
    typed(&mut state, "hello");
    cmd(&mut state, Command::Send);
    assert!(matches!(state.modal, Some(Modal::Confirm(_))));
    state.now += Duration::minutes(2);
    let fx = cmd(&mut state, Command::Confirm);
    assert!(submits(&fx).is_empty(), "{fx:?}");
    assert_eq!(flash_text(&state), format!("not sent: {CLOSED}"));
    assert_eq!(composer_text(&state).as_deref(), Some("hello"));
}

#[test]
fn a_reaction_into_a_closed_window_is_refused() {
    let mut state = late_chat(Duration::hours(30));
    let fx = cmd(&mut state, Command::React);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(flash_text(&state), CLOSED);
}

#[test]
fn a_text_over_the_cloud_apis_limit_is_refused_in_words() {
    let mut state = late_chat(Duration::hours(1));
    cmd(&mut state, Command::Reply);
    // Pasted at once: typing 4 097 keys would only test the editor.
    let Some(Modal::Composer(composer)) = &mut state.modal else {
        panic!("the composer opens");
    };
    composer.editor.insert_str("x".repeat(4_097));
    let fx = cmd(&mut state, Command::Send);
    assert!(submits(&fx).is_empty());
    assert!(!matches!(state.modal, Some(Modal::Confirm(_))));
    assert_eq!(
        flash_text(&state),
        "the text has 4097 characters; WhatsApp accepts at most 4 096"
    );
}

#[test]
fn a_linked_whatsapp_app_has_no_window() {
    let mut state = late_chat(Duration::days(30));
    open_chat_served_by(&mut state, Provider::Unipile, Channel::WhatsApp);
    cmd(&mut state, Command::Reply);
    typed(&mut state, "still there?");
    cmd(&mut state, Command::Send);
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("no window: the confirmation opens");
    };
    assert!(matches!(confirm.action.kind, OutboundKind::Send { .. }));
}

#[test]
fn the_window_is_counted_from_the_contacts_last_message_not_ours() {
    // Ours are recent; theirs is two days old.
    let messages: Vec<Message> = vec![
        message(0, "chat0", false, Duration::days(2)),
        message(1, "chat0", true, Duration::minutes(3)),
        message(2, "chat0", true, Duration::minutes(2)),
    ];
    let mut state = with_thread(Access::ReadWrite, messages);
    open_chat_served_by(&mut state, Provider::Late, Channel::WhatsApp);
    // Closed: replying offers the templates instead of the composer.
    cmd(&mut state, Command::Reply);
    assert!(matches!(state.modal, Some(Modal::Picker(_))));
}

#[test]
fn a_new_chat_from_a_cloud_api_number_needs_a_template_and_requests_nothing() {
    let mut state = late_chat(Duration::hours(1));
    let fx = cmd(&mut state, Command::NewChat);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(
        flash_text(&state),
        "this WhatsApp Business (Cloud API) account cannot start a chat with free text — \
         templates only"
    );
}

#[test]
fn a_new_chat_from_a_linked_whatsapp_app_opens_the_picker() {
    let mut state = late_chat(Duration::hours(1));
    open_chat_served_by(&mut state, Provider::Unipile, Channel::WhatsApp);
    let fx = cmd(&mut state, Command::NewChat);
    assert!(!fx.is_empty());
    assert!(matches!(state.modal, Some(Modal::Picker(_))));
}
