//! The open chat: opening it, moving the selection through its messages, scrolling, loading
//! older history (first from the cache, then from the server) and newer messages.

use std::collections::HashMap;

use ratatui::layout::Rect;

use chrono::{DateTime, Utc};

use crate::app::Measure;
use crate::app::layout::{self, thread_rows, thread_text_width};
use crate::domain::{ChatId, Message};
use crate::input::Command;
use crate::store::{ChatListItem, MessageAnchor, SavedDraft};

use super::super::effect::Effect;
use super::super::modal::Modal;
use super::super::state::{Access, History, Level, Pane, State, ThreadPane};
use super::{Effects, flash, open_modal};
use crate::domain::Attendee;
use crate::store::OutboxEntry;

/// Messages read from the cache at a time.
pub(super) const THREAD_PAGE: usize = 100;
/// The most messages held for one chat; past it the far end is dropped (and read again when
/// the user goes back there), so a 50 000-message thread costs what a 500-message one does.
const MAX_LOADED: usize = 500;
/// The most moves typed ahead of a thread's first read that are kept for it.
pub(super) const MOVES_HELD_WHILE_READING: usize = 64;

pub(super) fn open_selected(state: &mut State, fx: &mut Effects) {
    if let Some(item) = state.chats.selected_item().cloned() {
        open_chat(state, item, fx);
    }
}

pub(super) fn open_chat(state: &mut State, item: ChatListItem, fx: &mut Effects) {
    state.focus = Pane::Thread;
    state.dirty = true;
    let chat = item.chat.id.clone();
    if state.thread.chat_id() == Some(&chat) {
        return;
    }
    mark_read_on_open(state, &item, fx);
    let request = state.next_request();
    state.thread = ThreadPane {
        unread_at_open: item.chat.unread_count,
        chat: Some(item),
        request: Some(request),
        ..ThreadPane::default()
    };
    fx.push(Effect::LoadThread {
        request,
        chat: chat.clone(),
        limit: THREAD_PAGE,
    });
    fx.push(Effect::ChatOpened(chat));
}

/// Opening an unread chat marks it read (unless switched off, and never in read-only mode).
pub(super) fn mark_read_on_open(state: &State, item: &ChatListItem, fx: &mut Effects) {
    if item.chat.unread_count > 0
        && state.access == Access::ReadWrite
        && state.options.mark_read_on_open
    {
        fx.push(Effect::MarkRead {
            account: item.chat.account_id.clone(),
            chat: item.chat.id.clone(),
        });
    }
}

/// Reads the open chat's newest messages again after the cache changed.
pub(super) fn reload(state: &mut State, fx: &mut Effects) {
    let Some(chat) = state.thread.chat_id().cloned() else {
        return;
    };
    if state.thread.newer_in_cache {
        // The user is reading older history: leave the view alone.
        return;
    }
    let request = state.next_request();
    state.thread.request = Some(request);
    let limit = (state.thread.messages.len() + 20).clamp(THREAD_PAGE, MAX_LOADED);
    fx.push(Effect::LoadThread {
        request,
        chat,
        limit,
    });
}

pub(super) fn navigate(state: &mut State, command: Command, fx: &mut Effects) {
    let thread = &mut state.thread;
    if thread.being_read() {
        // Typed ahead: done once the thread is read, unless an action key already waits
        // (it acts on the message the moves before it select).
        let a_move = matches!(
            command,
            Command::MoveUp
                | Command::MoveDown
                | Command::First
                | Command::Last
                | Command::PageUp
                | Command::PageDown
        );
        if a_move
            && thread.when_read.is_none()
            && thread.moves_when_read.len() < MOVES_HELD_WHILE_READING
        {
            thread.moves_when_read.push(command);
        }
        return;
    }
    let len = state.thread.messages.len();
    let Some(selected) = state.thread.selected.filter(|_| len > 0) else {
        return;
    };
    if scroll_inside(state, selected, command) {
        return;
    }
    let last = len - 1;
    let target = match command {
        Command::MoveUp | Command::First if selected == 0 => {
            load_older(state, fx);
            return;
        }
        Command::MoveDown | Command::Last if selected == last && state.thread.newer_in_cache => {
            load_newer(state, command == Command::Last, fx);
            return;
        }
        Command::Last if state.thread.newer_in_cache => {
            load_newer(state, true, fx);
            return;
        }
        Command::MoveUp => selected - 1,
        Command::MoveDown => (selected + 1).min(last),
        Command::First => 0,
        Command::Last => last,
        Command::PageUp => selected.saturating_sub(page_step(state, selected, true)),
        Command::PageDown => (selected + page_step(state, selected, false)).min(last),
        _ => return,
    };
    if target != selected {
        state.thread.selected = Some(target);
        // Reading upwards into a long message starts at its end.
        let upwards = matches!(command, Command::MoveUp | Command::PageUp);
        state.thread.scrolled = match tall_limit(state, target) {
            Some(limit) if upwards => state
                .thread
                .messages
                .get(target)
                .map(|m| (m.id.clone(), limit)),
            _ => None,
        };
        state.dirty = true;
        scroll_to_selected(state);
    }
}

/// The first line a message taller than the pane scrolls to, `None` when it fits.
fn tall_limit(state: &State, index: usize) -> Option<u16> {
    let area = thread_area(state)?;
    let message = state.thread.messages.get(index)?;
    state.measure.tall_message_limit(
        &state.thread,
        message,
        thread_text_width(area),
        thread_rows(area),
        &state.options,
    )
}

/// Moves inside the selected message when it is taller than the pane and there is more of it
/// that way; false when the movement is for the next message.
fn scroll_inside(state: &mut State, selected: usize, command: Command) -> bool {
    let (Some(limit), Some(area)) = (tall_limit(state, selected), thread_area(state)) else {
        return false;
    };
    let page = thread_rows(area).saturating_sub(2).max(1);
    let line = state.thread.scrolled_lines().min(limit);
    let moved = match command {
        Command::MoveDown if line < limit => line + 1,
        Command::PageDown if line < limit => line.saturating_add(page).min(limit),
        Command::MoveUp | Command::PageUp if line > 0 => {
            line.saturating_sub(if command == Command::MoveUp { 1 } else { page })
        }
        _ => return false,
    };
    let Some(id) = state.thread.messages.get(selected).map(|m| m.id.clone()) else {
        return false;
    };
    state.thread.scrolled = Some((id, moved));
    state.dirty = true;
    true
}

fn thread_area(state: &State) -> Option<Rect> {
    layout::areas(Rect::new(0, 0, state.size.0, state.size.1), Pane::Thread).thread
}

/// Height of message `index` at `width`, with its day separator; body heights are cached.
fn height(
    measure: &dyn Measure,
    thread: &mut ThreadPane,
    index: usize,
    width: u16,
    options: &super::super::UiOptions,
) -> u16 {
    let Some(message) = thread.messages.get(index) else {
        return 0;
    };
    let key = (message.id.clone(), width);
    let body = match thread.heights.get(&key) {
        Some(body) => *body,
        None => {
            let body = measure.body_height(thread, message, width, options);
            thread.heights.insert(key, body);
            body
        }
    };
    body + measure.separator_height(thread, index, options)
}

/// Messages to move for a page: as many as fill the pane from the selection.
fn page_step(state: &mut State, from: usize, up: bool) -> usize {
    let Some(area) = thread_area(state) else {
        return 1;
    };
    let (width, rows) = (thread_text_width(area), thread_rows(area));
    let options = state.options.clone();
    let measure = state.measure;
    let thread = &mut state.thread;
    let mut used = 0u32;
    let mut steps = 0;
    let mut index = from;
    while used < u32::from(rows) {
        let next = if up {
            index.checked_sub(1)
        } else {
            Some(index + 1)
        };
        let Some(next) = next.filter(|i| *i < thread.messages.len()) else {
            break;
        };
        used += u32::from(height(measure, thread, next, width, &options));
        index = next;
        steps += 1;
    }
    steps.max(1)
}

/// Moves `bottom` so that the selected message is on screen, changing as little as possible.
pub(super) fn scroll_to_selected(state: &mut State) {
    let Some(area) = thread_area(state) else {
        return;
    };
    let (width, rows) = (thread_text_width(area), thread_rows(area));
    let options = state.options.clone();
    let measure = state.measure;
    let thread = &mut state.thread;
    let Some(selected) = thread.selected else {
        return;
    };
    if thread.messages.is_empty() {
        return;
    }
    thread.bottom = thread.bottom.min(thread.messages.len() - 1);
    if selected >= thread.bottom {
        thread.bottom = selected;
        return;
    }
    // The selection is above the bottom: keep the bottom unless the selection no longer fits.
    let mut used = 0u32;
    for index in selected..=thread.bottom {
        used += u32::from(height(measure, thread, index, width, &options));
    }
    if used <= u32::from(rows) {
        return;
    }
    let mut bottom = selected;
    let mut used = u32::from(height(measure, thread, selected, width, &options));
    while bottom + 1 < thread.messages.len() {
        let next = u32::from(height(measure, thread, bottom + 1, width, &options));
        if used + next > u32::from(rows) {
            break;
        }
        used += next;
        bottom += 1;
    }
    thread.bottom = bottom;
}

fn load_older(state: &mut State, fx: &mut Effects) {
    let thread = &state.thread;
    if matches!(thread.history, History::LoadingCache | History::Fetching) {
        return;
    }
    let (Some(chat), Some(oldest)) = (thread.chat_id().cloned(), thread.messages.first()) else {
        return;
    };
    if thread.history == History::Complete {
        flash(
            state,
            Level::Info,
            "this is the beginning of the conversation",
        );
        return;
    }
    let before = MessageAnchor::of(oldest);
    let request = state.next_request();
    state.thread.request = Some(request);
    state.thread.history = History::LoadingCache;
    state.dirty = true;
    fx.push(Effect::LoadOlder {
        request,
        chat,
        before,
        limit: THREAD_PAGE,
    });
}

fn load_newer(state: &mut State, to_newest: bool, fx: &mut Effects) {
    let Some(chat) = state.thread.chat_id().cloned() else {
        return;
    };
    let request = state.next_request();
    state.thread.request = Some(request);
    if to_newest {
        state.thread.newer_in_cache = false;
        state.thread.selected = None;
        fx.push(Effect::LoadThread {
            request,
            chat,
            limit: THREAD_PAGE,
        });
    } else if let Some(newest) = state.thread.messages.last() {
        fx.push(Effect::LoadNewer {
            request,
            chat,
            after: MessageAnchor::of(newest),
            limit: THREAD_PAGE,
        });
    }
}

/// What came with the open chat's messages.
pub(super) struct ThreadContents {
    pub item: Option<ChatListItem>,
    pub messages: Vec<Message>,
    pub total: u64,
    pub attendees: Vec<Attendee>,
    pub outbox: Vec<OutboxEntry>,
    pub draft: Option<SavedDraft>,
    pub history_complete: bool,
    pub last_inbound: Option<DateTime<Utc>>,
}

/// The newest messages of the open chat arrived (on opening it, or after the cache changed).
pub(super) fn thread_loaded(state: &mut State, chat: &ChatId, contents: ThreadContents) {
    let thread = &mut state.thread;
    if thread.chat_id() != Some(chat) {
        return;
    }
    let at_end = thread.bottom + 1 >= thread.messages.len() && !thread.newer_in_cache;
    let following = match thread.selected {
        None => true,
        Some(selected) => selected + 1 >= thread.messages.len() && !thread.newer_in_cache,
    };
    let selected_id = thread.selected_message().map(|m| m.id.clone());
    let mut messages = contents.messages;
    messages.reverse();
    thread.messages = messages;
    thread.total = contents.total;
    thread.newer_in_cache = false;
    if let Some(item) = contents.item {
        thread.chat = Some(item);
    }
    thread.names = names_of(&contents.attendees);
    thread.attendees = contents.attendees;
    thread.outbox = contents.outbox;
    thread.draft = contents.draft.map(|saved| saved.draft);
    thread.draft_of = Some(chat.clone());
    thread.heights.clear();
    thread.request = None;
    thread.error = None;
    thread.server_complete = contents.history_complete;
    thread.last_inbound = contents.last_inbound;
    let whole_cache = thread.messages.len() as u64 >= thread.total;
    if thread.server_complete && whole_cache {
        thread.history = History::Complete;
    } else if thread.history != History::Fetching {
        thread.history = History::Unknown;
    }
    let last = thread.messages.len().checked_sub(1);
    thread.selected = if following {
        last
    } else {
        selected_id
            .and_then(|id| thread.messages.iter().position(|m| m.id == id))
            .or(last)
    };
    // The view showed the newest message: it still does, so new messages appear in view.
    if following || at_end {
        thread.bottom = last.unwrap_or(0);
    }
    if thread.unread_at_open > 0 {
        // Opening an unread chat lands on the first unread message, marked.
        thread.unread_marker = first_unread(&thread.messages, thread.unread_at_open);
        thread.unread_at_open = 0;
        if let Some(marker) = &thread.unread_marker {
            thread.selected = thread.messages.iter().position(|m| &m.id == marker);
        }
    }
    state.dirty = true;
    scroll_to_selected(state);
}

/// The first of the `unread` newest messages from others (ours are never unread); the oldest
/// loaded one from others when fewer are loaded.
fn first_unread(messages: &[Message], unread: u32) -> Option<crate::domain::MessageId> {
    messages
        .iter()
        .rev()
        .filter(|m| !m.is_sender && !m.hidden)
        .take(usize::try_from(unread).unwrap_or(usize::MAX))
        .last()
        .map(|m| m.id.clone())
}

/// Older messages from the cache (newest first); none means the cache has no more.
pub(super) fn older_loaded(
    state: &mut State,
    chat: &ChatId,
    older: Vec<Message>,
    fx: &mut Effects,
) {
    let thread = &mut state.thread;
    if thread.chat_id() != Some(chat) {
        return;
    }
    thread.request = None;
    state.dirty = true;
    if older.is_empty() {
        // The cache has nothing older: the server may.
        if thread.server_complete {
            thread.history = History::Complete;
        } else {
            thread.history = History::Fetching;
            fx.push(Effect::FetchHistory(chat.clone()));
        }
        return;
    }
    thread.history = History::Unknown;
    let added = older.len();
    let mut messages: Vec<Message> = older.into_iter().rev().collect();
    messages.append(&mut thread.messages);
    thread.messages = messages;
    thread.selected = thread.selected.map(|s| s + added);
    thread.bottom += added;
    // Long threads: drop the newest end, far below the selection.
    if thread.messages.len() > MAX_LOADED {
        let keep = MAX_LOADED.max(thread.bottom + 1);
        if thread.messages.len() > keep {
            thread.messages.truncate(keep);
            thread.newer_in_cache = true;
        }
    }
    // Step onto the first newly loaded message, as if the list had always been there.
    if let Some(selected) = thread.selected {
        thread.selected = Some(selected.saturating_sub(1));
    }
    scroll_to_selected(state);
}

/// Newer messages from the cache (newest first), after the user scrolled back down.
pub(super) fn newer_loaded(state: &mut State, chat: &ChatId, newer: Vec<Message>) {
    let thread = &mut state.thread;
    if thread.chat_id() != Some(chat) {
        return;
    }
    thread.request = None;
    state.dirty = true;
    if newer.is_empty() {
        thread.newer_in_cache = false;
        return;
    }
    let added = newer.len();
    thread.messages.extend(newer.into_iter().rev());
    thread.newer_in_cache = added >= THREAD_PAGE;
    if thread.messages.len() > MAX_LOADED {
        let drop = thread.messages.len() - MAX_LOADED;
        thread.messages.drain(..drop);
        thread.selected = thread.selected.map(|s| s.saturating_sub(drop));
        thread.bottom = thread.bottom.saturating_sub(drop);
        thread.history = History::Unknown;
    }
    if let Some(selected) = thread.selected {
        thread.selected = Some((selected + 1).min(thread.messages.len() - 1));
    }
    scroll_to_selected(state);
}

/// One message read again (after an edit or a delete was confirmed by the server).
pub(super) fn message_reloaded(state: &mut State, chat: &ChatId, message: Message) {
    let thread = &mut state.thread;
    if thread.chat_id() != Some(chat) {
        return;
    }
    if let Some(slot) = thread.messages.iter_mut().find(|m| m.id == message.id) {
        thread.heights.retain(|(id, _), _| *id != message.id);
        *slot = message;
        state.dirty = true;
    }
}

fn names_of(attendees: &[Attendee]) -> HashMap<String, String> {
    attendees
        .iter()
        .filter_map(|a| Some((a.provider_id.clone(), a.name.clone()?)))
        .collect()
}

pub(super) fn show_attendees(state: &mut State, fx: &mut Effects) {
    if state.focus == Pane::Chats {
        open_selected(state, fx);
    }
    if state.thread.chat.is_some() {
        open_modal(state, Modal::Attendees { scroll: 0 });
    }
}

pub(super) fn save_attachment(state: &mut State, fx: &mut Effects, open: bool) {
    let Some(message) = state.thread.selected_message() else {
        return;
    };
    let Some(attachment) = message.attachments.iter().find(|a| !a.unavailable) else {
        let text = if message.attachments.is_empty() {
            "this message has no attachment"
        } else {
            "the attachment is no longer available"
        };
        flash(state, Level::Warning, text);
        return;
    };
    let file_name = attachment
        .file_name
        .clone()
        .unwrap_or_else(|| format!("{}-{}", message.id, attachment.id));
    if state.downloads.contains_key(&attachment.id) {
        let text = format!("already downloading {file_name}…");
        flash(state, Level::Info, text);
        return;
    }
    state
        .downloads
        .insert(attachment.id.clone(), file_name.clone());
    fx.push(Effect::SaveAttachment {
        message: message.id.clone(),
        attachment: attachment.id.clone(),
        file_name: file_name.clone(),
        mimetype: attachment.mimetype.clone(),
        open,
    });
    flash(state, Level::Info, format!("downloading {file_name}…"));
}

/// Opens the selected message in the full-screen reader.
pub(super) fn open_reader(state: &mut State) {
    match state.thread.selected_message() {
        Some(message) => {
            let message = message.id.clone();
            open_modal(
                state,
                Modal::Reader {
                    message,
                    scroll: 0,
                    link: 0,
                },
            );
        }
        None => flash(state, Level::Warning, "select a message first (j / k)"),
    }
}

/// A key in the reader: scroll it, copy the message, or close it.
pub(super) fn reader_command(
    state: &mut State,
    message: crate::domain::MessageId,
    (scroll, link): (u16, usize),
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    let links = message_links(state, &message);
    let link = match command {
        Command::NextLink if !links.is_empty() => (link + 1) % links.len(),
        Command::OpenLink => {
            open_link(state, links.get(link).map(String::as_str), fx);
            link
        }
        _ => link,
    };
    let screen = Rect::new(0, 0, state.size.0, state.size.1);
    let (limit, rows) = state.measure.reader_scroll(screen, state, &message);
    let page = rows.saturating_sub(1).max(1);
    let scroll = match command {
        Command::ScrollDown => scroll.saturating_add(1),
        Command::ScrollUp => scroll.saturating_sub(1),
        Command::PageDown => scroll.saturating_add(page),
        Command::PageUp => scroll.saturating_sub(page),
        Command::First => 0,
        Command::Last => limit,
        Command::CopyText => {
            copy_message(state, Some(&message), fx);
            scroll
        }
        Command::Close => return None,
        _ => scroll,
    };
    Some(Modal::Reader {
        message,
        scroll: scroll.min(limit),
        link,
    })
}

/// The web addresses of message `id` of the open chat, as the reader numbers them.
fn message_links(state: &State, id: &crate::domain::MessageId) -> Vec<String> {
    state
        .thread
        .messages
        .iter()
        .find(|m| &m.id == id)
        .filter(|m| !m.deleted)
        .and_then(|m| m.text.as_deref())
        .map(|text| {
            crate::text::links(text)
                .into_iter()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Hands the selected link to the system's opener, only when pressed and only an http(s)
/// address, in its normalised form (no control characters, no spaces).
fn open_link(state: &mut State, link: Option<&str>, fx: &mut Effects) {
    let Some(link) = link else {
        flash(state, Level::Info, "this message has no link");
        return;
    };
    match crate::app::links::openable(link) {
        Some(url) => fx.push(Effect::OpenUrl(url)),
        None => flash(
            state,
            Level::Warning,
            "not opened: only http and https links open",
        ),
    }
}

pub(super) fn copy_text(state: &mut State, fx: &mut Effects) {
    let selected = state.thread.selected_message().map(|m| m.id.clone());
    copy_message(state, selected.as_ref(), fx);
}

/// Copies the text of message `id` of the open chat.
fn copy_message(state: &mut State, id: Option<&crate::domain::MessageId>, fx: &mut Effects) {
    let Some(text) = id
        .and_then(|id| state.thread.messages.iter().find(|m| &m.id == id))
        .and_then(|m| m.text.clone())
        .filter(|t| !t.is_empty())
    else {
        flash(state, Level::Warning, "this message has no text to copy");
        return;
    };
    fx.push(Effect::Copy(text));
    if state.options.clipboard_tool {
        // The executor says whether the tool took it.
        flash(state, Level::Info, "copying to the clipboard…");
    } else {
        flash(state, Level::Info, crate::clipboard::SENT_TO_TERMINAL);
    }
}
