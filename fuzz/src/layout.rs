//! Layout: `wrap`, `truncate` and `fit` keep to their widths, cut only between grapheme
//! clusters and lose nothing but the spaces at a break.

use unibox::text::{ELLIPSIS, cluster_width, display_width, fit, truncate, wrap};
use unicode_segmentation::UnicodeSegmentation;

/// `wrap(text, width)`.
pub fn check_wrap(width: usize, text: &str) {
    let lines = wrap(text, width);
    if width == 0 {
        assert!(lines.is_empty(), "lines at width 0");
        return;
    }
    let paragraphs = text.split('\n').count();
    assert!(lines.len() >= paragraphs, "a paragraph without a line");
    let mut covered = 0;
    for line in &lines {
        let Some(shown) = text.get(line.clone()) else {
            panic!(
                "{line:?} is not a range of char boundaries in {} bytes",
                text.len()
            );
        };
        assert!(line.start >= covered, "{line:?} overlaps or goes back");
        assert!(!shown.contains('\n'), "{line:?} spans two paragraphs");
        let Some(between) = text.get(covered..line.start) else {
            panic!("{covered}..{} is not on char boundaries", line.start);
        };
        assert!(
            between.chars().all(|c| c == ' ' || c == '\n'),
            "{between:?} before {line:?} is on no line"
        );
        assert!(
            display_width(shown) <= width || is_one_wide_cluster(shown, width),
            "{shown:?} is wider than {width}"
        );
        covered = line.end;
    }
    let rest = text.get(covered..).unwrap_or_default();
    assert!(
        rest.chars().all(|c| c == ' ' || c == '\n'),
        "{rest:?} at the end is on no line"
    );
}

/// Zero-width clusters and then a single cluster wider than `width`: the one kind of line
/// allowed to be too wide.
fn is_one_wide_cluster(line: &str, width: usize) -> bool {
    let widths: Vec<usize> = line.graphemes(true).map(cluster_width).collect();
    match widths.split_last() {
        Some((&last, before)) => last > width && before.iter().all(|&w| w == 0),
        None => false,
    }
}

/// `truncate(text, width)` and `fit(text, width)`.
pub fn check_truncate_and_fit(width: usize, text: &str) {
    let cut = truncate(text, width);
    let full_width = display_width(text);
    assert!(
        display_width(&cut) <= width,
        "{cut:?} is wider than {width}"
    );
    if full_width <= width {
        assert_eq!(cut, text, "cut although it fits");
    } else if width == 0 {
        assert_eq!(cut, "", "something shown in no room");
    } else {
        let Some(kept) = cut.strip_suffix(ELLIPSIS) else {
            panic!("{cut:?} was cut without an ellipsis");
        };
        assert!(
            text.starts_with(kept),
            "{kept:?} is not the start of the text"
        );
        let clusters: Vec<&str> = text.graphemes(true).collect();
        let mut end = 0;
        let mut next = None;
        for cluster in &clusters {
            if end == kept.len() {
                next = Some(*cluster);
                break;
            }
            end += cluster.len();
        }
        assert_eq!(end, kept.len(), "cut inside a grapheme cluster");
        // As much as fits before the ellipsis: one more cluster would not.
        if let Some(next) = next {
            assert!(
                display_width(kept) + cluster_width(next) > width - 1,
                "{next:?} would still fit before the ellipsis"
            );
        }
    }

    let fitted = fit(text, width);
    let Some(padding) = fitted.strip_prefix(cut.as_ref()) else {
        panic!("{fitted:?} does not start with {cut:?}");
    };
    assert!(padding.chars().all(|c| c == ' '), "padded with {padding:?}");
    assert_eq!(
        display_width(&fitted),
        width,
        "{fitted:?} does not fill {width}"
    );
}
