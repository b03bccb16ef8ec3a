//! The confirmation: the only place that emits `Effect::Submit`, and only on an explicit yes
//! with the clock-bound rules checked again.

use crate::input::Command;

use super::composer::{allowed_now, draft_of};
use crate::app::effect::Effect;
use crate::app::modal::{Button, Confirm, Modal};
use crate::app::outbound::OutboundKind;
use crate::app::state::{Access, Level, State};
use crate::app::update::{Effects, flash};

pub(super) fn confirm_command(
    state: &mut State,
    mut confirm: Confirm,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    match command {
        Command::Confirm => return confirmed(state, confirm, fx),
        Command::Activate if confirm.focus == Button::Confirm => {
            return confirmed(state, confirm, fx);
        }
        Command::Cancel | Command::Activate => return cancelled(state, confirm),
        Command::SwitchButton => {
            confirm.focus = match confirm.focus {
                Button::Cancel => Button::Confirm,
                Button::Confirm => Button::Cancel,
            };
        }
        Command::ScrollDown => {
            let screen = ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1);
            let limit = state.measure.confirm_scroll_limit(screen, &confirm, state);
            confirm.scroll = confirm.scroll.saturating_add(1).min(limit);
        }
        Command::ScrollUp => confirm.scroll = confirm.scroll.saturating_sub(1),
        _ => {}
    }
    Some(Modal::Confirm(confirm))
}

/// The user said yes. Rules tied to the clock are checked once more, now.
pub(super) fn confirmed(state: &mut State, confirm: Confirm, fx: &mut Effects) -> Option<Modal> {
    if state.access == Access::ReadOnly {
        // Unreachable through the keys; kept so no path can ever send in read-only mode.
        flash(state, Level::Error, "read-only mode: nothing was sent");
        return None;
    }
    if let Some(denied) = state.cannot_send_from(&confirm.action.account.id) {
        // The server would refuse it: nothing leaves, and the text stays in the composer.
        flash(state, Level::Warning, format!("not sent: {denied}"));
        return confirm.composer.map(Modal::Composer);
    }
    if let Err(denied) = allowed_now(state, &confirm.action) {
        flash(state, Level::Warning, format!("not sent: {denied}"));
        // A message not sent stays in its composer; a change to one sent is dropped.
        return match confirm.action.kind {
            OutboundKind::Send { .. } | OutboundKind::StartChat { .. } => {
                confirm.composer.map(Modal::Composer)
            }
            _ => None,
        };
    }
    if let Some(draft) = confirm.composer.as_ref().and_then(draft_of)
        && state
            .thread
            .draft
            .as_ref()
            .is_some_and(|d| d.chat_id == draft.chat_id)
    {
        state.thread.draft = None;
    }
    flash(state, Level::Info, format!("{}…", confirm.action.verb()));
    fx.push(Effect::Submit(Box::new(confirm.action)));
    None
}

pub(super) fn cancelled(state: &mut State, confirm: Confirm) -> Option<Modal> {
    flash(state, Level::Info, "cancelled: nothing was sent");
    confirm.composer.map(Modal::Composer)
}
