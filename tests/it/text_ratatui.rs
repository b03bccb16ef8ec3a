//! Our widths against what ratatui 0.29 actually does with a string: every hostile sample,
//! sanitised and laid out by `unibox::text`, is written into a bordered block without any
//! clipping of ours, and the border must survive.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};
use unibox::text::{display_width, emoji_as_text, fit, sanitize_block, sanitize_line, wrap};
use unibox_sandbox::hostile::{self, HostileText};

const INNER_WIDTH: u16 = 24;
const INNER_HEIGHT: u16 = 12;

fn bordered_buffer() -> Buffer {
    let area = Rect::new(0, 0, INNER_WIDTH + 2, INNER_HEIGHT + 2);
    let mut buffer = Buffer::empty(area);
    Block::bordered().render(area, &mut buffer);
    buffer
}

fn assert_borders_intact(buffer: &Buffer, name: &str) {
    let (right, bottom) = (buffer.area.width - 1, buffer.area.height - 1);
    for y in 0..=bottom {
        let (left_corner, right_corner) = match y {
            0 => ("┌", "┐"),
            y if y == bottom => ("└", "┘"),
            _ => ("│", "│"),
        };
        assert_eq!(
            buffer[(0, y)].symbol(),
            left_corner,
            "{name}: left border, row {y}"
        );
        assert_eq!(
            buffer[(right, y)].symbol(),
            right_corner,
            "{name}: right border, row {y}"
        );
    }
    for x in 1..right {
        assert_eq!(
            buffer[(x, 0)].symbol(),
            "─",
            "{name}: top border, column {x}"
        );
        assert_eq!(
            buffer[(x, bottom)].symbol(),
            "─",
            "{name}: bottom border, column {x}"
        );
    }
}

/// Nothing a terminal would act on may reach a cell.
fn assert_cells_inert(buffer: &Buffer, name: &str) {
    for cell in buffer.content() {
        let symbol = cell.symbol();
        assert!(
            !symbol
                .chars()
                .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
            "{name}: cell holds {symbol:?}"
        );
    }
}

/// Writes `line` at the start of row `row` with no width limit but the buffer's edge, and
/// checks that ratatui advanced exactly as far as we measured.
fn write_unclipped(buffer: &mut Buffer, row: u16, line: &str, name: &str) {
    let (end, _) = buffer.set_stringn(1, row, line, usize::MAX, Style::default());
    assert_eq!(
        usize::from(end - 1),
        display_width(line),
        "{name}: width of {line:?}"
    );
}

#[test]
fn one_line_sinks_fit_their_cell_exactly() {
    for HostileText { name, text } in hostile::corpus() {
        let line = sanitize_line(&text);
        let mut buffer = bordered_buffer();
        for (row, width) in (1..).zip([INNER_WIDTH, INNER_WIDTH - 1, 7, 2, 1]) {
            let cell = fit(&line, usize::from(width));
            assert_eq!(display_width(&cell), usize::from(width), "{name}");
            write_unclipped(&mut buffer, row, &cell, name);
        }
        assert_borders_intact(&buffer, name);
        assert_cells_inert(&buffer, name);
    }
}

#[test]
fn wrapped_bodies_stay_inside_the_block() {
    for HostileText { name, text } in hostile::corpus() {
        let body = sanitize_block(&text);
        let mut buffer = bordered_buffer();
        let lines = wrap(&body, usize::from(INNER_WIDTH));
        for (row, range) in (1..=INNER_HEIGHT).zip(&lines) {
            write_unclipped(&mut buffer, row, &body[range.clone()], name);
        }
        assert_borders_intact(&buffer, name);
        assert_cells_inert(&buffer, name);
    }
}

#[test]
fn every_wrapped_line_measures_as_ratatui_draws_it() {
    // Wide enough for any line; covers the whole of the big samples, not just a screenful.
    let mut buffer = Buffer::empty(Rect::new(0, 0, 82, 1));
    for HostileText { name, text } in hostile::corpus() {
        let body = sanitize_block(&text);
        for range in wrap(&body, 80) {
            buffer.reset();
            write_unclipped(&mut buffer, 0, &body[range], name);
        }
    }
}

#[test]
fn emoji_as_text_measures_as_ratatui_draws_it() {
    let mut buffer = Buffer::empty(Rect::new(0, 0, 200, 1));
    for HostileText { name, text } in hostile::SHORT.iter().cloned() {
        let line = sanitize_line(&text);
        write_unclipped(&mut buffer, 0, &emoji_as_text(&line), name);
        buffer.reset();
    }
}

/// The way the panes will draw: a `Paragraph` of our lines inside a bordered `Block`,
/// through a `Terminal` (diffing included) onto a test backend.
#[test]
fn a_paragraph_of_hostile_lines_keeps_its_frame() {
    let backend = TestBackend::new(INNER_WIDTH + 2, INNER_HEIGHT + 2);
    let mut terminal = Terminal::new(backend).unwrap_or_else(|e| panic!("test backend: {e}"));
    for HostileText { name, text } in hostile::corpus() {
        let body = sanitize_block(&text);
        let lines: Vec<Line> = wrap(&body, usize::from(INNER_WIDTH))
            .into_iter()
            .map(|range| Line::raw(&body[range]))
            .collect();
        terminal
            .draw(|frame| {
                let paragraph = Paragraph::new(lines.clone()).block(Block::bordered());
                frame.render_widget(paragraph, frame.area());
            })
            .unwrap_or_else(|e| panic!("{name}: draw: {e}"));
        assert_borders_intact(terminal.backend().buffer(), name);
        assert_cells_inert(terminal.backend().buffer(), name);
    }
}
