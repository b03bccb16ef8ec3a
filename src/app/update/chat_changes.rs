//! The chat keys that change a chat at the provider: mark unread (`U`), archive or unarchive
//! (`a`), mute or unmute (`m`), on the selected chat of the list. Each asks the account's
//! policy first and refuses in words, or opens the confirmation; the confirmation is what
//! sends (`compose::confirm`), through the outbox like any other write.

use crate::domain::rules;
use crate::domain::{ChatChange, ChatId};
use crate::input::Command;

use super::super::outbound::{Outbound, OutboundKind};
use super::super::state::{Level, State};
use super::compose::{
    account_label, chat_label, open_confirm, refused_read_only, warn_if_cannot_send,
};
use super::flash;

pub(super) fn key(state: &mut State, command: Command) {
    if refused_read_only(state, command) {
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
    // Only marking unread can already be so: archive and mute are toggles of the chat as it is.
    if change.shows_in(&item.chat, state.now) {
        flash(state, Level::Info, "the chat is unread already");
        return;
    }
    let action = Outbound {
        account: account_label(state, &item),
        chat: Some(chat_label(state, &item)),
        kind: OutboundKind::ChatChange { change },
        retry: None,
    };
    open_confirm(state, action, None);
    warn_if_cannot_send(state, &item.chat.account_id);
}

/// The provider accepted `change`: the held rows of `chat` show it now (the cache already
/// does, and the list is read again after).
pub(super) fn applied(state: &mut State, chat: &ChatId, change: ChatChange) {
    for item in state
        .chats
        .rows
        .rows
        .iter_mut()
        .filter(|item| &item.chat.id == chat)
    {
        change.apply(&mut item.chat);
        state.dirty = true;
    }
}
