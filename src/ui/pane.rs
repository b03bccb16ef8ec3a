//! The frame around a pane: a border and a title, highlighted on the focused pane.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::row::truncate_spans;
use super::theme::Theme;

/// Columns of the top border that a title leaves alone: the corners and a space either side.
const TITLE_MARGIN: u16 = 4;

/// A frame whose top corners join the borders of the pane above it (the composer inside the
/// thread pane).
pub const JOINED: border::Set = border::Set {
    top_left: "├",
    top_right: "┤",
    ..border::PLAIN
};

/// Draws the frame and returns the area inside it.
pub fn frame(
    frame: &mut Frame<'_>,
    area: Rect,
    title: Vec<Span<'_>>,
    focused: bool,
    theme: Theme,
) -> Rect {
    frame_with(frame, area, title, focused, theme, border::PLAIN)
}

/// [`frame`] with its own border symbols.
pub fn frame_with(
    frame: &mut Frame<'_>,
    area: Rect,
    title: Vec<Span<'_>>,
    focused: bool,
    theme: Theme,
    symbols: border::Set,
) -> Rect {
    let room = usize::from(area.width.saturating_sub(TITLE_MARGIN));
    let mut spans = vec![Span::raw(" ")];
    spans.extend(truncate_spans(title, room));
    spans.push(Span::raw(" "));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_set(symbols)
        .border_style(theme.border(focused))
        .title(Line::from(spans).style(theme.title(focused)));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    inner
}
