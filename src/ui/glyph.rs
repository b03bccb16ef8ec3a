//! The marks unibox draws itself. Emoji ones have a plain twin for terminals that disagree
//! about emoji widths (`emoji_as_text`); the others are one column everywhere.

use crate::app::UiOptions;

pub struct Glyphs {
    pub group: &'static str,
    pub muted: &'static str,
    pub archived: &'static str,
    pub attachment: &'static str,
    pub pending: &'static str,
    pub failed: &'static str,
    pub unknown: &'static str,
    pub delivered: &'static str,
    pub seen: &'static str,
    pub unread: &'static str,
    /// Left of the selected message.
    pub selection: &'static str,
    pub sync_running: &'static str,
    pub sync_done: &'static str,
}

const EMOJI: Glyphs = Glyphs {
    group: "👥",
    muted: "🔕",
    archived: "📦",
    attachment: "📎",
    pending: "⏳",
    failed: "✗",
    unknown: "?",
    delivered: "✓",
    seen: "✓✓",
    unread: "●",
    selection: "▌",
    sync_running: "⟳",
    sync_done: "✓",
};

const TEXT: Glyphs = Glyphs {
    group: "[group]",
    muted: "[muted]",
    archived: "[archived]",
    attachment: "[+]",
    pending: "...",
    ..EMOJI
};

pub fn glyphs(options: &UiOptions) -> &'static Glyphs {
    if options.emoji_as_text { &TEXT } else { &EMOJI }
}
