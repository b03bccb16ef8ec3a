//! Reconnecting an account from the accounts pane: only after a yes, never in read-only mode,
//! and the link shown and copied once it comes.

use super::tests::{cmd, key_at, loaded, overview, state};
use super::*;
use crate::app::action::Loaded;
use crate::app::modal::Confirm;
use crate::app::state::{Access, Loadable, Pane};
use crate::domain::{AccountId, AccountStatus, AccountTrouble};

/// Accounts loaded, account 2 of 3 needing a new sign-in, and selected in the accounts pane.
fn with_broken_account(access: Access) -> State {
    let mut state = state(access);
    start(&mut state);
    let mut accounts = overview(3);
    accounts.accounts[1].account.status = AccountStatus::Credentials;
    loaded(&mut state, Loaded::Accounts(accounts));
    state.focus = Pane::Accounts;
    state.accounts.selected = 2;
    state
}

fn link_requests(fx: &Effects) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::RequestReconnectLink(_)))
        .count()
}

#[test]
fn the_link_is_asked_for_only_after_a_yes() {
    let mut state = with_broken_account(Access::ReadWrite);
    let fx = cmd(&mut state, Command::Reconnect);
    assert_eq!(link_requests(&fx), 0, "asked before any answer: {fx:?}");
    let Some(Modal::ConfirmReconnect(confirm)) = &state.modal else {
        panic!("no confirmation");
    };
    assert_eq!(confirm.action.id, AccountId::new("acc2"));

    let fx = cmd(&mut state, Command::Confirm);
    assert_eq!(
        fx.iter()
            .filter(|e| **e == Effect::RequestReconnectLink(AccountId::new("acc2")))
            .count(),
        1,
        "{fx:?}"
    );
    assert!(fx.iter().all(|e| !matches!(e, Effect::Submit(_))));
    assert!(matches!(
        &state.modal,
        Some(Modal::ReconnectLink {
            link: Loadable::Loading,
            ..
        })
    ));
}

#[test]
fn cancelling_asks_nothing() {
    for answer in [Command::Cancel, Command::Activate] {
        let mut state = with_broken_account(Access::ReadWrite);
        cmd(&mut state, Command::Reconnect);
        let fx = cmd(&mut state, answer);
        assert_eq!(link_requests(&fx), 0, "{answer:?}: {fx:?}");
        assert!(state.modal.is_none());
        assert_eq!(
            state.status.flash.as_ref().map(|f| f.text.as_str()),
            Some("cancelled: nothing was asked")
        );
    }
}

#[test]
fn a_yes_typed_ahead_of_the_question_is_ignored() {
    let mut state = with_broken_account(Access::ReadWrite);
    update(&mut state, Action::Command(Command::Reconnect));
    let at = state.now;
    update(&mut state, Action::Drawn(at));
    let fx = key_at(&mut state, Command::Confirm, at);
    assert_eq!(link_requests(&fx), 0);
    let Some(Modal::ConfirmReconnect(confirm)) = &state.modal else {
        panic!("the confirmation closed");
    };
    assert!(confirm.typed_ahead);
    let fx = key_at(&mut state, Command::Confirm, at + Confirm::GUARD);
    assert_eq!(link_requests(&fx), 1);
}

#[test]
fn read_only_mode_refuses_in_words() {
    let mut state = with_broken_account(Access::ReadOnly);
    let mut fx = cmd(&mut state, Command::Reconnect);
    fx.extend(cmd(&mut state, Command::Confirm));
    assert_eq!(link_requests(&fx), 0);
    assert!(fx.iter().all(|e| !e.is_write()), "{fx:?}");
    assert!(state.modal.is_none());
    assert_eq!(
        state.status.flash.as_ref().map(|f| f.text.as_str()),
        Some("read-only mode: reconnecting an account is disabled")
    );
}

#[test]
fn a_working_account_or_all_accounts_has_nothing_to_reconnect() {
    let mut state = with_broken_account(Access::ReadWrite);
    state.accounts.selected = 1;
    cmd(&mut state, Command::Reconnect);
    assert!(state.modal.is_none());
    assert_eq!(
        state.status.flash.as_ref().map(|f| f.text.as_str()),
        Some("Account 1 is connected: nothing to reconnect")
    );
    state.accounts.selected = 0;
    cmd(&mut state, Command::Reconnect);
    assert!(state.modal.is_none());
}

#[test]
fn an_account_with_trouble_can_be_reconnected_whatever_its_status() {
    let mut state = with_broken_account(Access::ReadWrite);
    if let Loadable::Ready(overview) = &mut state.accounts.overview {
        overview.accounts[0].trouble = Some(AccountTrouble::Checkpoint);
    }
    state.accounts.selected = 1;
    cmd(&mut state, Command::Reconnect);
    assert!(matches!(state.modal, Some(Modal::ConfirmReconnect(_))));
}

#[test]
fn the_link_is_shown_sanitised_copied_and_closed_with_esc() {
    let mut state = with_broken_account(Access::ReadWrite);
    cmd(&mut state, Command::Reconnect);
    cmd(&mut state, Command::Confirm);
    let fx = update(
        &mut state,
        Action::ReconnectLink {
            account: AccountId::new("acc2"),
            link: Ok("https://account.unipile.com/x\u{1b}]0;pwned\u{7}".to_owned()),
        },
    );
    let Some(Modal::ReconnectLink {
        link: Loadable::Ready(shown),
        ..
    }) = &state.modal
    else {
        panic!("no link shown");
    };
    assert!(shown.starts_with("https://account.unipile.com/x"));
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{7}'),
        "{shown:?}"
    );
    assert_eq!(fx, vec![Effect::Copy(shown.clone())]);
    cmd(&mut state, Command::Close);
    assert!(state.modal.is_none());
}

#[test]
fn a_refusal_is_shown_in_words_and_nothing_is_copied() {
    let mut state = with_broken_account(Access::ReadWrite);
    cmd(&mut state, Command::Reconnect);
    cmd(&mut state, Command::Confirm);
    let fx = update(
        &mut state,
        Action::ReconnectLink {
            account: AccountId::new("acc2"),
            link: Err("not found: unknown account".to_owned()),
        },
    );
    assert!(fx.is_empty(), "{fx:?}");
    assert!(matches!(
        &state.modal,
        Some(Modal::ReconnectLink { link: Loadable::Failed(reason), .. }) if reason.contains("unknown account")
    ));
    assert_eq!(
        state.status.flash.as_ref().map(|f| f.text.as_str()),
        Some("no reconnection link: not found: unknown account")
    );
}
