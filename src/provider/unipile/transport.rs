//! The one HTTP client, and the two doors to it: `ReadChannel` can only issue GET requests,
//! `WriteChannel` only the writes. The reader holds nothing but a `ReadChannel`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Client, Method, RequestBuilder, Response, Url, redirect};

use super::config::{BaseUrl, ConfigError, Limits, UnipileConfig};
use super::retry::parse_retry_after;
use super::status::error_from_answer;
use futures_util::StreamExt as _;

use crate::provider::{ByteStream, ProviderError, Result};

const USER_AGENT: &str = concat!("unibox/", env!("CARGO_PKG_VERSION"));
/// Error bodies are short JSON; anything longer is not worth reading.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

struct Http {
    client: Client,
    base: BaseUrl,
    limits: Limits,
    download_timeout: Duration,
}

impl Http {
    fn new(config: &UnipileConfig) -> Result<Self, ConfigError> {
        config
            .base_url
            .check_encrypted(config.allow_insecure_http)?;
        let mut key = HeaderValue::from_str(config.api_key.expose())
            .map_err(|_| ConfigError::InvalidApiKey)?;
        // Marked sensitive so the HTTP stack never prints it.
        key.set_sensitive(true);
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", key);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        let mut builder = Client::builder();
        if config.base_url.is_loopback() {
            // A proxy from HTTP_PROXY would see the key of a loopback (plain http) server.
            builder = builder.no_proxy();
        }
        let client = builder
            .default_headers(headers)
            .user_agent(USER_AGENT)
            .timeout(config.request_timeout)
            .connect_timeout(config.connect_timeout)
            // The contract never redirects, and following one would hand X-API-KEY to
            // whatever host the redirect names.
            .redirect(redirect::Policy::none())
            .build()
            .map_err(|error| ConfigError::Client(root_cause(&error)))?;
        Ok(Self {
            client,
            base: config.base_url.clone(),
            limits: config.limits,
            download_timeout: config.download_timeout,
        })
    }

    /// Sends `request`; a non-2xx answer becomes the contract's error.
    async fn answer(&self, request: RequestBuilder) -> Result<Response> {
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = response
            .headers()
            .get(header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, chrono::Utc::now()));
        // An unreadable error body still leaves the status to go by.
        let body = read_capped(response, MAX_ERROR_BODY_BYTES)
            .await
            .unwrap_or_default();
        Err(error_from_answer(status, retry_after, &body))
    }
}

/// Constructs both channels over one client (one connection pool).
pub(super) fn channels(config: &UnipileConfig) -> Result<(ReadChannel, WriteChannel), ConfigError> {
    let http = Arc::new(Http::new(config)?);
    Ok((ReadChannel(Arc::clone(&http)), WriteChannel(http)))
}

/// GET requests only.
#[derive(Clone)]
pub(super) struct ReadChannel(Arc<Http>);

impl ReadChannel {
    pub fn url<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Url {
        self.0.base.join(segments)
    }

    pub fn limits(&self) -> Limits {
        self.0.limits
    }

    pub fn base(&self) -> &BaseUrl {
        &self.0.base
    }

    /// The JSON body of `GET url`, at most `max_body_bytes` long.
    pub async fn get_json(&self, url: Url) -> Result<Bytes> {
        tracing::debug!(path = url.path(), "GET");
        let response = self.0.answer(self.0.client.get(url)).await?;
        read_capped(response, self.0.limits.max_body_bytes).await
    }

    /// The raw bytes of `GET url`, at most `max_bytes` long, with the download timeout.
    /// A download: the answer's status is checked here (and retried by the caller), its body
    /// comes as a stream that fails once it passes `max_bytes`.
    pub async fn get_stream(&self, url: Url, max_bytes: u64) -> Result<ByteStream> {
        tracing::debug!(path = url.path(), "GET (download)");
        let request = self
            .0
            .client
            .get(url)
            .header(header::ACCEPT, "*/*")
            .timeout(self.0.download_timeout);
        let response = self.0.answer(request).await?;
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
}

impl fmt::Debug for ReadChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReadChannel({})", self.0.base)
    }
}

/// The body of a write.
pub(super) enum WriteBody {
    None,
    Json(serde_json::Value),
    /// reqwest sets the Content-Type with its own boundary.
    Multipart(reqwest::multipart::Form),
}

/// Non-GET requests, sent exactly once.
#[derive(Clone)]
pub(super) struct WriteChannel(Arc<Http>);

impl WriteChannel {
    pub fn url<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Url {
        self.0.base.join(segments)
    }

    pub fn base(&self) -> &BaseUrl {
        &self.0.base
    }

    /// Sends the write once. `Ok(Some(body))` on 2xx; `Ok(None)` when the answer was 2xx but
    /// its body could not be read — the write took effect, so that is not an error.
    pub async fn send(&self, method: Method, url: Url, body: WriteBody) -> Result<Option<Bytes>> {
        tracing::debug!(%method, path = url.path(), "write");
        let request = self.0.client.request(method, url);
        let request = match body {
            WriteBody::None => request,
            WriteBody::Json(json) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(json.to_string()),
            WriteBody::Multipart(form) => request.multipart(form),
        };
        let response = self.0.answer(request).await?;
        match read_capped(response, self.0.limits.max_body_bytes).await {
            Ok(body) => Ok(Some(body)),
            Err(error) => {
                tracing::warn!(%error, "a write succeeded but its answer could not be read");
                Ok(None)
            }
        }
    }
}

impl fmt::Debug for WriteChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WriteChannel({})", self.0.base)
    }
}

/// Reads the body chunk by chunk and stops as soon as it passes `limit`.
async fn read_capped(mut response: Response, limit: u64) -> Result<Bytes> {
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

/// A failure below HTTP. Whether the request may have reached the server decides what the
/// outbox does, so only failures while connecting count as "not sent".
fn transport_error(error: reqwest::Error) -> ProviderError {
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
fn root_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
