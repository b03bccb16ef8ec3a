//! How to reach Late: base address, key, timeouts, retries and limits.

use std::fmt;
use std::time::Duration;

use crate::provider::http::{BaseUrl, ConfigError, Limits};
use crate::provider::retry::RetryPolicy;
use crate::secret::ApiKey;

/// Where Late (now Zernio) serves its API.
pub const DEFAULT_LATE_URL: &str = "https://zernio.com/api/v1";

/// Everything needed to build a [`super::Late`].
#[derive(Clone)]
pub struct LateConfig {
    pub base_url: BaseUrl,
    pub api_key: ApiKey,
    /// Whole request, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
    pub connect_timeout: Duration,
    /// Whole attachment download.
    pub download_timeout: Duration,
    /// Retries of reads (writes are never retried).
    pub retry: RetryPolicy,
    pub limits: Limits,
    /// Plain http to a host other than this machine; refused when building the client
    /// otherwise.
    pub allow_insecure_http: bool,
}

impl LateConfig {
    /// The defaults for `address`: 30 s per request, 10 s to connect, 5 min per download.
    /// The contract names its base `…/api` with routes under `/v1`; either spelling works.
    pub fn new(address: &str, api_key: ApiKey) -> Result<Self, ConfigError> {
        let trimmed = address.trim().trim_end_matches('/');
        let address = if trimmed.ends_with("/api") {
            format!("{trimmed}/v1")
        } else {
            trimmed.to_owned()
        };
        Ok(Self {
            base_url: BaseUrl::parse(&address)?,
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

impl fmt::Debug for LateConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LateConfig")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("request_timeout", &self.request_timeout)
            .field("retry", &self.retry)
            .field("limits", &self.limits)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_address_is_zernios_api_and_the_key_stays_out_of_debug() {
        let key = ApiKey::new("sk_late_secret").unwrap();
        let config = LateConfig::new(DEFAULT_LATE_URL, key).unwrap();
        assert_eq!(config.base_url.as_str(), "https://zernio.com/api/v1");
        let shown = format!("{config:?}");
        assert!(!shown.contains("sk_late_secret"), "{shown}");
        assert!(shown.contains("zernio.com"), "{shown}");
    }

    #[test]
    fn the_contracts_api_base_and_a_bare_host_both_reach_api_v1() {
        let key = || ApiKey::new("k").unwrap();
        for address in [
            "https://zernio.com/api",
            "https://zernio.com/api/",
            "https://zernio.com/api/v1",
            "https://zernio.com",
            " zernio.com ",
        ] {
            let config = LateConfig::new(address, key()).unwrap();
            assert_eq!(
                config.base_url.as_str(),
                "https://zernio.com/api/v1",
                "{address}"
            );
        }
    }
}
