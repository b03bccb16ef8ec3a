//! Under the hostile preset, every error answer's title and detail carry terminal escapes: a
//! client that shows server error text must neutralise it like any other network text.

use std::sync::Arc;

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::Value;

use crate::Shared;

/// Put before an error's title: a window title, a screen clear, a C1 CSI and a bidi override.
pub const HOSTILE_TITLE_PREFIX: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202E}";
/// Put before an error's detail: a clipboard write and a line break that forges a new line.
pub const HOSTILE_DETAIL_PREFIX: &str = "\u{1b}]52;c;cm0gLXJmIH4=\u{7}\r\nunibox: all good\u{8}";

/// Error answers of the contract are small JSON documents; anything larger passes unchanged.
const MAX_ERROR_BYTES: usize = 64 * 1024;

pub(crate) async fn hostile_errors(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if !shared.hostile || response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_ERROR_BYTES).await else {
        // Cut or oversized on purpose (a fault): nothing to rewrite.
        return Response::from_parts(parts, Body::empty());
    };
    let Ok(mut error) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    prefix(&mut error, "title", HOSTILE_TITLE_PREFIX);
    prefix(&mut error, "detail", HOSTILE_DETAIL_PREFIX);
    let rewritten = error.to_string();
    parts.headers.remove(CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(rewritten))
}

fn prefix(error: &mut Value, field: &str, hostile: &str) {
    if let Some(object) = error.as_object_mut() {
        let original = object
            .get(field)
            .and_then(Value::as_str)
            .unwrap_or_default();
        let joined = format!("{hostile}{original}");
        object.insert(field.to_owned(), Value::from(joined));
    }
}
