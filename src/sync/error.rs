//! Why a sync stopped, and how far a provider error reaches: one chat, one account, or the
//! whole run.

use std::time::Duration;

use thiserror::Error;

use crate::domain::AccountId;
use crate::provider::ProviderError;
use crate::store::StoreError;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The server could not be reached at all.
    #[error("{0}")]
    Offline(ProviderError),
    /// The server refused the run (bad key, an answer that cannot be read...).
    #[error("{0}")]
    Provider(ProviderError),
    /// Too many requests even after the client's retries; `retry_after` is already capped.
    #[error("the server is rate limiting unibox; next try in {}s", retry_after.as_secs())]
    RateLimited { retry_after: Duration },
    /// Transparent: the store's words once, not again as this error's cause.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no account {0} on the server; `unibox accounts` lists them")]
    UnknownAccount(AccountId),
}

impl SyncError {
    /// A run-stopping provider error, with its `Retry-After` capped at `max_retry_after`.
    pub(super) fn from_provider(error: ProviderError, max_retry_after: Duration) -> Self {
        match error {
            ProviderError::RateLimited { retry_after, .. } => Self::RateLimited {
                retry_after: retry_after.unwrap_or_default().min(max_retry_after),
            },
            error if error.is_offline() => Self::Offline(error),
            error => Self::Provider(error),
        }
    }

    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Offline(_))
    }

    /// How long the server asked to be left alone (capped), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after } => Some(*retry_after),
            _ => None,
        }
    }
}

/// How much of a run a failed request spoils.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reach {
    /// Skip this chat; the next run fetches it again.
    Chat,
    /// Skip this account (disconnected, not ready, unavailable).
    Account,
    /// Stop the run: nothing else will work either.
    Run,
}

impl Reach {
    pub fn of(error: &ProviderError) -> Self {
        match error {
            error if error.is_offline() => Self::Run,
            ProviderError::Unauthorized(_)
            | ProviderError::KeyRefused { .. }
            | ProviderError::RateLimited { .. } => Self::Run,
            ProviderError::AccountDisconnected(_) => Self::Account,
            ProviderError::Api(api) if api.status == 503 => Self::Account,
            _ => Self::Chat,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ApiError;

    fn api(status: u16) -> ApiError {
        ApiError {
            status,
            kind: String::new(),
            title: "t".into(),
            detail: None,
        }
    }

    #[test]
    fn errors_reach_as_far_as_they_spoil() {
        let cases = [
            (ProviderError::Unreachable("refused".into()), Reach::Run),
            (ProviderError::Timeout { sent: false }, Reach::Run),
            (ProviderError::Unauthorized(api(401)), Reach::Run),
            (
                ProviderError::RateLimited {
                    retry_after: None,
                    error: None,
                },
                Reach::Run,
            ),
            (ProviderError::AccountDisconnected(api(401)), Reach::Account),
            (ProviderError::Api(api(503)), Reach::Account),
            (ProviderError::Api(api(500)), Reach::Chat),
            (ProviderError::Decode("cut".into()), Reach::Chat),
            (ProviderError::NotFound(api(404)), Reach::Chat),
            (ProviderError::Timeout { sent: true }, Reach::Chat),
        ];
        for (error, reach) in cases {
            assert_eq!(Reach::of(&error), reach, "{error:?}");
        }
    }

    #[test]
    fn a_servers_retry_after_is_capped() {
        let limited = |secs| ProviderError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            error: None,
        };
        let cap = Duration::from_secs(300);
        let error = SyncError::from_provider(limited(86_400), cap);
        assert_eq!(error.retry_after(), Some(cap));
        let error = SyncError::from_provider(limited(7), cap);
        assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
        assert!(SyncError::from_provider(ProviderError::Unreachable("x".into()), cap).is_offline());
    }
}
