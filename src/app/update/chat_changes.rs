//! The chat keys that change a chat at the provider: mark unread (`U`), archive or unarchive
//! (`a`), mute or unmute (`m`), on the selected chat of the list. Each asks the account's
//! policy first and refuses in words, or opens the confirmation; the confirmation is what
//! sends (`compose::confirm`), through the outbox like any other write.

use crate::domain::ChatChange;
use crate::domain::rules;
use crate::input::Command;

use super::super::modal::{Confirm, Modal};
use super::super::outbound::{Outbound, OutboundKind};
use super::super::state::{Access, Level, State};
use super::compose::{account_label, chat_label};
use super::{flash, open_modal};

pub(super) fn key(state: &mut State, command: Command) {
    if state.access == Access::ReadOnly {
        flash(
            state,
            Level::Warning,
            format!("read-only mode: {} is disabled", command.description()),
        );
        return;
    }
    let Some(item) = state.chats.selected_item().cloned() else {
        flash(state, Level::Info, "select a chat first (j / k)");
        return;
    };
    let change = match command {
        Command::MarkUnread => ChatChange::MarkUnread,
        Command::ArchiveChat => ChatChange::archive_toggle(&item.chat),
        Command::MuteChat => ChatChange::mute_toggle(&item.chat, state.now),
        _ => return,
    };
    let policy = state.account_policy(&item.chat.account_id);
    if let Err(denied) = rules::allows_chat_change(&policy, change) {
        flash(state, Level::Warning, format!("{denied}: nothing was sent"));
        return;
    }
    if change == ChatChange::MarkUnread && item.chat.unread_count > 0 {
        flash(state, Level::Info, "the chat is unread already");
        return;
    }
    let action = Outbound {
        account: account_label(state, &item),
        chat: Some(chat_label(state, &item)),
        kind: OutboundKind::ChatChange { change },
        retry: None,
    };
    open_modal(state, Modal::Confirm(Confirm::new(action, None)));
    if let Some(denied) = state.cannot_send_from(&item.chat.account_id) {
        // The confirmation says it too, and refuses it.
        flash(state, Level::Warning, denied.to_string());
    }
}
