//! Text fields (composer, prompt, picker filter) drawn by tui-textarea, made safe: their text
//! may come from a message being edited or from a paste.

use std::borrow::Cow;

use tui_textarea::{CursorMove, TextArea};

use crate::text::sanitize_line;

/// The field as drawn: itself, unless a line holds something a terminal would act on; then a
/// sanitised copy with the same styles and cursor.
pub fn shown_editor<'a>(editor: &'a TextArea<'static>) -> Cow<'a, TextArea<'static>> {
    let dirty = editor
        .lines()
        .iter()
        .any(|line| matches!(sanitize_line(line), Cow::Owned(_)));
    if !dirty {
        return Cow::Borrowed(editor);
    }
    let lines = editor
        .lines()
        .iter()
        .map(|line| sanitize_line(line).into_owned())
        .collect();
    let mut copy = TextArea::new(lines);
    copy.set_style(editor.style());
    copy.set_cursor_style(editor.cursor_style());
    copy.set_cursor_line_style(editor.cursor_line_style());
    let (row, column) = editor.cursor();
    let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    copy.move_cursor(CursorMove::Jump(to_u16(row), to_u16(column)));
    Cow::Owned(copy)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
