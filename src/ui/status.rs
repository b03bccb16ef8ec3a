//! The last line: mode badges and the flash message or key hints on the left, the sync state
//! on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::{State, SyncView};
use crate::input::{Command, Focus};

use super::clean;
use super::glyph::glyphs;
use super::keys;
use super::row::{self, spread};
use super::theme::Theme;
use super::time::list_time;

/// The sync state never takes more than this share of the line (in 1/n).
const RIGHT_SHARE: u16 = 2;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = Theme::new(state.options.color);
    let width = usize::from(area.width);
    let mut left = Vec::new();
    if state.is_read_only() {
        left.push(Span::styled(" READ-ONLY ", theme.read_only_badge()));
        left.push(Span::raw(" "));
    }
    if state.status.offline {
        left.push(Span::styled(" OFFLINE ", theme.offline_badge()));
        left.push(Span::raw(" "));
    }
    let flash = state
        .status
        .flash
        .as_ref()
        .filter(|flash| flash.until > state.now);
    let right_room = usize::from(area.width / RIGHT_SHARE);
    let right = row::truncate_spans(sync(state, theme, right_room), right_room);
    match flash {
        Some(flash) => left.push(Span::styled(
            clean::line(&flash.text, width, &state.options),
            theme.level(flash.level),
        )),
        None => {
            let room = width
                .saturating_sub(row::width(&left))
                .saturating_sub(row::width(&right) + 1);
            left.push(Span::styled(hints(state, room), theme.dim()));
        }
    }
    let line = spread(left, right, width);
    row::draw(frame.buffer_mut(), area, 0, &line);
}

/// The keys of what has the keyboard now (`r reply  + react  ? help`), from the live keymap,
/// as many as fit whole in `room` columns.
fn hints(state: &State, room: usize) -> String {
    let focus = state.key_focus();
    let items = if focus == Focus::Accounts
        && state
            .accounts
            .selected_summary()
            .is_some_and(crate::app::needs_reconnecting)
    {
        // The fix for the selected account comes first.
        RECONNECT_HINTS
    } else {
        hint_items(focus)
    };
    keys::fitting_hint(&state.help, focus, items, "  ", room)
}

const RECONNECT_HINTS: &[(Command, &str)] = &[
    (Command::Reconnect, "reconnect (sign-in link)"),
    (Command::Open, "show its chats"),
    (Command::FocusNext, "next pane"),
    (Command::Help, "help"),
    (Command::Quit, "quit"),
];

/// The commands worth a hint where the keyboard is, most useful first.
fn hint_items(focus: Focus) -> &'static [(Command, &'static str)] {
    use Command as C;
    match focus {
        Focus::Accounts => &[
            (C::Open, "show its chats"),
            (C::FocusNext, "next pane"),
            (C::Search, "search"),
            (C::Help, "help"),
            (C::Quit, "quit"),
        ],
        Focus::Chats => &[
            (C::Open, "open"),
            (C::NewChat, "new chat"),
            (C::Search, "search"),
            (C::ToggleUnread, "unread"),
            (C::Help, "help"),
            (C::Quit, "quit"),
        ],
        Focus::Thread => &[
            (C::Reply, "reply"),
            (C::ReplyQuote, "quote"),
            (C::React, "react"),
            (C::Edit, "edit"),
            (C::Delete, "delete"),
            (C::ReviewOutbox, "unsent"),
            (C::Help, "help"),
        ],
        Focus::Composer => &[
            (C::Send, "send"),
            (C::LeaveComposer, "leave"),
            (C::Newline, "new line"),
            (C::AttachFile, "attach"),
            (C::ExternalEditor, "$EDITOR"),
        ],
        Focus::Confirm => &[
            (C::Confirm, "confirm"),
            (C::Cancel, "cancel"),
            (C::SwitchButton, "switch"),
        ],
        Focus::Picker => &[(C::Choose, "choose"), (C::Close, "close")],
        Focus::Prompt => &[(C::Submit, "accept"), (C::Close, "close")],
        Focus::Outbox => &[
            (C::Retry, "send again"),
            (C::Dismiss, "dismiss"),
            (C::MarkSent, "it arrived"),
            (C::Close, "close"),
        ],
        Focus::Reader => &[
            (C::ScrollDown, "scroll"),
            (C::PageDown, "page"),
            (C::CopyText, "copy"),
            (C::OpenLink, "open link"),
            (C::Close, "close"),
        ],
        Focus::Search => &[
            (C::Choose, "open"),
            (C::SwitchScope, "where"),
            (C::Close, "close"),
        ],
        Focus::Help => &[(C::ScrollDown, "scroll"), (C::Close, "close")],
    }
}

fn sync(state: &State, theme: Theme, room: usize) -> Vec<Span<'static>> {
    let glyph = glyphs(&state.options);
    match &state.status.sync {
        SyncView::Running(progress) => vec![Span::styled(
            format!(
                "{} {}",
                glyph.sync_running,
                clean::line(progress, room, &state.options)
            ),
            theme.warning(),
        )],
        SyncView::Failed(reason) => vec![Span::styled(
            format!(
                "{} {}",
                glyph.failed,
                clean::line(reason, room, &state.options)
            ),
            theme.error(),
        )],
        SyncView::Idle => match state.status.last_sync {
            Some(at) => vec![Span::styled(
                format!(
                    "{} synced {}",
                    glyph.sync_done,
                    list_time(at, state.now, state.options.timezone)
                ),
                theme.success(),
            )],
            None => vec![Span::styled("not synced yet", theme.dim())],
        },
    }
}
