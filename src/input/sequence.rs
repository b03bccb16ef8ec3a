//! What a binding names: one chord (`q`, `ctrl-r`) or two pressed one after the other (`]u`,
//! `g ctrl-r`). The first chord of a pair waits for the second; see `Keymap::resolve_after`.

use std::fmt;
use std::str::FromStr;

use super::key::{Code, Key, KeyParseError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeySequence {
    first: Key,
    then: Option<Key>,
}

impl KeySequence {
    pub fn single(key: Key) -> Self {
        Self {
            first: key,
            then: None,
        }
    }

    pub fn pair(first: Key, then: Key) -> Self {
        Self {
            first,
            then: Some(then),
        }
    }

    pub fn first(&self) -> Key {
        self.first
    }

    pub fn then(&self) -> Option<Key> {
        self.then
    }

    /// Single chords before pairs, then as `Key::display_rank`.
    pub(crate) fn display_rank(&self) -> (bool, (u32, u8, String)) {
        (self.then.is_some(), self.first.display_rank())
    }
}

fn plain_char(key: Key) -> bool {
    matches!(key.code(), Code::Char(c) if c != ' ') && key.modifiers().is_empty()
}

impl FromStr for KeySequence {
    type Err = KeyParseError;

    /// `q`, `ctrl-r`; a pair as two chords with a space between (`g ctrl-r`) or two plain
    /// characters run together (`]u`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if let [first, then] = words.as_slice() {
            return Ok(Self::pair(first.parse()?, then.parse()?));
        }
        let single = text.parse::<Key>();
        let mut chars = text.chars();
        match (single, chars.next(), chars.next(), chars.next()) {
            (Ok(key), ..) => Ok(Self::single(key)),
            (Err(_), Some(first), Some(then), None) if !first.is_whitespace() => {
                let (first, then) = (char_key(first), char_key(then));
                if plain_char(first) && plain_char(then) {
                    Ok(Self::pair(first, then))
                } else {
                    Err(KeyParseError::Unknown(text.to_owned()))
                }
            }
            (Err(error), ..) => Err(error),
        }
    }
}

fn char_key(c: char) -> Key {
    Key::new(Code::Char(c), crossterm::event::KeyModifiers::NONE)
}

impl fmt::Display for KeySequence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.then {
            None => write!(f, "{}", self.first),
            Some(then) if plain_char(self.first) && plain_char(then) => {
                write!(f, "{}{}", self.first, then)
            }
            Some(then) => write!(f, "{} {}", self.first, then),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> String {
        text.parse::<KeySequence>().unwrap().to_string()
    }

    #[test]
    fn pairs_parse_run_together_or_spaced_and_display_as_written() {
        assert_eq!(parsed("]u"), "]u");
        assert_eq!(parsed("] u"), "]u");
        assert_eq!(parsed("g ctrl-r"), "g ctrl-r");
        let pair: KeySequence = "[u".parse().unwrap();
        assert_eq!(pair.then().map(|k| k.to_string()).as_deref(), Some("u"));
    }

    #[test]
    fn single_keys_stay_single() {
        for text in ["q", "f1", "up", "ctrl-r", "G", "space"] {
            let key: KeySequence = text.parse().unwrap();
            assert_eq!(key.then(), None, "{text}");
            assert_eq!(key.to_string(), text);
        }
    }

    #[test]
    fn nonsense_is_refused() {
        assert!("qqq".parse::<KeySequence>().is_err());
        assert!("a b c".parse::<KeySequence>().is_err());
        assert!("upp".parse::<KeySequence>().is_err());
    }
}
