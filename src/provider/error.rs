//! Typed provider errors. Messages are written for the status bar: what failed and what to do.
//! None of them ever carries the API key.

use std::time::Duration;

use thiserror::Error;

use crate::domain::AccountTrouble;

/// The contract's error body: `{"title","type":"errors/<slug>","status","detail"?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    /// `errors/<slug>`; branch on this, not on the title.
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
}

impl ApiError {
    /// An error known only by its words (a test's, or one no HTTP answer carried).
    pub fn described(title: &str) -> Self {
        Self {
            status: 0,
            kind: String::new(),
            title: title.to_owned(),
            detail: None,
        }
    }

    /// The slug after `errors/`.
    pub fn slug(&self) -> &str {
        self.kind.strip_prefix("errors/").unwrap_or(&self.kind)
    }

    /// The account's trouble this answer reports, if it is about one account.
    pub fn trouble(&self) -> Option<AccountTrouble> {
        (self.status == 401)
            .then(|| AccountTrouble::from_slug(self.slug()))
            .flatten()
    }

    fn trouble_words(&self) -> &'static str {
        self.trouble()
            .map_or("account disconnected", |trouble| trouble.words())
    }
}

/// Whether a failed write may have reached the provider. Decides between `failed` (safe to
/// offer a retry) and `unknown` (look for the message before anything else) in the outbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    /// The request certainly did not take effect (refused before sending, or a final answer).
    NotApplied,
    /// The request may have been applied: timeout or connection lost after sending, or a 5xx.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProviderError {
    /// One linked account cannot be used (a 401 whose type is about the account, not the API
    /// key: disconnected, expired or invalid credentials, a checkpoint...); see `trouble`.
    #[error("{}: {}", .0.trouble_words(), .0.title)]
    AccountDisconnected(ApiError),
    /// Wrong or missing API key.
    #[error("the server refused the API key (401): check UNIBOX_API_KEY")]
    Unauthorized(ApiError),
    /// Another provider's key refused; `variable` names the setting that holds it.
    #[error("the server refused the API key (401): check {variable}")]
    KeyRefused {
        variable: &'static str,
        error: ApiError,
    },
    /// The same write (same idempotency key) is still being handled by the provider: it may
    /// well go out, so look for it before sending again.
    #[error("this message is still being sent (409): look for it before sending it again")]
    StillInFlight(ApiError),
    #[error("not found: {}", .0.title)]
    NotFound(ApiError),
    /// 429, after retries for reads; immediately for writes.
    #[error("rate limited by the server, try later")]
    RateLimited {
        retry_after: Option<Duration>,
        error: Option<ApiError>,
    },
    /// The provider does not offer this operation (e.g. account resync on WhatsApp).
    #[error("not supported by this provider: {}", .0.title)]
    NotImplemented(ApiError),
    /// A list's cursor handed out earlier is no longer accepted: list again from the start.
    #[error("the saved place in the list is no longer valid: {}", .0.title)]
    StaleCursor(ApiError),
    /// The provider cannot serve this account right now (not ready, busy); other accounts may
    /// work. A write may have been applied.
    #[error("{}{}", .0.title, .0.detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    AccountUnavailable(ApiError),
    /// Any other error answer: rejected with a reason (final), or a server fault (after
    /// retries; see `send_outcome`).
    #[error("{}{}", .0.title, .0.detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Api(ApiError),
    /// No answer in time. For writes the outcome is unknown.
    #[error("the server did not answer in time")]
    Timeout { sent: bool },
    /// The server could not be reached at all; nothing was sent.
    #[error("the server could not be reached ({0}): check the address and the network")]
    Unreachable(String),
    /// The connection broke after the request went out.
    #[error("the connection to the server was lost ({0})")]
    ConnectionLost(String),
    /// The answer could not be understood.
    #[error("unexpected answer from the server: {0}")]
    Decode(String),
    /// The answer was larger than unibox accepts.
    #[error("the server's answer is too large (over {limit} bytes)")]
    TooLarge { limit: u64 },
    /// Refused by unibox before any request was made.
    #[error("{0}")]
    Invalid(String),
}

impl ProviderError {
    /// Whether a read may be retried after this error (429, 503, 504, timeouts, lost connections).
    pub fn is_retryable_read(&self) -> bool {
        match self {
            Self::RateLimited { .. }
            | Self::Timeout { .. }
            | Self::ConnectionLost(_)
            | Self::AccountUnavailable(_) => true,
            Self::Api(e) => matches!(e.status, 503 | 504),
            _ => false,
        }
    }

    /// For a failed write: could it have taken effect?
    pub fn send_outcome(&self) -> SendOutcome {
        match self {
            Self::Timeout { sent: true }
            | Self::ConnectionLost(_)
            | Self::AccountUnavailable(_)
            | Self::StillInFlight(_) => SendOutcome::Unknown,
            // A 5xx may hide a request that reached the provider (or went out through it):
            // look for it before offering to send again. 501 (`NotImplemented`) did nothing.
            Self::Api(e) if (500..600).contains(&e.status) => SendOutcome::Unknown,
            _ => SendOutcome::NotApplied,
        }
    }

    /// The account's trouble, for an error about one account.
    pub fn account_trouble(&self) -> Option<AccountTrouble> {
        match self {
            Self::AccountDisconnected(api) => {
                Some(api.trouble().unwrap_or(AccountTrouble::SignInAgain))
            }
            _ => None,
        }
    }

    /// The contract's error body, when there was one.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::AccountDisconnected(e)
            | Self::Unauthorized(e)
            | Self::KeyRefused { error: e, .. }
            | Self::StillInFlight(e)
            | Self::NotFound(e)
            | Self::NotImplemented(e)
            | Self::StaleCursor(e)
            | Self::AccountUnavailable(e)
            | Self::Api(e) => Some(e),
            Self::RateLimited { error, .. } => error.as_ref(),
            _ => None,
        }
    }

    /// How long the provider asked to be left alone, when it rate limited us.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Self::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Self::RateLimited { .. })
    }

    /// The API key itself was refused: nothing will work until it is changed.
    pub fn is_key_refused(&self) -> bool {
        matches!(self, Self::Unauthorized(_) | Self::KeyRefused { .. })
    }

    /// One account must be reconnected; the others work.
    pub fn needs_reconnecting(&self) -> bool {
        matches!(self, Self::AccountDisconnected(_))
    }

    /// One account cannot be served right now; the others may be.
    pub fn is_account_unavailable(&self) -> bool {
        matches!(self, Self::AccountUnavailable(_))
    }

    /// A list's saved cursor was refused: list again from the start.
    pub fn is_stale_cursor(&self) -> bool {
        matches!(self, Self::StaleCursor(_))
    }

    /// The provider does not offer the operation at all.
    pub fn is_not_supported(&self) -> bool {
        matches!(self, Self::NotImplemented(_))
    }

    /// The thing asked for does not exist (any more).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound(_))
    }

    /// True when the server could not be reached: the UI shows "offline".
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Unreachable(_) | Self::Timeout { sent: false })
    }
}
