//! What people write: short conversation scripts ("episodes") per language, plus the odd
//! texts a real inbox holds (long policies, emoji, hostile spam). Placeholders in braces are
//! filled per chat, so one script reads differently in every chat.

mod business;
mod customers;
mod extras;
mod groups;

pub use business::business_episodes;
pub use customers::customer_episodes;
pub use extras::{
    CHANNEL_POSTS, HOSTILE_NAME, HOSTILE_TEXTS, REACTIONS, follow_ups, inbound_stream, long_text,
    replies_in_progress, team_pings,
};
pub use groups::{GROUP_EVENTS, group_episodes};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Fr,
    Es,
    De,
    Pt,
    Ar,
    Ja,
    Zh,
}

/// Who says a line: the account, or the n-th other member of the chat (wrapping around).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Us,
    Them(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Text(&'static str),
    /// An image with its caption (may be empty).
    Photo(&'static str),
    /// A document: file name, caption.
    File(&'static str, &'static str),
    /// A voice note.
    Voice,
    /// A video with its caption.
    Video(&'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub who: Who,
    pub body: Body,
}

pub type Episode = &'static [Line];

pub const fn us(text: &'static str) -> Line {
    Line {
        who: Who::Us,
        body: Body::Text(text),
    }
}

pub const fn them(text: &'static str) -> Line {
    member(0, text)
}

pub const fn member(n: u8, text: &'static str) -> Line {
    Line {
        who: Who::Them(n),
        body: Body::Text(text),
    }
}

pub const fn said(who: Who, body: Body) -> Line {
    Line { who, body }
}

/// The values a chat gives to the placeholders of its scripts.
#[derive(Debug, Clone, Default)]
pub struct Fill {
    pub name: String,
    pub order: String,
    pub product: String,
    pub price: String,
    pub city: String,
    pub tracking: String,
}

impl Fill {
    pub fn apply(&self, template: &str) -> String {
        template
            .replace("{name}", &self.name)
            .replace("{order}", &self.order)
            .replace("{product}", &self.product)
            .replace("{price}", &self.price)
            .replace("{city}", &self.city)
            .replace("{tracking}", &self.tracking)
    }
}

/// The shop's products, named so they read in every language.
pub const PRODUCTS: &[&str] = &[
    "Ondine", "Galet", "Brume", "Sable", "Lagune", "Tomette", "Nacre", "Ardoise",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let fill = Fill {
            name: "Marie".into(),
            order: "#MA-10234".into(),
            ..Fill::default()
        };
        assert_eq!(
            fill.apply("Bonjour {name}, commande {order} {unknown}"),
            "Bonjour Marie, commande #MA-10234 {unknown}"
        );
    }
}
