//! Another program wrote into the cache: the reducer reads again what is on screen, from the
//! cache only, and nothing else.

use chrono::Duration;

use super::tests::{loaded, thread_messages, with_chats, with_thread};
use super::*;
use crate::app::action::Loaded;
use crate::app::modal::OutboxScope;
use crate::app::state::{Access, Loadable};

fn chat_windows(fx: &Effects) -> Vec<(usize, usize)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::LoadChats { offset, limit, .. } => Some((*offset, *limit)),
            _ => None,
        })
        .collect()
}

#[test]
fn a_change_from_elsewhere_rereads_the_accounts_and_the_chat_window_on_screen() {
    let mut state = with_chats(Access::ReadOnly, 5000);
    let fx = update(&mut state, Action::CacheChanged);
    assert!(fx.contains(&Effect::LoadAccounts), "{fx:?}");
    let windows = chat_windows(&fx);
    assert_eq!(windows.len(), 1, "one window read: {fx:?}");
    let (offset, limit) = windows[0];
    let page = crate::app::layout::visible_chat_rows(
        crate::app::layout::areas(ratatui::layout::Rect::new(0, 0, 120, 40), state.focus)
            .chats
            .unwrap_or_default(),
    );
    assert!(offset <= state.chats.top, "the window covers the top row");
    assert!(
        offset + limit >= state.chats.top + page,
        "the window covers the rows on screen"
    );
    assert!(limit < 5000, "never the whole list: {limit}");
    // No thread is open, no review either: nothing more is read, nothing asked of the server.
    assert!(
        fx.iter()
            .all(|e| matches!(e, Effect::LoadAccounts | Effect::LoadChats { .. })),
        "{fx:?}"
    );
}

#[test]
fn a_change_from_elsewhere_rereads_the_open_thread() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(30, false, Duration::minutes(5)),
    );
    let open = state.thread.chat_id().cloned();
    let fx = update(&mut state, Action::CacheChanged);
    let threads: Vec<_> = fx
        .iter()
        .filter_map(|e| match e {
            Effect::LoadThread { chat, limit, .. } => Some((chat.clone(), *limit)),
            _ => None,
        })
        .collect();
    assert_eq!(threads.len(), 1, "{fx:?}");
    assert_eq!(Some(&threads[0].0), open.as_ref());
    assert!(threads[0].1 >= 30, "the loaded messages are read again");
    assert!(
        !fx.iter().any(|e| matches!(
            e,
            Effect::RefreshNow | Effect::ChatOpened(_) | Effect::FetchHistory(_)
        ) || e.is_write()),
        "the cache only: {fx:?}"
    );
}

#[test]
fn the_review_of_every_chats_unsent_actions_is_reread_only_while_shown() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let fx = update(&mut state, Action::CacheChanged);
    assert!(!fx.iter().any(|e| matches!(e, Effect::LoadUnsent { .. })));
    state.modal = Some(Modal::Outbox {
        selected: 0,
        scope: OutboxScope::AllChats,
    });
    let fx = update(&mut state, Action::CacheChanged);
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadUnsent { .. })),
        "{fx:?}"
    );
}

#[test]
fn the_reread_replaces_what_was_shown() {
    let mut state = with_chats(Access::ReadOnly, 5);
    let fx = update(&mut state, Action::CacheChanged);
    loaded(&mut state, Loaded::Accounts(super::tests::overview(4)));
    let Loadable::Ready(overview) = &state.accounts.overview else {
        panic!("accounts are loaded");
    };
    assert_eq!(overview.accounts.len(), 4);
    assert!(state.dirty);
    assert!(chat_windows(&fx).len() == 1);
}

fn arrival(chat: &str, text: &str, muted: bool) -> crate::store::Arrival {
    crate::store::Arrival {
        chat: crate::domain::ChatId::new(chat),
        title: format!("Chat {chat}"),
        text: Some(text.into()),
        attachments: 0,
        muted,
    }
}

fn notifications(fx: &Effects) -> Vec<(String, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Notify { title, body } => Some((title.clone(), body.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn an_arrival_notifies_only_when_the_setting_asks() {
    let mut state = with_chats(Access::ReadOnly, 5);
    let fx = update(
        &mut state,
        Action::Arrived(vec![arrival("c1", "hi", false)]),
    );
    assert!(notifications(&fx).is_empty(), "off by default: {fx:?}");
    state.options.notify = crate::text::Notify::Osc9;
    let fx = update(
        &mut state,
        Action::Arrived(vec![arrival("c1", "hi", false)]),
    );
    assert_eq!(notifications(&fx), vec![("Chat c1".into(), "hi".into())]);
}

#[test]
fn a_muted_chat_neither_rings_nor_notifies() {
    let mut state = with_chats(Access::ReadOnly, 5);
    state.options.notify = crate::text::Notify::Osc777;
    state.options.bell_on_inbound = true;
    let fx = update(
        &mut state,
        Action::Arrived(vec![arrival("c1", "shh", true)]),
    );
    assert!(fx.is_empty(), "{fx:?}");
    // Beside a chat that is not muted, only that one is named.
    let fx = update(
        &mut state,
        Action::Arrived(vec![
            arrival("c2", "hello", false),
            arrival("c1", "shh", true),
        ]),
    );
    assert_eq!(notifications(&fx), vec![("Chat c2".into(), "hello".into())]);
    assert_eq!(fx.iter().filter(|e| **e == Effect::Bell).count(), 1);
}

#[test]
fn several_arrivals_make_one_notification_naming_the_newest() {
    let mut state = with_chats(Access::ReadOnly, 5);
    state.options.notify = crate::text::Notify::Osc9;
    let fx = update(
        &mut state,
        Action::Arrived(vec![
            arrival("c1", "first", false),
            arrival("c2", "second", false),
            arrival("c3", "third", false),
        ]),
    );
    assert_eq!(
        notifications(&fx),
        vec![("Chat c3 (+2 more)".into(), "third".into())]
    );
}
