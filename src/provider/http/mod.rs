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
