//! `update(&mut State, Action) -> Vec<Effect>`: the only place state changes. Synchronous, no
//! I/O, no clock reads (time comes in with `Action::Tick`).
//!
//! One file per concern: `lists` (focus and moving through accounts and chats), `thread`
//! (opening a chat, selecting and scrolling messages), `compose` (composer, prompts, pickers,
//! the confirmation), `background` (store answers, sync and outbox events, the clock).

mod background;
mod chat_changes;
mod compose;
mod lists;
mod outbox;
mod reconnect;
mod search;
mod templates;
mod thread;

use chrono::{DateTime, Duration, Utc};

use crate::input::Command;
use crate::store::Direction;

use super::action::{Action, Notice};
use super::effect::Effect;
use super::modal::Modal;
use super::state::{Flash, Level, State};

/// How long a status-bar message stays.
const FLASH_FOR: Duration = Duration::seconds(6);

/// What `update` emits: a short list, in the order the effects must start.
pub type Effects = Vec<Effect>;

pub fn update(state: &mut State, action: Action) -> Effects {
    let mut fx = Effects::new();
    match action {
        Action::Command(command) => {
            let at = state.now;
            pressed(state, command, at, &mut fx);
        }
        Action::Pressed { command, at } => pressed(state, command, at, &mut fx),
        Action::Drawn(at) => drawn(state, at),
        Action::Elsewhere(command) => elsewhere(state, command),
        Action::Text(key) => compose::text_input(state, key, &mut fx),
        Action::Paste(text) => compose::paste(state, &text, &mut fx),
        Action::Resize { width, height } => {
            state.size = (width, height);
            lists::follow_selection(state, &mut fx);
            thread::scroll_to_selected(state);
            state.dirty = true;
        }
        Action::Tick(now) => background::tick(state, now, &mut fx),
        Action::Loaded(loaded) => background::loaded(state, *loaded, &mut fx),
        Action::Sync(event) => background::sync_event(state, event, &mut fx),
        Action::CacheChanged => background::cache_changed(state, &mut fx),
        Action::ChatChanged { chat, change } => chat_changes::applied(state, &chat, change),
        Action::Arrived(arrivals) => background::arrived(state, arrivals, &mut fx),
        Action::Outbox {
            chat,
            entries,
            notice,
        } => background::outbox(state, chat, entries, notice, &mut fx),
        Action::EditorDone(result) => compose::editor_done(state, result),
        Action::Failed(text) => flash(state, Level::Error, text),
        Action::Notice(notice) => show_notice(state, notice),
        Action::Downloaded { attachment, notice } => {
            state.downloads.remove(&attachment);
            show_notice(state, notice);
        }
        Action::ReconnectLink { account, link } => {
            reconnect::answered(state, account, link, &mut fx);
        }
        Action::Templates { account, templates } => {
            templates::loaded(state, account, templates);
        }
        Action::Terminate => terminate(state, &mut fx),
    }
    fx
}

/// The first effects of a session: draw from the cache before anything else.
pub fn start(state: &mut State) -> Effects {
    let mut fx = vec![Effect::LoadAccounts];
    lists::reload_chats(state, &mut fx);
    fx
}

/// A key for the app. An open confirmation takes only keys pressed after the person could
/// read it; earlier ones (typed ahead, pasted, queued) are dropped and the window says so.
fn pressed(state: &mut State, command: Command, at: DateTime<Utc>, fx: &mut Effects) {
    let too_soon = match &mut state.modal {
        Some(Modal::Confirm(confirm)) if !confirm.answers(at) => Some(&mut confirm.typed_ahead),
        Some(Modal::ConfirmReconnect(confirm)) if !confirm.answers(at) => {
            Some(&mut confirm.typed_ahead)
        }
        _ => None,
    };
    if let Some(typed_ahead) = too_soon {
        *typed_ahead = true;
        state.dirty = true;
        return;
    }
    command_for_focus(state, command, fx);
}

/// A key for another pane: say where it works instead of doing nothing.
fn elsewhere(state: &mut State, command: Command) {
    let verb = match command {
        Command::Reply => "reply",
        Command::ReplyQuote => "reply quoting a message",
        Command::Edit => "edit a message",
        Command::Delete => "delete a message",
        Command::React => "react to a message",
        Command::OpenAttachment => "save an attachment",
        Command::CopyText => "copy a message",
        Command::ReviewOutbox => "review the unsent actions",
        Command::Attendees => "see the attendees",
        Command::ToggleUnread => "show only unread chats",
        Command::ToggleWaiting => "show only the chats waiting for an answer",
        Command::NextUnread | Command::PreviousUnread => "go to an unread chat",
        Command::ToggleArchived => "show the archived chats",
        Command::MarkUnread => "mark a chat unread",
        Command::ArchiveChat => "archive or unarchive a chat",
        Command::MuteChat => "mute or unmute a chat",
        Command::NewChat => "start a chat",
        Command::Reconnect => {
            flash(
                state,
                Level::Info,
                "go to the accounts pane to reconnect an account",
            );
            return;
        }
        _ => return,
    };
    // The chat list first where the command works there too: it is where the user starts.
    let in_thread_only = command.belongs_to(crate::input::Context::Thread)
        && !command.belongs_to(crate::input::Context::Chats);
    let text = if in_thread_only {
        if state.thread.chat.is_none() {
            format!("open a chat to {verb}")
        } else {
            format!("go to the thread (tab) to {verb}")
        }
    } else {
        format!("go to the chat list (tab) to {verb}")
    };
    flash(state, Level::Info, text);
}

/// What is open is on screen from `at`: a confirmation starts its guard time.
fn drawn(state: &mut State, at: DateTime<Utc>) {
    let shown_at = match &mut state.modal {
        Some(Modal::Confirm(confirm)) => &mut confirm.shown_at,
        Some(Modal::ConfirmReconnect(confirm)) => &mut confirm.shown_at,
        _ => return,
    };
    if shown_at.is_none() {
        *shown_at = Some(at);
    }
}

fn command_for_focus(state: &mut State, command: Command, fx: &mut Effects) {
    if state.modal.is_some() {
        compose::modal_command(state, command, fx);
        return;
    }
    match command {
        Command::Quit => {
            state.quitting = true;
            fx.push(Effect::Quit);
        }
        Command::Help => open_modal(state, Modal::Help { scroll: 0 }),
        Command::FocusNext => lists::cycle_focus(state, 1),
        Command::FocusPrev => lists::cycle_focus(state, -1),
        Command::Refresh => {
            background::refresh_requested(state);
            fx.push(Effect::RefreshNow);
        }
        Command::Search => compose::open_search(state, fx),
        Command::SearchMessages => search::open(state),
        Command::SearchInChat => search::open_in_chat(state),
        Command::NextHit => search::step(state, true, fx),
        Command::PreviousHit => search::step(state, false, fx),
        Command::Suspend => fx.push(Effect::Suspend),
        Command::MoveDown
        | Command::MoveUp
        | Command::First
        | Command::Last
        | Command::PageDown
        | Command::PageUp
        | Command::Open => lists::navigate(state, command, fx),
        Command::ToggleUnread => lists::toggle_unread(state, fx),
        Command::ToggleWaiting => lists::toggle_waiting(state, fx),
        Command::ToggleArchived => lists::toggle_archived(state, fx),
        Command::MarkUnread | Command::ArchiveChat | Command::MuteChat => {
            chat_changes::key(state, command);
        }
        Command::NextUnread => lists::jump_to_unread(state, Direction::Next, fx),
        Command::PreviousUnread => lists::jump_to_unread(state, Direction::Previous, fx),
        Command::ClearSearch => lists::clear_search(state, fx),
        Command::Attendees => thread::show_attendees(state, fx),
        Command::OpenAttachment => thread::save_attachment(state, fx, false),
        Command::OpenSaved => thread::save_attachment(state, fx, true),
        Command::ReviewOutbox => outbox::review(state, fx),
        Command::CopyText => thread::copy_text(state, fx),
        Command::Read => thread::open_reader(state),
        Command::Reconnect => reconnect::ask(state),
        Command::NewChat
        | Command::Reply
        | Command::ReplyQuote
        | Command::Edit
        | Command::Delete
        | Command::React => compose::action_key(state, command, fx),
        // Modal commands arrive only while their modal is open.
        _ => {}
    }
}

/// Quit from anywhere, keeping what the composer holds.
fn terminate(state: &mut State, fx: &mut Effects) {
    let composer = match &state.modal {
        Some(Modal::Composer(composer)) => Some(composer),
        // The snippet picker holds the composer it was opened from.
        Some(Modal::Picker(super::modal::Picker {
            kind: super::modal::PickerKind::Snippet { composer },
            ..
        })) => Some(composer.as_ref()),
        _ => None,
    };
    if let Some(draft) = composer.and_then(compose::draft_of) {
        fx.push(Effect::SaveDraft(draft));
    }
    state.quitting = true;
    fx.push(Effect::Quit);
}

pub(super) fn open_modal(state: &mut State, modal: Modal) {
    state.modal = Some(modal);
    state.dirty = true;
}

pub(super) fn flash(state: &mut State, level: Level, text: impl Into<String>) {
    show_flash(state, level, text.into(), false);
}

/// A warning about what a sync could not do; the next sync that does everything takes it back.
pub(super) fn sync_warning(state: &mut State, text: String) {
    show_flash(state, Level::Warning, text, true);
}

fn show_flash(state: &mut State, level: Level, text: String, about_sync: bool) {
    state.status.flash = Some(Flash {
        level,
        text,
        until: state.now + FLASH_FOR,
        about_sync,
    });
    state.dirty = true;
}

fn show_notice(state: &mut State, notice: Notice) {
    let level = if notice.error {
        Level::Error
    } else {
        Level::Info
    };
    flash(state, level, notice.text);
}

#[cfg(test)]
mod chat_change_tests;
#[cfg(test)]
mod policy_tests;
#[cfg(test)]
mod reconnect_tests;
#[cfg(test)]
mod search_tests;
#[cfg(test)]
mod snippet_tests;
#[cfg(test)]
mod templates_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod unread_tests;
#[cfg(test)]
mod watch_tests;
