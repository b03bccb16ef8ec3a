//! The message search: opening it, typing (each change asks the store at once; the store
//! abandons the older query, and only the latest answer is kept), choosing a hit (the thread opens at that
//! message) and stepping through the hits of the open chat with `n`/`N`.

use crossterm::event::KeyEvent;

use crate::domain::{ChatId, Message, MessageId};
use crate::input::Command;
use crate::store::{SearchHit, SearchQuery};

use super::super::effect::Effect;
use super::super::modal::Modal;
use super::super::search::{MessageSearch, SearchPlace, SearchStatus};
use super::super::state::{Level, Pane, RequestId, State, ThreadPane};
use super::thread::{self, THREAD_PAGE, ThreadContents};
use super::{Effects, flash, open_modal};

/// Hits asked for per query: a screenful many times over, and cheap to draw.
const MAX_HITS: usize = 200;

/// `ctrl-f`: search every account, or the account selected in the accounts pane.
pub(super) fn open(state: &mut State) {
    let place = match state.accounts.selected_account() {
        Some(id) => account_place(state, id.clone()),
        None => SearchPlace::Everywhere,
    };
    open_at(state, place);
}

/// `/` in a thread: search this chat.
pub(super) fn open_in_chat(state: &mut State) {
    let Some(item) = state.thread.chat.as_ref() else {
        open(state);
        return;
    };
    let place = SearchPlace::Chat {
        id: item.chat.id.clone(),
        name: crate::app::choices::chat_name(item).into_owned(),
    };
    open_at(state, place);
}

fn account_place(state: &State, id: crate::domain::AccountId) -> SearchPlace {
    let name = state
        .accounts
        .overview
        .ready()
        .and_then(|o| o.accounts.iter().find(|s| s.account.id == id))
        .map_or_else(|| id.to_string(), |s| s.account.name.clone());
    SearchPlace::Account { id, name }
}

/// Opens the search window looking in `place`; the last query and its hits are kept when
/// it looks where it did before.
fn open_at(state: &mut State, place: SearchPlace) {
    let mut places = vec![SearchPlace::Everywhere];
    if let Some(id) = state.accounts.selected_account().cloned() {
        places.push(account_place(state, id));
    }
    if let Some(item) = state.thread.chat.as_ref() {
        places.push(SearchPlace::Chat {
            id: item.chat.id.clone(),
            name: crate::app::choices::chat_name(item).into_owned(),
        });
    }
    if !places.contains(&place) {
        places.push(place.clone());
    }
    match &mut state.search {
        Some(search) if search.place == place => search.places = places,
        _ => state.search = Some(MessageSearch::new(places, place)),
    }
    open_modal(state, Modal::Search);
}

/// A command while the search window is open; `None` closes it.
pub(super) fn command(state: &mut State, command: Command, fx: &mut Effects) -> Option<Modal> {
    let search = state.search.as_mut()?;
    match command {
        Command::MoveDown => {
            search.selected = (search.selected + 1).min(search.hits.len().saturating_sub(1));
        }
        Command::MoveUp => search.selected = search.selected.saturating_sub(1),
        Command::SwitchScope => {
            let at = search.places.iter().position(|p| *p == search.place);
            let next = at.map_or(0, |i| (i + 1) % search.places.len());
            if let Some(place) = search.places.get(next).cloned() {
                search.place = place;
                query_changed(state, fx);
            }
        }
        Command::Choose => {
            let Some(hit) = search.selected_hit().cloned() else {
                return Some(Modal::Search);
            };
            open_hit(state, &hit, fx);
            return None;
        }
        Command::Close => return None,
        _ => {}
    }
    Some(Modal::Search)
}

/// A key typed into the query.
pub(super) fn text_input(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    if let Some(search) = state.search.as_mut() {
        search.input.input(key);
        query_changed(state, fx);
    }
}

pub(super) fn paste(state: &mut State, line: &str, fx: &mut Effects) {
    if let Some(search) = state.search.as_mut() {
        search.input.insert_str(line);
        query_changed(state, fx);
    }
}

/// The query or the place changed: ask now. A query still in flight is not waited for: the
/// executor abandons it (skipped, or interrupted mid-statement) and its answer is ignored.
fn query_changed(state: &mut State, fx: &mut Effects) {
    state.dirty = true;
    let Some(search) = state.search.as_mut() else {
        return;
    };
    search.selected = 0;
    ask(state, fx);
}

fn ask(state: &mut State, fx: &mut Effects) {
    let timezone = state.options.timezone;
    let request = state.next_request();
    let Some(search) = state.search.as_mut() else {
        return;
    };
    // Whatever was in flight is not wanted any more, even if the new text asks nothing.
    search.request = None;
    match SearchQuery::parse(search.text(), timezone) {
        Ok(query) if query.is_empty() => {
            search.hits.clear();
            search.status = SearchStatus::Idle;
        }
        Ok(query) => {
            search.request = Some(request);
            search.status = SearchStatus::Searching;
            fx.push(Effect::SearchMessages {
                request,
                query: Box::new(query),
                scope: search.place.scope(),
                limit: MAX_HITS,
            });
        }
        Err(problem) => search.status = SearchStatus::Problem(problem.to_string()),
    }
}

/// The store answered a query: kept only if it is the one in flight.
pub(super) fn hits_loaded(state: &mut State, request: RequestId, hits: Vec<SearchHit>) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    if search.request != Some(request) {
        return;
    }
    search.request = None;
    search.hits = hits;
    search.selected = search.selected.min(search.hits.len().saturating_sub(1));
    search.status = SearchStatus::Done;
    state.dirty = true;
}

/// A search failed: shown if it is the one in flight (`None`: the store could not even be
/// asked, which concerns the one in flight as much).
pub(super) fn failed(state: &mut State, request: Option<RequestId>, message: &str) {
    let Some(search) = state.search.as_mut() else {
        return;
    };
    if request.is_some() && search.request != request {
        return;
    }
    search.request = None;
    search.status = SearchStatus::Problem(format!("could not search: {message}"));
    state.dirty = true;
}

/// Shows `hit` in the thread: selected in place when it is loaded, else the thread is read
/// again around it.
fn open_hit(state: &mut State, hit: &SearchHit, fx: &mut Effects) {
    state.focus = Pane::Thread;
    state.dirty = true;
    if select_loaded(state, &hit.chat_id, &hit.message_id) {
        return;
    }
    let request = state.next_request();
    let same_chat = state.thread.chat_id() == Some(&hit.chat_id);
    if !same_chat {
        state.thread = ThreadPane::default();
        fx.push(Effect::ChatOpened(hit.chat_id.clone()));
    }
    state.thread.request = Some(request);
    fx.push(Effect::LoadThreadAt {
        request,
        chat: hit.chat_id.clone(),
        message: hit.message_id.clone(),
        limit: THREAD_PAGE,
    });
}

/// Selects `message` if the open thread holds it.
fn select_loaded(state: &mut State, chat: &ChatId, message: &MessageId) -> bool {
    if state.thread.chat_id() != Some(chat) {
        return false;
    }
    let Some(index) = state.thread.messages.iter().position(|m| &m.id == message) else {
        return false;
    };
    state.thread.selected = Some(index);
    state.dirty = true;
    thread::scroll_to_selected(state);
    true
}

/// What came back for a hit: the thread around it.
pub(super) struct ThreadAround {
    pub at: MessageId,
    pub newer_in_cache: bool,
    pub contents: ThreadContents,
}

pub(super) fn thread_at_loaded(
    state: &mut State,
    request: RequestId,
    chat: &ChatId,
    around: ThreadAround,
    fx: &mut Effects,
) {
    if state.thread.request != Some(request) {
        return;
    }
    let opened_now = state.thread.chat.is_none();
    let Some(item) = around.contents.item.clone() else {
        state.thread.request = None;
        flash(state, Level::Warning, "that chat is no longer in the cache");
        return;
    };
    state.thread.chat = Some(item.clone());
    thread::thread_loaded(state, chat, around.contents);
    let thread = &mut state.thread;
    thread.newer_in_cache = around.newer_in_cache;
    let index = thread.messages.iter().position(|m| m.id == around.at);
    if index.is_none() {
        flash(
            state,
            Level::Warning,
            "that message is no longer in the cache",
        );
    }
    let thread = &mut state.thread;
    let last = thread.messages.len().saturating_sub(1);
    thread.selected = index.or(thread.messages.len().checked_sub(1));
    // A few messages of context below the hit, when there are.
    thread.bottom = thread.selected.map_or(last, |s| (s + 2).min(last));
    thread::scroll_to_selected(state);
    if opened_now {
        thread::mark_read_on_open(state, &item, fx);
    }
    super::compose::run_key_held_while_reading(state, fx);
}

/// `n` / `N` in a thread: the next newer / older hit of the last search in this chat.
pub(super) fn step(state: &mut State, newer: bool, fx: &mut Effects) {
    let Some(chat) = state.thread.chat_id().cloned() else {
        return;
    };
    let hits: Vec<SearchHit> = state
        .search
        .as_ref()
        .map(|s| s.hits_in(&chat).into_iter().cloned().collect())
        .unwrap_or_default();
    if hits.is_empty() {
        flash(
            state,
            Level::Info,
            "no search hits in this chat: / searches it",
        );
        return;
    }
    let here = state.thread.selected_message().map(position_of);
    let target = match (here, newer) {
        (None, _) => hits.last(),
        (Some(here), true) => hits
            .iter()
            .find(|h| (h.at, &h.message_id) > here_key(&here)),
        (Some(here), false) => hits
            .iter()
            .rev()
            .find(|h| (h.at, &h.message_id) < here_key(&here)),
    };
    match target.cloned() {
        Some(hit) => open_hit(state, &hit, fx),
        None => {
            let text = if newer {
                "no newer hit in this chat"
            } else {
                "no older hit in this chat"
            };
            flash(state, Level::Info, text);
        }
    }
}

fn position_of(message: &Message) -> (chrono::DateTime<chrono::Utc>, MessageId) {
    (message.timestamp, message.id.clone())
}

fn here_key(
    here: &(chrono::DateTime<chrono::Utc>, MessageId),
) -> (chrono::DateTime<chrono::Utc>, &MessageId) {
    (here.0, &here.1)
}
