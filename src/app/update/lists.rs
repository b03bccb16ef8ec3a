//! Focus, the accounts pane and the chat list. The chat list is virtual: only a window of rows
//! around the screen is loaded, so moving through 100 000 chats costs the same as through 10.

use ratatui::layout::Rect;

use crate::app::layout;
use crate::input::Command;
use crate::store::{ChatListItem, Direction, UnreadChatAt};

use super::super::effect::Effect;
use super::super::state::{Level, Pane, RequestId, State};
use super::super::window::{RowWindow, wanted_range};
use super::{Effects, flash, thread};

pub(super) fn cycle_focus(state: &mut State, step: isize) {
    let order = Pane::ORDER;
    let current = order.iter().position(|p| *p == state.focus).unwrap_or(0);
    let next = (current as isize + step).rem_euclid(order.len() as isize) as usize;
    state.focus = order[next];
    state.dirty = true;
}

pub(super) fn navigate(state: &mut State, command: Command, fx: &mut Effects) {
    match state.focus {
        Pane::Accounts => navigate_accounts(state, command, fx),
        Pane::Chats => navigate_chats(state, command, fx),
        Pane::Thread => thread::navigate(state, command, fx),
    }
}

/// The new index after a movement command in a list of `len` rows showing `page` at a time.
pub(super) fn moved(current: usize, len: usize, command: Command, page: usize) -> usize {
    let last = len.saturating_sub(1);
    let page = page.max(1);
    match command {
        Command::MoveDown => current.saturating_add(1).min(last),
        Command::MoveUp => current.saturating_sub(1),
        Command::First => 0,
        Command::Last => last,
        Command::PageDown => current.saturating_add(page).min(last),
        Command::PageUp => current.saturating_sub(page),
        _ => current.min(last),
    }
}

fn screen(state: &State) -> Rect {
    Rect::new(0, 0, state.size.0, state.size.1)
}

/// Chats that fit on screen, measured as if the chat list had focus so that the window is
/// right even while another pane is shown alone on a narrow terminal.
pub(super) fn chat_page(state: &State) -> usize {
    layout::areas(screen(state), Pane::Chats)
        .chats
        .map_or(1, layout::visible_chat_rows)
        .max(1)
}

fn account_page(state: &State) -> usize {
    layout::areas(screen(state), Pane::Accounts)
        .accounts
        .map_or(1, layout::visible_account_rows)
        .max(1)
}

fn navigate_accounts(state: &mut State, command: Command, fx: &mut Effects) {
    if command == Command::Open {
        state.focus = Pane::Chats;
        state.dirty = true;
        return;
    }
    let len = state.accounts.len();
    let selected = moved(state.accounts.selected, len, command, account_page(state));
    if selected == state.accounts.selected {
        return;
    }
    state.accounts.selected = selected;
    // Moving through accounts filters the chat list at once, like choosing a mailbox.
    state.chats.filter.account = state.accounts.selected_account().cloned();
    reset_chats(state, fx);
}

fn navigate_chats(state: &mut State, command: Command, fx: &mut Effects) {
    state.chats.open_when_loaded = false;
    if command == Command::Open {
        if state.chats.selected_item().is_none() && state.chats.request.is_some() {
            // The list is being read again (a search kept, a filter): open what is selected
            // once it is here, instead of doing nothing.
            state.chats.open_when_loaded = true;
            return;
        }
        thread::open_selected(state, fx);
        return;
    }
    let selected = moved(
        state.chats.selected,
        state.chats.len(),
        command,
        chat_page(state),
    );
    if selected != state.chats.selected {
        state.chats.selected = selected;
        state.chats.moved = true;
        state.dirty = true;
        follow_selection(state, fx);
    }
}

pub(super) fn toggle_unread(state: &mut State, fx: &mut Effects) {
    state.chats.filter.unread_only = !state.chats.filter.unread_only;
    reset_chats(state, fx);
}

/// The archived view: the archived chats only, or back to the chat list.
pub(super) fn toggle_archived(state: &mut State, fx: &mut Effects) {
    state.chats.filter.archived_only = !state.chats.filter.archived_only;
    reset_chats(state, fx);
}

/// "Waiting for us": chats whose last message is the customer's.
pub(super) fn toggle_waiting(state: &mut State, fx: &mut Effects) {
    state.chats.filter.waiting_only = !state.chats.filter.waiting_only;
    reset_chats(state, fx);
}

/// `]u` / `[u`: selects the next (previous) chat with unread messages, wrapping round. The
/// loaded rows are looked at first; past them the cache is asked (never the network).
pub(super) fn jump_to_unread(state: &mut State, direction: Direction, fx: &mut Effects) {
    let chats = &state.chats;
    let selected = chats.selected;
    let window = chats.rows.offset..chats.rows.offset + chats.rows.rows.len();
    let unread = |index: &usize| {
        chats
            .rows
            .get(*index)
            .is_some_and(|i| i.chat.unread_count > 0)
    };
    let near = match direction {
        Direction::Next => (selected + 1..window.end).find(unread),
        Direction::Previous => (window.start..selected.min(window.end)).rev().find(unread),
    };
    if let Some(index) = near {
        select_chat(state, index, fx);
        return;
    }
    let request = state.next_request();
    state.chats.unread_search = Some(request);
    fx.push(Effect::FindUnreadChat {
        request,
        filter: state.chats.filter.clone(),
        from: state.chats.selected_item().map(|item| item.chat.id.clone()),
        direction,
    });
}

/// The cache's answer to `jump_to_unread`; stale answers (the filter changed since) are dropped.
pub(super) fn unread_chat_found(
    state: &mut State,
    request: RequestId,
    found: Option<UnreadChatAt>,
    fx: &mut Effects,
) {
    if state.chats.unread_search != Some(request) {
        return;
    }
    state.chats.unread_search = None;
    match found {
        Some(found) => {
            let index = usize::try_from(found.index).unwrap_or(usize::MAX);
            select_chat(state, index.min(state.chats.len().saturating_sub(1)), fx);
        }
        None => flash(state, Level::Info, "No unread chats."),
    }
}

fn select_chat(state: &mut State, index: usize, fx: &mut Effects) {
    state.chats.selected = index;
    state.chats.moved = true;
    state.dirty = true;
    follow_selection(state, fx);
}

/// Drops the search filter, if any: every chat (of the account) again.
pub(super) fn clear_search(state: &mut State, fx: &mut Effects) {
    if state.chats.filter.search.is_empty() {
        return;
    }
    state.chats.filter.search.clear();
    reset_chats(state, fx);
}

/// The filter changed: start the list over from the top.
pub(super) fn reset_chats(state: &mut State, fx: &mut Effects) {
    let chats = &mut state.chats;
    chats.selected = 0;
    chats.top = 0;
    chats.moved = false;
    chats.total = None;
    chats.unread_search = None;
    chats.rows = RowWindow::default();
    chats.error = None;
    state.dirty = true;
    reload_chats(state, fx);
}

/// The cache changed: read the rows on screen again, keeping the selection.
pub(super) fn reload_chats(state: &mut State, fx: &mut Effects) {
    let total = state.chats.len();
    let page = chat_page(state);
    let visible = state.chats.top..state.chats.top + page;
    // Before the first count the total is unknown: ask for the first screens.
    let wanted = if state.chats.total.is_none() {
        0..page * 3
    } else {
        wanted_range(visible, total.max(state.chats.top + page))
    };
    request_chats(state, wanted, fx);
}

/// Keeps the selected chat on screen and its neighbourhood loaded.
pub(super) fn follow_selection(state: &mut State, fx: &mut Effects) {
    let page = chat_page(state);
    let total = state.chats.len();
    let chats = &mut state.chats;
    if chats.selected < chats.top {
        chats.top = chats.selected;
    } else if chats.selected >= chats.top + page {
        chats.top = chats.selected + 1 - page;
    }
    chats.top = chats.top.min(total.saturating_sub(page));
    let visible = chats.top..chats.top + page;
    // One window read at a time: scrolling fast would otherwise queue a read (a count and an
    // offset query over every chat) per page behind the one on screen. The answer calls this
    // again and asks for wherever the selection is by then.
    let in_flight = chats.request.is_some();
    if total > 0 && !chats.rows.covers(visible.clone(), total) && !in_flight {
        request_chats(state, wanted_range(visible, total), fx);
    }
}

fn request_chats(state: &mut State, rows: std::ops::Range<usize>, fx: &mut Effects) {
    let request = state.next_request();
    state.chats.request = Some(request);
    fx.push(Effect::LoadChats {
        request,
        filter: state.chats.filter.clone(),
        offset: rows.start,
        limit: rows.len().max(1),
    });
}

/// A window of chats arrived.
pub(super) fn chats_loaded(
    state: &mut State,
    total: u64,
    offset: usize,
    rows: Vec<ChatListItem>,
    fx: &mut Effects,
) {
    let selected_id = state.chats.selected_item().map(|item| item.chat.id.clone());
    let chats = &mut state.chats;
    chats.total = Some(total);
    chats.rows = RowWindow::new(offset, rows);
    chats.request = None;
    chats.error = None;
    // New activity reorders the list: stay on the chat the user chose, not on its old index.
    if let Some(index) = selected_id
        .filter(|_| chats.moved)
        .and_then(|id| chats.rows.position(|item| item.chat.id == id))
    {
        chats.selected = index;
    }
    let len = chats.len();
    chats.selected = chats.selected.min(len.saturating_sub(1));
    state.dirty = true;
    follow_selection(state, fx);
    if std::mem::take(&mut state.chats.open_when_loaded) {
        thread::open_selected(state, fx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn movement_stays_inside_the_list() {
        assert_eq!(moved(0, 10, Command::MoveUp, 5), 0);
        assert_eq!(moved(9, 10, Command::MoveDown, 5), 9);
        assert_eq!(moved(3, 10, Command::PageDown, 5), 8);
        assert_eq!(moved(8, 10, Command::PageDown, 5), 9);
        assert_eq!(moved(3, 10, Command::PageUp, 5), 0);
        assert_eq!(moved(3, 10, Command::Last, 5), 9);
        assert_eq!(moved(3, 10, Command::First, 5), 0);
        assert_eq!(moved(0, 0, Command::MoveDown, 5), 0);
        assert_eq!(moved(0, 0, Command::Last, 5), 0);
    }
}
