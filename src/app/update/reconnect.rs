//! Reconnecting an account: `c` in the accounts pane asks (behind a confirmation) for a link
//! to the provider's hosted sign-in, then shows it and copies it.

use crate::domain::AccountId;
use crate::input::Command;

use super::super::effect::Effect;
use super::super::modal::{Button, Confirm, Modal};
use super::super::outbound::AccountLabel;
use super::super::state::{Access, Level, Loadable, State, needs_reconnecting};
use super::{Effects, flash, open_modal};

/// `c` in the accounts pane.
pub(super) fn ask(state: &mut State) {
    if state.access == Access::ReadOnly {
        flash(
            state,
            Level::Warning,
            "read-only mode: reconnecting an account is disabled",
        );
        return;
    }
    let Some(summary) = state.accounts.selected_summary() else {
        flash(state, Level::Info, "select an account to reconnect (j / k)");
        return;
    };
    if !needs_reconnecting(summary) {
        let text = format!(
            "{} is connected: nothing to reconnect",
            crate::text::sanitize_line(&summary.account.name)
        );
        flash(state, Level::Info, text);
        return;
    }
    let account = AccountLabel {
        id: summary.account.id.clone(),
        name: summary.account.name.clone(),
        phone: summary.account.phone_number.clone(),
    };
    open_modal(state, Modal::ConfirmReconnect(Confirm::new(account, None)));
}

pub(super) fn confirm_command(
    state: &mut State,
    mut confirm: Confirm<AccountLabel>,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    match command {
        Command::Confirm => confirmed(state, confirm.action, fx),
        Command::Activate if confirm.focus == Button::Confirm => {
            confirmed(state, confirm.action, fx)
        }
        Command::Cancel | Command::Activate => {
            flash(state, Level::Info, "cancelled: nothing was asked");
            None
        }
        Command::SwitchButton => {
            confirm.focus = match confirm.focus {
                Button::Cancel => Button::Confirm,
                Button::Confirm => Button::Cancel,
            };
            Some(Modal::ConfirmReconnect(confirm))
        }
        _ => Some(Modal::ConfirmReconnect(confirm)),
    }
}

fn confirmed(state: &mut State, account: AccountLabel, fx: &mut Effects) -> Option<Modal> {
    if state.access == Access::ReadOnly {
        // Unreachable through the keys; kept so no path can ever write in read-only mode.
        flash(state, Level::Error, "read-only mode: nothing was asked");
        return None;
    }
    fx.push(Effect::RequestReconnectLink(account.id.clone()));
    Some(Modal::ReconnectLink {
        account,
        link: Loadable::Loading,
    })
}

/// Keys in the link window: it only closes.
pub(super) fn link_command(
    account: AccountLabel,
    link: Loadable<String>,
    command: Command,
) -> Option<Modal> {
    match command {
        Command::Close => None,
        _ => Some(Modal::ReconnectLink { account, link }),
    }
}

/// The provider answered: show the link (made safe for the terminal) and copy it.
pub(super) fn answered(
    state: &mut State,
    account: AccountId,
    answer: Result<String, String>,
    fx: &mut Effects,
) {
    let answer = answer.map(|link| crate::text::sanitize_line(&link).into_owned());
    match &answer {
        Ok(link) => {
            fx.push(Effect::Copy(link.clone()));
            let copied = if state.options.clipboard_tool {
                "reconnection link: copying to the clipboard…"
            } else {
                crate::clipboard::SENT_TO_TERMINAL
            };
            flash(state, Level::Info, copied);
        }
        Err(reason) => flash(
            state,
            Level::Error,
            format!(
                "no reconnection link: {}",
                crate::text::sanitize_line(reason)
            ),
        ),
    }
    if let Some(Modal::ReconnectLink {
        account: shown,
        link,
    }) = &mut state.modal
        && shown.id == account
    {
        *link = match answer {
            Ok(url) => Loadable::Ready(url),
            Err(reason) => Loadable::Failed(reason),
        };
        state.dirty = true;
    }
}
