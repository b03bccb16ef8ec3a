//! Where a provider's server is (`BaseUrl`, always ending in `/api/v1`), what may go wrong
//! setting up a client for it, and the size limits on its answers.

use std::fmt;

use reqwest::Url;
use thiserror::Error;

/// The path every route of both contracts hangs under.
const API_PREFIX: &str = "api/v1";

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error(
        "invalid server address {0:?}: expected a host like api1.unipile.com:13111 or a URL like https://api1.unipile.com:13111"
    )]
    InvalidAddress(String),
    #[error("invalid server address {address:?}: {reason}")]
    UnsupportedAddress {
        address: String,
        reason: &'static str,
    },
    #[error(
        "refusing plain http:// to {host}: the API key would travel unencrypted; use https://, \
         or set allow_insecure_http = true (UNIBOX_ALLOW_INSECURE_HTTP=1, \
         --allow-insecure-http) if the network in between is trusted"
    )]
    InsecureHttp { host: String },
    #[error("the API key contains characters that cannot travel in an HTTP header")]
    InvalidApiKey,
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// The contract's base URL, always ending in `/api/v1`.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    /// Accepts a bare DSN (`api1.unipile.com:13111`, https is assumed) or a full URL
    /// (`http://127.0.0.1:8080`), with or without a trailing slash or `/api/v1`.
    pub fn parse(address: &str) -> Result<Self, ConfigError> {
        let trimmed = address.trim();
        let invalid = || ConfigError::InvalidAddress(address.to_owned());
        if trimmed.is_empty() || trimmed.chars().any(char::is_whitespace) {
            return Err(invalid());
        }
        let with_scheme = if trimmed.contains("://") {
            trimmed.to_owned()
        } else {
            format!("https://{trimmed}")
        };
        let mut url = Url::parse(&with_scheme).map_err(|_| invalid())?;
        let unsupported = |reason| ConfigError::UnsupportedAddress {
            address: address.to_owned(),
            reason,
        };
        if !matches!(url.scheme(), "http" | "https") {
            return Err(unsupported("only http and https are supported"));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(invalid());
        }
        // Credentials in the URL would end up in logs; the key travels in its own header.
        if !url.username().is_empty() || url.password().is_some() {
            return Err(unsupported("it must not carry a user name or password"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(unsupported("it must not carry a query or a fragment"));
        }
        let path = url.path().trim_matches('/').to_owned();
        let path = if path.is_empty() {
            API_PREFIX.to_owned()
        } else if path == API_PREFIX || path.ends_with(&format!("/{API_PREFIX}")) {
            path
        } else {
            // A reverse proxy may mount the API under a prefix of its own.
            format!("{path}/{API_PREFIX}")
        };
        url.set_path(&format!("/{path}"));
        Ok(Self(url))
    }

    /// The URL of a route made of `segments`, each percent-encoded as one path segment (so an
    /// id holding `/` or `?` cannot change the route).
    pub fn join<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> Url {
        let mut url = self.0.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// A link the server handed out, absolute or relative to this address.
    pub fn resolve(&self, link: &str) -> Option<Url> {
        self.0.join(link.trim()).ok()
    }

    /// The server without the API's own path (`https://api1.unipile.com:13111`), as the
    /// hosted sign-in's `api_url` wants it.
    pub fn server_root(&self) -> String {
        let full = self.0.as_str().trim_end_matches('/');
        full.strip_suffix(&format!("/{API_PREFIX}"))
            .unwrap_or(full)
            .to_owned()
    }

    /// This machine: 127.0.0.0/8, ::1 or `localhost` (an `ssh -L` tunnel, the sandbox).
    pub fn is_loopback(&self) -> bool {
        let Some(host) = self.0.host_str() else {
            return false;
        };
        // An IPv6 host comes bracketed (`[::1]`).
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<std::net::IpAddr>() {
            return ip.is_loopback();
        }
        let name = bare.trim_end_matches('.').to_ascii_lowercase();
        name == "localhost" || name.ends_with(".localhost")
    }

    /// Refuses plain http to any host but this machine unless `allowed`: the key would
    /// cross the network in clear text.
    pub fn check_encrypted(&self, allowed: bool) -> Result<(), ConfigError> {
        if self.0.scheme() == "https" || allowed || self.is_loopback() {
            return Ok(());
        }
        Err(ConfigError::InsecureHttp {
            host: self.0.host_str().unwrap_or_default().to_owned(),
        })
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.0)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.as_str())
    }
}

/// Size limits on what the server may send us.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest JSON answer read; past it the read stops with `TooLarge`.
    pub max_body_bytes: u64,
    /// Most items accepted in one page (the contract allows 250); more is refused, not
    /// loaded.
    pub max_page_items: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 16 * 1024 * 1024,
            max_page_items: 1000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(address: &str) -> String {
        BaseUrl::parse(address).unwrap().to_string()
    }

    #[test]
    fn the_server_root_drops_only_the_api_path() {
        let root = |address: &str| BaseUrl::parse(address).unwrap().server_root();
        assert_eq!(
            root("api1.unipile.com:13111"),
            "https://api1.unipile.com:13111"
        );
        assert_eq!(root("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(root("https://h/proxy/api/v1"), "https://h/proxy");
    }

    #[test]
    fn a_bare_dsn_becomes_https_under_api_v1() {
        assert_eq!(
            base("api1.unipile.com:13111"),
            "https://api1.unipile.com:13111/api/v1"
        );
        assert_eq!(
            base("  api1.unipile.com:13111/ "),
            "https://api1.unipile.com:13111/api/v1"
        );
    }

    #[test]
    fn full_urls_keep_their_scheme_and_tolerate_slashes_and_the_prefix() {
        for address in [
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8080/api/v1",
            "http://127.0.0.1:8080/api/v1/",
        ] {
            assert_eq!(base(address), "http://127.0.0.1:8080/api/v1", "{address}");
        }
        assert_eq!(
            base("https://gw.example.com/unipile"),
            "https://gw.example.com/unipile/api/v1"
        );
    }

    #[test]
    fn garbage_is_refused_with_the_address_in_the_message() {
        for address in ["", "   ", "not a url", "http://", "https://:80", "://x"] {
            let err = BaseUrl::parse(address).unwrap_err();
            assert!(
                matches!(err, ConfigError::InvalidAddress(_)),
                "{address:?} gave {err:?}"
            );
        }
        let err = BaseUrl::parse("ftp://files.example.com").unwrap_err();
        assert!(err.to_string().contains("only http and https"), "{err}");
        let err = BaseUrl::parse("https://user:pw@example.com").unwrap_err();
        assert!(err.to_string().contains("user name or password"), "{err}");
        let err = BaseUrl::parse("https://example.com/?a=1").unwrap_err();
        assert!(err.to_string().contains("query"), "{err}");
    }

    #[test]
    fn plain_http_is_for_this_machine_only_unless_allowed() {
        for address in [
            "http://127.0.0.1:8080",
            "http://127.9.9.9",
            "http://[::1]:8080",
            "http://localhost:1",
            "http://LOCALHOST.:1",
            "https://api1.unipile.com:13111",
            "api1.unipile.com:13111",
        ] {
            let base = BaseUrl::parse(address).unwrap();
            assert_eq!(base.check_encrypted(false), Ok(()), "{address}");
        }
        for address in [
            "http://api1.unipile.com:13111",
            "http://128.0.0.1",
            "http://[::2]",
            "http://localhost.example.com",
            "http://0.0.0.0:8080",
        ] {
            let base = BaseUrl::parse(address).unwrap();
            let error = base.check_encrypted(false).unwrap_err();
            assert!(
                matches!(error, ConfigError::InsecureHttp { .. }),
                "{address}: {error:?}"
            );
            assert!(error.to_string().contains("https://"), "{error}");
            assert_eq!(base.check_encrypted(true), Ok(()), "{address}");
        }
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        let base = BaseUrl::parse("http://127.0.0.1:1").unwrap();
        let url = base.join(["chats", "a/b?c#d", "messages"]);
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:1/api/v1/chats/a%2Fb%3Fc%23d/messages"
        );
    }
}
