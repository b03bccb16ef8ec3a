//! Text from the network on its way to a cell: sanitised (`crate::text`), emoji spelled out
//! when the terminal cannot draw them, and cut to the room there is. Only a bounded prefix of
//! a huge string is ever looked at, so a 100 KB preview costs no more than a short one.

use std::borrow::Cow;

use crate::app::UiOptions;
use crate::text::{ELLIPSIS, emoji_as_text, sanitize_block, sanitize_line, truncate};

/// Bytes of input looked at per column of output: generous enough for combining marks and
/// escape sequences, which take bytes but no columns.
const BYTES_PER_COLUMN: usize = 32;
const MIN_LINE_BYTES: usize = 256;

/// The most of a message body shown in the thread; the rest is one "continues" line away
/// (copying the message gives all of it).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// `text` as one line of at most `max_width` columns.
pub fn line(text: &str, max_width: usize, options: &UiOptions) -> String {
    let budget = max_width
        .saturating_mul(BYTES_PER_COLUMN)
        .max(MIN_LINE_BYTES);
    let (head, cut) = prefix(text, budget);
    let mut clean = sanitize_line(head);
    if cut {
        // What was left unread continues the line: say so even if the head fits.
        clean.to_mut().push(ELLIPSIS);
    }
    let spelled = spell_emoji(clean, options);
    truncate(&spelled, max_width).into_owned()
}

/// A glyph of ours (emoji marks), spelled out under "emoji as text".
pub fn glyph<'a>(text: &'a str, options: &UiOptions) -> Cow<'a, str> {
    spell_emoji(Cow::Borrowed(text), options)
}

/// A message body, sanitised as a block. `cut` tells that only its first
/// [`MAX_BODY_BYTES`] are kept.
pub struct Body<'a> {
    pub text: Cow<'a, str>,
    pub cut: bool,
}

pub fn block<'a>(text: &'a str, options: &UiOptions) -> Body<'a> {
    let (head, cut) = prefix(text, MAX_BODY_BYTES);
    Body {
        text: spell_emoji(sanitize_block(head), options),
        cut,
    }
}

/// The most of a message the full-screen reader shows.
pub const MAX_READER_BYTES: usize = 256 * 1024;

/// A message body for the reader: like [`block`], with a far larger bound.
pub fn long_block<'a>(text: &'a str, options: &UiOptions) -> Body<'a> {
    let (head, cut) = prefix(text, MAX_READER_BYTES);
    Body {
        text: spell_emoji(sanitize_block(head), options),
        cut,
    }
}

/// A text shown whole, however long (what a confirmation is about to send).
pub fn block_whole<'a>(text: &'a str, options: &UiOptions) -> Cow<'a, str> {
    spell_emoji(sanitize_block(text), options)
}

/// Emoji as the terminal can draw them: spelled out under "emoji as text", else without the
/// presentation selector where the terminal ignores it.
fn spell_emoji<'a>(text: Cow<'a, str>, options: &UiOptions) -> Cow<'a, str> {
    let convert = |text: &str| -> Option<String> {
        let converted = if options.emoji_as_text {
            emoji_as_text(text)
        } else {
            options.vs16.apply(text)
        };
        match converted {
            Cow::Borrowed(_) => None,
            Cow::Owned(owned) => Some(owned),
        }
    };
    match text {
        Cow::Borrowed(borrowed) => convert(borrowed).map_or(Cow::Borrowed(borrowed), Cow::Owned),
        Cow::Owned(owned) => Cow::Owned(convert(&owned).unwrap_or(owned)),
    }
}

/// At most `budget` bytes of `text`, cut at a character boundary, and whether it was cut.
fn prefix(text: &str, budget: usize) -> (&str, bool) {
    if text.len() <= budget {
        return (text, false);
    }
    let end = text.floor_char_boundary(budget);
    (text.get(..end).unwrap_or_default(), true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_never_survive_and_width_is_respected() {
        let options = UiOptions::default();
        let shown = line("a\x1b[2Jb\u{202E}c", 80, &options);
        assert_eq!(shown, "a␛[2Jb⇆c");
        assert_eq!(line("abcdef", 4, &options), "abc…");
    }

    #[test]
    fn a_huge_line_is_read_only_as_far_as_it_can_show() {
        let options = UiOptions::default();
        let huge = "x".repeat(1_000_000);
        assert_eq!(line(&huge, 5, &options), "xxxx…");
        // Marks eat bytes but no columns: the cut still shows as an ellipsis.
        let zalgo = format!("a{}", "\u{301}".repeat(10_000));
        assert!(line(&zalgo, 40, &options).ends_with(ELLIPSIS));
    }

    #[test]
    fn emoji_are_spelled_only_when_asked() {
        let mut options = UiOptions::default();
        assert_eq!(line("ok 👍", 20, &options), "ok 👍");
        options.emoji_as_text = true;
        assert_eq!(line("ok 👍", 20, &options), "ok :+1:");
        assert_eq!(glyph("📎", &options), ":paperclip:");
    }

    #[test]
    fn bodies_keep_their_line_breaks_and_are_bounded() {
        let options = UiOptions::default();
        let body = block("one\r\ntwo\x07", &options);
        assert_eq!(body.text, "one\ntwo␇");
        assert!(!body.cut);
        let huge = "word ".repeat(10_000);
        let body = block(&huge, &options);
        assert!(body.cut && body.text.len() <= MAX_BODY_BYTES);
    }
}
