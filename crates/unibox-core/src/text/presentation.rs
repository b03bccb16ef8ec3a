//! Emoji presentation (U+FE0F, "VS16") on terminals that ignore it.
//!
//! `❤️` and `🛠️` are a one-column character followed by VS16, which asks for the two-column
//! emoji form. unicode-width (and so ratatui) counts two columns; tmux 3.3, GNU screen and the
//! Linux console count the characters one by one and move the cursor by one. ratatui leaves
//! the second cell alone, so whatever was there before stays on screen: a stray character.
//! On those terminals the selector is dropped and the one-column text form is drawn, which
//! every terminal measures the same way.

use std::borrow::Cow;
use std::ffi::OsString;

use unicode_segmentation::UnicodeSegmentation;

use super::width::cluster_width;

/// VARIATION SELECTOR-16: "draw the character before me as an emoji".
pub const VS16: char = '\u{FE0F}';

/// How wide the terminal draws a one-column character followed by VS16.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Vs16Width {
    /// Two columns, as Unicode says (most terminal emulators).
    #[default]
    Wide,
    /// One column: the selector is ignored (tmux, screen, the Linux console).
    Narrow,
}

impl Vs16Width {
    /// The width the terminal we run in uses, from its environment (`var` reads a variable).
    /// Inside tmux `TMUX` is set whatever terminal runs tmux; screen sets `STY`.
    pub fn detect(var: impl Fn(&str) -> Option<OsString>) -> Self {
        let set = |name: &str| var(name).is_some_and(|value| !value.is_empty());
        let term = var("TERM").map(|value| value.to_string_lossy().into_owned());
        let term = term.as_deref().unwrap_or_default();
        let multiplexer = set("TMUX")
            || set("STY")
            || term.starts_with("tmux")
            || term.starts_with("screen")
            || var("TERM_PROGRAM").is_some_and(|value| value == "tmux");
        if multiplexer || term == "linux" {
            Self::Narrow
        } else {
            Self::Wide
        }
    }

    /// `text` as this terminal measures it the same way we do: unchanged where VS16 is drawn
    /// wide, else without the selector after characters that are one column by themselves.
    pub fn apply(self, text: &str) -> Cow<'_, str> {
        match self {
            Self::Wide => Cow::Borrowed(text),
            Self::Narrow => narrow_vs16(text),
        }
    }
}

/// Drops VS16 from each grapheme cluster it widens from one column to two (`❤️` → `❤`,
/// `🛠️` → `🛠`, `1️⃣` → `1⃣`). Clusters that are two columns without it (`🏳️‍🌈`) keep it.
pub fn narrow_vs16(text: &str) -> Cow<'_, str> {
    if !text.contains(VS16) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for cluster in text.graphemes(true) {
        if !cluster.contains(VS16) {
            out.push_str(cluster);
            continue;
        }
        let bare: String = cluster.chars().filter(|c| *c != VS16).collect();
        if cluster_width(cluster) > 1 && cluster_width(&bare) == 1 {
            out.push_str(&bare);
        } else {
            out.push_str(cluster);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, OsString)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn multiplexers_and_the_console_are_narrow() {
        let narrow = [
            env(&[
                ("TMUX", "/tmp/tmux-1000/default,42,0"),
                ("TERM", "xterm-256color"),
            ]),
            env(&[("TERM", "tmux-256color")]),
            env(&[("TERM", "screen.xterm-256color")]),
            env(&[("STY", "4242.pts-0.host")]),
            env(&[("TERM", "linux")]),
        ];
        for var in narrow {
            assert_eq!(Vs16Width::detect(var), Vs16Width::Narrow);
        }
        assert_eq!(
            Vs16Width::detect(env(&[("TERM", "xterm-256color")])),
            Vs16Width::Wide
        );
        assert_eq!(
            Vs16Width::detect(env(&[("TMUX", ""), ("TERM", "xterm-kitty")])),
            Vs16Width::Wide
        );
    }

    #[test]
    fn the_selector_goes_only_where_it_widens() {
        assert_eq!(narrow_vs16("🛠️ fix ❤️"), "🛠 fix ❤");
        assert_eq!(narrow_vs16("1\u{FE0F}\u{20E3}"), "1\u{20E3}");
        // Already two columns without it: kept as it is.
        let flag = "🏳\u{FE0F}\u{200D}🌈";
        assert_eq!(narrow_vs16(flag), flag);
        assert!(matches!(narrow_vs16("plain 👍"), Cow::Borrowed(_)));
        assert_eq!(Vs16Width::Wide.apply("❤️"), "❤️");
    }
}
