//! Error answers of the contract → `ProviderError`. Branches on the HTTP status and the body's
//! `type`, never on its `title`.

use std::time::Duration;

use reqwest::StatusCode;

use super::wire::ErrorBody;
use crate::domain::AccountTrouble;
use crate::provider::{ApiError, ProviderError};

/// A list asked from a saved cursor and refused as a bad request: the cursor has expired.
pub fn cursor_refused(error: ProviderError, had_cursor: bool) -> ProviderError {
    match error {
        ProviderError::Api(api) if had_cursor && api.status == 400 => {
            ProviderError::StaleCursor(api)
        }
        other => other,
    }
}

/// The error for a non-2xx answer with `body` (already size-capped).
pub fn error_from_answer(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> ProviderError {
    let parsed = serde_json::from_slice::<ErrorBody>(body).ok();
    let had_body = parsed
        .as_ref()
        .is_some_and(|b| b.kind.is_some() || b.title.is_some());
    let api = api_error(status, parsed.unwrap_or_default());
    match status.as_u16() {
        // The 401 types about the linked account (not the API key) are that account's trouble.
        401 if AccountTrouble::from_slug(api.slug()).is_some() => {
            ProviderError::AccountDisconnected(api)
        }
        401 => ProviderError::Unauthorized(api),
        404 => ProviderError::NotFound(api),
        429 => ProviderError::RateLimited {
            retry_after,
            error: had_body.then_some(api),
        },
        501 => ProviderError::NotImplemented(api),
        // The account is not ready on the provider's side (or the provider is overloaded):
        // other accounts may still work.
        503 => ProviderError::AccountUnavailable(api),
        _ => ProviderError::Api(api),
    }
}

/// The contract's error, completed from the HTTP status where the body is silent (a proxy's
/// HTML page, an empty body...).
fn api_error(status: StatusCode, body: ErrorBody) -> ApiError {
    let title = body
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| match status.canonical_reason() {
            Some(reason) => format!("{reason} ({})", status.as_u16()),
            None => format!("HTTP error {}", status.as_u16()),
        });
    ApiError {
        status: status.as_u16(),
        kind: body.kind.unwrap_or_default(),
        title,
        detail: body.detail.filter(|d| !d.trim().is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::SendOutcome;

    fn answer(status: u16, body: &str) -> ProviderError {
        error_from_answer(StatusCode::from_u16(status).unwrap(), None, body.as_bytes())
    }

    fn body(status: u16, slug: &str) -> String {
        format!(
            r#"{{"title":"Some title","type":"errors/{slug}","status":{status},"detail":"More words.","instance":"x"}}"#
        )
    }

    #[test]
    fn a_disconnected_account_is_not_a_bad_key() {
        for slug in [
            "disconnected_account",
            "expired_credentials",
            "invalid_credentials",
            "disconnected_feature",
            "checkpoint_error",
            "wrong_account",
            "captcha_not_supported",
        ] {
            let error = answer(401, &body(401, slug));
            assert!(
                matches!(&error, ProviderError::AccountDisconnected(api) if api.slug() == slug),
                "{error:?}"
            );
        }
        for slug in ["missing_credentials", "multiple_sessions", "expired_link"] {
            assert!(matches!(
                answer(401, &body(401, slug)),
                ProviderError::Unauthorized(_)
            ));
        }
        assert!(matches!(answer(401, ""), ProviderError::Unauthorized(_)));
    }

    #[test]
    fn statuses_map_to_their_variants_with_the_body_kept() {
        let error = answer(404, &body(404, "resource_not_found"));
        let ProviderError::NotFound(api) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(api.kind, "errors/resource_not_found");
        assert_eq!(api.title, "Some title");
        assert_eq!(api.detail.as_deref(), Some("More words."));
        assert!(matches!(
            answer(501, &body(501, "feature_not_implemented")),
            ProviderError::NotImplemented(_)
        ));
        let error = answer(422, &body(422, "invalid_recipient"));
        assert_eq!(error.api().map(ApiError::slug), Some("invalid_recipient"));
        assert_eq!(error.to_string(), "Some title: More words.");
        assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
    }

    #[test]
    fn statuses_map_to_neutral_meanings() {
        let unavailable = answer(503, &body(503, "service_unavailable"));
        assert!(unavailable.is_account_unavailable(), "{unavailable:?}");
        assert!(unavailable.is_retryable_read());
        assert_eq!(unavailable.send_outcome(), SendOutcome::Unknown);
        assert!(answer(401, &body(401, "disconnected_account")).needs_reconnecting());
        assert!(answer(401, "").is_key_refused());
        assert!(answer(501, "").is_not_supported());
        assert!(answer(404, "").is_not_found());
        let limited = error_from_answer(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(3)),
            b"",
        );
        assert!(limited.is_rate_limited());
        assert_eq!(limited.retry_after(), Some(Duration::from_secs(3)));
        let rejected = answer(422, &body(422, "invalid_recipient"));
        for meaning in [
            rejected.is_account_unavailable(),
            rejected.needs_reconnecting(),
            rejected.is_key_refused(),
            rejected.is_stale_cursor(),
            rejected.is_rate_limited(),
        ] {
            assert!(!meaning, "{rejected:?}");
        }
    }

    #[test]
    fn a_bad_request_from_a_saved_cursor_is_a_stale_cursor_and_only_then() {
        let refused = || answer(400, &body(400, "invalid_cursor"));
        assert!(cursor_refused(refused(), true).is_stale_cursor());
        assert!(!cursor_refused(refused(), false).is_stale_cursor());
        assert!(!cursor_refused(answer(500, ""), true).is_stale_cursor());
        assert_eq!(
            cursor_refused(refused(), true).send_outcome(),
            SendOutcome::NotApplied
        );
    }

    #[test]
    fn rate_limits_carry_retry_after() {
        let error = error_from_answer(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(3)),
            body(429, "too_many_requests").as_bytes(),
        );
        let ProviderError::RateLimited {
            retry_after,
            error: Some(api),
        } = &error
        else {
            panic!("{error:?}")
        };
        assert_eq!(*retry_after, Some(Duration::from_secs(3)));
        assert_eq!(api.slug(), "too_many_requests");
        assert!(error.is_retryable_read());
        assert!(matches!(
            answer(429, "slow down"),
            ProviderError::RateLimited { error: None, .. }
        ));
    }

    #[test]
    fn a_body_that_is_not_json_still_gives_a_sensible_error() {
        let error = answer(503, "<html><body>Bad gateway \u{1b}[31m</body></html>");
        let Some(api) = error.api() else {
            panic!("{error:?}")
        };
        assert_eq!(api.status, 503);
        assert_eq!(api.kind, "");
        assert_eq!(api.title, "Service Unavailable (503)");
        assert!(!error.to_string().contains("html"));
        assert!(error.is_retryable_read());
        assert_eq!(answer(599, "").to_string(), "HTTP error 599");
        // A body whose fields have the wrong types falls back the same way.
        assert_eq!(
            answer(500, r#"{"title":5,"type":[]}"#).to_string(),
            "Internal Server Error (500)"
        );
    }
}
