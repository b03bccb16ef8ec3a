//! Late's error answers → `ProviderError`. Late answers `{"error": <words>, "code": <machine
//! code>}`; WhatsApp refusals carry Meta's numeric code, there or in `platformError.code`. The
//! codes a person can act on get words saying what to do; the server's own words follow.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::provider::{ApiError, ProviderError};

/// The setting to check when the key is refused.
pub const KEY_VARIABLE: &str = "UNIBOX_LATE_API_KEY";

/// Meta: free-form message outside the customer-service window.
pub const WINDOW_CLOSED: &str = "131047";
/// Meta: too many messages to one recipient in a short time.
pub const TOO_MANY_TO_RECIPIENT: &str = "131056";

/// The error for a non-2xx answer with `body` (already size-capped).
pub fn error_from_answer(
    status: StatusCode,
    retry_after: Option<Duration>,
    body: &[u8],
) -> ProviderError {
    let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let said = text_of(parsed.get("error"))
        .or_else(|| text_of(parsed.get("message")))
        .or_else(|| text_of(parsed.pointer("/error/message")));
    let code = code_of(&parsed);
    let api = |title: String| ApiError {
        status: status.as_u16(),
        kind: code.clone().unwrap_or_default(),
        title,
        detail: said.clone(),
    };
    let server_title = || {
        said.clone()
            .unwrap_or_else(|| match status.canonical_reason() {
                Some(reason) => format!("{reason} ({})", status.as_u16()),
                None => format!("HTTP error {}", status.as_u16()),
            })
    };
    let bare = |title: String| ApiError {
        detail: None,
        ..api(title)
    };
    match (status.as_u16(), code.as_deref()) {
        (_, Some(WINDOW_CLOSED)) => ProviderError::Api(api(
            "the 24-hour window is closed — send a template".to_owned(),
        )),
        (_, Some(TOO_MANY_TO_RECIPIENT)) => ProviderError::Api(api(
            "too many messages to this person, wait a minute".to_owned(),
        )),
        (_, Some(code)) if code.eq_ignore_ascii_case("TEMPLATE_REQUIRED") => {
            ProviderError::Api(api(
                "WhatsApp opens a conversation only with an approved template — pick one"
                    .to_owned(),
            ))
        }
        (401, _) => ProviderError::KeyRefused {
            variable: KEY_VARIABLE,
            error: bare(server_title()),
        },
        (404, _) => ProviderError::NotFound(bare(server_title())),
        (409, _) => {
            ProviderError::StillInFlight(api("the same message is still being sent".to_owned()))
        }
        (422, _) => ProviderError::Api(api(
            "this message was already sent with different content under the same key \
             (422): nothing new was sent"
                .to_owned(),
        )),
        (429, _) => ProviderError::RateLimited {
            retry_after,
            error: Some(bare(server_title())),
        },
        (501, _) => ProviderError::NotImplemented(bare(server_title())),
        _ => ProviderError::Api(bare(server_title())),
    }
}

/// The machine code, as text (it may be a number): Meta's `platformError.code` when there is
/// one (it is the precise one: `code` then only says `platform_api_error`), else `code`.
fn code_of(body: &Value) -> Option<String> {
    [body.pointer("/platformError/code"), body.get("code")]
        .into_iter()
        .flatten()
        .find_map(|value| match value {
            Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

fn text_of(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::SendOutcome;

    fn answer(status: u16, body: &str) -> ProviderError {
        error_from_answer(StatusCode::from_u16(status).unwrap(), None, body.as_bytes())
    }

    #[test]
    fn a_refused_key_names_the_late_setting() {
        let error = answer(401, r#"{"error":"Invalid API key","code":"unauthorized"}"#);
        assert!(
            matches!(error, ProviderError::KeyRefused { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "the server refused the API key (401): check UNIBOX_LATE_API_KEY"
        );
        assert!(matches!(answer(401, ""), ProviderError::KeyRefused { .. }));
    }

    #[test]
    fn metas_codes_say_what_to_do_whether_text_or_number_or_nested() {
        for body in [
            r#"{"error":"Re-engagement message","code":"131047"}"#,
            r#"{"error":"Re-engagement message","code":131047}"#,
            r#"{"error":"Re-engagement message","code":"platform_api_error","platformError":{"code":131047}}"#,
        ] {
            let error = answer(400, body);
            assert!(
                error
                    .to_string()
                    .starts_with("the 24-hour window is closed — send a template"),
                "{body}: {error}"
            );
            assert_eq!(error.send_outcome(), SendOutcome::NotApplied);
        }
        let error = answer(400, r#"{"error":"Too many messages","code":"131056"}"#);
        assert_eq!(
            error.to_string(),
            "too many messages to this person, wait a minute: Too many messages"
        );
        let error = answer(400, r#"{"error":"x","code":"TEMPLATE_REQUIRED"}"#);
        assert!(error.to_string().contains("approved template"), "{error}");
    }

    #[test]
    fn idempotency_answers_tell_in_flight_from_reused() {
        let in_flight = answer(409, r#"{"error":"Request in progress","code":"conflict"}"#);
        assert!(matches!(in_flight, ProviderError::StillInFlight(_)));
        assert_eq!(in_flight.send_outcome(), SendOutcome::Unknown);
        let reused = answer(
            422,
            r#"{"error":"Key reused","code":"idempotency_mismatch"}"#,
        );
        assert!(reused.to_string().contains("different content"), "{reused}");
        assert_eq!(reused.send_outcome(), SendOutcome::NotApplied);
    }

    #[test]
    fn rate_limits_keep_retry_after_and_odd_bodies_fall_back_to_the_status() {
        let error = error_from_answer(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(7)),
            br#"{"error":"Slow down","code":"rate_limited"}"#,
        );
        assert!(matches!(
            &error,
            ProviderError::RateLimited { retry_after: Some(d), error: Some(api) }
                if *d == Duration::from_secs(7) && api.kind == "rate_limited"
        ));
        let error = answer(503, "<html>\u{1b}[31m</html>");
        assert_eq!(error.to_string(), "Service Unavailable (503)");
        assert!(error.is_retryable_read());
        assert_eq!(
            answer(500, r#"{"error":5}"#).send_outcome(),
            SendOutcome::Unknown
        );
        let error = answer(404, r#"{"error":"Conversation not found"}"#);
        assert!(matches!(error, ProviderError::NotFound(_)));
    }
}
