//! The message search in the reducer: one query in flight, only the latest answer kept, a hit
//! opening its thread at the message, and `n`/`N` through the hits of the open chat.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::action::Loaded;
use crate::app::search::SearchStatus;
use crate::app::state::{Access, Pane, RequestId, UiOptions};
use crate::domain::{AccountId, Chat, ChatId, ChatKind, Message, MessageId, Muted};
use crate::store::{ChatListItem, SearchHit, SnippetPart};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
}

fn state(access: Access) -> State {
    let mut state = State::new(
        now(),
        access,
        UiOptions::default(),
        Vec::new(),
        &crate::ui::VIEWS,
    );
    state.size = (120, 40);
    state
}

fn item(chat: &str, unread: u32) -> ChatListItem {
    ChatListItem {
        chat: Chat {
            id: ChatId::new(chat),
            account_id: AccountId::new("acc2"),
            provider_id: format!("{chat}@s.whatsapp.net"),
            attendee_provider_id: None,
            name: Some(format!("Chat {chat}")),
            kind: ChatKind::Single,
            timestamp: Some(now()),
            unread_count: unread,
            archived: false,
            muted: Muted::No,
            read_only: 0,
            reactions_disabled: false,
            reply_disabled: false,
        },
        last_message: None,
        unsent: None,
    }
}

fn message(chat: &str, n: i64) -> Message {
    Message {
        id: MessageId::new(format!("{chat}-m{n}")),
        account_id: AccountId::new("acc2"),
        chat_id: ChatId::new(chat),
        provider_id: format!("p{n}"),
        sender_id: "them".into(),
        sender_attendee_id: None,
        text: Some(format!("message {n}")),
        attachments: vec![],
        timestamp: now() - Duration::days(30) + Duration::minutes(n),
        is_sender: false,
        quoted: None,
        reactions: vec![],
        seen: true,
        delivered: true,
        hidden: false,
        deleted: false,
        edited: false,
        is_event: false,
        event_type: None,
    }
}

fn hit(chat: &str, n: i64) -> SearchHit {
    let m = message(chat, n);
    SearchHit {
        account_id: m.account_id.clone(),
        account_name: "Second".into(),
        chat_id: m.chat_id.clone(),
        chat_name: Some(format!("Chat {chat}")),
        message_id: m.id.clone(),
        at: m.timestamp,
        is_sender: false,
        sender_id: m.sender_id.clone(),
        sender_name: None,
        text: m.text.clone(),
        has_attachment: false,
        snippet: vec![SnippetPart {
            text: "parcel".into(),
            matched: true,
        }],
    }
}

fn typed(state: &mut State, text: &str) -> Effects {
    let mut fx = Effects::new();
    for c in text.chars() {
        fx.extend(update(
            state,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        ));
    }
    fx
}

fn cmd(state: &mut State, command: Command) -> Effects {
    update(state, Action::Command(command))
}

fn loaded(state: &mut State, loaded: Loaded) -> Effects {
    update(state, Action::Loaded(Box::new(loaded)))
}

fn searches(fx: &Effects) -> Vec<(RequestId, Option<String>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SearchMessages { request, query, .. } => {
                Some((*request, query.match_expression()))
            }
            _ => None,
        })
        .collect()
}

/// The search window open with `hits` answered for "parcel".
fn searched(access: Access, hits: Vec<SearchHit>) -> State {
    let mut state = state(access);
    cmd(&mut state, Command::SearchMessages);
    let fx = update(&mut state, Action::Paste("parcel".into()));
    let request = searches(&fx)[0].0;
    loaded(&mut state, Loaded::SearchHits { request, hits });
    state
}

fn thread_at(request: RequestId, chat: &str, at: i64, unread: u32) -> Loaded {
    Loaded::ThreadAt {
        request,
        chat: ChatId::new(chat),
        at: MessageId::new(format!("{chat}-m{at}")),
        item: Some(item(chat, unread)),
        // Newest first, around the hit.
        messages: (at - 5..=at + 5).rev().map(|n| message(chat, n)).collect(),
        total: 1000,
        attendees: vec![],
        outbox: vec![],
        draft: None,
        history_complete: false,
        last_inbound: None,
        newer_in_cache: true,
    }
}

#[test]
fn every_key_asks_at_once_and_only_the_newest_answer_is_drawn() {
    let mut state = state(Access::ReadWrite);
    cmd(&mut state, Command::SearchMessages);
    assert!(matches!(state.modal, Some(Modal::Search)));
    let first = typed(&mut state, "p");
    let asked = searches(&first);
    assert_eq!(asked.len(), 1, "the first key asks at once");
    // No waiting for the query in flight: each key asks for its own text, newer numbers.
    let more = typed(&mut state, "arcel");
    let newer = searches(&more);
    assert_eq!(newer.len(), 5, "one query per key: {newer:?}");
    assert!(newer.iter().all(|(request, _)| *request > asked[0].0));
    let latest = newer.last().unwrap().clone();
    assert_eq!(latest.1.as_deref(), Some("\"parcel\"*"));

    // The older answers (an abandoned one, a late one) are not drawn and ask nothing.
    let ignored = loaded(
        &mut state,
        Loaded::SearchAbandoned {
            request: newer[0].0,
        },
    );
    assert!(ignored.is_empty());
    let ignored = loaded(
        &mut state,
        Loaded::SearchHits {
            request: asked[0].0,
            hits: vec![hit("c9", 1)],
        },
    );
    assert!(ignored.is_empty());
    let ignored = loaded(
        &mut state,
        Loaded::SearchFailed {
            request: newer[1].0,
            message: "interrupted".into(),
        },
    );
    assert!(ignored.is_empty());
    let search = state.search.as_ref().unwrap();
    assert!(search.hits.is_empty());
    assert_eq!(search.status, SearchStatus::Searching);

    loaded(
        &mut state,
        Loaded::SearchHits {
            request: latest.0,
            hits: vec![hit("c2", 7)],
        },
    );
    let search = state.search.as_ref().unwrap();
    assert_eq!(search.hits.len(), 1);
    assert_eq!(search.hits[0].chat_id.as_str(), "c2");
    assert_eq!(search.status, SearchStatus::Done);
}

#[test]
fn the_newest_search_failing_says_so() {
    let mut state = state(Access::ReadWrite);
    cmd(&mut state, Command::SearchMessages);
    let asked = searches(&typed(&mut state, "parcel"));
    let newest = asked.last().unwrap().0;
    loaded(
        &mut state,
        Loaded::SearchFailed {
            request: newest,
            message: "disk I/O error".into(),
        },
    );
    let search = state.search.as_ref().unwrap();
    assert_eq!(
        search.status,
        SearchStatus::Problem("could not search: disk I/O error".into())
    );
}

#[test]
fn a_filter_that_does_not_read_says_why_and_asks_nothing() {
    let mut state = state(Access::ReadWrite);
    cmd(&mut state, Command::SearchMessages);
    let fx = update(&mut state, Action::Paste("parcel before:soon".into()));
    assert!(searches(&fx).is_empty());
    match &state.search.as_ref().unwrap().status {
        SearchStatus::Problem(text) => assert!(text.contains("2026-11-30"), "{text}"),
        other => panic!("expected a problem, got {other:?}"),
    }
}

#[test]
fn enter_opens_the_thread_at_the_hit_and_marks_an_unread_chat_read() {
    let mut state = searched(Access::ReadWrite, vec![hit("c2", 40)]);
    let fx = cmd(&mut state, Command::Choose);
    assert!(state.modal.is_none());
    assert_eq!(state.focus, Pane::Thread);
    let request = fx
        .iter()
        .find_map(|e| match e {
            Effect::LoadThreadAt {
                request, message, ..
            } => {
                assert_eq!(message, &MessageId::new("c2-m40"));
                Some(*request)
            }
            _ => None,
        })
        .expect("the thread is read around the hit");
    assert!(fx.contains(&Effect::ChatOpened(ChatId::new("c2"))));

    let fx = loaded(&mut state, thread_at(request, "c2", 40, 3));
    let thread = &state.thread;
    assert_eq!(
        thread.selected_message().map(|m| m.id.as_str()),
        Some("c2-m40")
    );
    assert!(
        thread.newer_in_cache,
        "newer messages are read when scrolled to"
    );
    assert!(
        thread.bottom >= thread.selected.unwrap(),
        "the hit is on screen"
    );
    assert!(fx.iter().any(|e| matches!(e, Effect::MarkRead { .. })));
}

#[test]
fn opening_a_hit_in_read_only_mode_writes_nothing() {
    let mut state = searched(Access::ReadOnly, vec![hit("c2", 40)]);
    let fx = cmd(&mut state, Command::Choose);
    let Some(Effect::LoadThreadAt { request, .. }) =
        fx.iter().find(|e| matches!(e, Effect::LoadThreadAt { .. }))
    else {
        panic!("no thread read");
    };
    let fx = loaded(&mut state, thread_at(*request, "c2", 40, 3));
    assert!(fx.iter().all(|e| !e.is_write()));
}

#[test]
fn n_and_shift_n_step_through_the_hits_of_the_open_chat() {
    let hits = vec![hit("c2", 43), hit("c9", 50), hit("c2", 40), hit("c2", 37)];
    let mut state = searched(Access::ReadOnly, hits);
    let fx = cmd(&mut state, Command::Choose);
    let Some(Effect::LoadThreadAt { request, .. }) =
        fx.iter().find(|e| matches!(e, Effect::LoadThreadAt { .. }))
    else {
        panic!("no thread read");
    };
    loaded(&mut state, thread_at(*request, "c2", 43, 0));
    let selected = |state: &State| state.thread.selected_message().map(|m| m.id.to_string());
    assert_eq!(selected(&state).as_deref(), Some("c2-m43"));

    // Loaded already: selected in place, nothing read.
    let fx = cmd(&mut state, Command::PreviousHit);
    assert!(fx.is_empty());
    assert_eq!(selected(&state).as_deref(), Some("c2-m40"));
    // Not loaded: the thread is read again around it.
    let fx = cmd(&mut state, Command::PreviousHit);
    assert!(fx.iter().any(|e| matches!(
        e,
        Effect::LoadThreadAt { message, .. } if message.as_str() == "c2-m37"
    )));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::ChatOpened(_))),
        "the same chat"
    );
    cmd(&mut state, Command::NextHit);
    assert_eq!(selected(&state).as_deref(), Some("c2-m43"));
    cmd(&mut state, Command::NextHit);
    assert_eq!(selected(&state).as_deref(), Some("c2-m43"), "no newer hit");
    assert!(state.status.flash.is_some());
}

#[test]
fn tab_cycles_where_the_search_looks_and_asks_again() {
    let mut state = state(Access::ReadWrite);
    state.thread.chat = Some(item("c2", 0));
    cmd(&mut state, Command::SearchInChat);
    let fx = update(&mut state, Action::Paste("parcel".into()));
    let (request, _) = searches(&fx)[0];
    let scope = |fx: &Effects| {
        fx.iter().find_map(|e| match e {
            Effect::SearchMessages { scope, .. } => Some(scope.clone()),
            _ => None,
        })
    };
    assert_eq!(scope(&fx).unwrap().chat, Some(ChatId::new("c2")));
    loaded(
        &mut state,
        Loaded::SearchHits {
            request,
            hits: vec![],
        },
    );
    let fx = cmd(&mut state, Command::SwitchScope);
    assert_eq!(scope(&fx).unwrap(), crate::store::SearchScope::default());
}
