//! Broken and enormous answers, built lazily: nothing here holds more than one chunk of a
//! large body in memory.

use std::io;
use std::time::Duration;

use axum::body::Body;
use axum::http::HeaderValue;
use axum::http::header::CONTENT_LENGTH;
use axum::http::response::Parts;
use axum::response::Response;
use bytes::Bytes;
use futures_util::{StreamExt, stream};
use serde_json::Value;

use super::MalformedMode;

const CHUNK: usize = 64 * 1024;
static PADDING: [u8; CHUNK] = [b'x'; CHUNK];
/// Items per streamed chunk of a huge page.
const ITEMS_PER_CHUNK: u64 = 500;
/// Time for the first half of a cut body to leave before the connection breaks.
const BEFORE_RESET: Duration = Duration::from_millis(50);

/// The promised length, half the bytes, then a broken connection.
pub fn cut_mid_body(mut parts: Parts, full: Bytes) -> Response {
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(full.len()));
    let half = full.slice(..full.len() / 2);
    let chunks = stream::unfold(Some(half), |state| async move {
        match state {
            Some(half) => Some((Ok(half), None)),
            None => {
                tokio::time::sleep(BEFORE_RESET).await;
                let reset = io::Error::new(io::ErrorKind::ConnectionReset, "sandbox fault: reset");
                Some((Err(reset), None))
            }
        }
    });
    Response::from_parts(parts, Body::from_stream(chunks))
}

/// A JSON body of `size` bytes (`{"padding":"xxxx…"}`), announced in `Content-Length`.
pub fn oversized(mut parts: Parts, size: u64) -> Response {
    const HEAD: &[u8] = br#"{"padding":""#;
    const TAIL: &[u8] = br#""}"#;
    let padding = size.saturating_sub((HEAD.len() + TAIL.len()) as u64);
    let total = padding + (HEAD.len() + TAIL.len()) as u64;
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(total));
    let padding_chunks = stream::unfold(padding, |left| async move {
        let take = usize::try_from(left.min(CHUNK as u64)).unwrap_or(CHUNK);
        (take > 0).then(|| {
            let chunk = Bytes::from_static(PADDING.get(..take).unwrap_or_default());
            (chunk, left - take as u64)
        })
    });
    let body = stream::iter([Bytes::from_static(HEAD)])
        .chain(padding_chunks)
        .chain(stream::iter([Bytes::from_static(TAIL)]))
        .map(Ok::<_, io::Error>);
    Response::from_parts(parts, Body::from_stream(body))
}

/// A valid page of `count` copies of `template`, each with its own id, streamed in chunks.
pub fn huge_page(mut parts: Parts, object: &str, template: &Value, count: u64) -> Response {
    parts.headers.remove(CONTENT_LENGTH);
    let base_id = template
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("item")
        .to_owned();
    let mut marked = template.clone();
    if let Some(item) = marked.as_object_mut() {
        item.insert("id".into(), Value::from("\u{0}ID\u{0}"));
    }
    let serialised = marked.to_string();
    let (head, tail) = serialised
        .split_once(r#""\u0000ID\u0000""#)
        .map(|(h, t)| (h.to_owned(), t.to_owned()))
        .unwrap_or_else(|| (serialised.clone(), String::new()));
    let item = move |n: u64| format!(r#"{head}"{base_id}-{n}"{tail}"#);
    let opening = Bytes::from(format!(r#"{{"object":{},"items":["#, Value::from(object)));
    let items = stream::unfold(0u64, move |start| {
        let item = item.clone();
        async move {
            (start < count).then(|| {
                let end = (start + ITEMS_PER_CHUNK).min(count);
                let chunk: Vec<String> = (start..end).map(&item).collect();
                let separator = if start == 0 { "" } else { "," };
                (Bytes::from(format!("{separator}{}", chunk.join(","))), end)
            })
        }
    });
    let body = stream::iter([opening])
        .chain(items)
        .chain(stream::iter([Bytes::from_static(br#"],"cursor":null}"#)]))
        .map(Ok::<_, io::Error>);
    Response::from_parts(parts, Body::from_stream(body))
}

/// The page broken as `mode` says.
pub fn malformed(mut parts: Parts, mut page: Value, mode: MalformedMode) -> Response {
    parts.headers.remove(CONTENT_LENGTH);
    let body = match mode {
        MalformedMode::Truncated => {
            let mut bytes = page.to_string().into_bytes();
            bytes.truncate(bytes.len() / 2);
            bytes
        }
        MalformedMode::WrongShape => {
            if let Some(items) = page.get_mut("items").and_then(Value::as_array_mut) {
                let object = items
                    .first()
                    .and_then(|i| i.get("object"))
                    .cloned()
                    .unwrap_or(Value::Null);
                let wrong =
                    serde_json::json!({ "object": object, "id": 12345, "timestamp": false });
                let middle = items.len() / 2;
                match items.get_mut(middle) {
                    Some(middle) => *middle = wrong,
                    None => items.push(wrong),
                }
            }
            page.to_string().into_bytes()
        }
    };
    Response::from_parts(parts, Body::from(body))
}
