//! Every style of the views in one place. Colours are the 16 named ones; under `NO_COLOR` no
//! foreground or background is ever set and meaning rests on words and modifiers alone.

use ratatui::style::{Color, Modifier, Style};

use crate::app::Level;
use crate::domain::AccountStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

/// Colours for sender names in groups, picked by a hash of the sender so a person keeps theirs.
const SENDER_COLORS: [Color; 6] = [
    Color::Yellow,
    Color::Magenta,
    Color::Blue,
    Color::LightRed,
    Color::LightGreen,
    Color::LightCyan,
];

impl Theme {
    pub fn new(color: bool) -> Self {
        Self { color }
    }

    /// `base` with the colours applied only when colours are allowed.
    fn paint(self, base: Style, fg: Option<Color>, bg: Option<Color>) -> Style {
        if !self.color {
            return base;
        }
        let with_fg = fg.map_or(base, |fg| base.fg(fg));
        bg.map_or(with_fg, |bg| with_fg.bg(bg))
    }

    pub fn plain(self) -> Style {
        Style::new()
    }

    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Secondary text: times, phone numbers, hints.
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }

    pub fn dim_italic(self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.paint(self.bold(), Some(Color::Cyan), None)
        } else {
            self.plain()
        }
    }

    /// A pane's title; the focused one reads as reversed without colours.
    pub fn title(self, focused: bool) -> Style {
        match (focused, self.color) {
            (true, true) => self.paint(self.bold(), Some(Color::Cyan), None),
            (true, false) => self.bold().add_modifier(Modifier::REVERSED),
            (false, _) => self.plain(),
        }
    }

    /// The selected row of a list or the selected message's marker.
    pub fn selected(self) -> Style {
        if self.color {
            Style::new().bg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The bar left of the selected message.
    pub fn selection_bar(self) -> Style {
        self.paint(self.bold(), Some(Color::Cyan), None)
    }

    /// Unread markers and badges.
    pub fn unread(self) -> Style {
        self.paint(self.bold(), Some(Color::Green), None)
    }

    pub fn error(self) -> Style {
        self.paint(self.bold(), Some(Color::Red), None)
    }

    pub fn warning(self) -> Style {
        self.paint(self.plain(), Some(Color::Yellow), None)
    }

    pub fn success(self) -> Style {
        self.paint(self.plain(), Some(Color::Green), None)
    }

    pub fn level(self, level: Level) -> Style {
        match level {
            Level::Info => self.plain(),
            Level::Warning => self.warning().add_modifier(Modifier::BOLD),
            Level::Error => self.error(),
        }
    }

    pub fn account_status(self, status: &AccountStatus) -> Style {
        match status {
            AccountStatus::Ok | AccountStatus::Connected => self.success(),
            AccountStatus::Connecting => self.warning(),
            AccountStatus::Credentials | AccountStatus::Error => self.error(),
            AccountStatus::Stopped | AccountStatus::Permissions => {
                self.paint(self.bold(), Some(Color::Magenta), None)
            }
            AccountStatus::Other(_) => self.plain(),
        }
    }

    /// The channel marker of an account not on WhatsApp (`in`, `tg`…).
    pub fn channel_marker(self) -> Style {
        self.paint(self.bold(), Some(Color::Blue), None)
    }

    /// The `READ-ONLY` badge: impossible to miss on a monitoring screen.
    pub fn read_only_badge(self) -> Style {
        self.badge(Color::White, Color::Red)
    }

    pub fn offline_badge(self) -> Style {
        self.badge(Color::Black, Color::Yellow)
    }

    /// A word on a block of colour; reversed without colours.
    fn badge(self, fg: Color, bg: Color) -> Style {
        if self.color {
            self.bold().fg(fg).bg(bg)
        } else {
            self.bold().add_modifier(Modifier::REVERSED)
        }
    }

    /// Our own messages' headers.
    pub fn ours(self) -> Style {
        self.paint(self.bold(), Some(Color::Cyan), None)
    }

    /// A sender's name in a group, in a colour of its own.
    pub fn sender(self, sender_id: &str) -> Style {
        // FNV-1a: stable across runs and platforms, unlike the std hasher.
        let hash = sender_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        let index = usize::try_from(hash % SENDER_COLORS.len() as u64).unwrap_or(0);
        self.paint(self.bold(), SENDER_COLORS.get(index).copied(), None)
    }

    /// A reaction we gave.
    pub fn own_reaction(self) -> Style {
        self.paint(
            self.bold().add_modifier(Modifier::UNDERLINED),
            Some(Color::Yellow),
            None,
        )
    }

    pub fn button(self, focused: bool) -> Style {
        if focused {
            self.badge(Color::Black, Color::Cyan)
        } else {
            self.plain()
        }
    }

    /// Key names in help and hints.
    pub fn key(self) -> Style {
        self.paint(self.bold(), Some(Color::Cyan), None)
    }

    /// The frame of a window that asks for a decision.
    pub fn attention_border(self) -> Style {
        self.paint(self.bold(), Some(Color::Yellow), None)
    }
}
