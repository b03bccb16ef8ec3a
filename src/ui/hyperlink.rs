//! Cells already drawn made into an OSC 8 hyperlink, without moving anything on screen.
//!
//! ratatui writes a cell's symbol as it is and measures it to know how many cells after it to
//! leave alone: a symbol wider than one cell makes the diff skip the next cell (it is taken to
//! be covered). So the link is written two columns at a time (the way ratatui's own hyperlink
//! example does): the first cell of each pair carries `open + both characters + close`, and
//! the second, still holding its character, is skipped by the diff — the terminal has drawn it
//! already. A wide character (two columns) is one pair by itself. A last narrow cell with no
//! partner is left a plain cell: wrapping it alone would make the diff skip the cell after the
//! link. Nothing but escapes is added, so every column stays where it was.

use std::ops::Range;

use ratatui::buffer::Buffer;

use crate::text::{OSC8_CLOSE, cluster_width};

/// Makes the cells `columns` of row `y` a hyperlink whose start escape is `open`
/// (`text::osc8_open`). Cells outside the buffer are left alone.
pub fn link_cells(buf: &mut Buffer, y: u16, columns: Range<u16>, open: &str) {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() {
        return;
    }
    let end = columns.end.min(area.right());
    let mut x = columns.start.max(area.left());
    while x < end {
        let first = buf[(x, y)].symbol().to_owned();
        let first_width = cluster_width(&first);
        if first_width >= 2 && x + 1 < end {
            buf[(x, y)].set_symbol(&format!("{open}{first}{OSC8_CLOSE}"));
            x += 2;
            continue;
        }
        if first_width != 1 || x + 1 >= end {
            // A wide character cut by the edge, or a lone last cell: left plain.
            x += 1;
            continue;
        }
        let second = buf[(x + 1, y)].symbol().to_owned();
        if cluster_width(&second) != 1 {
            x += 1;
            continue;
        }
        buf[(x, y)].set_symbol(&format!("{open}{first}{second}{OSC8_CLOSE}"));
        x += 2;
    }
}

/// A row as the terminal shows it: OSC 8 escapes dropped, and the cell after a linked pair
/// (drawn by the pair) not counted twice. For tests and checks of what a row reads.
pub fn visible_row(buf: &Buffer, y: u16) -> String {
    let area = buf.area;
    let mut row = String::new();
    let mut x = area.left();
    while x < area.right() {
        let symbol = buf[(x, y)].symbol();
        match strip_osc8(symbol) {
            Some(inner) => {
                row.push_str(&inner);
                x += 2;
            }
            None => {
                row.push_str(symbol);
                x += u16::try_from(cluster_width(symbol).max(1)).unwrap_or(1);
            }
        }
    }
    row
}

/// The text of a symbol that is one hyperlink, `None` for a plain symbol.
fn strip_osc8(symbol: &str) -> Option<String> {
    let rest = symbol.strip_prefix("\u{1b}]8;;")?;
    let (_, rest) = rest.split_once("\u{1b}\\")?;
    let inner = rest.strip_suffix(OSC8_CLOSE)?;
    Some(inner.to_owned())
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;

    use super::*;
    use crate::text::osc8_open;

    fn row(text: &str, width: u16) -> Buffer {
        let mut buf = Buffer::empty(Rect::new(0, 0, width, 1));
        buf.set_string(0, 0, text, ratatui::style::Style::default());
        buf
    }

    #[test]
    fn linking_changes_no_column() {
        let open = osc8_open("https://shop.example/a").unwrap();
        for (text, range) in [
            ("1. shop.example/a    ", 3..17),
            ("1. shop.example/ab   ", 3..18),
            ("> 日本語.example/x  ", 2..18),
            ("x👍🏽 y", 0..6),
        ] {
            let mut buf = row(text, 21);
            let before = visible_row(&buf, 0);
            link_cells(&mut buf, 0, range.clone(), &open);
            assert_eq!(visible_row(&buf, 0), before, "{text:?} {range:?}");
            let linked = (0..21)
                .filter(|&x| buf[(x, 0)].symbol().starts_with("\u{1b}]8;;https://"))
                .count();
            assert!(linked > 0, "{text:?}");
        }
    }

    #[test]
    fn the_cell_after_the_link_is_never_covered() {
        let open = osc8_open("https://a.example").unwrap();
        // Three columns: one pair, and the last left plain so the diff still draws column 3.
        let mut buf = row("abcX", 4);
        link_cells(&mut buf, 0, 0..3, &open);
        assert!(buf[(0, 0)].symbol().contains("ab"));
        assert_eq!(buf[(2, 0)].symbol(), "c");
        assert_eq!(buf[(3, 0)].symbol(), "X");
        let blank = Buffer::empty(Rect::new(0, 0, 4, 1));
        let drawn: Vec<u16> = blank.diff(&buf).iter().map(|(x, _, _)| *x).collect();
        assert_eq!(drawn, vec![0, 2, 3]);
    }
}
