//! Text fields (composer, prompt, picker filter) drawn by tui-textarea, made safe: their text
//! may come from a message being edited or from a paste. tui-textarea keeps cursor and scroll
//! positions in `u16` and overflows on a line or a text longer than that, so a huge field is
//! drawn as a window around its cursor.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use tui_textarea::{CursorMove, TextArea};

use crate::text::sanitize_line;

use super::row;
use super::theme::Theme;

/// The most characters of one line, and the most lines, a field is drawn with: far more than
/// a screen, far less than tui-textarea's `u16` positions.
const MAX_SHOWN_CHARS: usize = 4096;
const MAX_SHOWN_LINES: usize = 4096;

/// The field as drawn: itself, unless a line holds something a terminal would act on or the
/// text is too big to draw whole; then a sanitised window around the cursor, same styles.
pub fn shown_editor<'a>(editor: &'a TextArea<'static>) -> Cow<'a, TextArea<'static>> {
    let lines = editor.lines();
    let needs_copy = lines.len() > MAX_SHOWN_LINES
        || lines.iter().any(|line| {
            line.len() > MAX_SHOWN_CHARS || matches!(sanitize_line(line), Cow::Owned(_))
        });
    if !needs_copy {
        return Cow::Borrowed(editor);
    }
    let (row, column) = editor.cursor();
    let first_row = row
        .saturating_sub(MAX_SHOWN_LINES / 2)
        .min(lines.len().saturating_sub(MAX_SHOWN_LINES));
    let first_column = column.saturating_sub(MAX_SHOWN_CHARS / 2);
    let shown: Vec<String> = (first_row..)
        .zip(lines.iter().skip(first_row).take(MAX_SHOWN_LINES))
        .map(|(index, line)| {
            let skip = if index == row { first_column } else { 0 };
            let window: String = line.chars().skip(skip).take(MAX_SHOWN_CHARS).collect();
            sanitize_line(&window).into_owned()
        })
        .collect();
    let mut copy = TextArea::new(shown);
    copy.set_style(editor.style());
    copy.set_cursor_style(editor.cursor_style());
    copy.set_cursor_line_style(editor.cursor_line_style());
    let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    copy.move_cursor(CursorMove::Jump(
        to_u16(row - first_row),
        to_u16(column - first_column),
    ));
    Cow::Owned(copy)
}

/// The first row of a picker or search window: `Find: ` and the field being typed in.
pub fn find_row(frame: &mut Frame<'_>, inner: Rect, field: &TextArea<'static>, theme: Theme) {
    const LABEL: &str = "Find: ";
    let label_width = u16::try_from(LABEL.len()).unwrap_or(0).min(inner.width);
    row::draw(
        frame.buffer_mut(),
        inner,
        0,
        &Line::styled(LABEL, theme.dim()),
    );
    let field_area = Rect {
        x: inner.x + label_width,
        width: inner.width - label_width,
        height: 1,
        ..inner
    };
    frame.render_widget(&*shown_editor(field), field_area);
}

#[cfg(test)]
mod tests {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    use super::*;

    fn draw(field: &TextArea<'static>, width: u16, height: u16) -> Buffer {
        let area = Rect::new(0, 0, width, height);
        let mut buffer = Buffer::empty(area);
        shown_editor(field).render(area, &mut buffer);
        buffer
    }

    fn row(buffer: &Buffer, y: u16) -> String {
        (0..buffer.area.width)
            .map(|x| buffer[(x, y)].symbol())
            .collect()
    }

    #[test]
    fn clean_fields_are_drawn_as_they_are() {
        let field = TextArea::new(vec!["hello".to_owned(), "你好 👍".to_owned()]);
        assert!(matches!(shown_editor(&field), Cow::Borrowed(_)));
    }

    #[test]
    fn controls_are_replaced_and_the_cursor_kept() {
        let mut field = TextArea::new(vec!["a\x1b[2Jb".to_owned(), "x\u{202E}y".to_owned()]);
        field.move_cursor(CursorMove::Jump(1, 2));
        let shown = shown_editor(&field);
        assert_eq!(shown.lines(), ["a␛[2Jb", "x⇆y"]);
        assert_eq!(shown.cursor(), (1, 2));
    }

    #[test]
    fn a_line_longer_than_u16_is_drawn_around_its_cursor() {
        let line = format!("{}END", "x".repeat(100_000));
        let mut field = TextArea::new(vec![line]);
        field.move_cursor(CursorMove::End);
        let buffer = draw(&field, 20, 1);
        assert!(row(&buffer, 0).contains("END"), "{:?}", row(&buffer, 0));
    }

    #[test]
    fn more_lines_than_u16_are_drawn_around_the_cursor() {
        let lines: Vec<String> = (0..70_000).map(|n| format!("line {n}")).collect();
        let mut field = TextArea::new(lines);
        field.move_cursor(CursorMove::Bottom);
        let buffer = draw(&field, 20, 3);
        assert!((0..3).any(|y| row(&buffer, y).starts_with("line 69999")));
    }
}
