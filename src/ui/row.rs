//! Lines built from spans whose widths are measured with `text::display_width`, placed by us:
//! ratatui's own alignment measures a whole string, which can disagree with the cells its
//! buffer actually fills (see `crate::text`).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::text::{display_width, truncate, wrap};

pub fn width(spans: &[Span<'_>]) -> usize {
    spans.iter().map(|span| display_width(&span.content)).sum()
}

/// The longest rule on either side of a centred label.
const MAX_RULE: usize = 12;

pub fn spaces(count: usize) -> Span<'static> {
    Span::raw(" ".repeat(count))
}

/// The spans cut to at most `max` columns, an ellipsis marking the cut.
pub fn truncate_spans(spans: Vec<Span<'_>>, max: usize) -> Vec<Span<'_>> {
    let mut used = 0;
    let mut kept = Vec::with_capacity(spans.len());
    let total = width(&spans);
    for span in spans {
        let span_width = display_width(&span.content);
        if used + span_width <= max && (total <= max || used + span_width < max) {
            used += span_width;
            kept.push(span);
            continue;
        }
        let room = max.saturating_sub(used);
        let cut = truncate(&span.content, room).into_owned();
        if !cut.is_empty() {
            kept.push(Span::styled(cut, span.style));
        }
        break;
    }
    kept
}

/// `left` at the start and `right` flush with the end of `width` columns; `left` gives way
/// first, and `right` is dropped when it cannot fit beside anything.
pub fn spread<'a>(left: Vec<Span<'a>>, right: Vec<Span<'a>>, width_: usize) -> Line<'a> {
    let right_width = width(&right);
    if right_width >= width_ {
        return Line::from(truncate_spans(left, width_));
    }
    let room = if left.is_empty() {
        width_ - right_width
    } else {
        width_ - right_width - 1
    };
    let mut spans = truncate_spans(left, room);
    let gap = width_ - width(&spans) - right_width;
    spans.push(spaces(gap));
    spans.extend(right);
    Line::from(spans)
}

/// The spans centred in `width` columns (cut when wider).
pub fn center(spans: Vec<Span<'_>>, width_: usize) -> Line<'_> {
    let spans = truncate_spans(spans, width_);
    let before = (width_ - width(&spans)) / 2;
    let mut line = vec![spaces(before)];
    line.extend(spans);
    Line::from(line)
}

/// `text` centred between short rules: `── Today ──`.
pub fn rule(text: &str, width_: usize, style: Style) -> Line<'static> {
    let label = truncate(text, width_.saturating_sub(2)).into_owned();
    let side = (width_.saturating_sub(display_width(&label) + 2) / 2).min(MAX_RULE);
    let ruled = format!("{0} {label} {0}", "─".repeat(side));
    center(vec![Span::styled(ruled, style)], width_)
}

/// Sanitised text or our own words, wrapped at `width` (grapheme-correct, `text::wrap`).
pub fn wrapped(text: &str, width_: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width_)
        .into_iter()
        .map(|range| Line::styled(text.get(range).unwrap_or_default().to_owned(), style))
        .collect()
}

/// Writes `line` on row `y` of `area` (relative), clipped to the area.
pub fn draw(buf: &mut Buffer, area: Rect, y: u16, line: &Line<'_>) {
    if y >= area.height || area.width == 0 {
        return;
    }
    buf.set_line(area.x, area.y + y, line, area.width);
}

/// A list item's lines from row `y` on, highlighted across the whole width when selected.
pub fn draw_item(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    lines: &[Line<'_>],
    highlight: Option<Style>,
) {
    for (offset, line) in (0..).zip(lines) {
        if let Some(style) = highlight {
            paint(buf, area, y + offset, style);
        }
        draw(buf, area, y + offset, line);
    }
}

/// Fills row `y` of `area` with `style` (a selection highlight) before drawing on it.
pub fn paint(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    if y >= area.height {
        return;
    }
    buf.set_style(Rect::new(area.x, area.y + y, area.width, 1), style);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn spread_puts_the_right_part_at_the_edge_and_cuts_the_left() {
        let line = spread(vec![Span::raw("Ana")], vec![Span::raw("14:05")], 12);
        assert_eq!(text(&line), "Ana    14:05");
        let line = spread(
            vec![Span::raw("Ana Lopez Garcia")],
            vec![Span::raw("14:05")],
            12,
        );
        assert_eq!(text(&line), "Ana L… 14:05");
        assert_eq!(width(&line.spans), 12);
        let line = spread(vec![Span::raw("Ana")], vec![Span::raw("Yesterday")], 6);
        assert_eq!(text(&line), "Ana");
    }

    #[test]
    fn wide_clusters_are_measured_per_cell() {
        let line = spread(vec![Span::raw("你好世界")], vec![Span::raw("1")], 6);
        assert_eq!(text(&line), "你…  1");
        assert_eq!(width(&line.spans), 6);
    }

    #[test]
    fn truncation_across_spans() {
        let spans = vec![Span::raw("You: "), Span::raw("see you tomorrow")];
        assert_eq!(text(&Line::from(truncate_spans(spans, 10))), "You: see …");
        let exact = vec![Span::raw("ab"), Span::raw("cd")];
        assert_eq!(text(&Line::from(truncate_spans(exact, 4))), "abcd");
    }

    #[test]
    fn centred_rules() {
        assert_eq!(text(&rule("Today", 15, Style::new())), "──── Today ────");
        assert_eq!(text(&rule("Today", 16, Style::new())), "──── Today ────");
        let wide = text(&rule("Today", 60, Style::new()));
        assert_eq!(display_width(&wide), (60 - 31) / 2 + 31);
        assert!(wide.trim_start().starts_with("────────────"));
    }
}
