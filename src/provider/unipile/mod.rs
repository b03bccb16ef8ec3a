//! The HTTP client of the primary contract (Unipile v1, `docs/providers/unipile.md`).
//!
//! ```no_run
//! # use unibox::provider::unipile::{Unipile, UnipileConfig};
//! # use unibox::secret::ApiKey;
//! # fn demo(key: ApiKey) -> Result<(), Box<dyn std::error::Error>> {
//! let unipile = Unipile::new(UnipileConfig::new("api1.unipile.com:13111", key)?)?;
//! let reader = unipile.reader(); // a read-only program stops here
//! let writer = unipile.writer();
//! # Ok(()) }
//! ```
//!
//! One `reqwest::Client` (one connection pool) serves both sides. The reader can only issue
//! GET requests and retries them; the writer sends each write exactly once.

mod config;
mod query;
mod reader;
#[cfg(feature = "sandbox")]
pub mod received;
mod status;
mod transport;
mod webhooks;
pub mod wire;
mod writer;

use std::fmt;

pub use crate::provider::http::{BaseUrl, ConfigError, Limits};
pub use crate::provider::retry::{
    RateLimitNotice, RetryPolicy, Sleeper, TokioSleeper, parse_retry_after,
};
pub use config::UnipileConfig;
pub use reader::UnipileReader;
pub use status::error_from_answer;
pub use webhooks::{WEBHOOK_TOKEN_HEADER, Webhook, WebhookRegistration};
pub use writer::UnipileWriter;

use transport::{ReadChannel, WriteChannel};

/// A configured client; hands out the reader and, to programs allowed to send, the writer.
pub struct Unipile {
    read: ReadChannel,
    write: WriteChannel,
    retry: RetryPolicy,
}

impl Unipile {
    pub fn new(config: UnipileConfig) -> Result<Self, ConfigError> {
        let (read, write) = transport::channels(&config)?;
        Ok(Self {
            read,
            write,
            retry: config.retry,
        })
    }

    pub fn reader(&self) -> UnipileReader {
        UnipileReader::new(self.read.clone(), self.retry.clone())
    }

    pub fn writer(&self) -> UnipileWriter {
        UnipileWriter::new(self.write.clone())
    }

    pub fn base_url(&self) -> &BaseUrl {
        self.read.base()
    }
}

impl fmt::Debug for Unipile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unipile")
            .field("base_url", self.read.base())
            .field("retry", &self.retry)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ApiKey;

    #[test]
    fn no_client_type_prints_the_key() {
        let key = ApiKey::new("sk_live_do_not_print").unwrap();
        let unipile =
            Unipile::new(UnipileConfig::new("api1.unipile.com:13111", key).unwrap()).unwrap();
        let shown = format!(
            "{unipile:?} {:?} {:?} {unipile:#?}",
            unipile.reader(),
            unipile.writer()
        );
        assert!(!shown.contains("sk_live"), "{shown}");
        assert!(
            shown.contains("https://api1.unipile.com:13111/api/v1"),
            "{shown}"
        );
    }

    #[test]
    fn a_key_that_cannot_be_a_header_is_refused_without_echoing_it() {
        let key = ApiKey::new("sk_bad\u{7f}key").unwrap();
        let error =
            Unipile::new(UnipileConfig::new("http://127.0.0.1:1", key).unwrap()).unwrap_err();
        assert_eq!(error, ConfigError::InvalidApiKey);
        assert!(!error.to_string().contains("sk_bad"));
    }
}
