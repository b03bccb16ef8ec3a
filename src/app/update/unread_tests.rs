//! `]u` / `[u` through the chat list, and the unread marker of an opened chat.

use chrono::Duration;

use super::tests::{chat, cmd, flash_text, loaded, message, overview, state, thread_read_asked};
use super::*;
use crate::app::action::Loaded;
use crate::app::state::{Access, RequestId};
use crate::domain::{ChatId, Message, MessageId};
use crate::store::{ChatListItem, Direction, UnreadChatAt};

const TOTAL: usize = 1000;
/// Chats with unread messages among the first loaded rows.
const UNREAD_NEAR: [usize; 2] = [3, 7];

fn unread_of(n: usize) -> u32 {
    u32::from(UNREAD_NEAR.contains(&n))
}

/// Answers the newest chat-list request; only `UNREAD_NEAR` are unread.
fn answer_chats(state: &mut State, effects: &Effects) {
    let Some(Effect::LoadChats {
        request,
        offset,
        limit,
        ..
    }) = effects
        .iter()
        .rev()
        .find(|e| matches!(e, Effect::LoadChats { .. }))
        .cloned()
    else {
        panic!("no chat-list request in {effects:?}");
    };
    let rows: Vec<ChatListItem> = (offset..(offset + limit).min(TOTAL))
        .map(|n| chat(n, 1, unread_of(n)))
        .collect();
    loaded(
        state,
        Loaded::Chats {
            request,
            total: TOTAL as u64,
            offset,
            rows,
        },
    );
}

fn with_chats() -> State {
    let mut state = state(Access::ReadWrite);
    let fx = start(&mut state);
    loaded(&mut state, Loaded::Accounts(overview(1)));
    answer_chats(&mut state, &fx);
    state.focus = crate::app::state::Pane::Chats;
    state
}

fn unread_search(effects: &Effects) -> Option<(RequestId, Option<ChatId>, Direction)> {
    effects.iter().find_map(|e| match e {
        Effect::FindUnreadChat {
            request,
            from,
            direction,
            ..
        } => Some((*request, from.clone(), *direction)),
        _ => None,
    })
}

#[test]
fn next_unread_moves_through_the_loaded_rows_without_reading_the_cache() {
    let mut state = with_chats();
    let fx = cmd(&mut state, Command::NextUnread);
    assert_eq!(state.chats.selected, 3);
    assert_eq!(unread_search(&fx), None);
    cmd(&mut state, Command::NextUnread);
    assert_eq!(state.chats.selected, 7);
    let fx = cmd(&mut state, Command::PreviousUnread);
    assert_eq!(state.chats.selected, 3);
    assert_eq!(unread_search(&fx), None);
}

#[test]
fn past_the_loaded_rows_the_cache_finds_the_unread_chat_and_the_list_goes_there() {
    let mut state = with_chats();
    cmd(&mut state, Command::NextUnread);
    cmd(&mut state, Command::NextUnread);
    let fx = cmd(&mut state, Command::NextUnread);
    let (request, from, direction) = unread_search(&fx).expect("the cache is asked");
    assert_eq!(from, Some(ChatId::new("chat7")));
    assert_eq!(direction, Direction::Next);
    assert_eq!(state.chats.selected, 7, "nothing moves before the answer");

    let fx = loaded(
        &mut state,
        Loaded::UnreadChat {
            request,
            found: Some(UnreadChatAt {
                chat: ChatId::new("chat640"),
                index: 640,
            }),
        },
    );
    assert_eq!(state.chats.selected, 640);
    let window = fx.iter().find_map(|e| match e {
        Effect::LoadChats { offset, limit, .. } => Some(*offset..*offset + *limit),
        _ => None,
    });
    assert!(
        window.is_some_and(|rows| rows.contains(&640)),
        "the rows around the unread chat are read: {fx:?}"
    );
}

#[test]
fn previous_unread_from_the_top_asks_the_cache_for_the_last_one() {
    let mut state = with_chats();
    let fx = cmd(&mut state, Command::PreviousUnread);
    let (_, from, direction) = unread_search(&fx).expect("wraps round through the cache");
    assert_eq!(from, Some(ChatId::new("chat0")));
    assert_eq!(direction, Direction::Previous);
}

#[test]
fn no_unread_chat_says_so_and_leaves_the_selection() {
    let mut state = with_chats();
    cmd(&mut state, Command::MoveDown);
    cmd(&mut state, Command::NextUnread);
    cmd(&mut state, Command::NextUnread);
    let fx = cmd(&mut state, Command::NextUnread);
    let (request, ..) = unread_search(&fx).unwrap();
    loaded(
        &mut state,
        Loaded::UnreadChat {
            request,
            found: None,
        },
    );
    assert_eq!(state.chats.selected, 7);
    assert_eq!(flash_text(&state), "No unread chats.");
}

#[test]
fn an_answer_for_a_list_since_refiltered_is_dropped() {
    let mut state = with_chats();
    let fx = cmd(&mut state, Command::PreviousUnread);
    let (request, ..) = unread_search(&fx).unwrap();
    cmd(&mut state, Command::ToggleUnread);
    loaded(
        &mut state,
        Loaded::UnreadChat {
            request,
            found: Some(UnreadChatAt {
                chat: ChatId::new("chat999"),
                index: 999,
            }),
        },
    );
    assert_eq!(state.chats.selected, 0);
}

/// Opens chat 3 (unread) and answers its thread read with `messages`, oldest first.
fn open_unread(state: &mut State, messages: Vec<Message>) {
    cmd(state, Command::NextUnread);
    let fx = cmd(state, Command::Open);
    let (request, chat) = thread_read_asked(&fx);
    let total = messages.len() as u64;
    let mut newest_first = messages;
    newest_first.reverse();
    loaded(
        state,
        Loaded::Thread {
            request,
            item: None,
            chat,
            messages: newest_first,
            total,
            attendees: vec![],
            outbox: vec![],
            draft: None,
            history_complete: false,
            settled: 0,
            last_inbound: None,
        },
    );
}

/// Chat 3's messages, oldest first, ours where `ours[n]`, a minute apart.
fn conversation(ours: &[bool]) -> Vec<Message> {
    let count = ours.len();
    ours.iter()
        .enumerate()
        .map(|(n, &is_ours)| message(n, "chat3", is_ours, Duration::minutes((count - n) as i64)))
        .collect()
}

#[test]
fn opening_an_unread_chat_lands_on_the_first_unread_message_marked() {
    let mut state = with_chats();
    // Chat 3 has 1 unread message: the newest of theirs.
    open_unread(&mut state, conversation(&[false, true, false, true, false]));
    assert_eq!(state.thread.selected, Some(4));
    assert_eq!(state.thread.unread_marker, Some(MessageId::new("chat3-m4")));
}

#[test]
fn the_first_unread_counts_only_their_messages() {
    let mut state = with_chats();
    state.chats.rows.rows[3].chat.unread_count = 2;
    open_unread(&mut state, conversation(&[false, false, true, false, true]));
    // Their two newest: m1 and m3; ours (m2, m4) are never unread.
    assert_eq!(state.thread.selected, Some(3 - 2));
    assert_eq!(state.thread.unread_marker, Some(MessageId::new("chat3-m1")));
}

#[test]
fn the_marker_stays_while_the_chat_is_open_and_goes_when_it_is_left() {
    let mut state = with_chats();
    open_unread(&mut state, conversation(&[true, false, false]));
    let marker = Some(MessageId::new("chat3-m2"));
    assert_eq!(state.thread.unread_marker, marker);
    // The cache changes (the chat is marked read, a message arrives): the thread is read again.
    let mut fx = Effects::new();
    thread::reload(&mut state, &mut fx);
    let Some(Effect::LoadThread { request, chat, .. }) = fx.first().cloned() else {
        panic!("a reload reads the thread: {fx:?}");
    };
    let mut again = conversation(&[true, false, false, false]);
    again.reverse();
    loaded(
        &mut state,
        Loaded::Thread {
            request,
            item: None,
            chat,
            messages: again,
            total: 4,
            attendees: vec![],
            outbox: vec![],
            draft: None,
            history_complete: false,
            settled: 0,
            last_inbound: None,
        },
    );
    assert_eq!(state.thread.unread_marker, marker);

    cmd(&mut state, Command::FocusPrev);
    state.focus = crate::app::state::Pane::Chats;
    cmd(&mut state, Command::MoveUp);
    cmd(&mut state, Command::Open);
    assert_eq!(state.thread.unread_marker, None);
}

#[test]
fn a_read_chat_has_no_marker_and_opens_at_the_newest_message() {
    let mut state = with_chats();
    cmd(&mut state, Command::Open);
    assert_eq!(state.thread.unread_at_open, 0);
    assert_eq!(state.thread.unread_marker, None);
}
