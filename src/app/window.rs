//! A slice of a long list: the rows around the screen, with their position in the whole list.
//! The chat list of a 100 000-chat inbox never holds more than a few screens of rows.

use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowWindow<T> {
    /// Index in the whole list of `rows[0]`.
    pub offset: usize,
    pub rows: Vec<T>,
}

impl<T> Default for RowWindow<T> {
    fn default() -> Self {
        Self {
            offset: 0,
            rows: Vec::new(),
        }
    }
}

impl<T> RowWindow<T> {
    pub fn new(offset: usize, rows: Vec<T>) -> Self {
        Self { offset, rows }
    }

    /// The row at `index` of the whole list, when it is loaded.
    pub fn get(&self, index: usize) -> Option<&T> {
        self.rows.get(index.checked_sub(self.offset)?)
    }

    /// Whether every index of `range` that exists in a list of `total` rows is loaded.
    pub fn covers(&self, range: Range<usize>, total: usize) -> bool {
        let wanted = range.start.min(total)..range.end.min(total);
        wanted.is_empty()
            || (wanted.start >= self.offset && wanted.end <= self.offset + self.rows.len())
    }

    pub fn position(&self, matches: impl Fn(&T) -> bool) -> Option<usize> {
        self.rows.iter().position(matches).map(|i| i + self.offset)
    }
}

/// The rows to load so that `visible` and a screen on either side are in memory.
pub fn wanted_range(visible: Range<usize>, total: usize) -> Range<usize> {
    let height = visible.len().max(1);
    let start = visible.start.saturating_sub(height);
    let end = (visible.end + height).min(total);
    start.min(end)..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_addressed_by_their_place_in_the_whole_list() {
        let window = RowWindow::new(10, vec!["a", "b", "c"]);
        assert_eq!(window.get(9), None);
        assert_eq!(window.get(10), Some(&"a"));
        assert_eq!(window.get(12), Some(&"c"));
        assert_eq!(window.get(13), None);
        assert_eq!(window.position(|r| *r == "b"), Some(11));
    }

    #[test]
    fn coverage_ignores_rows_past_the_end_of_the_list() {
        let window = RowWindow::new(10, vec![1, 2, 3]);
        assert!(window.covers(10..13, 100));
        assert!(!window.covers(9..12, 100));
        assert!(!window.covers(11..14, 100));
        // The list has only 12 rows: 12..14 do not exist, so 10..14 is covered.
        assert!(window.covers(10..14, 12));
        assert!(RowWindow::<u8>::default().covers(0..20, 0));
    }

    #[test]
    fn a_screen_is_kept_on_either_side() {
        assert_eq!(wanted_range(20..30, 1000), 10..40);
        assert_eq!(wanted_range(0..10, 1000), 0..20);
        assert_eq!(wanted_range(995..1000, 1000), 990..1000);
        assert_eq!(wanted_range(0..10, 0), 0..0);
    }
}
