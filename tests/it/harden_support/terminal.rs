//! What a program wrote to its terminal, read as a terminal would: escape sequences and text.
//! unibox may emit only the sequences ratatui and crossterm produce (cursor moves, colours,
//! screen modes), its own bell, its own OSC 52 copy and its own title; a sequence or control byte that
//! came with the data would show here as something else.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// `ESC [ params final`.
    Csi {
        params: String,
        last: char,
    },
    /// `ESC ] body BEL` or `ESC ] body ESC \`.
    Osc(String),
    /// `ESC` and one character that is not `[` or `]` (DCS, APC, PM, SOS, charsets…).
    OtherEscape(char),
    /// A control character outside any sequence (C0 but ESC, DEL, C1).
    Control(char),
    Bell,
    Text(String),
}

impl fmt::Display for Piece {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Csi { params, last } => write!(f, "ESC[{params}{last}"),
            Self::Osc(body) => write!(f, "ESC]{}", body.escape_debug()),
            Self::OtherEscape(c) => write!(f, "ESC {c:?}"),
            Self::Control(c) => write!(f, "control U+{:04X}", u32::from(*c)),
            Self::Bell => f.write_str("BEL"),
            Self::Text(text) => write!(f, "{text:?}"),
        }
    }
}

/// Splits `bytes` (UTF-8, as unibox writes) into pieces.
pub fn pieces(bytes: &[u8]) -> Vec<Piece> {
    let text = String::from_utf8_lossy(bytes);
    let mut chars = text.chars().peekable();
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let flush = |plain: &mut String, pieces: &mut Vec<Piece>| {
        if !plain.is_empty() {
            pieces.push(Piece::Text(std::mem::take(plain)));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => {
                flush(&mut plain, &mut pieces);
                match chars.next() {
                    Some('[') => {
                        let mut params = String::new();
                        let mut last = '\0';
                        for c in chars.by_ref() {
                            if ('\u{40}'..='\u{7e}').contains(&c) {
                                last = c;
                                break;
                            }
                            params.push(c);
                        }
                        pieces.push(Piece::Csi { params, last });
                    }
                    Some(']') => {
                        let mut body = String::new();
                        while let Some(c) = chars.next() {
                            if c == '\u{7}' {
                                break;
                            }
                            if c == '\u{1b}' && chars.peek() == Some(&'\\') {
                                chars.next();
                                break;
                            }
                            body.push(c);
                        }
                        pieces.push(Piece::Osc(body));
                    }
                    Some(other) => pieces.push(Piece::OtherEscape(other)),
                    None => pieces.push(Piece::OtherEscape('\0')),
                }
            }
            '\u{7}' => {
                flush(&mut plain, &mut pieces);
                pieces.push(Piece::Bell);
            }
            // Line ends are how the terminal is restored and how a shell prompt comes back.
            '\r' | '\n' => plain.push(c),
            c if c.is_control() => {
                flush(&mut plain, &mut pieces);
                pieces.push(Piece::Control(c));
            }
            c => plain.push(c),
        }
    }
    flush(&mut plain, &mut pieces);
    pieces
}

/// The CSI sequences crossterm writes for ratatui: cursor position and visibility, colours
/// and attributes, clearing, the alternate screen, bracketed paste and focus, mouse modes off.
fn is_ours(params: &str, last: char) -> bool {
    let digits = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_digit() || c == ';' || c == ':')
    };
    match last {
        // Cursor position, column, movement; clear line / screen; scroll.
        'H' | 'G' | 'A' | 'B' | 'C' | 'D' | 'K' | 'J' | 'S' | 'T' => digits(params),
        // Attributes and colours, but never "conceal": unibox hides nothing from the user.
        'm' => digits(params) && !conceals(params),
        // Private modes: 1049 alternate screen, 25 cursor, 2004 bracketed paste, 1004 focus,
        // 1000/1002/1003/1006/1015 mouse (only ever switched off).
        'h' | 'l' => params.strip_prefix('?').is_some_and(|modes| {
            modes.split(';').all(|m| {
                [
                    "1049", "25", "2004", "1004", "1000", "1002", "1003", "1006", "1015",
                ]
                .contains(&m)
            })
        }),
        // Cursor shape, keyboard enhancement flags.
        'q' => params.ends_with(' ') && digits(params.trim_end()),
        'u' => params.is_empty() || params.starts_with(['<', '>', '=']),
        // Keep (22) and give back (23) the terminal's own title.
        't' => params == "22;0" || params == "23;0",
        _ => false,
    }
}

/// Whether an SGR sequence turns on "conceal" (8), reading past colour arguments
/// (`38;5;8` is a colour, not conceal).
fn conceals(params: &str) -> bool {
    let mut codes = params.split(';');
    while let Some(code) = codes.next() {
        match code {
            "8" => return true,
            "38" | "48" | "58" => {
                let arguments = match codes.next() {
                    Some("5") => 1,
                    Some("2") => 3,
                    _ => 0,
                };
                if arguments > 0 {
                    codes.nth(arguments - 1);
                }
            }
            _ => {}
        }
    }
    false
}

/// Every kind of piece that unibox would not write itself (each named once): anything but its CSI sequences, text, the
/// bell (when `bells_allowed`), its title, and OSC 52 copies whose payload decodes to `copy_ok` text.
pub fn foreign(
    pieces: &[Piece],
    bells_allowed: bool,
    copy_ok: impl Fn(&str) -> bool,
) -> Vec<String> {
    pieces
        .iter()
        .filter(|piece| match piece {
            Piece::Csi { params, last } => !is_ours(params, *last),
            Piece::Osc(body) => {
                !is_our_title(body) && !osc52_payload(body).is_some_and(|text| copy_ok(&text))
            }
            Piece::Bell => !bells_allowed,
            Piece::Text(_) => false,
            Piece::OtherEscape(_) | Piece::Control(_) => true,
        })
        .map(ToString::to_string)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// unibox's own title, `unibox` or `unibox (N)`: nothing else may set it.
fn is_our_title(body: &str) -> bool {
    let Some(title) = body.strip_prefix("0;unibox") else {
        return false;
    };
    title.is_empty()
        || title
            .strip_prefix(" (")
            .and_then(|rest| rest.strip_suffix(')'))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// The text of an OSC 52 clipboard write (`52;c;<base64>`).
pub fn osc52_payload(body: &str) -> Option<String> {
    let encoded = body.strip_prefix("52;c;")?;
    let bytes = STANDARD.decode(encoded).ok()?;
    String::from_utf8(bytes).ok()
}

/// The clipboard writes in the output, decoded.
pub fn copies(pieces: &[Piece]) -> Vec<String> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Osc(body) => osc52_payload(body),
            _ => None,
        })
        .collect()
}

/// All the text between sequences, joined: what reached the screen as characters.
pub fn text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Text(text) => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// A character a terminal would act on or that reorders what follows: never in safe output.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200e}' | '\u{200f}' | '\u{061c}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}')
}
