//! The message search window at 120×40 and 80×24 with a frozen clock: hits, no hits, filters,
//! a filter that does not read, and what it says before anything is typed.

use crate::ui_support;

use ratatui::style::Modifier;
use tui_textarea::TextArea;
use ui_support::*;
use unibox::app::{MessageSearch, Modal, SearchPlace, SearchStatus, State};
use unibox::domain::{AccountId, ChatId, MessageId};
use unibox::store::{SearchHit, SnippetPart};

const SEARCH_SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn screens(name: &str, make: impl Fn() -> State) {
    for (width, height) in SEARCH_SIZES {
        let mut state = make();
        let terminal = draw(&mut state, width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
    }
}

fn part(text: &str, matched: bool) -> SnippetPart {
    SnippetPart {
        text: text.into(),
        matched,
    }
}

fn hit(
    chat: &str,
    account: &str,
    sender: Option<&str>,
    ours: bool,
    at: (u32, u32, u32),
    snippet: Vec<SnippetPart>,
) -> SearchHit {
    SearchHit {
        account_id: AccountId::new(SUPPORT),
        account_name: account.into(),
        chat_id: ChatId::new(chat),
        chat_name: Some(chat.into()),
        message_id: MessageId::new(format!("{chat}-{}-{}", at.0, at.1)),
        at: nov(at.0, at.1, at.2),
        is_sender: ours,
        sender_id: ANA.into(),
        sender_name: sender.map(str::to_owned),
        text: None,
        has_attachment: false,
        snippet,
    }
}

fn hits() -> Vec<SearchHit> {
    vec![
        hit(
            "Ana Lopez",
            "Support",
            Some("Ana Lopez"),
            false,
            (20, 11, 2),
            vec![
                part("…my ", false),
                part("order", true),
                part(" number is ORD-4471, can you check where it is?", false),
            ],
        ),
        hit(
            "Team \u{1b}[31mred",
            "Sales",
            None,
            true,
            (18, 9, 40),
            vec![
                part("the ", false),
                part("order", true),
                part(" left the warehouse", false),
            ],
        ),
        hit(
            "Bruno",
            "Paris shop",
            Some("Bruno"),
            false,
            (1, 16, 5),
            vec![
                part("Bonjour, ma ", false),
                part("commande", true),
                part(" (order 311) n'est pas arrivée", false),
            ],
        ),
    ]
}

fn searching(text: &str, place: SearchPlace, status: SearchStatus, hits: Vec<SearchHit>) -> State {
    let mut state = inbox();
    let mut search = MessageSearch::new(vec![SearchPlace::Everywhere], place);
    search.input = TextArea::new(vec![text.to_owned()]);
    search.input.move_cursor(tui_textarea::CursorMove::End);
    search.status = status;
    search.hits = hits;
    state.search = Some(search);
    state.modal = Some(Modal::Search);
    state
}

#[test]
fn search_results() {
    screens("search_results", || {
        let mut state = searching("order", SearchPlace::Everywhere, SearchStatus::Done, hits());
        if let Some(search) = state.search.as_mut() {
            search.selected = 1;
        }
        state
    });
}

#[test]
fn search_no_results() {
    screens("search_no_results", || {
        searching(
            "parcel",
            SearchPlace::Everywhere,
            SearchStatus::Done,
            vec![],
        )
    });
}

#[test]
fn search_with_filters() {
    screens("search_filters", || {
        let account = SearchPlace::Account {
            id: AccountId::new(SUPPORT),
            name: "Support".into(),
        };
        let mut found = hits();
        found.truncate(1);
        searching(
            "order from:ana after:2025-11-01",
            account,
            SearchStatus::Done,
            found,
        )
    });
}

#[test]
fn search_with_a_filter_that_does_not_read() {
    screens("search_problem", || {
        searching(
            "order before:soon",
            SearchPlace::Chat {
                id: ChatId::new(TEAM_CHAT),
                name: "Team".into(),
            },
            SearchStatus::Problem("before: needs a date like 2026-11-30, not \"soon\"".into()),
            vec![],
        )
    });
}

#[test]
fn search_before_anything_is_typed() {
    screens("search_idle", || {
        searching("", SearchPlace::Everywhere, SearchStatus::Idle, vec![])
    });
}

#[test]
fn matched_words_are_bold_and_underlined() {
    let mut state = searching("order", SearchPlace::Everywhere, SearchStatus::Done, hits());
    let buffer = buffer(&mut state, 120, 40);
    let (x, y) = find(&buffer, "order number").expect("the snippet is drawn");
    let cell = &buffer[(x, y)];
    assert!(
        cell.modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    let after = &buffer[(x + 6, y)];
    assert!(!after.modifier.contains(Modifier::UNDERLINED));
    // The hostile chat name reaches the screen without its escape sequence.
    assert!(find(&buffer, "\u{1b}").is_none());
}
