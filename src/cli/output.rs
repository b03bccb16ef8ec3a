//! Writing to stdout: text lines already sanitised by the caller, or JSON that is exactly the
//! data yet safe in a terminal. A closed pipe (`unibox chats | head`) ends the output quietly.

use std::io::{self, BufWriter, Write};

use serde::Serialize;
use serde_json::ser::{Formatter, Serializer};

use super::failure::{Classify, Failure};

/// Buffered stdout for one command's output.
pub struct Output {
    out: BufWriter<io::StdoutLock<'static>>,
}

impl Output {
    pub fn stdout() -> Self {
        Self {
            out: BufWriter::new(io::stdout().lock()),
        }
    }

    pub fn line(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.out, "{line}")
    }

    /// One JSON document, then a newline.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        write_json(&mut self.out, value)?;
        writeln!(self.out)
    }

    /// Flushes; a reader that went away is not an error.
    pub fn finish(mut self, written: io::Result<()>) -> Result<(), Failure> {
        let flushed = written.and_then(|()| self.out.flush());
        match flushed {
            Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other.or_runtime(),
        }
    }
}

/// JSON where every character a terminal could act on — C0 and C1 controls, DEL, bidi
/// controls, line and paragraph separators — is a `\uXXXX` escape. The value is unchanged
/// for any JSON reader.
pub fn write_json<W: Write, T: Serialize + ?Sized>(out: &mut W, value: &T) -> io::Result<()> {
    let mut serializer = Serializer::with_formatter(out, TerminalSafe);
    value.serialize(&mut serializer).map_err(io::Error::from)
}

struct TerminalSafe;

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(fragment.get(start..at).unwrap_or_default().as_bytes())?;
                write!(writer, "\\u{:04x}", u32::from(c))?;
                start = at + c.len_utf8();
            }
        }
        writer.write_all(fragment.get(start..).unwrap_or_default().as_bytes())
    }
}

/// serde_json escapes C0 itself; everything else a terminal might obey is escaped here. All
/// of these are in the Basic Multilingual Plane, so one `\uXXXX` is the whole character.
fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061c}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn terminal_controls_are_escaped_and_the_value_is_unchanged() {
        let hostile = "a\u{1b}[2Jb\u{9b}31mc\u{202e}d\u{2028}e é 👍";
        let value = serde_json::json!({ "text": hostile, "n": [1, 2] });
        let printed = json(&value);
        assert!(
            !printed
                .chars()
                .any(|c| c.is_control() || ('\u{2028}'..='\u{202e}').contains(&c)),
            "{printed:?}"
        );
        assert!(printed.contains("é 👍"), "{printed}");
        let back: serde_json::Value = serde_json::from_str(&printed).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn plain_values_print_as_compact_json() {
        let value = serde_json::json!({ "a": "plain \"quoted\"", "b": null });
        assert_eq!(json(&value), serde_json::to_string(&value).unwrap());
    }
}
