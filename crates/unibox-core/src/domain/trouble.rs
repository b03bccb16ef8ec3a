//! An account's own trouble, as the provider reported it on a request for that account (a 401
//! whose type concerns the linked account, not the API key), in words the user can act on.

use serde::{Deserialize, Serialize};

/// Why the provider refused to act for one account. The other accounts keep syncing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountTrouble {
    /// `disconnected_account`, `expired_credentials`, `invalid_credentials`, `wrong_account`.
    SignInAgain,
    /// `checkpoint_error`: the provider waits for a confirmation on the phone.
    Checkpoint,
    /// `captcha_not_supported`: the provider hit a captcha it cannot solve.
    Captcha,
    /// `disconnected_feature`: the part of the service this needs is disconnected.
    FeatureDisconnected,
}

impl AccountTrouble {
    /// The trouble a 401 of type `slug` (without `errors/`) reports, or `None` when the type
    /// is not about one account (a missing or refused API key, or a type this build does not
    /// know): those stop the whole run.
    pub fn from_slug(slug: &str) -> Option<Self> {
        match slug {
            "disconnected_account"
            | "expired_credentials"
            | "invalid_credentials"
            | "wrong_account" => Some(Self::SignInAgain),
            "checkpoint_error" => Some(Self::Checkpoint),
            "captcha_not_supported" => Some(Self::Captcha),
            "disconnected_feature" => Some(Self::FeatureDisconnected),
            _ => None,
        }
    }

    /// The stored spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::SignInAgain => "sign_in_again",
            Self::Checkpoint => "checkpoint",
            Self::Captcha => "captcha",
            Self::FeatureDisconnected => "feature_disconnected",
        }
    }

    /// The inverse of `as_str`; `None` for anything else.
    pub fn parse(raw: &str) -> Option<Self> {
        [
            Self::SignInAgain,
            Self::Checkpoint,
            Self::Captcha,
            Self::FeatureDisconnected,
        ]
        .into_iter()
        .find(|trouble| trouble.as_str() == raw)
    }

    /// What to do, in a few words for a narrow pane.
    pub fn label(&self) -> &'static str {
        match self {
            Self::SignInAgain => "sign in again",
            Self::Checkpoint => "confirm on your phone",
            Self::Captcha => "captcha: sign in again",
            Self::FeatureDisconnected => "service disconnected",
        }
    }

    /// What to do, in words.
    pub fn words(&self) -> &'static str {
        match self {
            Self::SignInAgain => "sign in again",
            Self::Checkpoint => "checkpoint: confirm on your phone",
            Self::Captcha => "captcha: sign in again",
            Self::FeatureDisconnected => "service disconnected: reconnect",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_401_types_are_troubles_and_key_types_are_not() {
        for slug in [
            "disconnected_account",
            "expired_credentials",
            "invalid_credentials",
            "wrong_account",
            "checkpoint_error",
            "captcha_not_supported",
            "disconnected_feature",
        ] {
            let trouble = AccountTrouble::from_slug(slug);
            assert!(trouble.is_some(), "{slug}");
            let trouble = trouble.unwrap();
            assert_eq!(AccountTrouble::parse(trouble.as_str()), Some(trouble));
        }
        assert_eq!(AccountTrouble::from_slug("missing_credentials"), None);
        assert_eq!(AccountTrouble::from_slug(""), None);
        assert_eq!(
            AccountTrouble::from_slug("checkpoint_error").map(|t| t.words()),
            Some("checkpoint: confirm on your phone")
        );
    }
}
