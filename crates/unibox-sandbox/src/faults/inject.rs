//! The middleware that applies `Faults` to every contract request.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Query, Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use super::{Refusal, bodies};
use crate::Shared;
use crate::domain::{ChatId, MessageId};
use crate::errors::ApiFailure;

/// Largest real answer the sandbox re-reads to break it (its own pages are far smaller).
const REREAD_LIMIT: usize = 64 * 1024 * 1024;

pub(crate) async fn inject_faults(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let faults = &shared.faults;
    let latency = faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    if faults.refuses_accounts()
        && let Some(account) = concerned_account(&shared, request.uri())
        && let Some(refusal) = faults.account_refusal(&account)
    {
        return refusal.failure().into_response();
    }
    if let Some(refusal) = faults.take_refusal() {
        return refused(refusal);
    }
    let is_write = request.method() != Method::GET;
    let response = next.run(request).await;
    if is_write && let Some(hang) = faults.take_hang() {
        tokio::time::sleep(hang).await;
        return response;
    }
    if is_write && response.status().is_success() && faults.take_error_after_write() {
        return ApiFailure::unexpected()
            .detail("simulated server error after the write was applied")
            .into_response();
    }
    let reset = faults.take_reset();
    let oversized = if is_write || reset {
        None
    } else {
        faults.take_oversized()
    };
    if !(reset || oversized.is_some() || (!is_write && faults.list_fault_pending())) {
        return response;
    }
    let (parts, body) = response.into_parts();
    if let Some(size) = oversized {
        return bodies::oversized(parts, size);
    }
    let Ok(bytes) = to_bytes(body, REREAD_LIMIT).await else {
        return ApiFailure::unexpected().into_response();
    };
    if reset {
        return bodies::cut_mid_body(parts, bytes);
    }
    let Some((object, page)) = list_page(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    if let Some(count) = faults.take_huge_page() {
        let template = page
            .get("items")
            .and_then(Value::as_array)
            .and_then(|items| items.first())
            .cloned()
            .unwrap_or_else(|| serde_json::json!({ "id": "item" }));
        return bodies::huge_page(parts, &object, &template, count);
    }
    match faults.take_malformed() {
        Some(mode) => bodies::malformed(parts, page, mode),
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// The account a request is about: its `account_id` parameter, or the account owning the
/// account, chat or message its path names. `None` for the list of accounts.
fn concerned_account(shared: &Shared, uri: &Uri) -> Option<String> {
    let from_query = Query::<Vec<(String, String)>>::try_from_uri(uri)
        .ok()
        .and_then(|Query(pairs)| pairs.into_iter().find(|(name, _)| name == "account_id"))
        .map(|(_, value)| value);
    if from_query.is_some() {
        return from_query;
    }
    let path = uri.path();
    let path = path.strip_prefix("/api/v1").unwrap_or(path);
    let mut segments = path.trim_start_matches('/').split('/');
    let (resource, id) = (segments.next()?, segments.next()?);
    let id = percent_decode_str(id).decode_utf8_lossy().into_owned();
    shared.state.read(|world| match resource {
        "accounts" => Some(id),
        "chats" => world
            .chat(&ChatId::new(id))
            .map(|chat| chat.account_id.0.clone()),
        "messages" => world
            .message(&MessageId::new(id))
            .map(|message| message.account_id.0.clone()),
        _ => None,
    })
}

/// A list answer: its `object` (`…List`) and the parsed page.
fn list_page(bytes: &[u8]) -> Option<(String, Value)> {
    let page: Value = serde_json::from_slice(bytes).ok()?;
    let object = page.get("object")?.as_str()?.to_owned();
    (object.ends_with("List") && page.get("items").is_some_and(Value::is_array))
        .then_some((object, page))
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::RateLimited { retry_after_secs } => {
            let mut response = ApiFailure::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "The provider cannot accept any more requests at the moment.",
            )
            .detail("please try again later")
            .into_response();
            if let Some(seconds) = retry_after_secs {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
        Refusal::Unavailable => ApiFailure::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
            "Please try again later.",
        )
        .into_response(),
        Refusal::GatewayTimeout => ApiFailure::new(
            StatusCode::GATEWAY_TIMEOUT,
            "request_timeout",
            "Request Timeout. Please try again.",
        )
        .into_response(),
        Refusal::InternalError => ApiFailure::unexpected()
            .detail("simulated server error")
            .into_response(),
    }
}
