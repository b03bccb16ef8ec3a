//! How to reach Unipile: base address, key, timeouts, retries and limits.

use std::fmt;
use std::time::Duration;

use crate::provider::http::{BaseUrl, ConfigError, Limits};
use crate::provider::retry::RetryPolicy;
use crate::secret::ApiKey;

/// Everything needed to build a [`super::Unipile`].
#[derive(Clone)]
pub struct UnipileConfig {
    pub base_url: BaseUrl,
    pub api_key: ApiKey,
    /// Whole request, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Whole attachment download; larger files need longer than a JSON page.
    pub download_timeout: Duration,
    /// Retries of reads (writes are never retried).
    pub retry: RetryPolicy,
    pub limits: Limits,
    /// Plain http to a host other than this machine; refused when building the client
    /// otherwise.
    pub allow_insecure_http: bool,
}

impl UnipileConfig {
    /// The defaults for `address`: 30 s per request, 10 s to connect, 5 min per download.
    pub fn new(address: &str, api_key: ApiKey) -> Result<Self, ConfigError> {
        Ok(Self {
            base_url: BaseUrl::parse(address)?,
            api_key,
            request_timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            download_timeout: Duration::from_secs(300),
            retry: RetryPolicy::default(),
            limits: Limits::default(),
            allow_insecure_http: false,
        })
    }
}

impl fmt::Debug for UnipileConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnipileConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("request_timeout", &self.request_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("download_timeout", &self.download_timeout)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_stays_out_of_debug() {
        let config =
            UnipileConfig::new("http://127.0.0.1:1", ApiKey::new("sk_secret_42").unwrap()).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("sk_secret_42"), "{shown}");
        assert!(shown.contains("127.0.0.1"), "{shown}");
    }
}
