//! One account's trouble: the 401 answers the contract lists that concern the linked account
//! rather than the API key, with the contract's titles.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::errors::ApiFailure;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRefusal {
    DisconnectedAccount,
    ExpiredCredentials,
    InvalidCredentials,
    DisconnectedFeature,
    CheckpointError,
    WrongAccount,
    CaptchaNotSupported,
}

impl AccountRefusal {
    pub(crate) fn failure(self) -> ApiFailure {
        let (slug, title) = match self {
            Self::DisconnectedAccount => (
                "disconnected_account",
                "The account appears to be disconnected from the provider service.",
            ),
            Self::ExpiredCredentials => (
                "expired_credentials",
                "Invalid credentials. Please check your username and password and try again.",
            ),
            Self::InvalidCredentials => (
                "invalid_credentials",
                "The provided credentials are invalid.",
            ),
            Self::DisconnectedFeature => (
                "disconnected_feature",
                "The service you're trying to reach appears to be disconnected.",
            ),
            Self::CheckpointError => (
                "checkpoint_error",
                "The checkpoint does not appear to be resolvable.",
            ),
            Self::WrongAccount => (
                "wrong_account",
                "The provided credentials do not match the correct account.",
            ),
            Self::CaptchaNotSupported => (
                "captcha_not_supported",
                "We encounter captcha checkpoint, we currently working to manage it",
            ),
        };
        ApiFailure::new(StatusCode::UNAUTHORIZED, slug, title)
    }
}
