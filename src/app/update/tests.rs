//! The reducer without a terminal: navigation, filters, focus, and the confirmation flow that
//! guards every write.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::app::action::Loaded;
use crate::app::modal::{Button, ComposePurpose, Confirm, PickerKind};
use crate::app::outbound::OutboundKind;
use crate::app::state::{Access, History, Loadable, Pane, RequestId, SyncView, UiOptions};
use crate::domain::rules::ReactionChange;
use crate::domain::{
    Account, AccountId, AccountStatus, Attendee, Channel, Chat, ChatId, ChatKind, Message,
    MessageId, Muted, Reaction,
};
use crate::store::{AccountOverview, AccountSummary, ChatListItem, UnreadTotals};
use crate::sync::{CacheChange, SyncEvent, SyncReport};

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
}

fn account(n: usize) -> Account {
    Account {
        id: AccountId::new(format!("acc{n}")),
        name: format!("Account {n}"),
        phone_number: Some(format!("+3310000000{n}")),
        status: AccountStatus::Ok,
        created_at: None,
        channel: Channel::WhatsApp,
        provider: crate::domain::Provider::Unipile,
    }
}

pub(super) fn chat(n: usize, account: usize, unread: u32) -> ChatListItem {
    ChatListItem {
        chat: Chat {
            id: ChatId::new(format!("chat{n}")),
            account_id: AccountId::new(format!("acc{account}")),
            provider_id: format!("3360000{n:04}@s.whatsapp.net"),
            attendee_provider_id: Some(format!("3360000{n:04}@s.whatsapp.net")),
            name: Some(format!("Person {n}")),
            kind: ChatKind::Single,
            timestamp: Some(now() - Duration::minutes(n as i64)),
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

pub(super) fn message(n: usize, chat: &str, ours: bool, age: Duration) -> Message {
    Message {
        id: MessageId::new(format!("{chat}-m{n}")),
        account_id: AccountId::new("acc1"),
        chat_id: ChatId::new(chat),
        provider_id: format!("p{n}"),
        sender_id: if ours { "me".into() } else { "them".into() },
        sender_attendee_id: None,
        text: Some(format!("message {n}")),
        attachments: vec![],
        timestamp: now() - age,
        is_sender: ours,
        quoted: None,
        reactions: vec![],
        seen: false,
        delivered: true,
        hidden: false,
        deleted: false,
        edited: false,
        is_event: false,
        event_type: None,
    }
}

pub(super) fn state(access: Access) -> State {
    let mut state = State::new(
        now(),
        access,
        UiOptions::default(),
        Vec::new(),
        // The reducer's tests measure with the real views, as the program does.
        &crate::ui::VIEWS,
    );
    state.size = (120, 40);
    state
}

pub(super) fn overview(accounts: usize) -> AccountOverview {
    AccountOverview {
        accounts: (1..=accounts)
            .map(|n| AccountSummary {
                account: account(n),
                unread: UnreadTotals::default(),
                trouble: None,
            })
            .collect(),
        all: UnreadTotals::default(),
        not_messaging: 0,
    }
}

/// A key pressed by a person who has read the screen: what is open was drawn a guard time
/// before the key arrives.
pub(super) fn cmd(state: &mut State, command: Command) -> Effects {
    update(state, Action::Drawn(state.now - Confirm::GUARD));
    update(state, Action::Command(command))
}

/// A key delivered by the terminal at `at`, without a frame drawn first.
pub(super) fn key_at(state: &mut State, command: Command, at: DateTime<Utc>) -> Effects {
    update(state, Action::Pressed { command, at })
}

pub(super) fn typed(state: &mut State, text: &str) -> Effects {
    let mut fx = Effects::new();
    for c in text.chars() {
        fx.extend(update(
            state,
            Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        ));
    }
    fx
}

pub(super) fn loaded(state: &mut State, loaded: Loaded) -> Effects {
    update(state, Action::Loaded(Box::new(loaded)))
}

/// Answers the newest chat-list request with `total` chats, of which those in the window.
fn answer_chats(state: &mut State, effects: &Effects, total: usize, unread: u32) -> Effects {
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
    let rows = (offset..(offset + limit).min(total))
        .map(|n| chat(n, 1, unread))
        .collect();
    loaded(
        state,
        Loaded::Chats {
            request,
            total: total as u64,
            offset,
            rows,
        },
    )
}

/// The request and chat of the thread read that `fx` asks for.
pub(super) fn thread_read_asked(fx: &Effects) -> (RequestId, ChatId) {
    match fx.iter().find(|e| matches!(e, Effect::LoadThread { .. })) {
        Some(Effect::LoadThread { request, chat, .. }) => (*request, chat.clone()),
        _ => panic!("no thread read asked for: {fx:?}"),
    }
}

/// A session showing `total` chats, with accounts loaded.
pub(super) fn with_chats(access: Access, total: usize) -> State {
    let mut state = state(access);
    let fx = start(&mut state);
    loaded(&mut state, Loaded::Accounts(overview(3)));
    answer_chats(&mut state, &fx, total, 2);
    state
}

/// A session with chat 0 open and `messages` loaded, ours when `ours(i)`. Chat 0 is read, so
/// it opens on its newest message (an unread chat opens on its first unread one).
pub(super) fn with_thread(access: Access, messages: Vec<Message>) -> State {
    let mut state = with_chats(access, 5);
    state.chats.rows.rows[0].chat.unread_count = 0;
    let fx = cmd(&mut state, Command::Open);
    let (request, chat) = thread_read_asked(&fx);
    let total = messages.len() as u64;
    let mut newest_first = messages;
    newest_first.reverse();
    let item = Some(chat_item_of(&state, &chat));
    // As the cache answers it: the newest message that is not ours.
    let last_inbound = newest_first
        .iter()
        .find(|m| !m.is_sender && !m.is_event)
        .map(|m| m.timestamp);
    loaded(
        &mut state,
        Loaded::Thread {
            request,
            item,
            chat,
            messages: newest_first,
            total,
            attendees: vec![],
            outbox: vec![],
            draft: None,
            history_complete: false,
            last_inbound,
            settled: 0,
        },
    );
    state
}

fn chat_item_of(state: &State, chat: &ChatId) -> ChatListItem {
    state
        .thread
        .chat
        .clone()
        .filter(|item| &item.chat.id == chat)
        .unwrap()
}

pub(super) fn thread_messages(count: usize, ours: bool, age: Duration) -> Vec<Message> {
    (0..count)
        .map(|n| {
            message(
                n,
                "chat0",
                ours,
                age + Duration::minutes((count - n) as i64),
            )
        })
        .collect()
}

pub(super) fn submits(effects: &Effects) -> Vec<&crate::app::outbound::Outbound> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Submit(outbound) => Some(outbound.as_ref()),
            _ => None,
        })
        .collect()
}

pub(super) fn flash_text(state: &State) -> String {
    state
        .status
        .flash
        .as_ref()
        .map(|f| f.text.clone())
        .unwrap_or_default()
}

#[test]
fn start_reads_the_cache_first() {
    let mut state = state(Access::ReadWrite);
    let fx = start(&mut state);
    assert_eq!(fx[0], Effect::LoadAccounts);
    let Effect::LoadChats { offset, limit, .. } = &fx[1] else {
        panic!("{fx:?}");
    };
    assert_eq!(*offset, 0);
    assert!(
        *limit >= super::lists::chat_page(&state),
        "at least a screen"
    );
    assert!(!fx.iter().any(Effect::is_write));
}

#[test]
fn moving_through_a_long_list_loads_only_windows() {
    let mut state = with_chats(Access::ReadWrite, 100_000);
    assert_eq!(state.chats.total, Some(100_000));
    let held = state.chats.rows.rows.len();
    assert!(held < 200, "only a few screens are held, not {held}");

    // Moving inside the loaded window asks for nothing.
    assert!(cmd(&mut state, Command::MoveDown).is_empty());
    assert_eq!(state.chats.selected, 1);

    // The last chat is far outside: one request for the rows around it.
    let fx = cmd(&mut state, Command::Last);
    assert_eq!(state.chats.selected, 99_999);
    let Some(Effect::LoadChats { offset, limit, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(*offset <= 99_999 && offset + limit >= 100_000);
    // Holding the key while the rows are on their way does not pile up requests.
    assert!(cmd(&mut state, Command::MoveUp).is_empty());
    answer_chats(&mut state, &fx, 100_000, 0);
    assert_eq!(
        state.chats.selected_item().map(|i| i.chat.id.clone()),
        Some(ChatId::new("chat99998"))
    );
    let page = super::lists::chat_page(&state);
    assert!(state.chats.top <= 99_998 && 99_998 < state.chats.top + page);
}

/// Scrolling far asks for one window at a time: while a read is on its way, moves ask for
/// nothing; its answer asks for the rows where the selection is by then.
#[test]
fn scrolling_far_reads_one_chat_window_at_a_time() {
    let mut state = with_chats(Access::ReadWrite, 100_000);
    let mut first = Vec::new();
    for _ in 0..4 {
        first.extend(cmd(&mut state, Command::PageDown));
    }
    let asked: Vec<_> = first
        .iter()
        .filter(|e| matches!(e, Effect::LoadChats { .. }))
        .collect();
    assert_eq!(asked.len(), 1, "{first:?}");
    let fx = cmd(&mut state, Command::Last);
    assert!(fx.is_empty(), "a window is still on its way: {fx:?}");

    let next = answer_chats(&mut state, &first, 100_000, 0);
    let Some(Effect::LoadChats { offset, limit, .. }) = next.first() else {
        panic!("the answer asks for the rows of the selection: {next:?}");
    };
    assert!(*offset <= 99_999 && offset + limit >= 100_000);

    // A failed read leaves nothing on its way: the next move asks again.
    loaded(
        &mut state,
        Loaded::Failed {
            what: "chats",
            message: "disk I/O error".into(),
        },
    );
    let again = cmd(&mut state, Command::First);
    assert!(
        again.iter().any(|e| matches!(e, Effect::LoadChats { .. })),
        "{again:?}"
    );
}

#[test]
fn stale_chat_windows_are_dropped() {
    let mut state = with_chats(Access::ReadWrite, 1000);
    let stale = RequestId(999_999);
    loaded(
        &mut state,
        Loaded::Chats {
            request: stale,
            total: 1,
            offset: 0,
            rows: vec![chat(42, 1, 0)],
        },
    );
    assert_eq!(
        state.chats.total,
        Some(1000),
        "an answer to an old question changes nothing"
    );
}

/// Sync brings news to chat `n` of a 10-chat list: the list is read again, and `n` comes first.
fn news_moves_to_the_top(state: &mut State, n: usize) {
    let fx = update(
        state,
        Action::Sync(SyncEvent::Changed(CacheChange {
            accounts: false,
            chats: vec![ChatId::new(format!("chat{n}"))],
            inbound: 1,
        })),
    );
    let mut rows: Vec<ChatListItem> = (0..10).map(|i| chat(i, 1, 0)).collect();
    let moved = rows.remove(n);
    rows.insert(0, moved);
    let Some(Effect::LoadChats { request, .. }) = fx
        .iter()
        .find(|e| matches!(e, Effect::LoadChats { .. }))
        .cloned()
    else {
        panic!("news reloads the chat list: {fx:?}");
    };
    loaded(
        state,
        Loaded::Chats {
            request,
            total: 10,
            offset: 0,
            rows,
        },
    );
}

#[test]
fn the_selection_stays_on_its_chat_when_activity_reorders_the_list() {
    let mut state = with_chats(Access::ReadWrite, 10);
    cmd(&mut state, Command::MoveDown);
    cmd(&mut state, Command::MoveDown);
    assert_eq!(state.chats.selected, 2);
    // chat2 got a message and moved to the top.
    news_moves_to_the_top(&mut state, 2);
    assert_eq!(state.chats.selected, 0);
    assert_eq!(
        state.chats.selected_item().unwrap().chat.id,
        ChatId::new("chat2")
    );
}

#[test]
fn untouched_the_selection_stays_on_the_newest_chat() {
    let mut state = with_chats(Access::ReadWrite, 10);
    assert_eq!((state.chats.selected, state.chats.moved), (0, false));
    news_moves_to_the_top(&mut state, 5);
    assert_eq!(state.chats.selected, 0);
    assert_eq!(
        state.chats.selected_item().unwrap().chat.id,
        ChatId::new("chat5")
    );
}

#[test]
fn choosing_an_account_filters_the_chat_list() {
    let mut state = with_chats(Access::ReadWrite, 10);
    state.focus = Pane::Accounts;
    cmd(&mut state, Command::MoveDown);
    let fx = cmd(&mut state, Command::MoveDown);
    let Some(Effect::LoadChats { filter, offset, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(filter.account, Some(AccountId::new("acc2")));
    assert_eq!(*offset, 0);
    assert_eq!(state.chats.selected, 0);
    assert_eq!(
        state.chats.total, None,
        "the list shows loading until the answer"
    );
    // Back to "All accounts".
    let fx = cmd(&mut state, Command::First);
    let Some(Effect::LoadChats { filter, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert_eq!(filter.account, None);
    // Enter moves on to the chats.
    cmd(&mut state, Command::Open);
    assert_eq!(state.focus, Pane::Chats);
}

#[test]
fn enter_while_the_list_is_read_again_opens_the_chat_once_it_is_here() {
    let mut state = with_chats(Access::ReadWrite, 10);
    let fx = cmd(&mut state, Command::ToggleUnread);
    assert!(
        state.chats.selected_item().is_none(),
        "the list is being read"
    );
    assert!(
        cmd(&mut state, Command::Open).is_empty(),
        "nothing to open yet, nothing asked"
    );
    assert_eq!(state.focus, Pane::Chats);
    answer_chats(&mut state, &fx, 4, 1);
    assert_eq!(
        state.focus,
        Pane::Thread,
        "the chat opened when its row came"
    );
    assert_eq!(
        state.thread.chat_id(),
        state.chats.selected_item().map(|item| &item.chat.id)
    );

    // A key pressed meanwhile cancels it: the user moved on.
    let mut state = with_chats(Access::ReadWrite, 10);
    let fx = cmd(&mut state, Command::ToggleUnread);
    cmd(&mut state, Command::Open);
    cmd(&mut state, Command::MoveDown);
    answer_chats(&mut state, &fx, 4, 1);
    assert_eq!(state.focus, Pane::Chats);
}

#[test]
fn the_unread_filter_toggles_and_starts_over() {
    let mut state = with_chats(Access::ReadWrite, 10);
    cmd(&mut state, Command::Last);
    let fx = cmd(&mut state, Command::ToggleUnread);
    let Some(Effect::LoadChats { filter, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(filter.unread_only);
    assert_eq!(state.chats.selected, 0);
    let fx = cmd(&mut state, Command::ToggleUnread);
    let Some(Effect::LoadChats { filter, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(!filter.unread_only);
}

#[test]
fn the_waiting_filter_toggles_keeps_the_account_and_starts_over() {
    let mut state = with_chats(Access::ReadWrite, 10);
    cmd(&mut state, Command::FocusPrev);
    cmd(&mut state, Command::MoveDown);
    let account = state.chats.filter.account.clone();
    assert!(account.is_some());
    cmd(&mut state, Command::FocusNext);
    cmd(&mut state, Command::Last);
    let fx = cmd(&mut state, Command::ToggleWaiting);
    let Some(Effect::LoadChats { filter, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(filter.waiting_only);
    assert_eq!(filter.account, account, "the account selection stays");
    assert_eq!(state.chats.selected, 0);
    let fx = cmd(&mut state, Command::ToggleWaiting);
    let Some(Effect::LoadChats { filter, .. }) = fx.first() else {
        panic!("{fx:?}");
    };
    assert!(!filter.waiting_only);
}

#[test]
fn focus_cycles_through_the_panes_both_ways() {
    let mut state = with_chats(Access::ReadWrite, 3);
    assert_eq!(state.focus, Pane::Chats);
    cmd(&mut state, Command::FocusNext);
    assert_eq!(state.focus, Pane::Thread);
    cmd(&mut state, Command::FocusNext);
    assert_eq!(state.focus, Pane::Accounts);
    cmd(&mut state, Command::FocusPrev);
    assert_eq!(state.focus, Pane::Thread);
}

#[test]
fn searching_filters_as_you_type_and_escape_clears() {
    let mut state = with_chats(Access::ReadWrite, 10);
    cmd(&mut state, Command::Search);
    let fx = typed(&mut state, "ana");
    assert_eq!(state.chats.filter.search, "ana");
    let Some(Effect::LoadChats { filter, .. }) = fx.last() else {
        panic!("{fx:?}");
    };
    assert_eq!(filter.search, "ana");
    // While the prompt is open, letters are text, not commands.
    assert!(state.modal.is_some());
    let fx = cmd(&mut state, Command::Close);
    assert!(state.modal.is_none());
    assert_eq!(state.chats.filter.search, "");
    assert!(matches!(fx.first(), Some(Effect::LoadChats { .. })));
}

#[test]
fn escape_in_the_chat_list_clears_the_search_and_slash_starts_afresh() {
    let mut state = with_chats(Access::ReadWrite, 10);
    cmd(&mut state, Command::Search);
    typed(&mut state, "ana");
    cmd(&mut state, Command::Submit);
    assert!(state.modal.is_none());
    assert_eq!(state.chats.filter.search, "ana");
    // `/` again: an empty prompt, and the old query no longer filters.
    let fx = cmd(&mut state, Command::Search);
    let Some(Modal::Prompt(prompt)) = &state.modal else {
        panic!("no prompt");
    };
    assert_eq!(prompt.text(), "");
    assert_eq!(state.chats.filter.search, "");
    assert!(
        matches!(fx.last(), Some(Effect::LoadChats { filter, .. }) if filter.search.is_empty())
    );
    typed(&mut state, "bo");
    cmd(&mut state, Command::Submit);
    assert_eq!(state.chats.filter.search, "bo");
    assert_eq!(state.focus, Pane::Chats);
    let fx = cmd(&mut state, Command::ClearSearch);
    assert_eq!(state.chats.filter.search, "");
    assert!(
        matches!(fx.last(), Some(Effect::LoadChats { filter, .. }) if filter.search.is_empty())
    );
    // Nothing to clear: nothing is read again.
    assert!(cmd(&mut state, Command::ClearSearch).is_empty());
}

#[test]
fn opening_a_chat_loads_it_and_marks_it_read_only_when_allowed() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let fx = cmd(&mut state, Command::Open);
    assert_eq!(state.focus, Pane::Thread);
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadThread { .. })));
    assert!(fx.contains(&Effect::ChatOpened(ChatId::new("chat0"))));
    assert!(fx.contains(&Effect::MarkRead {
        account: AccountId::new("acc1"),
        chat: ChatId::new("chat0")
    }));

    let mut read_only = with_chats(Access::ReadOnly, 5);
    let fx = cmd(&mut read_only, Command::Open);
    assert!(
        !fx.iter().any(Effect::is_write),
        "read-only never marks read: {fx:?}"
    );

    let mut opted_out = with_chats(Access::ReadWrite, 5);
    opted_out.options.mark_read_on_open = false;
    let fx = cmd(&mut opted_out, Command::Open);
    assert!(!fx.iter().any(Effect::is_write));
}

#[test]
fn the_thread_opens_on_the_newest_message_and_scrolls_into_history() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(30, false, Duration::hours(1)),
    );
    assert_eq!(state.thread.selected, Some(29));
    assert_eq!(state.thread.bottom, 29);
    for _ in 0..29 {
        cmd(&mut state, Command::MoveUp);
    }
    assert_eq!(state.thread.selected, Some(0));
    assert!(
        state.thread.bottom < 29,
        "the view followed the selection up"
    );
    // Past the oldest loaded message: older messages are read from the cache.
    let fx = cmd(&mut state, Command::MoveUp);
    let Some(Effect::LoadOlder {
        request, before, ..
    }) = fx.first().cloned()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(before.id, MessageId::new("chat0-m0"));
    assert_eq!(state.thread.history, History::LoadingCache);
    // Pressing again while loading asks for nothing more.
    assert!(cmd(&mut state, Command::MoveUp).is_empty());
    // The cache has nothing older: the server is asked.
    let fx = loaded(
        &mut state,
        Loaded::Older {
            request,
            chat: ChatId::new("chat0"),
            messages: vec![],
        },
    );
    assert_eq!(fx, vec![Effect::FetchHistory(ChatId::new("chat0"))]);
    assert_eq!(state.thread.history, History::Fetching);
    // The server has nothing either: the beginning of the conversation.
    update(
        &mut state,
        Action::Sync(SyncEvent::History {
            chat: ChatId::new("chat0"),
            fetched: 0,
            complete: true,
        }),
    );
    assert_eq!(state.thread.history, History::Complete);
    assert!(cmd(&mut state, Command::MoveUp).is_empty());
}

#[test]
fn older_messages_keep_the_selection_on_screen() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(10, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::First);
    let fx = cmd(&mut state, Command::MoveUp);
    let Some(Effect::LoadOlder { request, .. }) = fx.first().cloned() else {
        panic!("{fx:?}");
    };
    let older: Vec<Message> = (100..105)
        .rev()
        .map(|n| message(n, "chat0", false, Duration::days(2)))
        .collect();
    loaded(
        &mut state,
        Loaded::Older {
            request,
            chat: ChatId::new("chat0"),
            messages: older,
        },
    );
    assert_eq!(state.thread.messages.len(), 15);
    // The selection moved onto the newest of the older messages.
    assert_eq!(
        state.thread.selected_message().unwrap().id,
        MessageId::new("chat0-m104")
    );
}

#[test]
fn new_messages_follow_the_bottom_only_when_the_user_is_there() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(5, false, Duration::hours(1)),
    );
    let reload = |state: &mut State, count: usize| {
        let fx = update(
            state,
            Action::Sync(SyncEvent::Changed(CacheChange {
                accounts: false,
                chats: vec![ChatId::new("chat0")],
                inbound: 1,
            })),
        );
        let (request, chat) = thread_read_asked(&fx);
        let mut messages = thread_messages(count, false, Duration::minutes(1));
        messages.reverse();
        loaded(
            state,
            Loaded::Thread {
                request,
                item: None,
                chat,
                messages,
                total: count as u64,
                attendees: vec![],
                outbox: vec![],
                draft: None,
                history_complete: false,
                last_inbound: None,
                settled: 0,
            },
        );
    };
    reload(&mut state, 6);
    assert_eq!(
        state.thread.selected,
        Some(5),
        "at the bottom: follow the new message"
    );
    cmd(&mut state, Command::First);
    reload(&mut state, 7);
    assert_eq!(
        state.thread.selected_message().unwrap().id,
        MessageId::new("chat0-m0"),
        "reading history: stay put"
    );
}

#[test]
fn read_only_answers_every_action_key_in_words_and_does_nothing() {
    let mut state = with_thread(
        Access::ReadOnly,
        thread_messages(5, true, Duration::minutes(1)),
    );
    for command in [
        Command::Reply,
        Command::ReplyQuote,
        Command::Edit,
        Command::Delete,
        Command::React,
        Command::NewChat,
    ] {
        let fx = cmd(&mut state, command);
        assert!(fx.is_empty(), "{command:?} produced {fx:?}");
        assert!(state.modal.is_none(), "{command:?} opened a modal");
        assert!(
            flash_text(&state).starts_with("read-only mode"),
            "{}",
            flash_text(&state)
        );
    }
}

#[test]
fn a_reply_is_sent_only_after_an_explicit_yes() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(5, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
    // In the composer, q and y are letters.
    assert!(typed(&mut state, "yes q").is_empty());
    assert!(submits(&cmd(&mut state, Command::Send)).is_empty());
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("Enter opens the confirmation");
    };
    assert_eq!(confirm.focus, Button::Cancel, "Cancel has the focus");
    let OutboundKind::Send { text, .. } = &confirm.action.kind else {
        panic!("{:?}", confirm.action);
    };
    assert_eq!(text, "yes q");
    // Enter on the default button cancels and gives the text back.
    assert!(submits(&cmd(&mut state, Command::Activate)).is_empty());
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!("cancel returns to the composer");
    };
    assert_eq!(composer.text(), "yes q");
    assert!(flash_text(&state).contains("nothing was sent"));
    // Moving to Confirm and pressing Enter sends, once.
    cmd(&mut state, Command::Send);
    cmd(&mut state, Command::SwitchButton);
    let fx = cmd(&mut state, Command::Activate);
    assert_eq!(submits(&fx).len(), 1);
    assert!(state.modal.is_none());
    // Pressing y again afterwards does nothing: the modal is gone.
    assert!(submits(&cmd(&mut state, Command::Confirm)).is_empty());
}

/// The open chat's account (acc1) now has `status`.
fn set_account_status(state: &mut State, status: AccountStatus) {
    let mut overview = overview(5);
    overview.accounts[0].account.status = status;
    loaded(state, Loaded::Accounts(overview));
}

#[test]
fn an_account_that_must_sign_in_again_says_so_and_sends_nothing() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(5, false, Duration::hours(1)),
    );
    set_account_status(&mut state, AccountStatus::Credentials);
    cmd(&mut state, Command::Reply);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
    assert_eq!(
        flash_text(&state),
        "this account cannot send: sign in again"
    );
    typed(&mut state, "hello");
    assert!(submits(&cmd(&mut state, Command::Send)).is_empty());
    assert!(matches!(state.modal, Some(Modal::Confirm(_))));
    let fx = cmd(&mut state, Command::Confirm);
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(
        flash_text(&state),
        "not sent: this account cannot send: sign in again"
    );
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!("the text goes back to the composer");
    };
    assert_eq!(composer.text(), "hello");

    // Still connecting: the same refusal, in its own words; back to OK, it sends.
    set_account_status(&mut state, AccountStatus::Connecting);
    cmd(&mut state, Command::Send);
    assert!(cmd(&mut state, Command::Confirm).is_empty());
    assert_eq!(
        flash_text(&state),
        "not sent: this account cannot send: it is still connecting"
    );
    set_account_status(&mut state, AccountStatus::Ok);
    cmd(&mut state, Command::Send);
    assert_eq!(submits(&cmd(&mut state, Command::Confirm)).len(), 1);
}

#[test]
fn an_action_key_in_a_pane_that_cannot_take_it_says_why() {
    let mut state = with_chats(Access::ReadWrite, 3);
    update(&mut state, Action::Elsewhere(Command::Reply));
    assert_eq!(flash_text(&state), "open a chat to reply");
    assert!(state.modal.is_none());
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    state.focus = Pane::Accounts;
    update(&mut state, Action::Elsewhere(Command::React));
    assert_eq!(
        flash_text(&state),
        "go to the thread (tab) to react to a message"
    );
    update(&mut state, Action::Elsewhere(Command::ToggleUnread));
    assert_eq!(
        flash_text(&state),
        "go to the chat list (tab) to show only unread chats"
    );
    update(&mut state, Action::Elsewhere(Command::ReviewOutbox));
    assert_eq!(
        flash_text(&state),
        "go to the chat list (tab) to review the unsent actions"
    );
    assert!(state.modal.is_none());
}

#[test]
fn an_empty_message_is_not_offered_for_confirmation() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    typed(&mut state, "   ");
    cmd(&mut state, Command::Send);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
    assert!(flash_text(&state).contains("nothing to send"));
}

#[test]
fn reply_quoting_carries_the_selected_message() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(3, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::MoveUp);
    cmd(&mut state, Command::ReplyQuote);
    typed(&mut state, "ok");
    cmd(&mut state, Command::Send);
    let fx = cmd(&mut state, Command::Confirm);
    let [outbound] = submits(&fx)[..] else {
        panic!("{fx:?}");
    };
    let OutboundKind::Send {
        quote: Some(quote), ..
    } = &outbound.kind
    else {
        panic!("{outbound:?}");
    };
    assert_eq!(quote.message_id, MessageId::new("chat0-m1"));
    assert_eq!(outbound.chat.as_ref().unwrap().recipient, "+33600000000");
}

/// The quote of a message from the other person of a one-to-one chat, as the composer
/// shows it, with the chat named `name`.
fn quoted_sender(name: Option<&str>) -> String {
    let mut messages = thread_messages(3, false, Duration::hours(1));
    for message in &mut messages {
        message.sender_id = "33600000000@s.whatsapp.net".into();
    }
    let mut state = with_thread(Access::ReadWrite, messages);
    if let Some(item) = &mut state.thread.chat {
        item.chat.name = name.map(str::to_owned);
    }
    cmd(&mut state, Command::ReplyQuote);
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!("R opens the composer");
    };
    composer.quote.as_ref().expect("a quote").sender.clone()
}

#[test]
fn a_quote_names_the_person_not_their_whatsapp_id() {
    assert_eq!(quoted_sender(Some("Person 0")), "Person 0");
    assert_eq!(quoted_sender(None), "+33600000000");
}

#[test]
fn leaving_the_composer_keeps_the_draft() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    typed(&mut state, "half a thought");
    // The clock ticks: the draft is saved even before leaving.
    let fx = update(&mut state, Action::Tick(now() + Duration::seconds(1)));
    assert!(matches!(&fx[..], [Effect::SaveDraft(d)] if d.text == "half a thought"));
    assert!(update(&mut state, Action::Tick(now() + Duration::seconds(2))).is_empty());
    let fx = cmd(&mut state, Command::LeaveComposer);
    assert!(matches!(&fx[..], [Effect::SaveDraft(d)] if d.text == "half a thought"));
    // Reopening brings it back.
    cmd(&mut state, Command::Reply);
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!();
    };
    assert_eq!(composer.text(), "half a thought");
}

#[test]
fn terminating_saves_what_is_being_typed() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    typed(&mut state, "unfinished");
    let fx = update(&mut state, Action::Terminate);
    assert!(matches!(&fx[..], [Effect::SaveDraft(d), Effect::Quit] if d.text == "unfinished"));
    assert!(state.quitting);
}

#[test]
fn edits_respect_ownership_and_the_fifteen_minute_window() {
    // Ours, 5 minutes old: editable.
    let mut messages = thread_messages(3, false, Duration::hours(1));
    messages.push(message(3, "chat0", true, Duration::minutes(5)));
    let mut state = with_thread(Access::ReadWrite, messages);
    cmd(&mut state, Command::Edit);
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!("{}", flash_text(&state));
    };
    assert!(matches!(composer.purpose, ComposePurpose::Edit { .. }));
    assert_eq!(composer.text(), "message 3");
    typed(&mut state, " (corrected)");
    cmd(&mut state, Command::Send);
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("{}", flash_text(&state));
    };
    assert!(
        matches!(&confirm.action.kind, OutboundKind::Edit { new_text, .. } if new_text == "message 3 (corrected)")
    );
    // Ten minutes pass with the confirmation open: the window closed, nothing is sent.
    update(&mut state, Action::Tick(now() + Duration::minutes(11)));
    let fx = cmd(&mut state, Command::Confirm);
    assert!(submits(&fx).is_empty());
    assert!(
        flash_text(&state).contains("edit window closed"),
        "{}",
        flash_text(&state)
    );

    // Theirs: never editable.
    cmd(&mut state, Command::MoveUp);
    assert!(cmd(&mut state, Command::Edit).is_empty());
    assert!(state.modal.is_none());
    assert_eq!(flash_text(&state), "only your own messages can be edited");
}

/// Puts the open chat's account on `channel`.
fn open_chat_on(state: &mut State, channel: Channel) {
    let account = state
        .thread
        .chat
        .as_ref()
        .expect("a chat is open")
        .chat
        .account_id
        .clone();
    let Loadable::Ready(overview) = &mut state.accounts.overview else {
        panic!("the accounts are loaded");
    };
    let summary = overview
        .accounts
        .iter_mut()
        .find(|s| s.account.id == account)
        .expect("the open chat's account");
    summary.account.channel = channel;
}

#[test]
fn edit_and_delete_on_a_linkedin_chat_say_why_and_send_nothing() {
    // Ours, 5 minutes old: WhatsApp would allow both.
    let mut state = with_thread(
        Access::ReadWrite,
        vec![message(0, "chat0", true, Duration::minutes(5))],
    );
    open_chat_on(&mut state, Channel::LinkedIn);

    assert!(cmd(&mut state, Command::Edit).is_empty());
    assert!(state.modal.is_none());
    assert_eq!(
        flash_text(&state),
        "this LinkedIn account cannot edit messages"
    );

    assert!(cmd(&mut state, Command::Delete).is_empty());
    assert!(state.modal.is_none());
    assert_eq!(
        flash_text(&state),
        "this LinkedIn account cannot delete messages"
    );

    // Replying stays possible.
    cmd(&mut state, Command::Reply);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
}

#[test]
fn an_edit_begun_before_the_channel_was_known_is_refused_at_send() {
    let mut state = with_thread(
        Access::ReadWrite,
        vec![message(0, "chat0", true, Duration::minutes(5))],
    );
    cmd(&mut state, Command::Edit);
    assert!(matches!(state.modal, Some(Modal::Composer(_))));
    typed(&mut state, " (corrected)");
    open_chat_on(&mut state, Channel::Telegram);
    let fx = cmd(&mut state, Command::Send);
    assert!(submits(&fx).is_empty());
    assert!(!matches!(state.modal, Some(Modal::Confirm(_))));
    assert!(
        flash_text(&state).starts_with("this Telegram account cannot edit messages"),
        "{}",
        flash_text(&state)
    );
}

#[test]
fn an_old_message_cannot_be_edited_and_says_why() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(1, true, Duration::minutes(30)),
    );
    assert!(cmd(&mut state, Command::Edit).is_empty());
    assert!(state.modal.is_none());
    assert!(flash_text(&state).starts_with("the 15-minute edit window closed"));
}

#[test]
fn delete_goes_straight_to_a_confirmation_for_our_messages_only() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(1, true, Duration::hours(2)),
    );
    cmd(&mut state, Command::Delete);
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!("{}", flash_text(&state));
    };
    assert!(matches!(confirm.action.kind, OutboundKind::Delete { .. }));
    assert!(submits(&cmd(&mut state, Command::Cancel)).is_empty());
    assert!(state.modal.is_none());

    let mut theirs = with_thread(
        Access::ReadWrite,
        thread_messages(1, false, Duration::hours(2)),
    );
    cmd(&mut theirs, Command::Delete);
    assert!(theirs.modal.is_none());
    assert_eq!(flash_text(&theirs), "only your own messages can be deleted");
}

#[test]
fn reacting_again_with_our_reaction_removes_it() {
    let mut messages = thread_messages(1, false, Duration::hours(1));
    messages[0].reactions.push(Reaction {
        value: "👍".into(),
        sender_id: "me".into(),
        is_sender: true,
    });
    let mut state = with_thread(Access::ReadWrite, messages);
    cmd(&mut state, Command::React);
    assert!(matches!(state.modal, Some(Modal::Picker(_))));
    // The quick row starts with 👍: choosing it removes ours.
    cmd(&mut state, Command::Choose);
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!();
    };
    assert!(matches!(
        &confirm.action.kind,
        OutboundKind::React { change: ReactionChange::Remove(v), .. } if v == "👍"
    ));
    cmd(&mut state, Command::Cancel);
    // Searching by name finds another one, which replaces ours.
    cmd(&mut state, Command::React);
    typed(&mut state, "joy");
    cmd(&mut state, Command::Choose);
    let Some(Modal::Confirm(confirm)) = &state.modal else {
        panic!();
    };
    assert!(matches!(
        &confirm.action.kind,
        OutboundKind::React { change: ReactionChange::Replace { old, new }, .. } if old == "👍" && new == "😂"
    ));
}

#[test]
fn reactions_are_refused_where_the_chat_disables_them() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(1, false, Duration::hours(1)),
    );
    if let Some(item) = &mut state.thread.chat {
        item.chat.reactions_disabled = true;
    }
    cmd(&mut state, Command::React);
    assert!(state.modal.is_none());
    assert_eq!(flash_text(&state), "reactions are disabled in this chat");
}

#[test]
fn a_new_chat_can_only_reach_a_known_attendee() {
    let mut state = with_chats(Access::ReadWrite, 5);
    state.focus = Pane::Accounts;
    cmd(&mut state, Command::MoveDown);
    state.focus = Pane::Chats;
    let fx = cmd(&mut state, Command::NewChat);
    assert!(fx.contains(&Effect::LoadKnownAttendees {
        account: AccountId::new("acc1")
    }));
    let attendee = |n: u8, name: &str| Attendee {
        id: format!("att{n}").as_str().into(),
        account_id: AccountId::new("acc1"),
        provider_id: format!("3361111111{n}@s.whatsapp.net"),
        name: Some(name.into()),
        is_self: false,
        picture_url: None,
    };
    loaded(
        &mut state,
        Loaded::KnownAttendees {
            account: AccountId::new("acc1"),
            attendees: vec![
                (attendee(1, "Ana Lopez"), None),
                (attendee(2, "Bruno"), Some(ChatId::new("chat7"))),
            ],
        },
    );
    // A typed number that is nobody's matches nothing, so nothing can be chosen.
    typed(&mut state, "+33 6 99 99");
    cmd(&mut state, Command::Choose);
    assert!(
        matches!(state.modal, Some(Modal::Picker(_))),
        "no candidate, nothing chosen"
    );
    let Some(Modal::Picker(picker)) = &mut state.modal else {
        panic!();
    };
    picker.filter = tui_textarea::TextArea::default();
    typed(&mut state, "bru");
    cmd(&mut state, Command::Choose);
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!();
    };
    let ComposePurpose::NewChat { existing_chat, .. } = &composer.purpose else {
        panic!();
    };
    assert_eq!(existing_chat, &Some(ChatId::new("chat7")));
    typed(&mut state, "hello again");
    cmd(&mut state, Command::Send);
    let fx = cmd(&mut state, Command::Confirm);
    let [outbound] = submits(&fx)[..] else {
        panic!("{fx:?}");
    };
    assert!(
        matches!(&outbound.kind, OutboundKind::StartChat { attendee, .. } if attendee.name.as_deref() == Some("Bruno"))
    );
}

#[test]
fn the_attendee_picker_is_waiting_until_attendees_arrive() {
    let mut state = with_chats(Access::ReadWrite, 5);
    cmd(&mut state, Command::NewChat);
    let Some(Modal::Picker(picker)) = &state.modal else {
        panic!();
    };
    assert!(matches!(
        picker.kind,
        PickerKind::Attendee {
            candidates: None,
            ..
        }
    ));
    cmd(&mut state, Command::Choose);
    assert!(matches!(state.modal, Some(Modal::Picker(_))));
}

#[test]
fn an_idle_clock_does_not_redraw() {
    let mut state = with_chats(Access::ReadWrite, 5);
    state.dirty = false;
    for s in 1..=59 {
        assert!(update(&mut state, Action::Tick(now() + Duration::seconds(s))).is_empty());
    }
    assert!(!state.dirty, "nothing visible depends on the seconds");
    // A status message expires: that is a change.
    flash(&mut state, Level::Info, "hello");
    state.dirty = false;
    update(&mut state, Action::Tick(now() + Duration::minutes(5)));
    assert!(state.dirty);
    assert!(state.status.flash.is_none());
}

#[test]
fn background_polls_redraw_only_when_the_minute_shown_changes() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let finished = |at| {
        Action::Sync(SyncEvent::Finished {
            at,
            report: SyncReport::default(),
        })
    };
    update(&mut state, finished(now()));
    state.dirty = false;
    update(
        &mut state,
        Action::Sync(SyncEvent::Started { first: false }),
    );
    let fx = update(&mut state, finished(now() + Duration::seconds(30)));
    assert!(!state.dirty, "same minute, same screen");
    assert_eq!(fx, vec![Effect::Reconcile]);
    update(&mut state, finished(now() + Duration::seconds(61)));
    assert!(state.dirty);
}

#[test]
fn the_sessions_first_sync_shows_even_over_a_filled_cache() {
    let mut state = with_chats(Access::ReadWrite, 5);
    update(
        &mut state,
        Action::Sync(SyncEvent::Started { first: false }),
    );
    assert_eq!(state.status.sync, SyncView::Running("syncing…".into()));
}

#[test]
fn a_sync_that_skipped_something_says_so() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let finished = |skipped, chats_failed| {
        Action::Sync(SyncEvent::Finished {
            at: now(),
            report: SyncReport {
                skipped,
                chats_failed,
                accounts_skipped: 2,
                ..SyncReport::default()
            },
        })
    };
    update(&mut state, finished(0, 0));
    assert_eq!(
        state.status.flash, None,
        "skipped accounts show in their pane"
    );
    update(&mut state, finished(1, 3));
    let flash = state
        .status
        .flash
        .as_ref()
        .map(|f| (f.level, f.text.as_str()));
    assert_eq!(
        flash,
        Some((
            Level::Warning,
            "synced, but 1 item from the server could not be read; \
             3 chats could not be fetched (the next sync tries again)"
        ))
    );
    // A later run that did everything takes the warning back; another message stays.
    update(&mut state, finished(0, 0));
    assert_eq!(state.status.flash, None);
    update(&mut state, finished(1, 0));
    super::flash(&mut state, Level::Info, "copied");
    update(&mut state, finished(0, 0));
    assert_eq!(flash_text(&state), "copied");
}

#[test]
fn offline_and_back() {
    let mut state = with_chats(Access::ReadWrite, 5);
    update(
        &mut state,
        Action::Sync(SyncEvent::Failed {
            message: "cannot reach the server".into(),
            offline: true,
        }),
    );
    assert!(state.status.offline);
    update(
        &mut state,
        Action::Sync(SyncEvent::Finished {
            at: now(),
            report: SyncReport::default(),
        }),
    );
    assert!(!state.status.offline);
    assert_eq!(state.status.last_sync, Some(now()));
}

#[test]
fn the_bell_rings_for_inbound_messages_only_when_asked() {
    let mut state = with_chats(Access::ReadOnly, 5);
    let arrived = || {
        Action::Arrived(vec![crate::store::Arrival {
            chat: ChatId::new("chat1"),
            title: "Person 1".into(),
            text: Some("hello".into()),
            attachments: 0,
            muted: false,
        }])
    };
    assert!(!update(&mut state, arrived()).contains(&Effect::Bell));
    state.options.bell_on_inbound = true;
    assert!(update(&mut state, arrived()).contains(&Effect::Bell));
    // A sync's report of what it wrote does not ring on its own: the arrivals do, once.
    let inbound = Action::Sync(SyncEvent::Changed(CacheChange {
        accounts: true,
        chats: vec![ChatId::new("chat1")],
        inbound: 2,
    }));
    assert!(!update(&mut state, inbound).contains(&Effect::Bell));
}

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn any_command() -> impl Strategy<Value = Command> {
        proptest::sample::select(crate::input::Command::ALL.to_vec())
    }

    fn any_action() -> impl Strategy<Value = Action> {
        prop_oneof![
            6 => any_command().prop_map(Action::Command),
            2 => proptest::char::range('a', 'z').prop_map(|c| Action::Text(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))),
            1 => (1u16..300, 1u16..100).prop_map(|(width, height)| Action::Resize { width, height }),
            1 => (0i64..3600).prop_map(|s| Action::Tick(now() + Duration::seconds(s))),
            2 => (-1000i64..1000).prop_map(|ms| Action::Drawn(now() + Duration::milliseconds(ms))),
        ]
    }

    /// Keys as a person might type or paste them in one go, each with its arrival offset.
    fn typed_ahead_keys() -> impl Strategy<Value = Vec<(Command, i64)>> {
        let key = prop_oneof![
            3 => Just(Command::Confirm),
            2 => Just(Command::Activate),
            2 => Just(Command::SwitchButton),
            1 => any_command(),
        ];
        proptest::collection::vec((key, 0i64..300), 1..40)
    }

    /// A session with a confirmation about to open: the composer holds a reply, the thread
    /// has one of our messages selected (delete) and an emoji picker is one key away.
    fn opener() -> impl Strategy<Value = (Vec<Command>, Command)> {
        prop_oneof![
            Just((vec![Command::Reply], Command::Send)),
            Just((vec![], Command::Delete)),
            Just((vec![Command::React], Command::Choose)),
        ]
    }

    fn session(access: Access) -> State {
        let mut messages = thread_messages(8, false, Duration::hours(1));
        messages.push(message(8, "chat0", true, Duration::minutes(3)));
        with_thread(access, messages)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Any key sequence: no panic, and every write is the answer to that action's own
        /// confirmation (or, for mark-read, to opening an unread chat in read-write mode).
        #[test]
        fn writes_only_follow_their_confirmation(actions in proptest::collection::vec(any_action(), 1..60)) {
            let mut state = session(Access::ReadWrite);
            for action in actions {
                let confirming = match (&state.modal, &action) {
                    (Some(Modal::Confirm(_)), Action::Command(Command::Confirm)) => true,
                    (Some(Modal::Confirm(c)), Action::Command(Command::Activate)) => c.focus == Button::Confirm,
                    _ => false,
                };
                let pending = match &state.modal {
                    Some(Modal::Confirm(c)) => Some(c.action.clone()),
                    _ => None,
                };
                let opening = matches!(action, Action::Command(Command::Open | Command::Attendees)) && state.focus == Pane::Chats;
                let fx = update(&mut state, action);
                for effect in fx.iter().filter(|e| e.is_write()) {
                    match effect {
                        Effect::Submit(outbound) => {
                            prop_assert!(confirming, "a submit without its confirmation");
                            prop_assert_eq!(Some(outbound.as_ref()), pending.as_ref());
                        }
                        Effect::MarkRead { .. } => prop_assert!(opening),
                        _ => unreachable!(),
                    }
                }
            }
        }

        /// The key that opens a confirmation and keys queued behind it (the same read: no
        /// frame drawn between them), or arriving within the guard time of the frame that
        /// shows it, never answer it. A key pressed after that answers it, once.
        #[test]
        fn typed_ahead_keys_never_confirm(
            (setup, open) in opener(),
            queued in typed_ahead_keys(),
            after_draw in typed_ahead_keys(),
        ) {
            let mut state = session(Access::ReadWrite);
            // Our own message, three minutes old, is the newest and selected.
            for command in setup {
                cmd(&mut state, command);
            }
            if matches!(state.modal, Some(Modal::Composer(_))) {
                typed(&mut state, "typed ahead one");
            }
            let opened_at = state.now;
            let mut fx = key_at(&mut state, open, opened_at);
            prop_assert!(matches!(state.modal, Some(Modal::Confirm(_))), "{open:?} opened no confirmation");
            for (command, ms) in queued {
                fx.extend(key_at(&mut state, command, opened_at + Duration::milliseconds(ms)));
            }
            let drawn_at = opened_at + Duration::milliseconds(300);
            update(&mut state, Action::Drawn(drawn_at));
            for (command, ms) in after_draw {
                fx.extend(key_at(&mut state, command, drawn_at + Duration::milliseconds(ms - 1)));
            }
            prop_assert!(submits(&fx).is_empty(), "{fx:?}");
            let Some(Modal::Confirm(confirm)) = &state.modal else {
                panic!("the confirmation closed on a typed-ahead key");
            };
            prop_assert!(confirm.typed_ahead, "the window does not say keys were ignored");
            let fx = key_at(&mut state, Command::Confirm, drawn_at + Confirm::GUARD);
            prop_assert_eq!(submits(&fx).len(), 1);
            prop_assert!(state.modal.is_none());
        }

        #[test]
        fn read_only_never_writes(actions in proptest::collection::vec(any_action(), 1..60)) {
            let mut state = session(Access::ReadOnly);
            for action in actions {
                let fx = update(&mut state, action);
                prop_assert!(!fx.iter().any(Effect::is_write), "{:?}", fx);
                prop_assert!(!matches!(state.modal, Some(Modal::Composer(_) | Modal::Confirm(_))));
            }
        }
    }
}

mod outbox_review {
    use super::*;
    use crate::app::modal::OutboxScope;
    use crate::app::outbound::Retry;
    use crate::provider::ProviderError;
    use crate::store::{OutboxAction, OutboxEntry, OutboxId, OutboxState, UnsentAction};

    fn entry(id: i64, state: OutboxState, text: &str) -> OutboxEntry {
        OutboxEntry {
            id: OutboxId(id),
            created_at: now(),
            account_id: AccountId::new("acc1"),
            chat_id: Some(ChatId::new("chat0")),
            target_message_id: None,
            action: OutboxAction::Send {
                text: text.into(),
                quote_id: None,
                attachments: vec![],
                template: None,
            },
            state,
            error: Some("rate limited, try later".into()),
            server_message_id: None,
            server_chat_id: None,
            attempts: 1,
            updated_at: now(),
            idempotency_key: None,
        }
    }

    fn with_outbox(access: Access, entries: Vec<OutboxEntry>) -> State {
        let mut state = with_thread(access, thread_messages(2, false, Duration::hours(1)));
        update(
            &mut state,
            Action::Outbox {
                chat: Some(ChatId::new("chat0")),
                entries,
                notice: None,
            },
        );
        state
    }

    #[test]
    fn a_send_that_never_reached_the_server_is_not_said_to_be_refused() {
        let mut unreachable = entry(1, OutboxState::Failed, "hello");
        let reason = ProviderError::Unreachable("Connection refused".into()).to_string();
        unreachable.error = Some(reason);
        let mut state = with_outbox(Access::ReadWrite, vec![unreachable]);
        cmd(&mut state, Command::ReviewOutbox);
        let fx = cmd(&mut state, Command::MarkSent);
        assert!(fx.is_empty(), "{fx:?}");
        let said = flash_text(&state);
        assert!(said.contains("the server could not be reached"), "{said}");
        assert!(!said.contains("refused it"), "{said}");
    }

    #[test]
    fn a_failed_message_is_sent_again_only_through_a_new_confirmation() {
        let mut state = with_outbox(
            Access::ReadWrite,
            vec![
                entry(1, OutboxState::Pending, "in flight"),
                entry(2, OutboxState::Failed, "try me again"),
            ],
        );
        cmd(&mut state, Command::ReviewOutbox);
        assert!(matches!(state.modal, Some(Modal::Outbox { .. })));
        // Only the failed one is listed; Enter asks for confirmation, it does not send.
        let fx = cmd(&mut state, Command::Retry);
        assert!(submits(&fx).is_empty());
        let Some(Modal::Confirm(confirm)) = &state.modal else {
            panic!("{}", flash_text(&state));
        };
        assert_eq!(confirm.focus, Button::Cancel);
        assert_eq!(
            confirm.action.retry,
            Some(Retry {
                id: OutboxId(2),
                outcome_unknown: false
            })
        );
        assert!(
            matches!(&confirm.action.kind, OutboundKind::Send { text, .. } if text == "try me again")
        );
        let fx = cmd(&mut state, Command::Confirm);
        assert_eq!(submits(&fx).len(), 1);
    }

    #[test]
    fn an_unknown_outcome_is_never_resent_without_the_user() {
        let mut state = with_outbox(
            Access::ReadWrite,
            vec![entry(7, OutboxState::Unknown, "did it arrive?")],
        );
        cmd(&mut state, Command::ReviewOutbox);
        assert_eq!(
            cmd(&mut state, Command::MarkSent),
            vec![Effect::MarkOutboxSent(OutboxId(7))]
        );
        assert_eq!(
            cmd(&mut state, Command::Dismiss),
            vec![Effect::DismissOutbox(OutboxId(7))]
        );
        cmd(&mut state, Command::Retry);
        let Some(Modal::Confirm(confirm)) = &state.modal else {
            panic!();
        };
        assert!(confirm.action.retry.is_some_and(|r| r.outcome_unknown));
        // Once nothing is left to act on, the review closes by itself.
        cmd(&mut state, Command::Cancel);
        cmd(&mut state, Command::ReviewOutbox);
        update(
            &mut state,
            Action::Outbox {
                chat: Some(ChatId::new("chat0")),
                entries: vec![],
                notice: None,
            },
        );
        assert!(state.modal.is_none());
    }

    #[test]
    fn read_only_cannot_touch_the_outbox() {
        let mut state = with_outbox(Access::ReadOnly, vec![entry(3, OutboxState::Failed, "x")]);
        cmd(&mut state, Command::ReviewOutbox);
        for command in [Command::Retry, Command::Dismiss, Command::MarkSent] {
            assert!(cmd(&mut state, command).is_empty());
            assert!(matches!(state.modal, Some(Modal::Outbox { .. })));
        }
        assert!(flash_text(&state).starts_with("read-only mode"));
    }

    /// The answer to the newest read of every chat's unsent actions.
    fn answer_unsent(state: &mut State, fx: &Effects, entries: Vec<UnsentAction>) -> Effects {
        let Some(Effect::LoadUnsent { request }) = fx
            .iter()
            .rev()
            .find(|e| matches!(e, Effect::LoadUnsent { .. }))
            .cloned()
        else {
            panic!("no read of the unsent actions in {fx:?}");
        };
        loaded(state, Loaded::Unsent { request, entries })
    }

    fn unsent_in(state: &State, chat: usize, entry: OutboxEntry) -> UnsentAction {
        let item = state
            .chats
            .rows
            .get(chat)
            .cloned()
            .expect("the chat is loaded");
        UnsentAction {
            entry: OutboxEntry {
                chat_id: Some(item.chat.id.clone()),
                account_id: item.chat.account_id.clone(),
                ..entry
            },
            chat: Some(item),
        }
    }

    fn all_chats_review(state: &State) -> Option<usize> {
        match state.modal {
            Some(Modal::Outbox {
                selected,
                scope: OutboxScope::AllChats,
            }) => Some(selected),
            _ => None,
        }
    }

    #[test]
    fn o_in_the_chat_list_reviews_every_chats_unsent_actions() {
        let mut state = with_chats(Access::ReadWrite, 5);
        assert_eq!(state.focus, Pane::Chats);
        let fx = cmd(&mut state, Command::ReviewOutbox);
        assert!(state.modal.is_none(), "opens once read");
        let entries = vec![
            unsent_in(&state, 3, entry(4, OutboxState::Failed, "one")),
            unsent_in(&state, 1, entry(9, OutboxState::Unknown, "two")),
        ];
        answer_unsent(&mut state, &fx, entries);
        assert_eq!(all_chats_review(&state), Some(0));
        cmd(&mut state, Command::MoveDown);
        assert_eq!(all_chats_review(&state), Some(1));
        assert_eq!(
            cmd(&mut state, Command::MarkSent),
            vec![Effect::MarkOutboxSent(OutboxId(9))]
        );
        assert_eq!(
            cmd(&mut state, Command::Dismiss),
            vec![Effect::DismissOutbox(OutboxId(9))]
        );
        // The outbox changed: the chat list's marks and the review are read again.
        let fx = update(
            &mut state,
            Action::Outbox {
                chat: Some(ChatId::new("chat1")),
                entries: vec![],
                notice: None,
            },
        );
        assert!(
            fx.iter().any(|e| matches!(e, Effect::LoadChats { .. })),
            "{fx:?}"
        );
        let left = vec![unsent_in(&state, 3, entry(4, OutboxState::Failed, "one"))];
        answer_unsent(&mut state, &fx, left);
        assert_eq!(all_chats_review(&state), Some(0));
        assert_eq!(
            cmd(&mut state, Command::Dismiss),
            vec![Effect::DismissOutbox(OutboxId(4))]
        );
        let fx = update(
            &mut state,
            Action::Outbox {
                chat: Some(ChatId::new("chat3")),
                entries: vec![],
                notice: None,
            },
        );
        answer_unsent(&mut state, &fx, vec![]);
        assert!(state.modal.is_none(), "nothing left: the review closes");
    }

    #[test]
    fn o_in_the_chat_list_with_nothing_unsent_says_so() {
        let mut state = with_chats(Access::ReadWrite, 5);
        let fx = cmd(&mut state, Command::ReviewOutbox);
        answer_unsent(&mut state, &fx, vec![]);
        assert!(state.modal.is_none());
        assert_eq!(flash_text(&state), "nothing is waiting in the outbox");
    }

    #[test]
    fn an_older_read_of_the_unsent_actions_is_dropped() {
        let mut state = with_chats(Access::ReadWrite, 5);
        let first = cmd(&mut state, Command::ReviewOutbox);
        let second = cmd(&mut state, Command::ReviewOutbox);
        let stale = vec![unsent_in(&state, 0, entry(1, OutboxState::Failed, "old"))];
        answer_unsent(&mut state, &first, stale);
        assert!(state.modal.is_none());
        let fresh = vec![unsent_in(&state, 2, entry(2, OutboxState::Failed, "new"))];
        answer_unsent(&mut state, &second, fresh);
        assert_eq!(all_chats_review(&state), Some(0));
        assert_eq!(state.unsent.entries[0].entry.id, OutboxId(2));
    }

    #[test]
    fn a_message_of_another_chat_is_sent_again_only_through_a_new_confirmation() {
        let mut state = with_chats(Access::ReadWrite, 5);
        let fx = cmd(&mut state, Command::ReviewOutbox);
        let entries = vec![unsent_in(&state, 3, entry(4, OutboxState::Failed, "again"))];
        answer_unsent(&mut state, &fx, entries);
        let fx = cmd(&mut state, Command::Retry);
        assert!(submits(&fx).is_empty());
        let Some(Modal::Confirm(confirm)) = &state.modal else {
            panic!("{}", flash_text(&state));
        };
        assert_eq!(confirm.focus, Button::Cancel);
        assert_eq!(
            confirm.action.chat.as_ref().map(|c| c.id.clone()),
            Some(ChatId::new("chat3"))
        );
        assert_eq!(confirm.action.retry.map(|r| r.id), Some(OutboxId(4)));
        let fx = cmd(&mut state, Command::Confirm);
        let sent = submits(&fx);
        assert_eq!(sent.len(), 1);
        assert!(matches!(&sent[0].kind, OutboundKind::Send { text, .. } if text == "again"));
    }

    #[test]
    fn a_change_to_a_message_of_a_chat_not_open_asks_to_open_it() {
        let mut state = with_chats(Access::ReadWrite, 5);
        let fx = cmd(&mut state, Command::ReviewOutbox);
        let edit = OutboxEntry {
            action: OutboxAction::Edit {
                text: "fixed".into(),
            },
            target_message_id: Some(MessageId::new("chat3-m1")),
            ..entry(5, OutboxState::Failed, "")
        };
        let entries = vec![unsent_in(&state, 3, edit)];
        answer_unsent(&mut state, &fx, entries);
        let fx = cmd(&mut state, Command::Retry);
        assert!(fx.is_empty(), "{fx:?}");
        assert_eq!(all_chats_review(&state), Some(0));
        assert_eq!(
            flash_text(&state),
            "open the chat of this action first: its message is not loaded"
        );
    }

    #[test]
    fn read_only_cannot_touch_the_review_of_every_chat() {
        let mut state = with_chats(Access::ReadOnly, 5);
        let fx = cmd(&mut state, Command::ReviewOutbox);
        let entries = vec![unsent_in(&state, 3, entry(4, OutboxState::Failed, "x"))];
        answer_unsent(&mut state, &fx, entries);
        for command in [Command::Retry, Command::Dismiss, Command::MarkSent] {
            assert!(cmd(&mut state, command).is_empty());
            assert_eq!(all_chats_review(&state), Some(0));
        }
    }

    #[test]
    fn an_empty_outbox_says_so() {
        let mut state = with_outbox(Access::ReadWrite, vec![]);
        cmd(&mut state, Command::ReviewOutbox);
        assert!(state.modal.is_none());
        assert_eq!(
            flash_text(&state),
            "nothing is waiting in this chat's outbox"
        );
    }
}

/// A thread read that settled an action of unknown outcome says so, even when a newer read
/// made its rows stale.
#[test]
fn a_thread_read_that_settled_an_action_says_so() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(3, true, Duration::minutes(1)),
    );
    let shown: Vec<MessageId> = state.thread.messages.iter().map(|m| m.id.clone()).collect();
    loaded(
        &mut state,
        Loaded::Thread {
            request: RequestId(u64::MAX),
            item: None,
            chat: ChatId::new("chat0"),
            messages: vec![],
            total: 0,
            attendees: vec![],
            outbox: vec![],
            draft: None,
            history_complete: false,
            last_inbound: None,
            settled: 1,
        },
    );
    assert_eq!(
        flash_text(&state),
        "an action whose outcome was unknown was found on the server: it was sent once"
    );
    let still: Vec<MessageId> = state.thread.messages.iter().map(|m| m.id.clone()).collect();
    assert_eq!(still, shown, "a stale read does not replace the thread");
}

/// Sync waits for the first frame's reads, answered or failed, so it does not compete with them.
#[test]
fn the_cache_is_shown_once_accounts_and_chats_are_answered() {
    let mut state = state(Access::ReadWrite);
    let fx = start(&mut state);
    assert!(!state.cache_shown());
    loaded(&mut state, Loaded::Accounts(overview(3)));
    assert!(!state.cache_shown(), "the chat list is still loading");
    answer_chats(&mut state, &fx, 5, 2);
    assert!(state.cache_shown());

    let mut failing = self::state(Access::ReadWrite);
    start(&mut failing);
    loaded(
        &mut failing,
        Loaded::Failed {
            what: "chats",
            message: "disk I/O error".into(),
        },
    );
    assert!(!failing.cache_shown(), "the accounts are still loading");
    loaded(
        &mut failing,
        Loaded::Failed {
            what: "accounts",
            message: "disk I/O error".into(),
        },
    );
    assert!(
        failing.cache_shown(),
        "a failed read does not hold sync back"
    );
}

#[test]
fn a_sync_stopped_at_a_ceiling_says_so() {
    let mut state = with_chats(Access::ReadWrite, 5);
    update(
        &mut state,
        Action::Sync(SyncEvent::Finished {
            at: now(),
            report: SyncReport {
                lists_cut: 1,
                ..SyncReport::default()
            },
        }),
    );
    let flash = state.status.flash.as_ref().map(|f| f.text.as_str());
    assert_eq!(
        flash,
        Some("synced, but 1 list stopped at the sync's ceiling")
    );
}

fn with_a_file(name: &str) -> State {
    let mut file = message(1, "c0", false, Duration::minutes(5));
    file.attachments.push(crate::domain::Attachment {
        id: crate::domain::AttachmentId::from("att1"),
        kind: crate::domain::AttachmentKind::File,
        mimetype: Some("application/pdf".into()),
        file_size: Some(2048),
        file_name: Some(name.into()),
        unavailable: false,
    });
    let mut state = with_thread(Access::ReadWrite, vec![file]);
    state.focus = Pane::Thread;
    state
}

/// 1 300 characters of words: far taller than the thread pane at 80×24.
fn long_text() -> String {
    (1..=200)
        .map(|n| format!("word{n}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Three messages, the middle one long; the newest selected, the thread focused at 80×24.
fn with_a_long_message(text: &str) -> State {
    let mut messages = thread_messages(3, false, Duration::hours(1));
    messages[1].text = Some(text.to_owned());
    let mut state = with_thread(Access::ReadWrite, messages);
    update(
        &mut state,
        Action::Resize {
            width: 80,
            height: 24,
        },
    );
    assert_eq!(state.thread.selected, Some(2));
    state
}

#[test]
fn an_attachment_downloads_once_at_a_time() {
    let mut state = with_a_file("devis.pdf");
    let fx = cmd(&mut state, Command::OpenAttachment);
    assert!(
        matches!(&fx[..], [Effect::SaveAttachment { file_name, .. }] if file_name == "devis.pdf"),
        "{fx:?}"
    );
    assert_eq!(flash_text(&state), "downloading devis.pdf…");

    let again = cmd(&mut state, Command::OpenAttachment);
    assert!(again.is_empty(), "{again:?}");
    assert_eq!(flash_text(&state), "already downloading devis.pdf…");

    update(
        &mut state,
        Action::Downloaded {
            attachment: crate::domain::AttachmentId::from("att1"),
            notice: Notice::error("the attachment could not be saved: boom"),
        },
    );
    assert_eq!(
        flash_text(&state),
        "the attachment could not be saved: boom"
    );
    let retry = cmd(&mut state, Command::OpenAttachment);
    assert_eq!(
        retry.len(),
        1,
        "once ended, the download can be asked for again"
    );
}

#[test]
fn a_copy_is_claimed_only_where_a_local_tool_can_confirm_it() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(3, false, Duration::minutes(5)),
    );
    state.focus = Pane::Thread;
    let fx = cmd(&mut state, Command::CopyText);
    assert!(
        matches!(&fx[..], [Effect::Copy(text)] if text == "message 2"),
        "{fx:?}"
    );
    assert_eq!(
        flash_text(&state),
        "sent to the terminal's clipboard (OSC 52)"
    );

    state.options.clipboard_tool = true;
    cmd(&mut state, Command::CopyText);
    assert_eq!(flash_text(&state), "copying to the clipboard…");
}

#[test]
fn a_message_taller_than_the_pane_is_read_line_by_line_before_leaving_it() {
    let mut state = with_a_long_message(&long_text());
    // Upwards into it: its end first, then a line at a time, then a page at a time.
    cmd(&mut state, Command::MoveUp);
    assert_eq!(state.thread.selected, Some(1));
    let end = state.thread.scrolled_lines();
    assert!(
        end > 0,
        "the long message opens at its end when read upwards"
    );
    cmd(&mut state, Command::MoveUp);
    assert_eq!(
        (state.thread.selected, state.thread.scrolled_lines()),
        (Some(1), end - 1)
    );
    cmd(&mut state, Command::PageUp);
    assert_eq!(state.thread.selected, Some(1), "page up stays inside");
    assert!(state.thread.scrolled_lines() < end - 1);
    for _ in 0..end {
        cmd(&mut state, Command::PageUp);
        if state.thread.selected != Some(1) {
            break;
        }
    }
    assert_eq!(state.thread.selected, Some(0), "leaves it once at its top");
    // Downwards into it: from its first line.
    cmd(&mut state, Command::MoveDown);
    assert_eq!(
        (state.thread.selected, state.thread.scrolled_lines()),
        (Some(1), 0)
    );
    cmd(&mut state, Command::MoveDown);
    assert_eq!(state.thread.scrolled_lines(), 1);
    cmd(&mut state, Command::PageDown);
    assert_eq!(state.thread.selected, Some(1), "page down stays inside");
    let mut presses = 0;
    while state.thread.selected == Some(1) {
        cmd(&mut state, Command::PageDown);
        presses += 1;
        assert!(
            presses <= usize::from(end),
            "page down never left the message"
        );
    }
    assert_eq!(state.thread.selected, Some(2));
}

#[test]
fn the_readers_links_are_opened_only_when_asked_and_only_http() {
    let text = "Order: https://shop.example/o/4471 or www.shop.example/help \
                not file:///etc/passwd";
    let mut state = with_a_long_message(text);
    cmd(&mut state, Command::MoveUp);
    let fx = cmd(&mut state, Command::Read);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::OpenUrl(_))),
        "opening the reader opens no link: {fx:?}"
    );
    let fx = cmd(&mut state, Command::OpenLink);
    assert_eq!(fx, [Effect::OpenUrl("https://shop.example/o/4471".into())]);
    cmd(&mut state, Command::NextLink);
    let fx = cmd(&mut state, Command::OpenLink);
    assert_eq!(
        fx,
        [Effect::OpenUrl("https://www.shop.example/help".into())]
    );
    // Two links: the selection wraps round.
    cmd(&mut state, Command::NextLink);
    let fx = cmd(&mut state, Command::OpenLink);
    assert_eq!(fx, [Effect::OpenUrl("https://shop.example/o/4471".into())]);
    assert!(matches!(state.modal, Some(Modal::Reader { .. })));
}

#[test]
fn a_message_without_links_opens_nothing_and_says_so() {
    let mut state = with_a_long_message("no address here");
    cmd(&mut state, Command::MoveUp);
    cmd(&mut state, Command::Read);
    assert!(cmd(&mut state, Command::NextLink).is_empty());
    assert!(cmd(&mut state, Command::OpenLink).is_empty());
    assert_eq!(flash_text(&state), "this message has no link");
}

#[test]
fn the_reader_scrolls_within_its_text_copies_it_whole_and_closes() {
    let text = [long_text(), long_text(), long_text()].join("\n\n");
    let mut state = with_a_long_message(&text);
    cmd(&mut state, Command::MoveUp);
    cmd(&mut state, Command::Read);
    let reader_scroll = |state: &State| match &state.modal {
        Some(Modal::Reader {
            message, scroll, ..
        }) => {
            assert_eq!(message, &MessageId::new("chat0-m1"));
            *scroll
        }
        _ => panic!("the reader is not open"),
    };
    assert_eq!(reader_scroll(&state), 0);
    cmd(&mut state, Command::ScrollUp);
    assert_eq!(reader_scroll(&state), 0);
    cmd(&mut state, Command::ScrollDown);
    assert_eq!(reader_scroll(&state), 1);
    cmd(&mut state, Command::Last);
    let limit = reader_scroll(&state);
    assert!(
        limit > 1,
        "4 000 characters fill more than a screen at 80×24"
    );
    cmd(&mut state, Command::PageDown);
    assert_eq!(reader_scroll(&state), limit, "never past the last page");
    let fx = cmd(&mut state, Command::CopyText);
    assert!(fx.contains(&Effect::Copy(text.clone())), "{fx:?}");
    cmd(&mut state, Command::First);
    assert_eq!(reader_scroll(&state), 0);
    cmd(&mut state, Command::Close);
    assert!(state.modal.is_none());
    assert_eq!(state.thread.selected, Some(1));
}

pub(super) fn composer_text(state: &State) -> String {
    match &state.modal {
        Some(Modal::Composer(composer)) => composer.text(),
        _ => panic!("the composer is not open"),
    }
}

#[test]
fn the_composers_editing_keys_are_commands() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    typed(&mut state, "hello big world");
    cmd(&mut state, Command::DeleteToLineStart);
    assert_eq!(composer_text(&state), "");
    typed(&mut state, "one two");
    cmd(&mut state, Command::DeleteWordBack);
    assert_eq!(composer_text(&state), "one ");
    cmd(&mut state, Command::Undo);
    assert_eq!(composer_text(&state), "one two");
    cmd(&mut state, Command::Redo);
    assert_eq!(composer_text(&state), "one ");
    cmd(&mut state, Command::LineStart);
    typed(&mut state, ">");
    cmd(&mut state, Command::LineEnd);
    typed(&mut state, "three");
    assert_eq!(composer_text(&state), ">one three");
    cmd(&mut state, Command::WordBack);
    typed(&mut state, "+");
    cmd(&mut state, Command::WordForward);
    typed(&mut state, "!");
    assert_eq!(composer_text(&state), ">one +three!");
    // A chord bound to nothing in [composer] is not handed to the text field.
    let ctrl_k = KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL);
    update(&mut state, Action::Text(ctrl_k));
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    update(&mut state, Action::Text(ctrl_u));
    assert_eq!(composer_text(&state), ">one +three!");
}

#[test]
fn pasted_and_edited_line_breaks_stay_line_breaks() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, true, Duration::minutes(1)),
    );
    cmd(&mut state, Command::Reply);
    update(&mut state, Action::Paste("one\rtwo\r\nthree".into()));
    let Some(Modal::Composer(composer)) = &state.modal else {
        panic!("no composer");
    };
    assert_eq!(composer.editor.lines(), ["one", "two", "three"]);
    let composer = crate::app::modal::Composer::new(
        ComposePurpose::Reply {
            chat: ChatId::new("chat0"),
        },
        "first\r\nsecond",
    );
    assert_eq!(composer.editor.lines(), ["first", "second"]);
}

#[test]
fn the_editors_final_newline_is_dropped_once() {
    let mut state = with_thread(
        Access::ReadWrite,
        thread_messages(2, false, Duration::hours(1)),
    );
    cmd(&mut state, Command::Reply);
    update(
        &mut state,
        Action::EditorDone(Ok("first\nappended\n\n".into())),
    );
    assert_eq!(composer_text(&state), "first\nappended\n");
}

/// Opens chat 0 (read, so it lands on its newest message) with the thread pane focused, and
/// returns how to answer its first read with `count` messages of theirs.
fn open_before_its_read(state: &mut State) -> impl FnOnce(&mut State, usize) -> Effects + use<> {
    state.chats.rows.rows[0].chat.unread_count = 0;
    let fx = cmd(state, Command::Open);
    let (request, chat) = thread_read_asked(&fx);
    state.focus = Pane::Thread;
    let item = Some(chat_item_of(state, &chat));
    move |state: &mut State, count: usize| {
        let mut newest_first = thread_messages(count, false, Duration::minutes(5));
        newest_first.reverse();
        loaded(
            state,
            Loaded::Thread {
                request,
                item,
                chat,
                messages: newest_first,
                total: count as u64,
                attendees: vec![],
                outbox: vec![],
                draft: None,
                history_complete: true,
                last_inbound: Some(now()),
                settled: 0,
            },
        )
    }
}

#[test]
fn moves_typed_before_the_thread_is_read_select_what_they_would_have() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let answer = open_before_its_read(&mut state);
    for command in [
        Command::MoveUp,
        Command::MoveUp,
        Command::MoveUp,
        Command::MoveDown,
    ] {
        assert!(cmd(&mut state, command).is_empty());
    }
    assert_eq!(state.thread.selected, None, "nothing to select yet");
    answer(&mut state, 6);
    let selected = state.thread.selected_message().map(|m| m.id.to_string());
    assert_eq!(
        selected.as_deref(),
        Some("chat0-m3"),
        "two above the newest"
    );
    assert!(state.thread.moves_when_read.is_empty(), "done once");
}

#[test]
fn an_action_typed_after_moves_before_the_read_acts_on_the_message_they_select() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let answer = open_before_its_read(&mut state);
    cmd(&mut state, Command::MoveUp);
    cmd(&mut state, Command::React);
    // Moves after the action key would be the picker's in a thread already read: not held.
    cmd(&mut state, Command::MoveUp);
    answer(&mut state, 4);
    let Some(Modal::Picker(picker)) = &state.modal else {
        panic!("the emoji picker opens once the thread is read");
    };
    let PickerKind::Emoji { message, .. } = &picker.kind else {
        panic!("not the emoji picker");
    };
    assert_eq!(message.as_str(), "chat0-m2", "the message above the newest");
}

#[test]
fn moves_typed_ahead_are_held_up_to_a_bound() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let answer = open_before_its_read(&mut state);
    for _ in 0..1000 {
        cmd(&mut state, Command::MoveUp);
    }
    assert_eq!(
        state.thread.moves_when_read.len(),
        super::thread::MOVES_HELD_WHILE_READING
    );
    answer(&mut state, 200);
    assert_eq!(
        state.thread.selected,
        Some(199 - super::thread::MOVES_HELD_WHILE_READING)
    );
}

#[test]
fn a_reply_asked_for_before_the_thread_is_read_opens_with_the_saved_draft() {
    let mut state = with_chats(Access::ReadWrite, 5);
    let fx = cmd(&mut state, Command::Open);
    let (request, chat) = thread_read_asked(&fx);
    state.focus = Pane::Thread;
    // r before the thread (and with it the saved draft) is read: an empty composer would
    // save over the draft, so the reply waits.
    let early = cmd(&mut state, Command::Reply);
    assert!(
        state.modal.is_none(),
        "no composer before the draft is read"
    );
    assert!(early.is_empty(), "{early:?}");
    assert_eq!(flash_text(&state), "reading the chat…");

    let item = Some(chat_item_of(&state, &chat));
    loaded(
        &mut state,
        Loaded::Thread {
            request,
            item,
            chat: chat.clone(),
            messages: thread_messages(2, false, Duration::minutes(5)),
            total: 2,
            attendees: vec![],
            outbox: vec![],
            draft: Some(crate::store::SavedDraft {
                draft: crate::store::Draft {
                    chat_id: chat,
                    text: "half a sentence".into(),
                    quote_id: None,
                    attachments: vec![],
                },
                updated_at: now(),
            }),
            history_complete: false,
            last_inbound: None,
            settled: 0,
        },
    );
    assert_eq!(composer_text(&state), "half a sentence");
}
