//! Which service an account is on (the provider's account `type`) and whether unibox reads it.
//! What each lets us do is its policy (`domain::policy`).

use serde::{Deserialize, Serialize};

/// The service of an account. WhatsApp is the first-class channel; the other messaging
/// channels are listed with a marker and a conservative policy.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Channel {
    WhatsApp,
    LinkedIn,
    Instagram,
    Messenger,
    Telegram,
    /// Any other type, kept as the provider wrote it (`MAIL`, `GOOGLE_OAUTH`, a new one…).
    Other(String),
}

/// Account types that hold mail or calendars, not chats: never polled for chats. The
/// contract's account types (Outlook covers Microsoft's mail and calendar), plus IMAP.
const MAIL_AND_CALENDAR_TYPES: &[&str] = &[
    "MAIL",
    "GOOGLE",
    "GOOGLE_OAUTH",
    "GOOGLE_CALENDAR",
    "OUTLOOK",
    "EXCHANGE",
    "ICLOUD",
    "IMAP",
];

impl Channel {
    /// From the provider's account `type`; a missing type is WhatsApp, the only kind older
    /// servers and caches held.
    pub fn from_type(raw: Option<&str>) -> Self {
        let Some(raw) = raw.map(str::trim).filter(|raw| !raw.is_empty()) else {
            return Self::WhatsApp;
        };
        match raw.to_ascii_uppercase().as_str() {
            "WHATSAPP" => Self::WhatsApp,
            "LINKEDIN" => Self::LinkedIn,
            "INSTAGRAM" => Self::Instagram,
            "MESSENGER" => Self::Messenger,
            "TELEGRAM" => Self::Telegram,
            _ => Self::Other(raw.to_owned()),
        }
    }

    /// The provider's account `type`, as stored in the cache.
    pub fn as_type(&self) -> &str {
        match self {
            Self::WhatsApp => "WHATSAPP",
            Self::LinkedIn => "LINKEDIN",
            Self::Instagram => "INSTAGRAM",
            Self::Messenger => "MESSENGER",
            Self::Telegram => "TELEGRAM",
            Self::Other(raw) => raw,
        }
    }

    /// Whether the account holds chats unibox reads. Mail and calendar accounts do not; an
    /// unknown type is read, its chats under the conservative policy.
    pub fn is_messaging(&self) -> bool {
        match self {
            Self::Other(raw) => !MAIL_AND_CALENDAR_TYPES
                .iter()
                .any(|known| known.eq_ignore_ascii_case(raw)),
            _ => true,
        }
    }

    /// The short marker shown beside the account's name; none for WhatsApp, the default.
    pub fn marker(&self) -> Option<&'static str> {
        match self {
            Self::WhatsApp => None,
            Self::LinkedIn => Some("in"),
            Self::Instagram => Some("ig"),
            Self::Messenger => Some("fb"),
            Self::Telegram => Some("tg"),
            Self::Other(_) => Some("··"),
        }
    }

    /// The channel's name in a sentence.
    pub fn label(&self) -> &str {
        match self {
            Self::WhatsApp => "WhatsApp",
            Self::LinkedIn => "LinkedIn",
            Self::Instagram => "Instagram",
            Self::Messenger => "Messenger",
            Self::Telegram => "Telegram",
            Self::Other(raw) => raw,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_and_calendar_types_are_not_messaging() {
        for raw in [
            "MAIL",
            "GOOGLE_OAUTH",
            "GOOGLE_CALENDAR",
            "OUTLOOK",
            "EXCHANGE",
            "ICLOUD",
            "IMAP",
            "mail",
        ] {
            assert!(!Channel::from_type(Some(raw)).is_messaging(), "{raw}");
        }
        for raw in [
            "WHATSAPP",
            "LINKEDIN",
            "TELEGRAM",
            "INSTAGRAM",
            "MESSENGER",
            "NEWCHAT",
        ] {
            assert!(Channel::from_type(Some(raw)).is_messaging(), "{raw}");
        }
    }

    #[test]
    fn a_type_survives_the_round_trip_and_a_missing_one_is_whatsapp() {
        for raw in ["WHATSAPP", "LINKEDIN", "TELEGRAM", "GOOGLE_OAUTH"] {
            assert_eq!(Channel::from_type(Some(raw)).as_type(), raw);
        }
        assert_eq!(Channel::from_type(None), Channel::WhatsApp);
    }
}
