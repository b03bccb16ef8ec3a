//! One key chord (`q`, `G`, `ctrl-r`, `shift-tab`, `alt-enter`): parsed from keymap files,
//! built from terminal events, displayed in the help overlay with the spelling the files use.
//!
//! Both sides go through the same normalisation, so a chord written in a file matches the event a
//! terminal actually sends for it, whatever quirk the terminal has.

use std::fmt;
use std::str::FromStr;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The keys a binding can name. Deliberately smaller than crossterm's `KeyCode`: media and
/// lone modifier keys cannot be bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    Char(char),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

/// Keys spelled by name. `space` is `Char(' ')`, so it is handled apart.
const NAMED: [(&str, Code); 14] = [
    ("enter", Code::Enter),
    ("esc", Code::Esc),
    ("tab", Code::Tab),
    ("backspace", Code::Backspace),
    ("delete", Code::Delete),
    ("insert", Code::Insert),
    ("up", Code::Up),
    ("down", Code::Down),
    ("left", Code::Left),
    ("right", Code::Right),
    ("home", Code::Home),
    ("end", Code::End),
    ("pageup", Code::PageUp),
    ("pagedown", Code::PageDown),
];

const MAX_FUNCTION_KEY: u8 = 12;

/// Modifier prefixes in the order `Display` writes them.
const MODIFIERS: [(&str, KeyModifiers); 3] = [
    ("ctrl-", KeyModifiers::CONTROL),
    ("alt-", KeyModifiers::ALT),
    ("shift-", KeyModifiers::SHIFT),
];

/// A normalised key chord. Only `CONTROL`, `ALT` and `SHIFT` are kept, and `SHIFT` never
/// accompanies a character (the character itself says it: `G`, `?`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    code: Code,
    modifiers: KeyModifiers,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum KeyParseError {
    #[error("empty key")]
    Empty,
    #[error(
        "unknown key `{0}`; keys look like q, G, +, ctrl-r, alt-enter, shift-tab, enter, esc, \
         tab, backspace, space, up, down, left, right, home, end, pageup, pagedown, delete, \
         insert, f1 … f12"
    )]
    Unknown(String),
}

impl Key {
    pub fn new(code: Code, modifiers: KeyModifiers) -> Self {
        normalise(code, modifiers)
    }

    pub fn code(&self) -> Code {
        self.code
    }

    pub fn modifiers(&self) -> KeyModifiers {
        self.modifiers
    }

    /// The chord a terminal event stands for, or `None` for keys nothing can be bound to
    /// (media keys, a lone modifier, chords held with Super or Hyper, which belong to the
    /// window manager). The event's kind (press / repeat / release) is the keymap's business.
    pub fn from_event(event: &KeyEvent) -> Option<Self> {
        let mut modifiers = event.modifiers;
        if modifiers.intersects(KeyModifiers::SUPER | KeyModifiers::HYPER) {
            return None;
        }
        // Some terminals report Alt as Meta.
        if modifiers.contains(KeyModifiers::META) {
            modifiers = (modifiers - KeyModifiers::META) | KeyModifiers::ALT;
        }
        let code = match event.code {
            KeyCode::Char(c) => Code::Char(c),
            KeyCode::Enter => Code::Enter,
            KeyCode::Esc => Code::Esc,
            KeyCode::Tab => Code::Tab,
            KeyCode::BackTab => {
                modifiers |= KeyModifiers::SHIFT;
                Code::Tab
            }
            KeyCode::Backspace => Code::Backspace,
            KeyCode::Delete => Code::Delete,
            KeyCode::Insert => Code::Insert,
            KeyCode::Up => Code::Up,
            KeyCode::Down => Code::Down,
            KeyCode::Left => Code::Left,
            KeyCode::Right => Code::Right,
            KeyCode::Home => Code::Home,
            KeyCode::End => Code::End,
            KeyCode::PageUp => Code::PageUp,
            KeyCode::PageDown => Code::PageDown,
            KeyCode::F(n) => Code::F(n),
            _ => return None,
        };
        Some(Self::new(code, modifiers))
    }

    /// Orders the keys of one command for display: plain keys first (`j` before `down`), then
    /// chords with more modifiers (`pagedown` before `ctrl-d`).
    pub(crate) fn display_rank(&self) -> (u32, u8, String) {
        let kind = match self.code {
            Code::Char(' ') => 1,
            Code::Char(_) => 0,
            Code::F(_) => 2,
            _ => 1,
        };
        (self.modifiers.bits().count_ones(), kind, self.to_string())
    }
}

/// The single place where terminal quirks are folded away. Modifiers other than Ctrl, Alt and
/// Shift are dropped, then, in this order (each step may feed the next):
/// 1. raw control characters: `\n` is Ctrl-J, `\r` and `\t` are Enter and Tab;
/// 2. Enter+Ctrl is Ctrl-J (terminals disagree on which of the two they send);
/// 3. characters carry their shift: `shift-g` and `Char('G')`+SHIFT are both `G`.
fn normalise(code: Code, modifiers: KeyModifiers) -> Key {
    let mut modifiers =
        modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    let code = match code {
        Code::Char('\n') => {
            modifiers |= KeyModifiers::CONTROL;
            Code::Char('j')
        }
        Code::Char('\r') => Code::Enter,
        // Terminals send 0x1F for ctrl-_ (and ctrl-/ and ctrl-7); crossterm reads it as ctrl-7.
        Code::Char('7') if modifiers.contains(KeyModifiers::CONTROL) => Code::Char('_'),
        Code::Char('\t') => Code::Tab,
        other => other,
    };
    let code = match code {
        Code::Enter if modifiers.contains(KeyModifiers::CONTROL) => Code::Char('j'),
        other => other,
    };
    let code = match code {
        Code::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers -= KeyModifiers::SHIFT;
            Code::Char(single_uppercase(c))
        }
        other => other,
    };
    Key { code, modifiers }
}

/// `c` in upper case when that is one character (`ß` would become `SS`: keep it as it is).
fn single_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

impl FromStr for Key {
    type Err = KeyParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.is_empty() {
            return Err(KeyParseError::Empty);
        }
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        // `ctrl--` is Ctrl with `-`: a prefix only counts when something follows it.
        'prefixes: loop {
            for (prefix, modifier) in MODIFIERS {
                if let Some(after) = strip_prefix_ignore_case(rest, prefix)
                    && !after.is_empty()
                {
                    modifiers |= modifier;
                    rest = after;
                    continue 'prefixes;
                }
            }
            break;
        }
        let code = parse_code(rest).ok_or_else(|| KeyParseError::Unknown(text.to_owned()))?;
        Ok(Self::new(code, modifiers))
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

fn parse_code(text: &str) -> Option<Code> {
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(Code::Char(c));
    }
    let lower = text.to_ascii_lowercase();
    if lower == "space" {
        return Some(Code::Char(' '));
    }
    if let Some((_, code)) = NAMED.iter().find(|(name, _)| *name == lower) {
        return Some(*code);
    }
    let number: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=MAX_FUNCTION_KEY)
        .contains(&number)
        .then_some(Code::F(number))
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (prefix, modifier) in MODIFIERS {
            if self.modifiers.contains(modifier) {
                f.write_str(prefix)?;
            }
        }
        match self.code {
            Code::Char(' ') => f.write_str("space"),
            Code::Char(c) => write!(f, "{c}"),
            Code::F(n) => write!(f, "f{n}"),
            named => {
                let name = NAMED
                    .iter()
                    .find(|(_, code)| *code == named)
                    .map_or("?", |(name, _)| name);
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_named_key_displays_as_it_parses() {
        for (name, code) in NAMED {
            let key: Key = name.parse().unwrap();
            assert_eq!(key.code(), code);
            assert_eq!(key.to_string(), name);
        }
    }

    #[test]
    fn display_rank_puts_plain_characters_before_named_keys_and_chords_last() {
        let mut keys: Vec<Key> = ["ctrl-d", "pagedown", "j", "down"]
            .iter()
            .map(|k| k.parse().unwrap())
            .collect();
        keys.sort_by_key(Key::display_rank);
        let shown: Vec<String> = keys.iter().map(Key::to_string).collect();
        assert_eq!(shown, ["j", "down", "pagedown", "ctrl-d"]);
    }
}
