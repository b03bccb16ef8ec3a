//! The composer's text as drawn. tui-textarea keeps the lines and the cursor and does the
//! editing; it does not wrap, so the view is laid out here: long lines wrap at the composer's
//! width (after a space when there is one), each hard line break starts a row, and the rows
//! scroll so the cursor is always on screen. Each grapheme cluster is sanitised on its own, so
//! cursor columns map to cells one to one.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use tui_textarea::TextArea;
use unicode_segmentation::UnicodeSegmentation;

use crate::app::UiOptions;
use crate::text::{display_width, sanitize_line};

/// Bytes of a line looked at per cell of the composer: a huge pasted line costs what a
/// screenful does.
const BYTES_PER_CELL: usize = 4;

/// One grapheme cluster of a line: the character it starts at, what is drawn, its columns.
struct Cell<'a> {
    char_at: usize,
    shown: Cow<'a, str>,
    width: usize,
    space: bool,
}

fn cells<'a>(line: &'a str, options: &UiOptions) -> Vec<Cell<'a>> {
    let mut char_at = 0;
    line.graphemes(true)
        .map(|cluster| {
            let shown = match sanitize_line(cluster) {
                Cow::Borrowed(clean) => options.vs16.apply(clean),
                Cow::Owned(clean) => Cow::Owned(options.vs16.apply(&clean).into_owned()),
            };
            let cell = Cell {
                char_at,
                width: display_width(&shown),
                space: cluster == " ",
                shown,
            };
            char_at += cluster.chars().count();
            cell
        })
        .collect()
}

/// The rows of one line `width` columns wide, as ranges of its cells. Every cell is in one
/// row; a space that would overflow hangs at the end of its row.
fn rows_of(cells: &[Cell<'_>], width: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    let (mut start, mut used) = (0, 0);
    let mut after_space: Option<usize> = None;
    let mut at = 0;
    while let Some(cell) = cells.get(at) {
        if used + cell.width > width && at > start {
            if cell.space {
                rows.push(start..at + 1);
                (start, used, after_space) = (at + 1, 0, None);
                at += 1;
                continue;
            }
            let end = after_space.filter(|&a| a > start && a <= at).unwrap_or(at);
            rows.push(start..end);
            start = end;
            used = cells
                .get(start..at)
                .map_or(0, |c| c.iter().map(|c| c.width).sum());
            after_space = None;
            if used + cell.width > width && at > start {
                // Still too wide: the word before is cut where it stands.
                rows.push(start..at);
                (start, used) = (at, 0);
            }
            continue;
        }
        used += cell.width;
        if cell.space {
            after_space = Some(at + 1);
        }
        at += 1;
    }
    rows.push(start..cells.len());
    rows
}

/// The text laid out: rows of (cells, line) and where the cursor is among them.
struct Layout {
    rows: Vec<String>,
    cursor: (usize, usize),
}

/// Lays out the lines around the cursor that can be on screen in `height` rows.
fn layout(editor: &TextArea<'_>, width: usize, height: usize, options: &UiOptions) -> Layout {
    let lines = editor.lines();
    let (cursor_line, cursor_column) = editor.cursor();
    // Each line takes a row at least: lines further than `height` from the cursor's cannot
    // show.
    let first = cursor_line.saturating_sub(height);
    let last = (cursor_line + height).min(lines.len().saturating_sub(1));
    let cap = (height + 1) * width.max(1) * BYTES_PER_CELL;
    let mut rows = Vec::new();
    let mut cursor = (0, 0);
    for (index, line) in lines.iter().enumerate().take(last + 1).skip(first) {
        // Only the part of a long line that can be on screen: its end above the cursor's
        // line, its start below, around the cursor on its own.
        let cursor_byte = line
            .char_indices()
            .nth(cursor_column)
            .map_or(line.len(), |(at, _)| at);
        let (start, end) = match index.cmp(&cursor_line) {
            Ordering::Less => (line.len().saturating_sub(cap), line.len()),
            Ordering::Greater => (0, cap),
            Ordering::Equal => (cursor_byte.saturating_sub(cap), cursor_byte + cap),
        };
        let start = line.floor_char_boundary(start);
        let end = line.floor_char_boundary(end.min(line.len()));
        let part = line.get(start..end).unwrap_or_default();
        let cells = cells(part, options);
        let ranges = rows_of(&cells, width.max(1));
        if index == cursor_line {
            let column = line
                .get(start..cursor_byte)
                .map_or(0, |before| before.chars().count());
            let at = cells
                .iter()
                .position(|c| c.char_at >= column)
                .unwrap_or(cells.len());
            let row = ranges
                .iter()
                .position(|r| r.contains(&at))
                .unwrap_or(ranges.len() - 1);
            let start = ranges.get(row).map_or(0, |r| r.start);
            let x: usize = cells
                .get(start..at)
                .map_or(0, |c| c.iter().map(|c| c.width).sum());
            cursor = if x >= width && at == cells.len() {
                // At the end of a full row: the cursor opens the next one.
                (0, rows.len() + ranges.len())
            } else {
                (x.min(width.saturating_sub(1)), rows.len() + row)
            };
        }
        for range in &ranges {
            let text: String = cells
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .map(|c| c.shown.as_ref())
                .collect();
            rows.push(text);
        }
        if index == cursor_line && cursor.1 == rows.len() {
            rows.push(String::new());
        }
    }
    Layout { rows, cursor }
}

/// Rows the text takes at `width`, counted up to `most`.
pub fn rows(editor: &TextArea<'_>, width: u16, most: u16, options: &UiOptions) -> u16 {
    let rows = layout(editor, usize::from(width), usize::from(most), options)
        .rows
        .len();
    u16::try_from(rows).unwrap_or(u16::MAX).min(most)
}

/// Draws the text in `area`, the cursor shown when the composer has the keyboard.
pub fn render(
    buf: &mut Buffer,
    area: Rect,
    editor: &TextArea<'_>,
    options: &UiOptions,
    focused: bool,
) {
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    if width == 0 || height == 0 {
        return;
    }
    let layout = layout(editor, width, height, options);
    let (cursor_x, cursor_y) = layout.cursor;
    let first = (cursor_y + 1).saturating_sub(height);
    for (y, text) in (area.y..area.bottom()).zip(layout.rows.iter().skip(first)) {
        buf.set_stringn(area.x, y, text, width, Style::default());
    }
    if focused {
        let x = area.x + u16::try_from(cursor_x).unwrap_or(0);
        let y = area.y + u16::try_from(cursor_y - first).unwrap_or(0);
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_style(Style::default().add_modifier(Modifier::REVERSED));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(lines: &[&str], cursor: (u16, u16), width: usize, height: usize) -> Layout {
        let mut editor = TextArea::new(lines.iter().map(|l| (*l).to_owned()).collect());
        editor.move_cursor(tui_textarea::CursorMove::Jump(cursor.0, cursor.1));
        layout(&editor, width, height, &UiOptions::default())
    }

    #[test]
    fn long_lines_wrap_after_spaces_and_hard_breaks_start_rows() {
        let layout = shown(&["one two three four", "five"], (1, 4), 9, 10);
        assert_eq!(layout.rows, ["one two ", "three ", "four", "five"]);
        assert_eq!(layout.cursor, (4, 3));
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut() {
        let layout = shown(&["abcdefghij"], (0, 7), 4, 10);
        assert_eq!(layout.rows, ["abcd", "efgh", "ij"]);
        assert_eq!(layout.cursor, (3, 1));
    }

    #[test]
    fn the_cursor_at_the_end_of_a_full_row_opens_the_next() {
        let layout = shown(&["abcd"], (0, 4), 4, 10);
        assert_eq!(layout.rows, ["abcd", ""]);
        assert_eq!(layout.cursor, (0, 1));
    }

    #[test]
    fn a_huge_line_is_laid_out_around_the_cursor_only() {
        let huge = format!("{}END", "word ".repeat(2_000_000));
        let mut editor = TextArea::new(vec![huge]);
        editor.move_cursor(tui_textarea::CursorMove::End);
        let layout = layout(&editor, 40, 5, &UiOptions::default());
        assert!(layout.rows.len() < 100, "{} rows", layout.rows.len());
        let cursor_row = &layout.rows[layout.cursor.1];
        assert!(cursor_row.ends_with("END"), "{cursor_row:?}");
    }

    #[test]
    fn wide_clusters_and_controls_keep_the_cursor_on_its_character() {
        let layout = shown(&["你好\u{1b}x"], (0, 3), 10, 10);
        assert_eq!(layout.rows, ["你好␛x"]);
        assert_eq!(layout.cursor, (5, 0));
    }
}
