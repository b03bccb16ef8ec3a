//! The one sanitiser, in two shapes: one line (list rows, titles, status bar, notifications)
//! and a block (message bodies).
//!
//! Nothing is hidden: a dangerous character is replaced by a visible placeholder of width 1
//! and the rest of an escape sequence stays as inert text, so `ESC [ 2 J` shows as `␛[2J`.
//! Collapsing whole sequences instead would let an unterminated one swallow the rest of a
//! message.
//!
//! Guarantees (checked by property tests):
//! - the output has no control character (C0, DEL, C1), no bidi control and no invisible
//!   format character; a block keeps `\n` and nothing else of C0;
//! - sanitising twice gives the same as once;
//! - the output is at most [`LINE_GROWTH`] (line) or [`BLOCK_GROWTH`] (block) times the input's
//!   length in bytes;
//! - text that needs no change comes back as `Cow::Borrowed`, without allocating.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

use super::classify::{
    CANCEL_TAG, Class, EMOJI_TAG_BASE, INVISIBLE_MARK, SUBSTITUTE_MARK, classify,
};
use super::width::display_width;

/// Tab stops in a block, in columns.
pub const TAB_STOP: usize = 4;
/// Zero-width characters (combining marks, joiners, selectors) kept in a row; the rest of the
/// row becomes one [`SUBSTITUTE_MARK`]. Real scripts stack far fewer (Vietnamese 2, Tibetan
/// and Hebrew with cantillation about 5); "Zalgo" stacks hundreds, which draws over the
/// neighbouring rows of many terminals and makes one cell cost kilobytes per frame.
pub const MAX_MARKS_IN_A_ROW: usize = 8;
/// A one-line result is at most this many times the input's length in bytes: a one-byte
/// control becomes a three-byte placeholder.
pub const LINE_GROWTH: usize = 3;
/// A block result is at most this many times the input's length in bytes: a tab becomes up to
/// [`TAB_STOP`] spaces.
pub const BLOCK_GROWTH: usize = TAB_STOP;

/// Longest tag spec kept in an emoji tag sequence (subdivision flags use 5, e.g. `gbsct`).
/// Spec plus cancel tag stay within [`MAX_MARKS_IN_A_ROW`], so the mark limit never cuts a
/// flag in two (which would make sanitising twice differ from once).
const MAX_TAG_SPEC: usize = MAX_MARKS_IN_A_ROW - 2;

/// Sanitises text for a one-line sink: list rows, titles, the status bar, notifications.
///
/// Line breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029) and tabs each become one space, so a
/// preview reads like the message ("Hi" / "there" → `Hi there`) and a carriage-return
/// overwrite trick shows both halves side by side.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    sanitize(text, Shape::Line)
}

/// Sanitises a message body: keeps `\n`, turns `\r\n`, `\r`, U+2028 and U+2029 into `\n`, and
/// expands tabs to the next multiple of [`TAB_STOP`] columns.
pub fn sanitize_block(text: &str) -> Cow<'_, str> {
    sanitize(text, Shape::Block)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Line,
    Block,
}

fn sanitize(text: &str, shape: Shape) -> Cow<'_, str> {
    // Hot path: most text is printable ASCII and needs no look at characters.
    let plain = |b: u8| (b' '..=b'~').contains(&b) || (shape == Shape::Block && b == b'\n');
    if text.bytes().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = Output::new(text);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match classify(c) {
            Class::Keep => out.keep(at, c),
            Class::Replace(mark) => out.replace(mark),
            Class::LineFeed => match shape {
                Shape::Line => out.replace(' '),
                Shape::Block => {
                    out.keep(at, c);
                    out.start_line();
                }
            },
            Class::CarriageReturn => {
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    out.drop_char();
                } else {
                    out.line_break(shape);
                }
            }
            Class::Separator => out.line_break(shape),
            Class::Tab => match shape {
                Shape::Line => out.replace(' '),
                Shape::Block => out.tab(),
            },
            Class::Tag => match emoji_tag_len(&out, text.get(at..).unwrap_or_default()) {
                Some(len) => {
                    out.keep(at, c);
                    let end = at + len;
                    while let Some((tag_at, tag)) = chars.next_if(|&(i, _)| i < end) {
                        out.keep(tag_at, tag);
                    }
                }
                None => out.replace(INVISIBLE_MARK),
            },
        }
    }
    out.finish()
}

/// The byte length of the emoji tag sequence starting `rest`, if the output so far ends in
/// the flag that such a sequence decorates.
fn emoji_tag_len(out: &Output<'_>, rest: &str) -> Option<usize> {
    if !out.as_str().ends_with(EMOJI_TAG_BASE) {
        return None;
    }
    let mut spec = 0;
    for (at, c) in rest.char_indices() {
        match c {
            CANCEL_TAG if spec > 0 => return Some(at + c.len_utf8()),
            '\u{E0020}'..='\u{E007E}' if spec < MAX_TAG_SPEC => spec += 1,
            _ => return None,
        }
    }
    None
}

/// The result being built. It stays a borrowed prefix of the input until the first change.
struct Output<'a> {
    source: &'a str,
    owned: Option<String>,
    /// While nothing has changed, the output is `source[..borrowed_end]`.
    borrowed_end: usize,
    marks_in_a_row: usize,
    /// Past [`MAX_MARKS_IN_A_ROW`]: zero-width characters are dropped until a visible one.
    dropping_marks: bool,
    /// Where the current line's not yet measured text starts, and the width before it (tabs).
    column_mark: usize,
    column_width: usize,
}

impl<'a> Output<'a> {
    fn new(source: &'a str) -> Self {
        Output {
            source,
            owned: None,
            borrowed_end: 0,
            marks_in_a_row: 0,
            dropping_marks: false,
            column_mark: 0,
            column_width: 0,
        }
    }

    fn as_str(&self) -> &str {
        match &self.owned {
            Some(owned) => owned,
            None => self.source.get(..self.borrowed_end).unwrap_or_default(),
        }
    }

    /// The output as an owned string, copying what was kept so far on first use.
    fn owned(&mut self) -> &mut String {
        let (source, kept) = (self.source, self.borrowed_end);
        self.owned.get_or_insert_with(|| {
            let mut owned = String::with_capacity(source.len() + source.len() / 8 + 8);
            owned.push_str(source.get(..kept).unwrap_or_default());
            owned
        })
    }

    /// Keeps the input character `c` found at byte `at`.
    fn keep(&mut self, at: usize, c: char) {
        let zero_width = !c.is_ascii() && c.width() == Some(0);
        if zero_width {
            if self.dropping_marks {
                self.drop_char();
                return;
            }
            if self.marks_in_a_row == MAX_MARKS_IN_A_ROW {
                self.replace(SUBSTITUTE_MARK);
                self.dropping_marks = true;
                return;
            }
            self.marks_in_a_row += 1;
        } else {
            self.end_mark_run();
        }
        match &mut self.owned {
            Some(owned) => owned.push(c),
            None => self.borrowed_end = at + c.len_utf8(),
        }
    }

    /// Writes `c` (a placeholder or a space: visible, width 1) instead of the input character.
    fn replace(&mut self, c: char) {
        self.end_mark_run();
        self.owned().push(c);
    }

    fn drop_char(&mut self) {
        self.owned();
    }

    fn line_break(&mut self, shape: Shape) {
        match shape {
            Shape::Line => self.replace(' '),
            Shape::Block => {
                self.replace('\n');
                self.start_line();
            }
        }
    }

    /// Tab stops count from here.
    fn start_line(&mut self) {
        self.column_mark = self.as_str().len();
        self.column_width = 0;
    }

    fn tab(&mut self) {
        let column = self.column_width
            + display_width(self.as_str().get(self.column_mark..).unwrap_or_default());
        let spaces = TAB_STOP - column % TAB_STOP;
        self.end_mark_run();
        let owned = self.owned();
        owned.extend(std::iter::repeat_n(' ', spaces));
        self.column_mark = owned.len();
        self.column_width = column + spaces;
    }

    fn end_mark_run(&mut self) {
        self.marks_in_a_row = 0;
        self.dropping_marks = false;
    }

    fn finish(self) -> Cow<'a, str> {
        match self.owned {
            Some(owned) => Cow::Owned(owned),
            None => Cow::Borrowed(self.source),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_is_borrowed() {
        for text in ["plain ascii", "héllo 👍🏽 你好", "line\nbreak"] {
            assert!(matches!(sanitize_block(text), Cow::Borrowed(_)), "{text:?}");
        }
        assert!(matches!(sanitize_line("héllo 👍🏽 你好"), Cow::Borrowed(_)));
        assert!(matches!(sanitize_line("line\nbreak"), Cow::Owned(_)));
    }

    #[test]
    fn newline_in_a_line_becomes_one_space() {
        assert_eq!(sanitize_line("a\nb\r\nc\rd\u{2028}e\tf"), "a b c d e f");
    }

    #[test]
    fn block_normalises_line_breaks() {
        assert_eq!(sanitize_block("a\r\nb\rc\u{2029}d"), "a\nb\nc\nd");
    }

    #[test]
    fn tabs_expand_to_the_next_stop_measured_in_columns() {
        assert_eq!(sanitize_block("a\tb"), "a   b");
        assert_eq!(sanitize_block("abcd\tb"), "abcd    b");
        // 你 is two columns wide: the stop after it is two spaces away.
        assert_eq!(sanitize_block("你\tb"), "你  b");
        // The column restarts after a line break.
        assert_eq!(sanitize_block("abc\n\tx"), "abc\n    x");
        // Placeholders count as the one column they take.
        assert_eq!(sanitize_block("\x1b\tx"), "␛   x");
    }

    #[test]
    fn the_mark_limit_keeps_a_few_and_flags_the_rest() {
        let zalgo = format!("a{}b", "\u{301}".repeat(20));
        let expected = format!("a{}␦b", "\u{301}".repeat(MAX_MARKS_IN_A_ROW));
        assert_eq!(sanitize_line(&zalgo), expected);
    }

    #[test]
    fn tags_are_kept_only_after_a_black_flag() {
        let scotland = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}";
        assert_eq!(sanitize_line(scotland), scotland);
        assert_eq!(sanitize_line("a\u{E0068}\u{E0069}\u{E007F}"), "a␣␣␣");
        // No cancel tag: not a sequence.
        assert_eq!(sanitize_line("\u{1F3F4}\u{E0067}\u{E0062}"), "\u{1F3F4}␣␣");
        // A spec longer than any real flag is not kept either.
        let long = format!("\u{1F3F4}{}\u{E007F}", "\u{E0061}".repeat(MAX_TAG_SPEC + 1));
        assert!(!sanitize_line(&long).contains('\u{E0061}'));
    }
}
