//! The one HTTP client, and the two doors to it: `ReadChannel` can only issue GET requests,
//! `WriteChannel` only the writes. The reader holds nothing but a `ReadChannel`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Client, Method, RequestBuilder, Response, Url, redirect};

use super::config::UnipileConfig;
use super::status::error_from_answer;
pub(super) use crate::provider::http::WriteBody;
use crate::provider::http::{
    BaseUrl, ConfigError, Limits, USER_AGENT, capped_stream, read_capped, root_cause, send_checked,
};
use crate::provider::{ByteStream, Result};

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
        send_checked(request, error_from_answer).await
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
        capped_stream(response, max_bytes)
    }
}

impl fmt::Debug for ReadChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ReadChannel({})", self.0.base)
    }
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
