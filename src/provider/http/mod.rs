//! HTTP plumbing both providers' clients share: the base address, byte-capped bodies and the
//! reading of transport failures (whether a request may have reached the server).

mod base_url;

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt as _;
use reqwest::Response;

use crate::provider::{ByteStream, ProviderError, Result};

pub use base_url::{BaseUrl, ConfigError, Limits};

pub const USER_AGENT: &str = concat!("unibox/", env!("CARGO_PKG_VERSION"));
/// Error bodies are short JSON; anything longer is not worth reading.
pub const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Reads the body chunk by chunk and stops as soon as it passes `limit`.
pub async fn read_capped(mut response: Response, limit: u64) -> Result<Bytes> {
    let too_large = ProviderError::TooLarge { limit };
    if response.content_length().is_some_and(|len| len > limit) {
        return Err(too_large);
    }
    let mut body = BytesMut::new();
    while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// A download's body as it arrives; the stream fails with `TooLarge` once it passes
/// `max_bytes` (at once when the announced length already does).
pub fn capped_stream(response: Response, max_bytes: u64) -> Result<ByteStream> {
    if response.content_length().is_some_and(|len| len > max_bytes) {
        return Err(ProviderError::TooLarge { limit: max_bytes });
    }
    let mut received: u64 = 0;
    Ok(response
        .bytes_stream()
        .map(move |chunk| {
            let chunk = chunk.map_err(transport_error)?;
            received += chunk.len() as u64;
            if received > max_bytes {
                return Err(ProviderError::TooLarge { limit: max_bytes });
            }
            Ok(chunk)
        })
        .boxed())
}

/// A failure below HTTP. Whether the request may have reached the server decides what the
/// outbox does, so only failures while connecting count as "not sent".
pub fn transport_error(error: reqwest::Error) -> ProviderError {
    if error.is_connect() {
        return if error.is_timeout() {
            ProviderError::Timeout { sent: false }
        } else {
            ProviderError::Unreachable(root_cause(&error))
        };
    }
    if error.is_timeout() {
        return ProviderError::Timeout { sent: true };
    }
    if error.is_builder() {
        return ProviderError::Invalid(format!("cannot build the request: {}", root_cause(&error)));
    }
    ProviderError::ConnectionLost(root_cause(&error))
}

/// The innermost cause ("Connection refused (os error 111)"): short, and free of the URL.
pub fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// How a provider reads a non-2xx answer: its status, the `Retry-After` it asked for, and the
/// start of its body.
pub type AnswerError = fn(reqwest::StatusCode, Option<std::time::Duration>, &[u8]) -> ProviderError;

/// Sends `request`; a non-2xx answer becomes the provider's error (`to_error`), read from at
/// most `MAX_ERROR_BODY_BYTES` of its body. An unreadable error body still leaves the status.
pub async fn send_checked(
    request: reqwest::RequestBuilder,
    to_error: AnswerError,
) -> Result<reqwest::Response, ProviderError> {
    let response = request.send().await.map_err(transport_error)?;
    let status = response.status();
    if status.is_success() {
        return Ok(response);
    }
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| crate::provider::retry::parse_retry_after(value, chrono::Utc::now()));
    let body = read_capped(response, MAX_ERROR_BODY_BYTES)
        .await
        .unwrap_or_default();
    Err(to_error(status, retry_after, &body))
}

/// The body of a write, for either provider's write channel.
pub enum WriteBody {
    None,
    Json(serde_json::Value),
    /// reqwest sets the Content-Type with its own boundary.
    Multipart(reqwest::multipart::Form),
}
