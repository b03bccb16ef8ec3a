//! The chat keys that change a chat at the provider (mark unread, archive, mute): each asks the
//! account's policy, opens a confirmation that names the change, the chat and the account, and
//! submits exactly one action on yes — none on cancel, none in read-only mode.

use super::tests::{cmd, flash_text, submits, with_chats};
use super::*;
use crate::app::modal::Modal;
use crate::app::outbound::OutboundKind;
use crate::app::state::{Access, Loadable};
use crate::domain::{Channel, ChatChange, Muted, Provider};
use crate::store::OutboxAction;

/// Puts every chat of the list (all of account 1) on `provider`.
fn account_one_on(state: &mut State, provider: Provider) {
    let Loadable::Ready(overview) = &mut state.accounts.overview else {
        panic!("the accounts are loaded");
    };
    let summary = overview
        .accounts
        .iter_mut()
        .find(|s| s.account.id.as_str() == "acc1")
        .expect("account 1");
    summary.account.provider = provider;
    summary.account.channel = Channel::WhatsApp;
}

fn confirmed_change(state: &State) -> Option<ChatChange> {
    match &state.modal {
        Some(Modal::Confirm(confirm)) => match &confirm.action.kind {
            OutboundKind::ChatChange { change } => Some(*change),
            _ => None,
        },
        _ => None,
    }
}

#[test]
fn archive_asks_first_then_submits_one_change_of_the_selected_chat() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let fx = cmd(&mut state, Command::ArchiveChat);
    assert!(submits(&fx).is_empty(), "nothing leaves before the yes");
    assert_eq!(confirmed_change(&state), Some(ChatChange::Archive));
    let fx = cmd(&mut state, Command::Confirm);
    let sent = submits(&fx);
    assert_eq!(sent.len(), 1, "{fx:?}");
    let row = sent[0].outbox_row();
    assert_eq!(
        row.action,
        OutboxAction::ChatChange {
            change: ChatChange::Archive
        }
    );
    assert_eq!(
        row.chat_id.as_ref().map(crate::domain::ChatId::as_str),
        Some("chat0")
    );
    assert_eq!(sent[0].account.id.as_str(), "acc1");
    assert!(state.modal.is_none());
}

#[test]
fn cancel_and_esc_send_nothing() {
    for command in [Command::Cancel, Command::Activate] {
        let mut state = with_chats(Access::ReadWrite, 5);
        cmd(&mut state, Command::MuteChat);
        assert_eq!(confirmed_change(&state), Some(ChatChange::Mute));
        let fx = cmd(&mut state, command);
        assert!(submits(&fx).is_empty(), "{command:?}: {fx:?}");
        assert!(state.modal.is_none());
        assert_eq!(flash_text(&state), "cancelled: nothing was sent");
    }
}

#[test]
fn the_keys_toggle_from_the_chat_as_it_is() {
    let mut state = with_chats(Access::ReadWrite, 5);
    state.chats.rows.rows[0].chat.archived = true;
    state.chats.rows.rows[0].chat.muted = Muted::Forever;
    cmd(&mut state, Command::ArchiveChat);
    assert_eq!(confirmed_change(&state), Some(ChatChange::Unarchive));
    cmd(&mut state, Command::Cancel);
    cmd(&mut state, Command::MuteChat);
    assert_eq!(confirmed_change(&state), Some(ChatChange::Unmute));
}

#[test]
fn mark_unread_asks_only_for_a_read_chat() {
    let mut state = with_chats(Access::ReadWrite, 5);
    // Every chat of `with_chats` has 2 unread messages.
    let fx = cmd(&mut state, Command::MarkUnread);
    assert!(fx.is_empty() && state.modal.is_none(), "{fx:?}");
    assert_eq!(flash_text(&state), "the chat is unread already");
    state.chats.rows.rows[0].chat.unread_count = 0;
    cmd(&mut state, Command::MarkUnread);
    assert_eq!(confirmed_change(&state), Some(ChatChange::MarkUnread));
    assert_eq!(submits(&cmd(&mut state, Command::Confirm)).len(), 1);
}

#[test]
fn read_only_mode_opens_no_confirmation_and_sends_nothing() {
    for command in [Command::MarkUnread, Command::ArchiveChat, Command::MuteChat] {
        let mut state = with_chats(Access::ReadOnly, 5);
        state.chats.rows.rows[0].chat.unread_count = 0;
        let fx = cmd(&mut state, command);
        assert!(fx.is_empty(), "{command:?}: {fx:?}");
        assert!(state.modal.is_none());
        assert!(
            flash_text(&state).starts_with("read-only mode:"),
            "{}",
            flash_text(&state)
        );
    }
}

#[test]
fn a_cloud_api_account_archives_but_refuses_mute_and_unread_in_words() {
    let mut state = with_chats(Access::ReadWrite, 5);
    account_one_on(&mut state, Provider::Late);
    state.chats.rows.rows[0].chat.unread_count = 0;
    for (command, what) in [
        (Command::MuteChat, "mute chats"),
        (Command::MarkUnread, "mark chats unread"),
    ] {
        let fx = cmd(&mut state, command);
        assert!(fx.is_empty() && state.modal.is_none(), "{fx:?}");
        assert_eq!(
            flash_text(&state),
            format!("this WhatsApp Business (Cloud API) account cannot {what}: nothing was sent")
        );
    }
    cmd(&mut state, Command::ArchiveChat);
    assert_eq!(confirmed_change(&state), Some(ChatChange::Archive));
    assert_eq!(submits(&cmd(&mut state, Command::Confirm)).len(), 1);
}

#[test]
fn the_archived_view_is_a_filter_of_the_chat_list_toggled_by_its_key() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let fx = cmd(&mut state, Command::ToggleArchived);
    assert!(state.chats.filter.archived_only);
    let reload = fx.iter().find_map(|e| match e {
        Effect::LoadChats { filter, .. } => Some(filter.clone()),
        _ => None,
    });
    assert!(reload.is_some_and(|f| f.archived_only), "{fx:?}");
    cmd(&mut state, Command::ToggleArchived);
    assert!(!state.chats.filter.archived_only);
}

#[test]
fn an_accepted_change_shows_on_the_held_row_before_the_list_is_read_again() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let chat = state.chats.rows.rows[0].chat.id.clone();
    let fx = update(
        &mut state,
        Action::ChatChanged {
            chat,
            change: ChatChange::Mute,
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(state.chats.rows.rows[0].chat.muted, Muted::Forever);
    assert!(!state.chats.rows.rows[1].chat.muted.is_muted(state.now));
    // The next `m` at once offers to unmute: the key acts on the chat as it now is.
    cmd(&mut state, Command::MuteChat);
    assert_eq!(confirmed_change(&state), Some(ChatChange::Unmute));
}
