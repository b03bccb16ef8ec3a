//! Windows over the panes: a centred rectangle, cleared, framed and titled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear};

use super::row::truncate_spans;

/// A `width` × `height` rectangle in the middle of `area`, shrunk to fit.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Clears `area`, frames it with `title` on top and `footer` at the bottom right; returns the
/// inside.
pub fn open(
    frame: &mut Frame<'_>,
    area: Rect,
    title: Vec<Span<'_>>,
    footer: Option<Span<'_>>,
    border: Style,
) -> Rect {
    let room = usize::from(area.width.saturating_sub(4));
    let mut block = Block::new()
        .borders(Borders::ALL)
        .border_style(border)
        .title(framed(title, room).style(border));
    if let Some(footer) = footer {
        block = block.title_bottom(framed(vec![footer], room).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    inner
}

/// ` title `, cut to `room` columns.
fn framed(spans: Vec<Span<'_>>, room: usize) -> Line<'_> {
    let mut line = vec![Span::raw(" ")];
    line.extend(truncate_spans(spans, room));
    line.push(Span::raw(" "));
    Line::from(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn centred_and_shrunk_to_fit() {
        let area = Rect::new(0, 0, 80, 24);
        assert_eq!(centered(area, 40, 10), Rect::new(20, 7, 40, 10));
        assert_eq!(centered(area, 100, 30), area);
        let offset = Rect::new(10, 5, 11, 3);
        assert_eq!(centered(offset, 5, 1), Rect::new(13, 6, 5, 1));
    }
}
