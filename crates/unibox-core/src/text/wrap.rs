//! Word wrapping into byte ranges of the input, so callers slice (and style) without copying.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::width::cluster_width;

/// Splits `text` into lines of at most `width` columns (as [`display_width`] measures them).
///
/// - Every `\n` ends a line; an empty paragraph is one empty line.
/// - Lines break at spaces (U+0020); the spaces at a break belong to no line. Spaces at the
///   start of a paragraph are kept (indentation), spaces at its end are dropped.
/// - A word wider than `width` is broken between grapheme clusters; a single cluster wider
///   than `width` gets a line of its own, with any zero-width clusters just before it (the
///   only way a line can exceed `width`).
/// - `width == 0` yields no lines: nothing can be shown.
///
/// Give it sanitised text ([`sanitize_block`]): control characters take no column here, as in
/// ratatui's buffer, but a terminal would act on them.
///
/// [`display_width`]: super::display_width
/// [`sanitize_block`]: super::sanitize_block
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    if width == 0 {
        return lines;
    }
    let mut start = 0;
    for paragraph in text.split('\n') {
        let mut wrapper = Wrapper::new(width, &mut lines);
        if paragraph.is_ascii() {
            // One byte, one cluster: no need for the segmenter.
            for (at, byte) in paragraph.bytes().enumerate() {
                let columns = usize::from(!byte.is_ascii_control());
                wrapper.cluster(start + at..start + at + 1, columns, byte == b' ');
            }
        } else {
            for (at, cluster) in paragraph.grapheme_indices(true) {
                let span = start + at..start + at + cluster.len();
                wrapper.cluster(span, cluster_width(cluster), cluster == " ");
            }
        }
        wrapper.finish(start);
        start += paragraph.len() + 1;
    }
    lines
}

/// Greedy wrapping of one paragraph, fed one cluster at a time.
struct Wrapper<'a> {
    width: usize,
    lines: &'a mut Vec<Range<usize>>,
    lines_before: usize,
    /// The words placed on the current line and their width, spaces between them included.
    line: Option<(Range<usize>, usize)>,
    /// Width of the spaces after the placed words; they count only if another word follows.
    gap: usize,
    /// The word being read and its width; it always fits after `line` and `gap`.
    word: Option<(Range<usize>, usize)>,
    /// Spaces before the paragraph's first word are part of it (indentation).
    indenting: bool,
}

impl<'a> Wrapper<'a> {
    fn new(width: usize, lines: &'a mut Vec<Range<usize>>) -> Self {
        let lines_before = lines.len();
        Wrapper {
            width,
            lines,
            lines_before,
            line: None,
            gap: 0,
            word: None,
            indenting: true,
        }
    }

    fn cluster(&mut self, span: Range<usize>, width: usize, is_space: bool) {
        if is_space && !self.indenting {
            self.place_word();
            self.gap += width;
            return;
        }
        self.indenting &= is_space;
        self.extend_word(span, width);
    }

    fn extend_word(&mut self, span: Range<usize>, width: usize) {
        let word_width = self.word.as_ref().map_or(0, |(_, w)| *w);
        let used = self.line.as_ref().map_or(0, |(_, w)| w + self.gap);
        if used + word_width + width <= self.width {
            self.grow_word(span, width);
            return;
        }
        // Move the word to a fresh line when the current one has other words on it.
        if let Some((line, _)) = self.line.take() {
            self.lines.push(line);
            self.gap = 0;
            if word_width + width <= self.width {
                self.grow_word(span, width);
                return;
            }
        }
        // The word alone is wider than a line: break it before this cluster.
        let mut start = span.start;
        if let Some((word, word_width)) = self.word.take() {
            if word_width > 0 {
                self.lines.push(word);
            } else {
                // Only zero-width clusters so far: they stay with what follows.
                start = word.start;
            }
        }
        if width > self.width {
            self.lines.push(start..span.end);
        } else {
            self.word = Some((start..span.end, width));
        }
    }

    fn grow_word(&mut self, span: Range<usize>, width: usize) {
        self.word = Some(match self.word.take() {
            Some((word, word_width)) => (word.start..span.end, word_width + width),
            None => (span, width),
        });
    }

    /// Puts the finished word on the line (it fits: `extend_word` made sure).
    fn place_word(&mut self) {
        if let Some((word, word_width)) = self.word.take() {
            self.line = Some(match self.line.take() {
                Some((line, line_width)) => {
                    (line.start..word.end, line_width + self.gap + word_width)
                }
                None => (word, word_width),
            });
            self.gap = 0;
        }
    }

    fn finish(mut self, paragraph_start: usize) {
        self.place_word();
        match self.line.take() {
            Some((line, _)) => self.lines.push(line),
            None if self.lines.len() == self.lines_before => {
                self.lines.push(paragraph_start..paragraph_start);
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrapped(text: &str, width: usize) -> Vec<&str> {
        wrap(text, width)
            .into_iter()
            .map(|range| &text[range])
            .collect()
    }

    #[test]
    fn breaks_at_spaces_and_drops_them() {
        assert_eq!(
            wrapped("the quick brown fox", 10),
            ["the quick", "brown fox"]
        );
        assert_eq!(wrapped("the   quick", 5), ["the", "quick"]);
        assert_eq!(wrapped("ab cd", 5), ["ab cd"]);
    }

    #[test]
    fn keeps_indentation_and_drops_trailing_spaces() {
        assert_eq!(wrapped("  indented  ", 20), ["  indented"]);
        assert_eq!(wrapped("   ", 20), ["   "]);
    }

    #[test]
    fn paragraphs_and_empty_lines() {
        assert_eq!(wrapped("a\n\nb", 5), ["a", "", "b"]);
        assert_eq!(wrapped("", 5), [""]);
        assert_eq!(wrapped("a\n", 5), ["a", ""]);
    }

    #[test]
    fn long_words_break_between_clusters() {
        assert_eq!(wrapped("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrapped("hi abcdefgh", 3), ["hi", "abc", "def", "gh"]);
        assert_eq!(wrapped("你好世界", 3), ["你", "好", "世", "界"]);
        assert_eq!(
            wrapped("e\u{301}e\u{301}e\u{301}", 2),
            ["e\u{301}e\u{301}", "e\u{301}"]
        );
    }

    #[test]
    fn a_cluster_wider_than_the_width_gets_its_own_line() {
        assert_eq!(wrapped("a你b", 1), ["a", "你", "b"]);
        assert_eq!(wrapped("\u{301}你", 1), ["\u{301}你"]);
    }

    #[test]
    fn width_zero_shows_nothing() {
        assert!(wrap("anything", 0).is_empty());
    }
}
