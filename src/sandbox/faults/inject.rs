//! The middleware that applies `Faults` to every contract request.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::{Refusal, bodies};
use crate::sandbox::Shared;
use crate::sandbox::errors::ApiFailure;

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
    if let Some(refusal) = faults.take_refusal() {
        return refused(refusal);
    }
    let is_write = request.method() != Method::GET;
    let response = next.run(request).await;
    if is_write && let Some(hang) = faults.take_hang() {
        tokio::time::sleep(hang).await;
        return response;
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
