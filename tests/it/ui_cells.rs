//! What the snapshots cannot see: colours that carry meaning (and their absence under
//! NO_COLOR), hostile text that must never reach a cell or break a border, and the agreement
//! between what the layout functions measure and what is drawn.

use crate::ui_support;

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use tui_textarea::TextArea;
use ui_support::*;
use unibox::app::Measure as _;
use unibox::app::{
    Access, Button, ComposePurpose, Flash, Level, Loadable, Modal, OutboundKind, Pane, Picker,
    PickerKind, Prompt, PromptKind, State,
};
use unibox::domain::MessageId;
use unibox::ui;

fn no_color(mut state: State) -> State {
    state.options.color = false;
    state
}

/// The first cell of `needle` inside `area`.
fn find_in(screen: &Buffer, area: Rect, needle: &str) -> Option<(u16, u16)> {
    (area.top()..area.bottom()).find_map(|y| {
        let text: String = (area.left()..area.right())
            .map(|x| screen[(x, y)].symbol())
            .collect();
        let at = text.find(needle)?;
        let column = unibox::text::display_width(&text[..at]);
        Some((area.x + u16::try_from(column).ok()?, y))
    })
}

fn cell_at<'a>(screen: &'a Buffer, needle: &str) -> &'a Cell {
    let (x, y) = find(screen, needle).unwrap_or_else(|| panic!("{needle:?} is on screen"));
    &screen[(x, y)]
}

fn areas(width: u16, height: u16, focus: Pane) -> ui::Areas {
    ui::areas(Rect::new(0, 0, width, height), focus)
}

// ---------------------------------------------------------------------------------------------
// Colours that carry meaning

#[test]
fn unread_badges_are_green_unless_the_chat_is_muted() {
    let screen = buffer(&mut inbox(), 120, 40);
    let ana = cell_at(&screen, "(3)");
    assert_eq!(ana.fg, Color::Green);
    assert!(ana.modifier.contains(Modifier::BOLD));
    // Team Lisbon is muted: its badge steps back.
    let team = cell_at(&screen, "(2)");
    assert_eq!(team.fg, Color::Reset);
    assert!(team.modifier.contains(Modifier::DIM));

    let plain = buffer(&mut no_color(inbox()), 120, 40);
    let ana = cell_at(&plain, "(3)");
    assert_eq!(ana.fg, Color::Reset);
    assert!(ana.modifier.contains(Modifier::BOLD));
}

#[test]
fn each_account_status_has_its_colour_and_words() {
    let mut state = focused(inbox(), Pane::Accounts);
    state.accounts.overview = Loadable::Ready(every_status());
    let accounts = areas(120, 40, Pane::Accounts)
        .accounts
        .expect("accounts pane");
    let expected = [
        ("OK", Color::Green),
        ("connected", Color::Green),
        ("connecting…", Color::Yellow),
        ("sign in again", Color::Red),
        ("error", Color::Red),
        ("stopped", Color::Magenta),
        ("no permission", Color::Magenta),
        ("SUSPENDED", Color::Reset),
    ];
    let screen = buffer(&mut state, 120, 40);
    for (words, color) in expected {
        let (x, y) = find_in(&screen, accounts, words).unwrap_or_else(|| panic!("{words}"));
        assert_eq!(screen[(x, y)].fg, color, "{words}");
    }
    let plain = buffer(&mut no_color(state), 120, 40);
    for (words, _) in expected {
        let (x, y) = find_in(&plain, accounts, words).unwrap_or_else(|| panic!("{words}"));
        assert_eq!(plain[(x, y)].fg, Color::Reset, "{words}");
    }
}

#[test]
fn the_selected_chat_is_highlighted_on_both_its_lines() {
    let chats = areas(120, 40, Pane::Chats).chats.expect("chats pane");
    let inside_x = chats.x + 5;
    let coloured: fn(&Cell) -> bool = |c| c.bg == Color::DarkGray;
    let reversed: fn(&Cell) -> bool =
        |c| c.modifier.contains(Modifier::REVERSED) && c.bg == Color::Reset;
    for (color, highlighted) in [(true, coloured), (false, reversed)] {
        let mut state = inbox();
        state.options.color = color;
        state.chats.selected = 1; // Ana Lopez: rows 3 and 4 of the pane
        let screen = buffer(&mut state, 120, 40);
        for y in [chats.y + 3, chats.y + 4] {
            assert!(
                highlighted(&screen[(inside_x, y)]),
                "row {y}, color {color}"
            );
        }
        for y in [chats.y + 1, chats.y + 2, chats.y + 5] {
            assert!(
                !highlighted(&screen[(inside_x, y)]),
                "row {y}, color {color}"
            );
        }
    }
}

#[test]
fn the_selected_message_carries_a_bar_and_a_highlighted_header() {
    let mut state = focused(inbox(), Pane::Thread);
    state.thread.selected = Some(28);
    let screen = buffer(&mut state, 120, 40);
    let (x, y) = find(&screen, "Inês Sousa  14:25").expect("header of the selected message");
    assert_eq!(screen[(x, y)].bg, Color::DarkGray);
    assert_eq!(screen[(x - 2, y)].symbol(), "▌");
    assert_eq!(screen[(x - 2, y)].fg, Color::Cyan);
    let (x, y) = find(&screen, "Bruno Costa  14:22").expect("an unselected header");
    assert_eq!(screen[(x, y)].bg, Color::Reset);
    assert_eq!(screen[(x - 2, y)].symbol(), " ");
}

#[test]
fn the_read_only_badge_stands_out_and_only_in_read_only_mode() {
    let mut state = inbox();
    state.access = Access::ReadOnly;
    let screen = buffer(&mut state, 80, 24);
    let badge = cell_at(&screen, "READ-ONLY");
    assert_eq!((badge.fg, badge.bg), (Color::White, Color::Red));
    assert!(badge.modifier.contains(Modifier::BOLD));

    let plain = buffer(&mut no_color(state), 80, 24);
    let badge = cell_at(&plain, "READ-ONLY");
    assert_eq!((badge.fg, badge.bg), (Color::Reset, Color::Reset));
    assert!(badge.modifier.contains(Modifier::REVERSED));

    assert!(find(&buffer(&mut inbox(), 80, 24), "READ-ONLY").is_none());
}

#[test]
fn cancel_has_the_focus_until_it_is_moved() {
    let send = OutboundKind::Send {
        text: "Hello".into(),
        quote: None,
        attachments: vec![],
    };
    let mut state = inbox();
    state.modal = Some(confirm(Some(team_label()), send));
    let screen = buffer(&mut state, 80, 24);
    assert_eq!(cell_at(&screen, "[ Cancel ]").bg, Color::Cyan);
    assert_eq!(cell_at(&screen, "[ Confirm ]").bg, Color::Reset);

    if let Some(Modal::Confirm(c)) = &mut state.modal {
        c.focus = Button::Confirm;
    }
    let screen = buffer(&mut state, 80, 24);
    assert_eq!(cell_at(&screen, "[ Cancel ]").bg, Color::Reset);
    assert_eq!(cell_at(&screen, "[ Confirm ]").bg, Color::Cyan);

    let mut plain = no_color(state);
    if let Some(Modal::Confirm(c)) = &mut plain.modal {
        c.focus = Button::Cancel;
    }
    let screen = buffer(&mut plain, 80, 24);
    assert!(
        cell_at(&screen, "[ Cancel ]")
            .modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        !cell_at(&screen, "[ Confirm ]")
            .modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn the_focused_pane_has_the_highlighted_border() {
    let screen = buffer(&mut focused(inbox(), Pane::Thread), 120, 40);
    let panes = areas(120, 40, Pane::Thread);
    let corner = |rect: Option<Rect>| rect.map(|r| &screen[(r.x, r.y + 1)]).expect("pane");
    assert_eq!(corner(panes.thread).fg, Color::Cyan);
    assert_eq!(corner(panes.chats).fg, Color::Reset);
    assert_eq!(corner(panes.accounts).fg, Color::Reset);
}

#[test]
fn pickers_highlight_the_selection_and_mark_our_reaction() {
    let mut state = focused(inbox(), Pane::Thread);
    state.modal = Some(Modal::Picker(Picker {
        kind: PickerKind::Emoji {
            chat: team_chat_id(),
            message: MessageId::from("t10"), // we reacted ❤️ to it
        },
        filter: TextArea::default(),
        selected: 0,
    }));
    let screen = buffer(&mut state, 80, 24);
    let (x, y) = find(&screen, "👍").expect("the quick row");
    assert_eq!(screen[(x, y)].bg, Color::DarkGray, "selected");
    let (x, y) = find(&screen, "❤️").expect("the quick row");
    assert_eq!(screen[(x, y)].bg, Color::Reset, "not selected");
    assert!(
        screen[(x, y)].modifier.contains(Modifier::UNDERLINED),
        "ours"
    );

    state.modal = Some(Modal::Picker(Picker {
        kind: PickerKind::Attendee {
            account: support_id(),
            candidates: Some(known_contacts()),
        },
        filter: TextArea::default(),
        selected: 1,
    }));
    let screen = buffer(&mut state, 80, 24);
    // The picker: 56 columns and 18 rows in the middle of the 80×23 body.
    let picker = Rect::new(12, 2, 56, 18);
    let cell = |name| {
        let (x, y) = find_in(&screen, picker, name).expect("a candidate");
        &screen[(x, y)]
    };
    assert_eq!(cell("Inês Sousa").bg, Color::DarkGray);
    assert_eq!(cell("Bruno Costa").bg, Color::Reset);
    // Ourselves is never offered.
    assert!(find_in(&screen, picker, "+33184800001").is_none());
}

/// Every screen the snapshots cover, for the NO_COLOR sweep.
fn every_screen() -> Vec<State> {
    let team = || focused(inbox(), Pane::Thread);
    let modal = |modal: Modal| {
        let mut state = team();
        state.modal = Some(modal);
        state
    };
    let reply = ComposePurpose::Reply {
        chat: team_chat_id(),
    };
    let mut accounts = focused(inbox(), Pane::Accounts);
    accounts.accounts.overview = Loadable::Ready(every_status());
    let mut read_only = inbox();
    read_only.access = Access::ReadOnly;
    read_only.status.offline = true;
    read_only.status.flash = Some(Flash {
        level: Level::Error,
        text: "could not send".into(),
        until: nov(20, 15, 0),
        about_sync: false,
    });
    vec![
        inbox(),
        accounts,
        read_only,
        hostile_inbox(),
        modal(Modal::Help { scroll: 0 }),
        modal(Modal::Attendees { scroll: 0 }),
        modal(Modal::Composer(composer(reply.clone(), "hi").with(|c| {
            c.quote = Some(quote_preview("Inês Sousa", "Same layout?"));
            c.attachments = vec![file("plan.pdf", 1000)];
        }))),
        modal(confirm(
            Some(team_label()),
            OutboundKind::Edit {
                message: MessageId::from("t26"),
                sent_at: nov(20, 14, 20),
                old_text: "a".into(),
                new_text: "b".into(),
            },
        )),
        modal(Modal::Picker(Picker {
            kind: PickerKind::Emoji {
                chat: team_chat_id(),
                message: MessageId::from("t10"),
            },
            filter: TextArea::default(),
            selected: 0,
        })),
        modal(Modal::Picker(Picker {
            kind: PickerKind::Attendee {
                account: support_id(),
                candidates: Some(known_contacts()),
            },
            filter: TextArea::default(),
            selected: 0,
        })),
        modal(Modal::Prompt(Prompt::new(PromptKind::SearchChats, "ana"))),
    ]
}

#[test]
fn no_colour_at_all_under_no_color() {
    for (n, state) in every_screen().into_iter().enumerate() {
        let mut state = no_color(state);
        for (width, height) in SIZES {
            let screen = buffer(&mut state, width, height);
            for cell in screen.content() {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "screen {n} at {width}x{height}: {:?}",
                    cell.symbol()
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Hostile text

const BORDER: [&str; 8] = ["─", "│", "┌", "┐", "└", "┘", "├", "┤"];

/// Corners, sides and bottom of every pane hold border symbols (titles sit on the top edge).
fn assert_borders_intact(screen: &Buffer, panes: &ui::Areas, label: &str) {
    for rect in [panes.accounts, panes.chats, panes.thread]
        .into_iter()
        .flatten()
    {
        let (left, right) = (rect.left(), rect.right() - 1);
        let (top, bottom) = (rect.top(), rect.bottom() - 1);
        let mut edge = vec![(left, top), (right, top)];
        edge.extend((top..=bottom).flat_map(|y| [(left, y), (right, y)]));
        edge.extend((left..=right).map(|x| (x, bottom)));
        for (x, y) in edge {
            let symbol = screen[(x, y)].symbol();
            assert!(
                BORDER.contains(&symbol),
                "{label}: border cell ({x},{y}) holds {symbol:?}"
            );
        }
    }
}

fn is_dangerous(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(
            c,
            '\u{200B}' | '\u{FEFF}' | '\u{2060}' | '\u{AD}' | '\u{2028}' | '\u{2029}'
        )
}

fn assert_no_dangerous_cell(screen: &Buffer, label: &str) {
    for (i, cell) in screen.content().iter().enumerate() {
        assert!(
            !cell.symbol().chars().any(is_dangerous),
            "{label}: cell {i} holds {:?}",
            cell.symbol()
        );
    }
}

#[test]
fn hostile_text_never_reaches_a_cell_nor_breaks_a_border() {
    for (width, height) in [(120, 40), (80, 24)] {
        for focus in Pane::ORDER {
            let mut state = focused(hostile_inbox(), focus);
            let label = format!("{width}x{height} {focus:?}");
            let screen = buffer(&mut state, width, height);
            assert_borders_intact(&screen, &areas(width, height, focus), &label);
            assert_no_dangerous_cell(&screen, &label);
        }
        // The huge messages (100 KB line, 100 KB word, 10 000 lines) at the bottom.
        let mut state = hostile_inbox();
        state.thread.bottom = state.thread.messages.len() - 1;
        let screen = buffer(&mut state, width, height);
        assert_borders_intact(&screen, &areas(width, height, Pane::Thread), "huge");
        assert_no_dangerous_cell(&screen, "huge");
    }
}

#[test]
fn hostile_text_in_modals_and_fields_is_neutralised_too() {
    let evil = "pay\u{202E}fdp.exe \x1b]52;c;ZXZpbA==\x07 \x1b[2J";
    let mut states = Vec::new();
    let mut edit = focused(hostile_inbox(), Pane::Thread);
    edit.modal = Some(Modal::Composer(composer(
        ComposePurpose::Edit {
            chat: "chat-h0".into(),
            message: MessageId::from("h3"),
        },
        evil,
    )));
    states.push(edit);
    let mut prompt = hostile_inbox();
    let mut search = Prompt::new(PromptKind::SearchChats, evil);
    search.hint = Some(evil.into());
    prompt.modal = Some(Modal::Prompt(search));
    states.push(prompt);
    let mut confirmation = hostile_inbox();
    confirmation.modal = Some(confirm(
        Some(team_label()),
        OutboundKind::Send {
            text: evil.into(),
            quote: Some(quote_preview(evil, evil)),
            attachments: vec![file(evil, 1)],
        },
    ));
    states.push(confirmation);
    let mut attendees = hostile_inbox();
    attendees.modal = Some(Modal::Attendees { scroll: 0 });
    states.push(attendees);
    // Pastes bigger than the text field's own positions can count (u16).
    let mut pasted = hostile_inbox();
    let mut path = Prompt::new(
        PromptKind::AttachPath,
        &unibox_sandbox::hostile::huge_word().text,
    );
    path.composer = Some(composer(
        ComposePurpose::Reply {
            chat: "chat-h0".into(),
        },
        &unibox_sandbox::hostile::many_lines().text.repeat(8),
    ));
    pasted.modal = Some(Modal::Prompt(path));
    states.push(pasted);
    for (n, mut state) in states.into_iter().enumerate() {
        for (width, height) in [(120, 40), (80, 24), (50, 20)] {
            let screen = buffer(&mut state, width, height);
            assert_no_dangerous_cell(&screen, &format!("modal {n} at {width}x{height}"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What is measured is what is drawn

#[test]
fn each_message_ends_where_its_measured_height_says() {
    let (width, height) = (80, 24);
    let thread_area = areas(width, height, Pane::Thread)
        .thread
        .expect("thread pane");
    let text_width = ui::thread_text_width(thread_area);
    let inner_bottom = thread_area.bottom() - 1; // the bottom border's row
    for index in 0..team_messages().len() {
        let mut state = focused(inbox(), Pane::Thread);
        state.thread.outbox.clear();
        state.thread.bottom = index;
        state.thread.selected = Some(index);
        let message = state.thread.messages[index].clone();
        let body = ui::body_height(&state.thread, &message, text_width, &state.options);
        let screen = buffer(&mut state, width, height);
        // The selection bar runs along the message proper: every line but the spacer.
        let bar_rows: Vec<u16> = (thread_area.top() + 1..inner_bottom)
            .filter(|&y| screen[(thread_area.x + 1, y)].symbol() == "▌")
            .collect();
        let expected: Vec<u16> = (inner_bottom - body..inner_bottom - 1).collect();
        assert_eq!(bar_rows, expected, "message {index}");
    }
}

#[test]
fn day_separators_come_from_the_timezone() {
    use chrono::{FixedOffset, TimeZone, Utc};
    let mut state = inbox();
    let late = message(
        "m0",
        TEAM_CHAT,
        BRUNO,
        Utc.with_ymd_and_hms(2025, 11, 19, 23, 30, 0).unwrap(),
        Some("late"),
    );
    let early = message(
        "m1",
        TEAM_CHAT,
        BRUNO,
        Utc.with_ymd_and_hms(2025, 11, 20, 0, 30, 0).unwrap(),
        Some("early"),
    );
    state.thread.messages = vec![late, early];
    assert_eq!(ui::separator_height(&state.thread, 0, &state.options), 1);
    assert_eq!(ui::separator_height(&state.thread, 1, &state.options), 1);
    state.options.timezone = FixedOffset::east_opt(2 * 3600).unwrap();
    assert_eq!(ui::separator_height(&state.thread, 1, &state.options), 0);
    state.options.timezone = FixedOffset::west_opt(3 * 3600).unwrap();
    assert_eq!(ui::separator_height(&state.thread, 1, &state.options), 0);
    assert_eq!(ui::separator_height(&state.thread, 5, &state.options), 0);
}

#[test]
fn visible_rows_match_the_drawn_list() {
    for (width, height) in SIZES {
        let chats = areas(width, height, Pane::Chats).chats.expect("chat pane");
        let inside = |screen: &Buffer, y: u16| -> String {
            (chats.left() + 1..chats.right() - 1)
                .map(|x| screen[(x, y)].symbol())
                .collect()
        };
        let mut state = inbox();
        state.chats.total = Some(500);
        let rows = u16::try_from(ui::visible_chat_rows(chats)).unwrap();
        let screen = buffer(&mut state, width, height);
        let inner_top = chats.y + 1;
        let inner_height = chats.height - 2;
        // As many rows as fit, not one more.
        assert!(rows * ui::CHAT_ROW_HEIGHT <= inner_height);
        assert!((rows + 1) * ui::CHAT_ROW_HEIGHT > inner_height);
        let last_name_line = inner_top + (rows - 1) * ui::CHAT_ROW_HEIGHT;
        assert!(
            !inside(&screen, last_name_line).trim().is_empty(),
            "{width}x{height}"
        );
        for y in inner_top + rows * ui::CHAT_ROW_HEIGHT..chats.bottom() - 1 {
            assert!(
                inside(&screen, y).trim().is_empty(),
                "{width}x{height} row {y}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Status bar and edges

#[test]
fn an_expired_flash_gives_way_to_the_key_hints() {
    let mut state = inbox();
    state.status.flash = Some(Flash {
        level: Level::Error,
        text: "could not send the reaction".into(),
        until: nov(20, 14, 31),
        about_sync: false,
    });
    let screen = buffer(&mut state, 80, 24);
    assert_eq!(cell_at(&screen, "could not send").fg, Color::Red);
    assert!(find(&screen, "? help").is_none());
    state.now = nov(20, 14, 31);
    let screen = buffer(&mut state, 80, 24);
    assert!(find(&screen, "could not send").is_none());
    assert!(find(&screen, "? help").is_some());
}

#[test]
fn the_outbox_shows_only_under_the_newest_message() {
    let mut state = focused(inbox(), Pane::Thread);
    assert!(find(&buffer(&mut state, 80, 24), "On my way").is_some());
    state.thread.bottom = 20;
    assert!(find(&buffer(&mut state, 80, 24), "On my way").is_none());
    state.thread.bottom = 29;
    state.thread.newer_in_cache = true;
    assert!(find(&buffer(&mut state, 80, 24), "On my way").is_none());
}

#[test]
fn tiny_terminals_say_so() {
    let screen = buffer(&mut inbox(), 19, 3);
    assert_eq!(row_text(&screen, 1), "terminal too small ");
    let screen = buffer(&mut inbox(), 10, 4);
    assert_eq!(row_text(&screen, 2), "terminal …");
    let screen = buffer(&mut inbox(), 1, 1);
    assert_eq!(row_text(&screen, 0), "…");
}

#[test]
fn scroll_limits_are_where_the_last_line_shows() {
    let area = Rect::new(0, 0, 50, 20);
    let mut state = inbox();
    let limit = ui::VIEWS.help_scroll_limit(area, &state);
    assert!(limit > 0, "the help is longer than 20 rows");
    let mut at = |scroll| {
        state.modal = Some(Modal::Help { scroll });
        buffer(&mut state, 50, 20)
    };
    let (last, beyond, before) = (at(limit), at(limit + 5), at(limit - 1));
    let state = inbox();
    assert_eq!(last, beyond);
    assert_ne!(last, before);
    // The help's last row sits on the popup's last inside row (the body is 19 rows high,
    // the popup takes them all, its bottom border on row 18).
    let last_help = state.help.last().and_then(|s| s.rows.last()).unwrap();
    assert!(
        row_text(&last, 17).contains(last_help.description),
        "{}",
        row_text(&last, 17)
    );

    let long = OutboundKind::Send {
        text: "word ".repeat(400),
        quote: None,
        attachments: vec![],
    };
    let mut state = inbox();
    state.modal = Some(confirm(Some(team_label()), long));
    let Some(Modal::Confirm(c)) = &state.modal else {
        unreachable!()
    };
    let limit = ui::VIEWS.confirm_scroll_limit(area, c, &state);
    let mut at = |scroll| {
        if let Some(Modal::Confirm(c)) = &mut state.modal {
            c.scroll = scroll;
        }
        buffer(&mut state, 50, 20)
    };
    let (last, beyond, before) = (at(limit), at(limit + 3), at(limit - 1));
    assert_eq!(last, beyond);
    assert_ne!(last, before);
    assert_eq!(ui::VIEWS.attendees_scroll_limit(area, &inbox()), 0);
}

// ---------------------------------------------------------------------------------------------
// The composer's cursor

/// A composer holding `text` with the cursor moved by `moves`, drawn at 80×24.
fn composer_screen(text: &str, moves: &[tui_textarea::CursorMove]) -> Buffer {
    let mut state = focused(inbox(), Pane::Thread);
    state.thread = ana_thread();
    let mut composer = composer(
        ComposePurpose::Reply {
            chat: ANA_CHAT.into(),
        },
        text,
    );
    for movement in moves {
        composer.editor.move_cursor(*movement);
    }
    state.modal = Some(Modal::Composer(composer));
    buffer(&mut state, 80, 24)
}

fn reversed(screen: &Buffer) -> Vec<(u16, u16)> {
    screen
        .content()
        .iter()
        .enumerate()
        .filter(|(_, cell)| cell.modifier.contains(Modifier::REVERSED))
        .map(|(index, _)| screen.pos_of(index))
        .collect()
}

#[test]
fn the_composer_cursor_is_on_screen_after_a_long_first_line() {
    let long = "word ".repeat(40);
    let text = format!("{long}\nlast");
    // At the end: right after "last", on the row below the wrapped first line.
    let screen = composer_screen(&text, &[]);
    let (x, y) = find(&screen, "last").expect("the last line is on screen");
    assert_eq!(reversed(&screen), [(x + 4, y)]);
    // At the start of the text: the first row of the first line.
    let screen = composer_screen(&text, &[tui_textarea::CursorMove::Jump(0, 0)]);
    let [(x, y)] = reversed(&screen)[..] else {
        panic!("one cursor cell: {:?}", reversed(&screen));
    };
    assert_eq!(screen[(x, y)].symbol(), "w");
    assert!(find(&screen, "word word").is_some_and(|(_, row)| row == y));
}
