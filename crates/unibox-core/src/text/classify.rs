//! What each character becomes on its way to a terminal: kept as is, shown as a visible
//! placeholder, or left to the sanitiser (line breaks, tabs, emoji tags need context).
//!
//! Every placeholder is one column wide everywhere: the Control Pictures block and the arrow
//! below have East Asian Width "neutral", so even terminals that draw ambiguous characters
//! two columns wide agree with our widths.

/// A C1 control (U+0080–U+009F, e.g. U+009B, which some terminals take as CSI), and the spot
/// where a pile of combining marks was cut short.
pub const SUBSTITUTE_MARK: char = '\u{2426}'; // ␦
/// DEL (U+007F).
pub const DELETE_MARK: char = '\u{2421}'; // ␡
/// A bidirectional override, embedding, isolate or mark: it could reorder what is around it.
pub const BIDI_MARK: char = '\u{21C6}'; // ⇆
/// An invisible character that could hide or disguise content (zero width space, BOM, soft
/// hyphen, word joiner, Hangul fillers, tag characters outside an emoji flag, ...).
pub const INVISIBLE_MARK: char = '\u{2423}'; // ␣

/// U+1F3F4 WAVING BLACK FLAG: the only base of the emoji tag sequences in use (subdivision
/// flags such as Scotland's).
pub(crate) const EMOJI_TAG_BASE: char = '\u{1F3F4}';
/// U+E007F CANCEL TAG ends an emoji tag sequence.
pub(crate) const CANCEL_TAG: char = '\u{E007F}';

pub(crate) enum Class {
    Keep,
    Replace(char),
    LineFeed,
    CarriageReturn,
    Tab,
    /// U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: breaks that terminals do not
    /// perform, so without us they would glue two lines together.
    Separator,
    /// U+E0020–U+E007F: legitimate only inside an emoji tag sequence; elsewhere they smuggle
    /// invisible ASCII.
    Tag,
}

pub(crate) fn classify(c: char) -> Class {
    match c {
        '\n' => Class::LineFeed,
        '\r' => Class::CarriageReturn,
        '\t' => Class::Tab,
        '\0'..='\x1f' => Class::Replace(control_picture(c)),
        '\x7f' => Class::Replace(DELETE_MARK),
        '\u{80}'..='\u{9f}' => Class::Replace(SUBSTITUTE_MARK),
        '\u{2028}' | '\u{2029}' => Class::Separator,
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Class::Replace(BIDI_MARK),
        '\u{E0020}'..='\u{E007F}' => Class::Tag,
        c if is_hidden(c) => Class::Replace(INVISIBLE_MARK),
        _ => Class::Keep,
    }
}

/// The Default_Ignorable code points that nothing we render needs. Deliberately kept (they are
/// ignorable too): ZWNJ U+200C and ZWJ U+200D (Indic and Persian shaping, emoji sequences),
/// variation selectors, the combining grapheme joiner and Khmer/Mongolian marks. unicode-width
/// gives all of these width 0 while many terminals draw some of them (soft hyphen, Hangul
/// filler), so keeping them would also break borders.
fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
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

/// U+2400 + code: ␀ for NUL, ␇ for BEL, ␛ for ESC...
fn control_picture(c: char) -> char {
    char::from_u32(0x2400 + u32::from(c)).unwrap_or(SUBSTITUTE_MARK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c0_control_gets_its_own_picture() {
        assert!(matches!(classify('\0'), Class::Replace('␀')));
        assert!(matches!(classify('\x07'), Class::Replace('␇')));
        assert!(matches!(classify('\x08'), Class::Replace('␈')));
        assert!(matches!(classify('\x1b'), Class::Replace('␛')));
        assert!(matches!(classify('\x1f'), Class::Replace('␟')));
    }

    #[test]
    fn joiners_and_selectors_are_kept() {
        for c in [
            '\u{200C}',
            '\u{200D}',
            '\u{FE0F}',
            '\u{FE0E}',
            '\u{034F}',
            '\u{E0100}',
        ] {
            assert!(matches!(classify(c), Class::Keep), "{c:?}");
        }
    }
}
