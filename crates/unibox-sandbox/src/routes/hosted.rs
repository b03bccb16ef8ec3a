//! `POST /hosted/accounts/link`: a link to Unipile's hosted authentication, here to
//! reconnect an account. The sandbox checks the fields the contract requires and answers a
//! made-up URL; nothing about the account changes.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::body::JsonBody;
use crate::Shared;
use crate::domain::AccountId;
use crate::errors::ApiFailure;
use crate::state::Rejection;

#[derive(Deserialize)]
pub struct LinkRequest {
    #[serde(rename = "type")]
    kind: String,
    #[serde(rename = "expiresOn")]
    expires_on: String,
    api_url: String,
    reconnect_account: Option<String>,
    providers: Option<serde_json::Value>,
}

pub async fn link(
    State(shared): State<Arc<Shared>>,
    JsonBody(request): JsonBody<LinkRequest>,
) -> Result<Response, ApiFailure> {
    if !is_contract_time(&request.expires_on) {
        return Err(ApiFailure::invalid_parameters(
            "expiresOn must be YYYY-MM-DDTHH:MM:SS.sssZ",
        ));
    }
    if request.api_url.is_empty() {
        return Err(ApiFailure::invalid_parameters("api_url is required"));
    }
    match request.kind.as_str() {
        "reconnect" => {
            let id = request
                .reconnect_account
                .filter(|id| !id.is_empty())
                .ok_or_else(|| ApiFailure::invalid_parameters("reconnect_account is required"))?;
            let id = AccountId::new(id);
            shared.state.read(|world| {
                world
                    .account(&id)
                    .map(drop)
                    .ok_or(Rejection::UnknownAccount(id.clone()))
            })?;
        }
        "create" if request.providers.is_some() => {}
        "create" => return Err(ApiFailure::invalid_parameters("providers is required")),
        _ => {
            return Err(ApiFailure::invalid_parameters(
                "type must be create or reconnect",
            ));
        }
    }
    let url = format!(
        "https://account.unipile.com/sandbox-{}",
        shared.state.now().timestamp_millis()
    );
    Ok(Json(json!({ "object": "HostedAuthUrl", "url": url })).into_response())
}

/// The contract's pattern `^[1-2]\d{3}-[0-1]\d-[0-3]\dT\d{2}:\d{2}:\d{2}.\d{3}Z$`.
fn is_contract_time(text: &str) -> bool {
    let shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    text.len() == shape.len()
        && text.chars().zip(shape.chars()).all(|(c, s)| match s {
            'd' => c.is_ascii_digit(),
            _ => c == s,
        })
        && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_contract_time_shape_passes() {
        assert!(is_contract_time("2026-12-07T05:00:00.000Z"));
        assert!(!is_contract_time("2026-12-07T05:00:00Z"));
        assert!(!is_contract_time("2026-12-07T05:00:00.000+01:00"));
        assert!(!is_contract_time("2026-13-07T05:00:00.000Z"));
    }
}
