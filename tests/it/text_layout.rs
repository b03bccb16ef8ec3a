//! Widths, truncation and wrapping: the invariants the panes rely on.

use std::ops::Range;

use proptest::prelude::*;
use unibox::text::{ELLIPSIS, display_width, fit, sanitize_block, truncate, wrap};
use unibox_sandbox::hostile;
use unicode_segmentation::UnicodeSegmentation;

/// Byte offsets where a grapheme cluster starts, and the end of the text; sorted.
fn cluster_boundaries(text: &str) -> Vec<usize> {
    let starts = text.grapheme_indices(true).map(|(start, _)| start);
    starts.chain([text.len()]).collect()
}

fn is_cluster_boundary(text: &str, at: usize) -> bool {
    cluster_boundaries(text).binary_search(&at).is_ok()
}

/// Checks everything `wrap` promises for `text` at `width`.
fn check_wrap(text: &str, width: usize) -> Result<(), TestCaseError> {
    let lines = wrap(text, width);
    if width == 0 {
        prop_assert!(lines.is_empty());
        return Ok(());
    }
    prop_assert!(lines.len() > text.matches('\n').count());
    // Indentation is kept, so the first line starts with the text.
    prop_assert_eq!(lines.first().map(|line| line.start), Some(0));
    let boundaries = cluster_boundaries(text);
    let mut end_of_previous: Option<usize> = None;
    for Range { start, end } in lines.iter().cloned() {
        prop_assert!(start <= end && end <= text.len());
        prop_assert!(boundaries.binary_search(&start).is_ok());
        prop_assert!(boundaries.binary_search(&end).is_ok());
        let line = &text[start..end];
        prop_assert!(!line.contains('\n'));
        // Too wide only when one cluster alone is (clusters of no width may come with it).
        let visible_clusters = line
            .graphemes(true)
            .filter(|g| display_width(g) > 0)
            .count();
        let fits = display_width(line) <= width;
        prop_assert!(fits || visible_clusters == 1, "{:?} at {}", line, width);
        // What lies between two lines is the spaces of a break, or a line break.
        let gap = &text[end_of_previous.unwrap_or(0)..start];
        prop_assert!(gap.matches('\n').count() <= 1, "gap {:?}", gap);
        prop_assert!(gap.chars().all(|c| c == ' ' || c == '\n'), "gap {:?}", gap);
        end_of_previous = Some(end);
    }
    let tail = &text[end_of_previous.unwrap_or(0)..];
    prop_assert!(tail.chars().all(|c| c == ' '), "tail {:?}", tail);
    Ok(())
}

#[test]
fn wrap_holds_its_promises_on_the_corpus() {
    for sample in hostile::corpus() {
        let text = sanitize_block(&sample.text);
        for width in [0, 1, 2, 3, 7, 40] {
            check_wrap(&text, width).unwrap_or_else(|e| panic!("{} at {width}: {e}", sample.name));
        }
    }
}

#[test]
fn wrap_keeps_every_word_of_a_long_message() {
    let text = sanitize_block(&hostile::huge_line().text).into_owned();
    let lines = wrap(&text, 37);
    let rewrapped: Vec<&str> = lines.iter().map(|range| &text[range.clone()]).collect();
    assert_eq!(rewrapped.join(" "), text.trim_end());
    assert!(
        lines
            .iter()
            .all(|range| display_width(&text[range.clone()]) <= 37)
    );
}

#[test]
fn wrap_of_ten_thousand_lines_gives_ten_thousand_lines() {
    let text = hostile::many_lines().text;
    let lines = wrap(&text, 80);
    assert_eq!(lines.len(), 10_000);
    assert_eq!(&text[lines[9_999].clone()], "line 10000");
}

#[test]
fn wrap_breaks_a_huge_word_at_every_width() {
    let text = hostile::huge_word().text;
    let lines = wrap(&text, 10);
    assert!(
        lines
            .iter()
            .all(|range| display_width(&text[range.clone()]) <= 10)
    );
    let joined: String = lines.iter().map(|range| &text[range.clone()]).collect();
    assert_eq!(joined, text);
}

#[test]
fn truncate_cuts_wide_text_within_the_limit() {
    assert_eq!(truncate("ＦＵＬＬ", 5), "ＦＵ…");
    assert_eq!(truncate("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 3), "👨‍👩‍👧‍👦…");
    assert_eq!(truncate("👨‍👩‍👧‍👦👨‍👩‍👧‍👦", 4), "👨‍👩‍👧‍👦👨‍👩‍👧‍👦");
    assert_eq!(truncate("🇫🇷🇯🇵🇧🇷", 5), "🇫🇷🇯🇵…");
}

fn any_text() -> impl Strategy<Value = String> {
    let unit = prop_oneof![
        any::<char>().prop_map(String::from),
        prop::sample::select(vec![
            " ",
            " ",
            "  ",
            "a",
            "word",
            "你",
            "Ｆ",
            "e\u{301}",
            "👍🏽",
            "👨‍👩‍👧",
            "🇫🇷",
            "1\u{FE0F}\u{20E3}",
            "\u{301}",
            "\n",
            "ไทย",
            "لا",
            "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(unit, 0..40).prop_map(|units| units.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn wrap_holds_its_promises(text in any_text(), width in 0usize..12) {
        check_wrap(&sanitize_block(&text), width)?;
    }

    #[test]
    fn truncate_never_exceeds_and_only_cuts_at_clusters(text in any_text(), max in 0usize..16) {
        let text = sanitize_block(&text).replace('\n', " ");
        let cut = truncate(&text, max);
        prop_assert!(display_width(&cut) <= max);
        if display_width(&text) <= max {
            prop_assert_eq!(&*cut, text.as_str());
        } else if max > 0 {
            let kept = cut.strip_suffix(ELLIPSIS).unwrap_or_else(|| panic!("no ellipsis in {cut:?}"));
            prop_assert!(text.starts_with(kept));
            prop_assert!(is_cluster_boundary(&text, kept.len()));
            // As much as fits: the next cluster would not have.
            let next = text[kept.len()..].graphemes(true).next().unwrap_or_default();
            prop_assert!(display_width(kept) + display_width(next) > max - 1);
        } else {
            prop_assert_eq!(&*cut, "");
        }
    }

    #[test]
    fn fit_is_exactly_the_width(text in any_text(), width in 0usize..16) {
        let text = sanitize_block(&text).replace('\n', " ");
        prop_assert_eq!(display_width(&fit(&text, width)), width);
    }

    #[test]
    fn no_text_is_wider_than_its_bytes(text in any_text()) {
        // `truncate` returns early on this.
        prop_assert!(display_width(&text) <= text.len());
    }
}
