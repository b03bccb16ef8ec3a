//! The Unipile sandbox's fault switches (`Faults`), applied to the Late routes with Late's
//! error shapes: latency, refusals (429 with `Retry-After`, 503, 504, a share of 500s), a slow
//! answer after a write was applied, a 500 after a write was applied, a connection cut
//! mid-body, and malformed list pages.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{Value, json};

use super::errors::LateError;
use super::shared::LateShared;
use crate::sandbox::faults::bodies::cut_mid_body;
use crate::sandbox::faults::{MalformedMode, Refusal};

/// Largest answer the sandbox re-reads to break it (its own pages are far smaller).
const REREAD_LIMIT: usize = 64 * 1024 * 1024;
/// The arrays a Late list answer carries its items in.
const LIST_FIELDS: [&str; 4] = ["data", "messages", "accounts", "templates"];

pub(crate) async fn inject_faults(
    State(shared): State<Arc<LateShared>>,
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
    let key = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(request).await;
    if is_write && let Some(hang) = faults.take_hang() {
        tokio::time::sleep(hang).await;
        return response;
    }
    if is_write && response.status().is_success() && faults.take_error_after_write() {
        // As published: a failure after the platform accepted the message releases the key.
        if let Some(key) = key {
            shared.state.write(|world| world.idempotency.release(&key));
        }
        return LateError::internal().into_response();
    }
    let reset = faults.take_reset();
    let may_break_list = !is_write && response.status().is_success() && is_json(&response);
    if !(reset || (may_break_list && faults.list_fault_pending())) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, REREAD_LIMIT).await else {
        return LateError::internal().into_response();
    };
    if reset {
        return cut_mid_body(parts, bytes);
    }
    let page = serde_json::from_slice::<Value>(&bytes).ok().filter(|page| {
        LIST_FIELDS
            .iter()
            .any(|f| page.get(f).is_some_and(Value::is_array))
    });
    let (Some(page), Some(mode)) = (page, faults.take_malformed()) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let mut parts = parts;
    parts.headers.remove(CONTENT_LENGTH);
    let broken = match mode {
        MalformedMode::Truncated => bytes.slice(..bytes.len() / 2),
        MalformedMode::WrongShape => Bytes::from(wrong_shape(page).to_string()),
    };
    Response::from_parts(parts, Body::from(broken))
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"))
}

/// The first item of the page's list becomes `{"id": 12345}`: a number where a string goes,
/// every other field missing.
fn wrong_shape(mut page: Value) -> Value {
    for field in LIST_FIELDS {
        if let Some(first) = page
            .get_mut(field)
            .and_then(Value::as_array_mut)
            .and_then(|items| items.first_mut())
        {
            *first = json!({ "id": 12345 });
            break;
        }
    }
    page
}

fn refused(refusal: Refusal) -> Response {
    match refusal {
        Refusal::RateLimited { retry_after_secs } => {
            let mut response = LateError::rate_limited().into_response();
            if let Some(seconds) = retry_after_secs {
                response
                    .headers_mut()
                    .insert(RETRY_AFTER, HeaderValue::from(seconds));
            }
            response
        }
        Refusal::Unavailable => LateError::unavailable().into_response(),
        Refusal::GatewayTimeout => LateError::gateway_timeout().into_response(),
        Refusal::InternalError => LateError::internal().into_response(),
    }
}
