//! Which modal a command or a typed key goes to, and the modals every path opens.

use crossterm::event::{KeyEvent, KeyModifiers};

use crate::input::Command;

use super::composer::composer_command;
use super::confirm::confirm_command;
use super::picker::picker_command;
use super::prompt::prompt_command;
use crate::app::modal::{Composer, Confirm, Modal, Prompt, PromptKind};
use crate::app::outbound::Outbound;
use crate::app::state::{Pane, State};
use crate::app::update::{Effects, lists, open_modal};

pub(in crate::app::update) fn open_confirm(
    state: &mut State,
    action: Outbound,
    composer: Option<Composer>,
) {
    open_modal(state, Modal::Confirm(Confirm::new(action, composer)));
}

/// A fresh query: the previous search is dropped, so what is typed is all that filters.
pub(in crate::app::update) fn open_search(state: &mut State, fx: &mut Effects) {
    let prompt = Prompt::new(PromptKind::SearchChats, "");
    state.focus = Pane::Chats;
    lists::clear_search(state, fx);
    open_modal(state, Modal::Prompt(prompt));
}

pub(in crate::app::update) fn modal_command(state: &mut State, command: Command, fx: &mut Effects) {
    let Some(modal) = state.modal.take() else {
        return;
    };
    state.dirty = true;
    let screen = ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1);
    state.modal = match modal {
        Modal::Help { scroll } => {
            let limit = state.measure.help_scroll_limit(screen, state);
            scroll_or_close(command, scroll, limit, |scroll| Modal::Help { scroll })
        }
        Modal::Attendees { scroll } => {
            let limit = state.measure.attendees_scroll_limit(screen, state);
            scroll_or_close(command, scroll, limit, |scroll| Modal::Attendees { scroll })
        }
        Modal::Composer(composer) => composer_command(state, composer, command, fx),
        Modal::Confirm(confirm) => confirm_command(state, confirm, command, fx),
        Modal::ConfirmReconnect(confirm) => {
            crate::app::update::reconnect::confirm_command(state, confirm, command, fx)
        }
        Modal::ReconnectLink { account, link } => {
            crate::app::update::reconnect::link_command(account, link, command)
        }
        Modal::Prompt(prompt) => prompt_command(state, prompt, command, fx),
        Modal::Picker(picker) => picker_command(state, picker, command, fx),
        Modal::Outbox { selected, scope } => {
            crate::app::update::outbox::command(state, selected, scope, command, fx)
        }
        Modal::Reader {
            message,
            scroll,
            link,
        } => {
            crate::app::update::thread::reader_command(state, message, (scroll, link), command, fx)
        }
        Modal::Search => crate::app::update::search::command(state, command, fx),
    };
}

/// Scrolls a read-only window, never past `limit` (so scrolling back takes one press), or
/// closes it.
pub(super) fn scroll_or_close(
    command: Command,
    scroll: u16,
    limit: u16,
    reopen: impl Fn(u16) -> Modal,
) -> Option<Modal> {
    match command {
        Command::ScrollDown | Command::MoveDown => {
            Some(reopen(scroll.saturating_add(1).min(limit)))
        }
        Command::ScrollUp | Command::MoveUp => Some(reopen(scroll.saturating_sub(1))),
        Command::Close | Command::Help | Command::Quit | Command::Cancel => None,
        _ => Some(reopen(scroll)),
    }
}

pub(in crate::app::update) fn text_input(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let mut search_changed = false;
    match &mut state.modal {
        Some(Modal::Composer(composer)) => {
            // Chords are keymap data: one not bound in [composer] does nothing, rather than
            // whatever tui-textarea would make of it (its ctrl-u undoes, for one).
            if key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                return;
            }
            composer.unsaved |= composer.editor.input(key);
        }
        Some(Modal::Prompt(prompt)) => {
            prompt.input.input(key);
            prompt.hint = None;
            search_changed = prompt.kind == PromptKind::SearchChats;
        }
        Some(Modal::Picker(picker)) => {
            picker.filter.input(key);
            picker.selected = 0;
        }
        Some(Modal::Search) => return crate::app::update::search::text_input(state, key, fx),
        _ => return,
    }
    state.dirty = true;
    if search_changed {
        apply_search(state, fx);
    }
}

pub(in crate::app::update) fn paste(state: &mut State, text: &str, fx: &mut Effects) {
    // Single-line fields take the first line only: a pasted newline must not submit anything.
    let first_line = text.lines().next().unwrap_or_default();
    let mut search_changed = false;
    match &mut state.modal {
        Some(Modal::Composer(composer)) => {
            composer
                .editor
                .insert_str(crate::app::modal::hard_breaks(text));
            composer.unsaved = true;
        }
        Some(Modal::Prompt(prompt)) => {
            prompt.input.insert_str(first_line);
            search_changed = prompt.kind == PromptKind::SearchChats;
        }
        Some(Modal::Picker(picker)) => {
            picker.filter.insert_str(first_line);
            picker.selected = 0;
        }
        Some(Modal::Search) => return crate::app::update::search::paste(state, first_line, fx),
        _ => return,
    }
    state.dirty = true;
    if search_changed {
        apply_search(state, fx);
    }
}

pub(super) fn apply_search(state: &mut State, fx: &mut Effects) {
    if let Some(Modal::Prompt(prompt)) = &state.modal {
        state.chats.filter.search = prompt.text().to_owned();
        lists::reset_chats(state, fx);
    }
}
