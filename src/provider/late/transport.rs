//! The one HTTP client for Late, and its two doors: `ReadChannel` issues GET requests only,
//! `WriteChannel` only the writes, each with its `Idempotency-Key`. The key travels as
//! `Authorization: Bearer`, marked sensitive, and only ever to Late's own address.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Client, Method, RequestBuilder, Response, Url, redirect};

use super::config::LateConfig;
use super::status::error_from_answer;
pub(super) use crate::provider::http::WriteBody;
use crate::provider::http::{
    BaseUrl, ConfigError, Limits, USER_AGENT, capped_stream, read_capped, root_cause, send_checked,
};
use crate::provider::{ByteStream, IdempotencyKey, ProviderError, Result};

/// Late's header saying the answer is the stored one of an earlier request with the key.
const REPLAYED: &str = "idempotent-replayed";

struct Http {
    client: Client,
    base: BaseUrl,
    bearer: HeaderValue,
    limits: Limits,
    download_timeout: Duration,
    allow_insecure_http: bool,
}

impl Http {
    fn new(config: &LateConfig) -> Result<Self, ConfigError> {
        config
            .base_url
            .check_encrypted(config.allow_insecure_http)?;
        let mut bearer = HeaderValue::from_str(&format!("Bearer {}", config.api_key.expose()))
            .map_err(|_| ConfigError::InvalidApiKey)?;
        // Marked sensitive so the HTTP stack never prints it.
        bearer.set_sensitive(true);
        let mut headers = HeaderMap::new();
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
            // Following a redirect could hand the key to whatever host it names.
            .redirect(redirect::Policy::none())
            .build()
            .map_err(|error| ConfigError::Client(root_cause(&error)))?;
        Ok(Self {
            client,
            base: config.base_url.clone(),
            bearer,
            limits: config.limits,
            download_timeout: config.download_timeout,
            allow_insecure_http: config.allow_insecure_http,
        })
    }

    /// A request to Late itself, carrying the key.
    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.client
            .request(method, url)
            .header(header::AUTHORIZATION, self.bearer.clone())
    }

    /// Whether `url` is on Late's own server (scheme, host and port), where the key may go.
    fn is_ours(&self, url: &Url) -> bool {
        let base = self.base.join([]);
        url.scheme() == base.scheme()
            && url.host_str() == base.host_str()
            && url.port_or_known_default() == base.port_or_known_default()
    }

    /// Sends `request`; a non-2xx answer becomes Late's error.
    async fn answer(&self, request: RequestBuilder) -> Result<Response> {
        send_checked(request, error_from_answer).await
    }
}

/// Constructs both channels over one client (one connection pool).
pub(super) fn channels(config: &LateConfig) -> Result<(ReadChannel, WriteChannel), ConfigError> {
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
        let response = self.0.answer(self.0.request(Method::GET, url)).await?;
        read_capped(response, self.0.limits.max_body_bytes).await
    }

    /// A download of `url` as a stream that fails once it passes `max_bytes`. The key goes
    /// along only to Late's own server (WhatsApp media is served there, behind the key); a
    /// link elsewhere (a CDN) is fetched without it, and over https unless allowed.
    pub async fn get_stream(&self, url: Url, max_bytes: u64) -> Result<ByteStream> {
        tracing::debug!(path = url.path(), "GET (download)");
        let request = if self.0.is_ours(&url) {
            self.0.request(Method::GET, url)
        } else {
            let plain = url.scheme() == "http";
            let local = BaseUrl::parse(url.as_str()).is_ok_and(|u| u.is_loopback());
            if url.scheme() != "https" && !(plain && (local || self.0.allow_insecure_http)) {
                return Err(ProviderError::Invalid(
                    "the attachment's link is not https; not downloaded".to_owned(),
                ));
            }
            self.0.client.get(url)
        };
        let request = request
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

/// Non-GET requests, sent exactly once, each with its `Idempotency-Key`.
#[derive(Clone)]
pub(super) struct WriteChannel(Arc<Http>);

impl WriteChannel {
    pub fn url<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Url {
        self.0.base.join(segments)
    }

    pub fn base(&self) -> &BaseUrl {
        &self.0.base
    }

    /// Sends the write once. `Ok(Some(body))` on 2xx, the first request's answer when Late
    /// replays it (`Idempotent-Replayed: true`: the message went out then, not now);
    /// `Ok(None)` when a 2xx body could not be read, since the write took effect all the same.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        key: &IdempotencyKey,
        body: WriteBody,
    ) -> Result<Option<Bytes>> {
        tracing::debug!(%method, path = url.path(), "write");
        let key = HeaderValue::from_str(key.as_str()).map_err(|_| {
            ProviderError::Invalid("the idempotency key cannot travel in a header".to_owned())
        })?;
        let request = self.0.request(method, url).header("Idempotency-Key", key);
        let request = match body {
            WriteBody::None => request,
            WriteBody::Json(json) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(json.to_string()),
            WriteBody::Multipart(form) => request.multipart(form),
        };
        let response = self.0.answer(request).await?;
        let replayed = response
            .headers()
            .get(REPLAYED)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"));
        if replayed {
            tracing::info!("the provider replayed an earlier answer: nothing was sent twice");
        }
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
