//! Desktop notifications through the terminal: OSC 9 (iTerm2, WezTerm, Windows Terminal,
//! kitty, Ghostty) or OSC 777 (rxvt-unicode, foot, VTE terminals). The terminal shows them;
//! nothing else is run.

use std::str::FromStr;

use serde::Deserialize;

use super::sanitize::sanitize_line;
use super::width::truncate;

/// Widest title and body kept, in columns: a notification is a glance, and a message of
/// megabytes must not become a sequence of megabytes.
pub const NOTIFICATION_TITLE_WIDTH: usize = 40;
pub const NOTIFICATION_BODY_WIDTH: usize = 100;

/// Which desktop notification the terminal is asked for, if any (`notify` setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Notify {
    #[default]
    Off,
    Osc9,
    Osc777,
}

impl FromStr for Notify {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text.to_ascii_lowercase().as_str() {
            "off" => Ok(Self::Off),
            "osc9" => Ok(Self::Osc9),
            "osc777" => Ok(Self::Osc777),
            _ => Err(()),
        }
    }
}

/// The escape sequence asking the terminal for a notification; `None` when `style` is off.
/// Both texts are sanitised (no control character can end the sequence early or start
/// another) and cut short. `tmux` wraps it for passthrough (tmux's `allow-passthrough`).
pub fn notification(style: Notify, title: &str, body: &str, tmux: bool) -> Option<String> {
    let title = field(title, NOTIFICATION_TITLE_WIDTH);
    // `;` separates OSC 777's fields, and OSC 9 followed by a number and `;` is a ConEmu
    // command (progress bars...): the title never carries one.
    let title = match title.replace(';', ",") {
        t if t.trim().is_empty() => "unibox".to_owned(),
        t => t,
    };
    let body = field(body, NOTIFICATION_BODY_WIDTH);
    let sequence = match style {
        Notify::Off => return None,
        Notify::Osc9 => format!("\x1b]9;{title}: {body}\x07"),
        Notify::Osc777 => format!("\x1b]777;notify;{title};{body}\x07"),
    };
    Some(if tmux {
        format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
    } else {
        sequence
    })
}

fn field(text: &str, width: usize) -> String {
    truncate(&sanitize_line(text), width).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_asks_for_nothing() {
        assert_eq!(notification(Notify::Off, "Ana", "hello", false), None);
    }

    #[test]
    fn osc9_and_osc777_carry_title_and_body() {
        assert_eq!(
            notification(Notify::Osc9, "Ana", "hello", false).as_deref(),
            Some("\x1b]9;Ana: hello\x07")
        );
        assert_eq!(
            notification(Notify::Osc777, "Ana", "a; b", false).as_deref(),
            Some("\x1b]777;notify;Ana;a; b\x07")
        );
    }

    #[test]
    fn hostile_text_cannot_end_the_sequence_or_start_another() {
        let sequence = notification(
            Notify::Osc9,
            "4;Evil\x07",
            "hi\x1b]0;owned\x07\x1b[2J\u{9c}\nbye",
            false,
        )
        .unwrap_or_default();
        let inner = &sequence["\x1b]9;".len()..sequence.len() - 1];
        assert!(
            !inner.chars().any(char::is_control),
            "no control character inside: {inner:?}"
        );
        assert!(inner.starts_with("4,Evil"), "{inner:?}");
        assert!(
            inner.contains("owned") && inner.contains("bye"),
            "{inner:?}"
        );
    }

    #[test]
    fn long_text_is_cut_short() {
        let body = "word ".repeat(10_000);
        let sequence =
            notification(Notify::Osc777, &"T".repeat(500), &body, false).unwrap_or_default();
        assert!(
            sequence.len() < NOTIFICATION_TITLE_WIDTH * 4 + NOTIFICATION_BODY_WIDTH * 4 + 32,
            "{} bytes",
            sequence.len()
        );
    }

    #[test]
    fn under_tmux_the_sequence_is_passed_through() {
        assert_eq!(
            notification(Notify::Osc9, "Ana", "hi", true).as_deref(),
            Some("\x1bPtmux;\x1b\x1b]9;Ana: hi\x07\x1b\\")
        );
    }

    #[test]
    fn the_setting_reads_its_three_words() {
        assert_eq!("OSC9".parse(), Ok(Notify::Osc9));
        assert_eq!("osc777".parse(), Ok(Notify::Osc777));
        assert_eq!("off".parse(), Ok(Notify::Off));
        assert_eq!("bell".parse::<Notify>(), Err(()));
    }
}
