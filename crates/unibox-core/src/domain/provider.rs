//! Which provider an account is served by: the API unibox talks to for it. The provider and
//! the channel together choose the account's policy (`domain::policy`).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Unipile: a linked app (WhatsApp's linked-device protocol and others).
    Unipile,
    /// Late (now Zernio): WhatsApp Business Cloud API numbers and other channels.
    Late,
}

impl Provider {
    /// As kept in the cache and printed by `--json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unipile => "unipile",
            Self::Late => "late",
        }
    }

    /// From the cache; a value this build does not know is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "unipile" => Some(Self::Unipile),
            "late" => Some(Self::Late),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provider_survives_the_round_trip_and_an_unknown_one_is_none() {
        for provider in [Provider::Unipile, Provider::Late] {
            assert_eq!(Provider::parse(provider.as_str()), Some(provider));
        }
        assert_eq!(Provider::parse("Late"), Some(Provider::Late));
        assert_eq!(Provider::parse("zernio2"), None);
    }
}
