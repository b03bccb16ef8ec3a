//! The help overlay: the live keymap, section by section, scrollable.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::State;
use crate::input::{Command, Context};
use crate::text::{display_width, fit};

use super::keys::hint;
use super::row::{self, truncate_spans};
use super::theme::Theme;
use super::{popup, scroll};

const WIDTH: u16 = 76;
/// The keys column never takes more than this.
const MAX_KEYS_WIDTH: usize = 28;
/// ...nor more than this share (percent) of a narrow overlay.
const KEYS_SHARE: usize = 40;

/// The largest useful scroll of the overlay over `area`.
pub fn scroll_limit(area: Rect, state: &State) -> u16 {
    let (rect, lines) = layout(area, state, Theme::new(state.options.color));
    scroll::limit(lines.len(), rect.height.saturating_sub(2))
}

/// The overlay's place and its lines.
fn layout(area: Rect, state: &State, theme: Theme) -> (Rect, Vec<Line<'static>>) {
    let width = WIDTH.min(area.width.saturating_sub(2));
    let lines = content(state, theme, usize::from(width.saturating_sub(2)));
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    (popup::centered(area, width, height), lines)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, scroll_by: u16) {
    let theme = Theme::new(state.options.color);
    let (rect, lines) = layout(area, state, theme);
    let total = lines.len();
    let rows = rect.height.saturating_sub(2);
    let first = scroll::clamp(scroll_by, total, rows);
    let keys = hint(
        &state.help,
        Context::Help,
        &[(Command::ScrollDown, "scroll"), (Command::Close, "close")],
    );
    let footer = match scroll::position(first, rows, total) {
        Some(position) => format!("{position} · {keys}"),
        None => keys,
    };
    let inner = popup::open(
        frame,
        rect,
        vec![Span::raw("Help · keys")],
        Some(Span::styled(footer, theme.dim())),
        theme.border(true),
    );
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    for (y, line) in (0..inner.height).zip(lines.into_iter().skip(first)) {
        row::draw(
            buf,
            inner,
            y,
            &Line::from(truncate_spans(line.spans, width)),
        );
    }
}

fn content(state: &State, theme: Theme, width: usize) -> Vec<Line<'static>> {
    let keys_width = state
        .help
        .iter()
        .flat_map(|section| &section.rows)
        .map(|row| display_width(&row.keys))
        .max()
        .unwrap_or(0)
        .min(MAX_KEYS_WIDTH)
        .min(width * KEYS_SHARE / 100);
    let mut lines = Vec::new();
    for section in &state.help {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(section.title, theme.bold()));
        for help_row in &section.rows {
            lines.push(Line::from(vec![
                Span::raw("  "),
                Span::styled(fit(&help_row.keys, keys_width).into_owned(), theme.key()),
                Span::raw("  "),
                Span::raw(help_row.description),
            ]));
        }
    }
    if lines.is_empty() {
        lines.push(Line::styled("No key is bound.", theme.dim()));
    }
    lines
}
