//! The sanitiser's guarantees (`unibox::text`, module docs of `sanitize`), on any text.

use std::borrow::Cow;

use unibox::text::{BLOCK_GROWTH, LINE_GROWTH, MAX_MARKS_IN_A_ROW, sanitize_block, sanitize_line};
use unicode_width::UnicodeWidthChar;

const FLAG: char = '\u{1F3F4}';
const CANCEL_TAG: char = '\u{E007F}';

/// `sanitize_line`: one line, nothing a terminal acts on, stable, bounded.
pub fn check_line(text: &str) {
    let line = sanitize_line(text);
    check_common(text, &line, matches!(line, Cow::Borrowed(_)), LINE_GROWTH);
    assert!(!line.contains('\n'), "a line break in {line:?}");
    assert_eq!(sanitize_line(&line), line, "not idempotent");
}

/// `sanitize_block`: as a line, but every line break of the input is one `\n`.
pub fn check_block(text: &str) {
    let block = sanitize_block(text);
    check_common(
        text,
        &block,
        matches!(block, Cow::Borrowed(_)),
        BLOCK_GROWTH,
    );
    assert_eq!(
        block.matches('\n').count(),
        line_breaks(text),
        "line breaks changed in {block:?}"
    );
    assert_eq!(sanitize_block(&block), block, "not idempotent");
}

/// `borrowed`: whether the sanitiser gave back its input instead of a copy.
fn check_common(input: &str, output: &str, borrowed: bool, growth: usize) {
    if let Some(c) = output.chars().find(|&c| is_forbidden(c)) {
        panic!("{c:?} left in {output:?}");
    }
    assert!(
        !has_stray_tag(output),
        "a stray tag character in {output:?}"
    );
    assert!(
        output.len() <= growth * input.len(),
        "grew from {} to {} bytes",
        input.len(),
        output.len()
    );
    assert_eq!(borrowed, output == input, "borrowed exactly when unchanged");
    assert!(
        longest_mark_run(output) <= MAX_MARKS_IN_A_ROW,
        "a pile of marks in {output:?}"
    );
    assert_eq!(readable(output), readable(input), "visible letters changed");
}

/// What no sanitised text may hold besides `\n`: controls (C0, DEL, C1), line and paragraph
/// separators, bidi controls, and the invisible characters that can hide content.
fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{AD}'
                | '\u{180E}'
                | '\u{200B}'
                | '\u{2060}'..='\u{2065}'
                | '\u{206A}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{FFF0}'..='\u{FFF8}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E001F}'
                | '\u{E0080}'..='\u{E00FF}'
                | '\u{E01F0}'..='\u{E0FFF}'
        )
}

/// Tag characters are allowed only as a complete emoji tag sequence after a black flag.
fn has_stray_tag(text: &str) -> bool {
    let mut in_sequence = false;
    let mut previous = None;
    for c in text.chars() {
        let is_tag = ('\u{E0020}'..=CANCEL_TAG).contains(&c);
        if is_tag && !in_sequence && previous != Some(FLAG) {
            return true;
        }
        in_sequence = is_tag && c != CANCEL_TAG;
        previous = Some(c);
    }
    in_sequence
}

/// `\n`, `\r\n`, a lone `\r`, U+2028 and U+2029 each end a line.
fn line_breaks(text: &str) -> usize {
    let mut chars = text.chars().peekable();
    let mut breaks = 0;
    while let Some(c) = chars.next() {
        let crlf = c == '\r' && chars.peek() == Some(&'\n');
        if !crlf && matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
            breaks += 1;
        }
    }
    breaks
}

/// Zero-width characters in a row (the sanitiser's notion: non-ASCII of width 0).
fn longest_mark_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if is_mark(c) { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

fn is_mark(c: char) -> bool {
    !c.is_ascii() && c.width() == Some(0)
}

/// The visible letters and digits, in order: what a reader must still be able to read.
/// Zero-width ones are left out: past the mark limit they are dropped on purpose.
fn readable(text: &str) -> String {
    text.chars()
        .filter(|&c| c.is_alphanumeric() && !is_mark(c) && !is_forbidden(c))
        .collect()
}
