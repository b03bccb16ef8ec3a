//! The open chat's attendees: name, number, and which one is us.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::State;
use crate::input::{Command, Context};

use super::keys::hint;
use super::row::{self, spread};
use super::theme::Theme;
use super::{clean, popup, scroll};
use crate::app::choices::chat_name;

const WIDTH: u16 = 56;

/// The largest useful scroll of the list over `area`.
pub fn scroll_limit(area: Rect, state: &State) -> u16 {
    let (rect, total) = layout(area, state);
    scroll::limit(total, rect.height.saturating_sub(2))
}

/// The window's place and its number of lines (one for "no attendee" too).
fn layout(area: Rect, state: &State) -> (Rect, usize) {
    let total = state.thread.attendees.len().max(1);
    let height = u16::try_from(total + 2).unwrap_or(u16::MAX);
    (popup::centered(area, WIDTH.min(area.width), height), total)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, scroll_by: u16) {
    let theme = Theme::new(state.options.color);
    let attendees = &state.thread.attendees;
    let (rect, total) = layout(area, state);
    let rows = rect.height.saturating_sub(2);
    let first = scroll::clamp(scroll_by, total, rows);
    let chat = state.thread.chat.as_ref().map_or_else(
        || "Attendees".to_owned(),
        |item| {
            format!(
                "Attendees of {}",
                clean::line(&chat_name(item), usize::from(rect.width), &state.options)
            )
        },
    );
    let title = format!("{chat} · {}", attendees.len());
    let keys = hint(&state.help, Context::Help, &[(Command::Close, "close")]);
    let footer = match scroll::position(first, rows, total) {
        Some(position) => format!("{position} · {keys}"),
        None => keys,
    };
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(title, theme.bold())],
        Some(Span::styled(footer, theme.dim())),
        theme.border(true),
    );
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    if attendees.is_empty() {
        let line = Line::styled(
            "No attendee is known for this chat yet.",
            theme.dim_italic(),
        );
        row::draw(buf, inner, 0, &line);
        return;
    }
    for (y, attendee) in (0..inner.height).zip(attendees.iter().skip(first)) {
        let name = attendee
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .map_or_else(
                || "(no name)".to_owned(),
                |n| clean::line(n, width, &state.options),
            );
        let mut left = vec![Span::raw(name)];
        if attendee.is_self {
            left.push(Span::styled(" · you", theme.ours()));
        }
        let number = attendee
            .phone_number()
            .unwrap_or_else(|| clean::line(&attendee.provider_id, width, &state.options));
        let right = vec![Span::styled(number, theme.dim())];
        row::draw(buf, inner, y, &spread(left, right, width));
    }
}
