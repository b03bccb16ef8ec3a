//! Display widths, measured the way ratatui 0.29 writes a string into its `Buffer`
//! (`Buffer::set_stringn`): per extended grapheme cluster, with unicode-width's width of the
//! cluster, and clusters that contain a control character take no cell at all.
//!
//! This is a per-cluster sum, which can differ from `UnicodeWidthStr::width` of the whole
//! string: unicode-width counts the Arabic ligature لا as one column, but lam and alef are two
//! clusters and ratatui gives each its own cell. What matters is where the border lands.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Marks a cut in [`truncate`]; one column wide.
pub const ELLIPSIS: char = '…';

/// The number of terminal columns `text` takes when written into a ratatui buffer.
pub fn display_width(text: &str) -> usize {
    if text.is_ascii() {
        return text.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    text.graphemes(true).map(cluster_width).sum()
}

/// The columns one grapheme cluster takes (0, 1 or 2; 3 for the odd Khmer sign).
pub fn cluster_width(cluster: &str) -> usize {
    if cluster.chars().any(char::is_control) {
        0
    } else {
        cluster.width()
    }
}

/// `text` cut to at most `max_width` columns, ending in [`ELLIPSIS`] when something was cut.
/// Never cuts inside a grapheme cluster; a wide cluster that would straddle the limit is left
/// out whole.
pub fn truncate(text: &str, max_width: usize) -> Cow<'_, str> {
    // No cluster is wider than its UTF-8 length, so a short string always fits.
    if text.len() <= max_width {
        return Cow::Borrowed(text);
    }
    let room_before_ellipsis = max_width.saturating_sub(1);
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        // Printable ASCII: one byte, one cluster, one column.
        return cut_at(text, room_before_ellipsis, max_width);
    }
    let mut width = 0;
    let mut kept_end = 0;
    for (at, cluster) in text.grapheme_indices(true) {
        width += cluster_width(cluster);
        if width > max_width {
            return cut_at(text, kept_end, max_width);
        }
        if width <= room_before_ellipsis {
            kept_end = at + cluster.len();
        }
    }
    Cow::Borrowed(text)
}

/// `text[..end]` and an ellipsis, or nothing when not even the ellipsis fits.
fn cut_at(text: &str, end: usize, max_width: usize) -> Cow<'_, str> {
    if max_width == 0 {
        return Cow::Borrowed("");
    }
    let mut cut = String::with_capacity(end + ELLIPSIS.len_utf8());
    cut.push_str(text.get(..end).unwrap_or_default());
    cut.push(ELLIPSIS);
    Cow::Owned(cut)
}

/// `text` truncated to `width` columns and padded with spaces to exactly `width`: a table
/// cell or a list row.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    let cut = truncate(text, width);
    let missing = width.saturating_sub(display_width(&cut));
    if missing == 0 {
        return cut;
    }
    let mut padded = cut.into_owned();
    padded.extend(std::iter::repeat_n(' ', missing));
    Cow::Owned(padded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_zero_width_clusters() {
        assert_eq!(display_width("你好"), 4);
        assert_eq!(display_width("ＡＢ"), 4);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("👨\u{200D}👩\u{200D}👧"), 2);
        assert_eq!(display_width("🇫🇷"), 2);
        // Two clusters, two cells, although unicode-width calls the pair one column.
        assert_eq!(display_width("لا"), 2);
    }

    #[test]
    fn control_clusters_take_no_cell() {
        assert_eq!(display_width("a\x1bb"), 2);
        assert_eq!(display_width("a\r\nb"), 2);
        assert_eq!(display_width("a\u{9b}b"), 2);
    }

    #[test]
    fn truncate_keeps_wide_clusters_whole() {
        assert_eq!(truncate("你好世界", 5), "你好…");
        assert_eq!(truncate("你好世界", 4), "你…");
        assert_eq!(truncate("你好世界", 8), "你好世界");
        assert_eq!(truncate("abcdef", 1), "…");
        assert_eq!(truncate("abcdef", 0), "");
        assert_eq!(truncate("", 0), "");
    }

    #[test]
    fn fit_pads_to_the_exact_width() {
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("你好世界", 5), "你好…");
        assert_eq!(fit("你好世界", 6), "你好… ");
        assert_eq!(fit("abcd", 4), "abcd");
    }
}
