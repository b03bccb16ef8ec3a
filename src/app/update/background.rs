//! Answers from the store, events from sync and the outbox, and the clock. Nothing here
//! redraws unless something on screen changed: an idle inbox costs no terminal output.

use chrono::{DateTime, Datelike, Utc};

use crate::domain::ChatId;
use crate::store::{Arrival, OutboxEntry};
use crate::sync::{SyncEvent, SyncReport};
use crate::text::Notify;

use super::super::action::{Loaded, Notice};
use super::super::effect::Effect;
use super::super::modal::{Modal, OutboxScope, PickerKind, PromptKind};
use super::super::state::{History, Level, Loadable, State, SyncView};
use super::compose::draft_of;
use super::thread::ThreadContents;
use super::{Effects, flash, lists, search, show_notice, sync_warning, thread};

pub(super) fn tick(state: &mut State, now: DateTime<Utc>, fx: &mut Effects) {
    let before = state.now;
    state.now = now;
    let tz = state.options.timezone;
    // Day separators and "Yesterday" labels change at midnight.
    if before.with_timezone(&tz).ordinal() != now.with_timezone(&tz).ordinal() {
        state.dirty = true;
    }
    if state.status.flash.as_ref().is_some_and(|f| f.until <= now) {
        state.status.flash = None;
        state.dirty = true;
    }
    match &mut state.modal {
        // The composer autosaves: a crash loses at most a second of typing.
        Some(Modal::Composer(composer)) if composer.unsaved => {
            composer.unsaved = false;
            if let Some(draft) = draft_of(composer) {
                fx.push(Effect::SaveDraft(draft));
            }
        }
        _ => {}
    }
    // The edit composer and confirmation show the minutes left in the edit window.
    let shows_countdown = match &state.modal {
        Some(Modal::Composer(c)) => {
            matches!(c.purpose, super::super::modal::ComposePurpose::Edit { .. })
        }
        Some(Modal::Confirm(_)) => true,
        _ => false,
    };
    if shows_countdown && before.timestamp() / 60 != now.timestamp() / 60 {
        state.dirty = true;
    }
}

pub(super) fn refresh_requested(state: &mut State) {
    state.status.sync = SyncView::Running("refreshing…".into());
    state.dirty = true;
}

pub(super) fn loaded(state: &mut State, loaded: Loaded, fx: &mut Effects) {
    match loaded {
        Loaded::Accounts(overview) => {
            state.accounts.overview = Loadable::Ready(overview);
            let len = state.accounts.len();
            state.accounts.selected = state.accounts.selected.min(len.saturating_sub(1));
            state.dirty = true;
        }
        Loaded::Chats {
            request,
            total,
            offset,
            rows,
        } => {
            if state.chats.request == Some(request) {
                lists::chats_loaded(state, total, offset, rows, fx);
            }
        }
        Loaded::Thread {
            request,
            chat,
            item,
            messages,
            total,
            attendees,
            outbox,
            draft,
            history_complete,
            last_inbound,
            settled,
        } => {
            if settled > 0 {
                show_notice(state, Notice::settled(settled));
            }
            if state.thread.request == Some(request) {
                let contents = ThreadContents {
                    item,
                    messages,
                    total,
                    attendees,
                    outbox,
                    draft,
                    history_complete,
                    last_inbound,
                };
                thread::thread_loaded(state, &chat, contents);
                super::compose::run_key_held_while_reading(state, fx);
            }
        }
        Loaded::Older {
            request,
            chat,
            messages,
        } => {
            if state.thread.request == Some(request) {
                thread::older_loaded(state, &chat, messages, fx);
            }
        }
        Loaded::Newer {
            request,
            chat,
            messages,
        } => {
            if state.thread.request == Some(request) {
                thread::newer_loaded(state, &chat, messages);
            }
        }
        Loaded::Message { chat, message } => thread::message_reloaded(state, &chat, message),
        Loaded::KnownAttendees { account, attendees } => {
            if let Some(Modal::Picker(picker)) = &mut state.modal
                && let PickerKind::Attendee {
                    account: wanted,
                    candidates,
                } = &mut picker.kind
                && *wanted == account
            {
                *candidates = Some(attendees);
                state.dirty = true;
            }
        }
        Loaded::File(result) => file_checked(state, result),
        Loaded::Completions {
            typed,
            completed,
            candidates,
        } => {
            if let Some(Modal::Prompt(prompt)) = &mut state.modal
                && prompt.kind == PromptKind::AttachPath
                && prompt.text() == typed
            {
                if completed != typed {
                    let mut input = tui_textarea::TextArea::new(vec![completed]);
                    input.move_cursor(tui_textarea::CursorMove::End);
                    prompt.input = input;
                }
                prompt.hint = match candidates.len() {
                    0 => Some("no match".into()),
                    1 => None,
                    _ => Some(candidates.join("  ")),
                };
                state.dirty = true;
            }
        }
        Loaded::SearchHits { request, hits } => search::hits_loaded(state, request, hits),
        Loaded::SearchFailed { request, message } => search::failed(state, Some(request), &message),
        // Only ever a search older than the one in flight, whose answer is not wanted.
        Loaded::SearchAbandoned { .. } => {}
        Loaded::ThreadAt {
            request,
            chat,
            at,
            item,
            messages,
            total,
            attendees,
            outbox,
            draft,
            history_complete,
            last_inbound,
            newer_in_cache,
        } => {
            let around = search::ThreadAround {
                at,
                newer_in_cache,
                contents: ThreadContents {
                    item,
                    messages,
                    total,
                    attendees,
                    outbox,
                    draft,
                    history_complete,
                    last_inbound,
                },
            };
            search::thread_at_loaded(state, request, &chat, around, fx);
        }
        Loaded::Failed { what, message } => {
            match what {
                "search" => return search::failed(state, None, &message),
                "chats" => {
                    state.chats.error = Some(message.clone());
                    // Nothing is on its way any more: the next move may ask again.
                    state.chats.request = None;
                }
                "thread" => state.thread.error = Some(message.clone()),
                "accounts" => state.accounts.overview = Loadable::Failed(message.clone()),
                _ => {}
            }
            flash(
                state,
                Level::Error,
                format!("could not read the {what}: {message}"),
            );
        }
        Loaded::UnreadChat { request, found } => {
            lists::unread_chat_found(state, request, found, fx);
        }
        Loaded::Unsent { request, entries } => super::outbox::unsent_read(state, request, entries),
        Loaded::Missing(_) => {}
    }
}

fn file_checked(
    state: &mut State,
    result: Result<super::super::FileSpec, crate::app::error::FileError>,
) {
    match (result, state.modal.take()) {
        (Ok(file), Some(Modal::Prompt(mut prompt))) if prompt.kind == PromptKind::AttachPath => {
            state.modal = match prompt.composer.take() {
                Some(mut composer) => {
                    add_file(&mut composer.attachments, file);
                    composer.unsaved = true;
                    Some(Modal::Composer(composer))
                }
                None => None,
            };
        }
        (Ok(file), Some(Modal::Composer(mut composer))) => {
            // A file of the draft, checked again when the composer reopened.
            add_file(&mut composer.attachments, file);
            state.modal = Some(Modal::Composer(composer));
        }
        (Err(reason), Some(Modal::Prompt(mut prompt))) => {
            prompt.hint = Some(reason.to_string());
            state.modal = Some(Modal::Prompt(prompt));
        }
        (Err(reason), other) => {
            state.modal = other;
            flash(state, Level::Warning, reason.to_string());
        }
        (Ok(_), other) => state.modal = other,
    }
    state.dirty = true;
}

fn add_file(files: &mut Vec<super::super::FileSpec>, file: super::super::FileSpec) {
    if !files.iter().any(|f| f.path == file.path) {
        files.push(file);
    }
}

pub(super) fn sync_event(state: &mut State, event: SyncEvent, fx: &mut Effects) {
    match event {
        SyncEvent::Started { first } => {
            // Background polls stay silent; a first sync, the session's first (a slow server
            // must not look like "not synced yet") or a refresh the user asked for shows.
            if first {
                state.status.sync = SyncView::Running("first sync…".into());
                state.dirty = true;
            } else if state.status.last_sync.is_none() {
                state.status.sync = SyncView::Running("syncing…".into());
                state.dirty = true;
            }
        }
        SyncEvent::Progress(text) => {
            if matches!(state.status.sync, SyncView::Running(_)) {
                state.status.sync = SyncView::Running(text);
                state.dirty = true;
            }
        }
        // The accounts pane shows a skipped account's state; its progress line said why.
        SyncEvent::AccountSkipped { .. } => {}
        SyncEvent::Changed(change) => {
            // The bell and notifications come with `Action::Arrived`, which knows the chats.
            fx.push(Effect::LoadAccounts);
            lists::reload_chats(state, fx);
            let open = state.thread.chat_id();
            if open.is_some_and(|chat| change.chats.contains(chat)) {
                thread::reload(state, fx);
            }
        }
        SyncEvent::Finished { at, report } => {
            let was = (
                state.status.sync.clone(),
                state.status.offline,
                state.status.last_sync.map(|t| t.timestamp() / 60),
            );
            state.status.sync = SyncView::Idle;
            state.status.offline = false;
            state.status.last_sync = Some(at);
            // Fresh server data: settle any action whose outcome was unknown.
            fx.push(Effect::Reconcile);
            // The bar shows minutes: a poll within the same minute changes nothing visible.
            let now = (SyncView::Idle, false, Some(at.timestamp() / 60));
            if was != now {
                state.dirty = true;
            }
            match trouble(&report) {
                Some(trouble) => sync_warning(state, trouble),
                // The warning of an earlier run no longer holds.
                None if state.status.flash.as_ref().is_some_and(|f| f.about_sync) => {
                    state.status.flash = None;
                    state.dirty = true;
                }
                None => {}
            }
        }
        SyncEvent::Failed { message, offline } => {
            let view = SyncView::Failed(message);
            if state.status.sync != view || state.status.offline != offline {
                state.status.sync = view;
                state.status.offline = offline;
                state.dirty = true;
            }
        }
        SyncEvent::History {
            chat,
            fetched,
            complete,
        } => history_fetched(state, &chat, fetched, complete, fx),
        SyncEvent::HistoryFailed { chat, message } => {
            if state.thread.chat_id() == Some(&chat) {
                state.thread.history = History::Unknown;
                flash(state, Level::Error, format!("older messages: {message}"));
            }
        }
    }
}

/// Another program wrote into the cache: what is on screen is read again, from the cache
/// only (the accounts and the title's counts, the chat-list window, the open thread, the
/// review of every chat's unsent actions). Nothing else is asked for.
pub(super) fn cache_changed(state: &mut State, fx: &mut Effects) {
    fx.push(Effect::LoadAccounts);
    lists::reload_chats(state, fx);
    thread::reload(state, fx);
    if let Some(Modal::Outbox {
        scope: OutboxScope::AllChats,
        ..
    }) = state.modal
    {
        super::outbox::read_unsent(state, false, fx);
    }
}

/// Messages from others arrived (through our sync or another program): the bell and a
/// desktop notification when asked, never for a muted chat. One of each per batch.
pub(super) fn arrived(state: &mut State, arrivals: Vec<Arrival>, fx: &mut Effects) {
    let heard: Vec<&Arrival> = arrivals.iter().filter(|a| !a.muted).collect();
    let Some(newest) = heard.last() else {
        return;
    };
    if state.options.bell_on_inbound {
        fx.push(Effect::Bell);
    }
    if state.options.notify == Notify::Off {
        return;
    }
    let title = match heard.len() {
        1 => newest.title.clone(),
        n => format!("{} (+{} more)", newest.title, n - 1),
    };
    let body = match (&newest.text, newest.attachments) {
        (Some(text), _) if !text.trim().is_empty() => text.clone(),
        (_, 0) => "a message".to_owned(),
        (_, 1) => "a file".to_owned(),
        (_, n) => format!("{n} files"),
    };
    fx.push(Effect::Notify { title, body });
}

/// What a sync that finished could not do, in words; `None` when it did everything.
/// (Accounts it skipped show their own state in the accounts pane.)
fn trouble(report: &SyncReport) -> Option<String> {
    let count = |n: usize, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    let parts: Vec<String> = [
        count(
            report.skipped,
            "item from the server could not be read",
            "items from the server could not be read",
        ),
        count(
            report.chats_failed,
            "chat could not be fetched (the next sync tries again)",
            "chats could not be fetched (the next sync tries again)",
        ),
        count(
            report.lists_cut,
            "list stopped at the sync's ceiling",
            "lists stopped at the sync's ceiling",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| format!("synced, but {}", parts.join("; ")))
}

fn history_fetched(
    state: &mut State,
    chat: &ChatId,
    fetched: usize,
    complete: bool,
    fx: &mut Effects,
) {
    if state.thread.chat_id() != Some(chat) {
        return;
    }
    state.thread.server_complete = complete;
    state.dirty = true;
    if fetched == 0 {
        state.thread.history = if complete {
            History::Complete
        } else {
            History::Unknown
        };
        return;
    }
    // The cache has older messages now: read them like any others.
    state.thread.history = History::Unknown;
    if let Some(oldest) = state.thread.messages.first() {
        let before = crate::store::MessageAnchor::of(oldest);
        let request = state.next_request();
        state.thread.request = Some(request);
        state.thread.history = History::LoadingCache;
        fx.push(Effect::LoadOlder {
            request,
            chat: chat.clone(),
            before,
            limit: thread::THREAD_PAGE,
        });
    }
}

pub(super) fn outbox(
    state: &mut State,
    chat: Option<ChatId>,
    entries: Vec<OutboxEntry>,
    notice: Option<Notice>,
    fx: &mut Effects,
) {
    if chat.is_some() && state.thread.chat_id() == chat.as_ref() {
        state.thread.outbox = entries;
        state.dirty = true;
        if let Some(Modal::Outbox { scope, .. }) = state.modal
            && scope == OutboxScope::OpenChat
            && super::outbox::actionable(state, scope).is_empty()
        {
            state.modal = None;
        }
    }
    // The outbox changed: the chat list's marks and an open review of every chat follow.
    lists::reload_chats(state, fx);
    if let Some(Modal::Outbox {
        scope: OutboxScope::AllChats,
        ..
    }) = state.modal
    {
        super::outbox::read_unsent(state, false, fx);
    }
    if let Some(notice) = notice {
        show_notice(state, notice);
    }
}
