//! OSC 8 hyperlinks (`ESC ] 8 ; ; URL ESC \ text ESC ] 8 ; ; ESC \`): whether this terminal
//! gets them, and the escape for a web address, never for anything that could end the sequence
//! early or start another one.
//!
//! Detection follows what other terminal programs do (the `supports-hyperlinks` crate, GNU
//! ls, gcc): `FORCE_HYPERLINK`, then terminals known to draw them — VTE 0.50 and later
//! (`VTE_VERSION`), iTerm2, WezTerm, Hyper, VS Code, Ghostty, Terminology (`TERM_PROGRAM`),
//! kitty (`KITTY_WINDOW_ID`, `TERM=xterm-kitty`), Alacritty, Windows Terminal (`WT_SESSION`),
//! Konsole (`KONSOLE_VERSION`), DomTerm. Inside tmux or screen the outer terminal is unknown
//! and tmux drops OSC 8 unless told otherwise (`terminal-features ... hyperlinks`), so `auto`
//! is off there; `hyperlinks = "on"` says the user knows better.

use std::ffi::OsString;
use std::str::FromStr;

use serde::Deserialize;

/// Ends a hyperlink (the empty URL).
pub const OSC8_CLOSE: &str = "\u{1b}]8;;\u{1b}\\";

/// Longer addresses are not linked: terminals cap the URI (VTE at 2083 bytes) and drop the
/// whole sequence beyond it.
pub const MAX_HYPERLINK_BYTES: usize = 2048;

/// Whether links are written as OSC 8 hyperlinks (`hyperlinks` setting).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hyperlinks {
    /// Where the terminal is known to draw them.
    #[default]
    Auto,
    On,
    Off,
}

impl FromStr for Hyperlinks {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        match text.to_ascii_lowercase().as_str() {
            "auto" => Ok(Self::Auto),
            "on" => Ok(Self::On),
            "off" => Ok(Self::Off),
            _ => Err(()),
        }
    }
}

impl Hyperlinks {
    /// Whether to write hyperlinks in the terminal the environment `var` describes.
    pub fn enabled(self, var: impl Fn(&str) -> Option<OsString>) -> bool {
        match self {
            Self::On => true,
            Self::Off => false,
            Self::Auto => terminal_draws_hyperlinks(var),
        }
    }
}

/// Whether the terminal is one known to draw OSC 8 hyperlinks (see the module's comment).
pub fn terminal_draws_hyperlinks(var: impl Fn(&str) -> Option<OsString>) -> bool {
    let text = |name: &str| var(name).map(|value| value.to_string_lossy().into_owned());
    let set = |name: &str| text(name).is_some_and(|value| !value.is_empty());
    if let Some(forced) = text("FORCE_HYPERLINK") {
        return forced.trim() != "0";
    }
    let term = text("TERM").unwrap_or_default();
    let program = text("TERM_PROGRAM").unwrap_or_default();
    let multiplexer = set("TMUX")
        || set("STY")
        || term.starts_with("tmux")
        || term.starts_with("screen")
        || program == "tmux";
    if multiplexer || term == "linux" || term == "dumb" {
        return false;
    }
    let vte = text("VTE_VERSION")
        .and_then(|version| version.trim().parse::<u32>().ok())
        .is_some_and(|version| version >= 5000);
    vte || matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "Hyper" | "vscode" | "ghostty" | "terminology" | "zed"
    ) || matches!(
        term.as_str(),
        "xterm-kitty" | "xterm-ghostty" | "alacritty" | "alacritty-direct" | "wezterm"
    ) || [
        "KITTY_WINDOW_ID",
        "WT_SESSION",
        "KONSOLE_VERSION",
        "DOMTERM",
    ]
    .into_iter()
    .any(set)
}

/// The escape that starts a hyperlink to `url`, or `None` unless `url` is an `http`/`https`
/// address of printable ASCII only (what OSC 8 allows in a URI: no space, no control
/// character, so no ESC or BEL to end it early), within `MAX_HYPERLINK_BYTES`. Give it an
/// address already normalised (`app::links::openable` percent-encodes what is not allowed).
pub fn osc8_open(url: &str) -> Option<String> {
    let lower = url
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let web = lower.starts_with("http://") || lower.starts_with("https://");
    let host_start = if lower.starts_with("https://") { 8 } else { 7 };
    let printable = url.bytes().all(|byte| (0x21..=0x7e).contains(&byte));
    let has_host = url
        .get(host_start..)
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'));
    (web && printable && has_host && url.len() <= MAX_HYPERLINK_BYTES)
        .then(|| format!("\u{1b}]8;;{url}\u{1b}\\"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<OsString> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn a_web_address_of_printable_ascii_gets_the_escape() {
        assert_eq!(
            osc8_open("https://shop.example/order?id=4471#x").as_deref(),
            Some("\u{1b}]8;;https://shop.example/order?id=4471#x\u{1b}\\")
        );
        assert!(osc8_open("http://example.com").is_some());
        assert!(osc8_open("HTTPS://Example.com/%1B").is_some());
    }

    #[test]
    fn anything_else_never_yields_an_escape() {
        let long = format!("https://example.com/{}", "a".repeat(MAX_HYPERLINK_BYTES));
        for hostile in [
            "https://example.com/\u{1b}]8;;file:///etc/passwd\u{1b}\\",
            "https://example.com/\u{7}x",
            "https://example.com/\u{9c}",
            "https://example.com/a b",
            "https://example.com/\n",
            "https://exämple.com/",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.com/",
            "https://",
            "https:///path",
            "http:/x",
            "",
            long.as_str(),
        ] {
            assert_eq!(osc8_open(hostile), None, "{hostile:?}");
        }
    }

    #[test]
    fn auto_follows_the_terminal_and_is_off_under_a_multiplexer() {
        let auto = |pairs: &[(&str, &str)]| Hyperlinks::Auto.enabled(env(pairs));
        assert!(!auto(&[]));
        assert!(!auto(&[("TERM", "xterm-256color")]));
        assert!(auto(&[("VTE_VERSION", "7600")]));
        assert!(!auto(&[("VTE_VERSION", "4803")]));
        assert!(auto(&[("TERM_PROGRAM", "WezTerm")]));
        assert!(auto(&[("WT_SESSION", "0b3c")]));
        assert!(auto(&[("KITTY_WINDOW_ID", "1")]));
        assert!(auto(&[("TERM", "xterm-kitty")]));
        assert!(!auto(&[
            ("TMUX", "/tmp/tmux-1000/default,1,0"),
            ("VTE_VERSION", "7600")
        ]));
        assert!(!auto(&[("TERM", "screen-256color"), ("WT_SESSION", "x")]));
        assert!(!auto(&[("TERM_PROGRAM", "tmux"), ("KITTY_WINDOW_ID", "1")]));
        assert!(auto(&[("TMUX", "x"), ("FORCE_HYPERLINK", "1")]));
        assert!(!auto(&[("VTE_VERSION", "7600"), ("FORCE_HYPERLINK", "0")]));
        // The setting wins over the terminal.
        assert!(Hyperlinks::On.enabled(env(&[("TMUX", "x")])));
        assert!(!Hyperlinks::Off.enabled(env(&[("VTE_VERSION", "7600")])));
        assert_eq!("ON".parse(), Ok(Hyperlinks::On));
        assert_eq!("maybe".parse::<Hyperlinks>(), Err(()));
    }
}
