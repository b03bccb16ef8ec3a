//! `error_from_answer`: any status with any body gives that status's variant, and what the
//! body says (its type, title and detail) reaches the user whenever the body has it.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use unibox::provider::ProviderError;
use unibox::provider::unipile::error_from_answer;

use crate::decode::text_field;

/// 401 types that surely mean "reconnect the account", not a bad key (docs/providers/unipile.md).
const DISCONNECTED: &[&str] = &["disconnected_account", "expired_credentials"];
/// Every 401 type docs/providers/unipile.md lets mean "reconnect the account".
const MAY_BE_DISCONNECTED: &[&str] = &[
    "disconnected_account",
    "expired_credentials",
    "invalid_credentials",
];

/// Input: two bytes of status (100..=999), one byte of Retry-After seconds (0: none), the body.
pub fn check_error_answer(data: &[u8]) {
    let [high, low, wait, body @ ..] = data else {
        return;
    };
    let code = 100 + u16::from_be_bytes([*high, *low]) % 900;
    let Ok(status) = StatusCode::from_u16(code) else {
        panic!("{code} is a valid status code");
    };
    let retry_after = (*wait > 0).then(|| Duration::from_secs(u64::from(*wait)));
    let error = error_from_answer(status, retry_after, body);

    match (code, &error) {
        (401, ProviderError::AccountDisconnected(_) | ProviderError::Unauthorized(_))
        | (404, ProviderError::NotFound(_))
        | (501, ProviderError::NotImplemented(_)) => {}
        (
            429,
            ProviderError::RateLimited {
                retry_after: got, ..
            },
        ) => {
            assert_eq!(*got, retry_after, "Retry-After lost");
        }
        (401 | 404 | 429 | 501, _) => panic!("{code} gave {error:?}"),
        (_, ProviderError::Api(_)) => {}
        _ => panic!("{code} gave {error:?}"),
    }

    let Some(api) = error.api() else {
        assert_eq!(code, 429, "{code} without the contract's error");
        return check_rate_limit_without_body(body);
    };
    assert_eq!(api.status, code);
    assert!(!api.title.trim().is_empty(), "no title to show");
    assert!(
        api.detail.as_deref().is_none_or(|d| !d.trim().is_empty()),
        "a blank detail"
    );
    if code == 401 {
        let disconnected = matches!(error, ProviderError::AccountDisconnected(_));
        assert!(!disconnected || MAY_BE_DISCONNECTED.contains(&api.slug()));
        assert!(disconnected || !DISCONNECTED.contains(&api.slug()));
    }

    // Bodies that are not JSON (a proxy's page) or not quite (serde_json skips unknown fields
    // without checking their text) have nothing to compare with.
    let Some(sent) = json_object(body) else {
        return;
    };
    if let Some(title) = text_field(&sent, "title").filter(|t| !t.trim().is_empty()) {
        assert_eq!(api.title, title, "the body's title is not shown");
    }
    let sent_kind = text_field(&sent, "type").unwrap_or_default();
    assert_eq!(api.kind, sent_kind, "the body's type lost");
    if let Some(detail) = text_field(&sent, "detail").filter(|d| !d.trim().is_empty()) {
        assert_eq!(
            api.detail.as_deref(),
            Some(detail),
            "the body's detail lost"
        );
    }
}

/// A 429 leaves the contract's error out only when the body holds none.
fn check_rate_limit_without_body(body: &[u8]) {
    if let Some(sent) = json_object(body) {
        let said = text_field(&sent, "title").or(text_field(&sent, "type"));
        assert_eq!(said, None, "the 429's error was dropped");
    }
}

fn json_object(body: &[u8]) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}
