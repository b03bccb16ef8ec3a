//! The HTTP client of the second provider, Late (now Zernio), for WhatsApp Business (Meta
//! Cloud API) numbers: its inbox routes under `https://zernio.com/api/v1`, with a Bearer key.
//!
//! ```no_run
//! # use unibox::provider::late::{Late, LateConfig, DEFAULT_LATE_URL};
//! # use unibox::secret::ApiKey;
//! # fn demo(key: ApiKey) -> Result<(), Box<dyn std::error::Error>> {
//! let late = Late::new(LateConfig::new(DEFAULT_LATE_URL, key)?)?;
//! let reader = late.reader(); // a read-only program stops here
//! let writer = late.writer();
//! # Ok(()) }
//! ```
//!
//! Late's ids need their account (and a message its conversation) on every route, so the
//! ids this client hands out join them (see `ids`). Operations Late has no route for answer
//! `ProviderError::NotImplemented` at once, without a request.

mod config;
mod ids;
mod reader;
mod status;
mod transport;
mod webhooks;
pub mod wire;
mod writer;

use std::fmt;

pub use crate::provider::http::{BaseUrl, ConfigError, Limits};
pub use config::{DEFAULT_LATE_URL, LateConfig};
pub use ids::{ConversationRef, MessageRef, account_id};
pub use reader::LateReader;
pub use status::{KEY_VARIABLE, error_from_answer};
pub use webhooks::{LateWebhook, LateWebhookRegistration};
pub use writer::LateWriter;

use crate::provider::retry::RetryPolicy;
use crate::provider::{ApiError, ProviderError};
use transport::{ReadChannel, WriteChannel};

/// A configured client; hands out the reader and, to programs allowed to send, the writer.
pub struct Late {
    read: ReadChannel,
    write: WriteChannel,
    retry: RetryPolicy,
}

impl Late {
    pub fn new(config: LateConfig) -> Result<Self, ConfigError> {
        let (read, write) = transport::channels(&config)?;
        Ok(Self {
            read,
            write,
            retry: config.retry,
        })
    }

    pub fn reader(&self) -> LateReader {
        LateReader::new(self.read.clone(), self.retry.clone())
    }

    pub fn writer(&self) -> LateWriter {
        LateWriter::new(self.write.clone())
    }

    pub fn base_url(&self) -> &BaseUrl {
        self.read.base()
    }
}

impl fmt::Debug for Late {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Late")
            .field("base_url", self.read.base())
            .field("retry", &self.retry)
            .finish()
    }
}

/// What Late does not offer, refused before any request: `what` says what is missing.
fn not_offered(what: &str) -> ProviderError {
    ProviderError::NotImplemented(ApiError {
        status: 501,
        kind: "not_offered".to_owned(),
        title: format!("Late has no {what}"),
        detail: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::ApiKey;

    #[test]
    fn no_client_type_prints_the_key() {
        let key = ApiKey::new("sk_late_do_not_print").unwrap();
        let late = Late::new(LateConfig::new(DEFAULT_LATE_URL, key).unwrap()).unwrap();
        let shown = format!("{late:?} {:?} {:?} {late:#?}", late.reader(), late.writer());
        assert!(!shown.contains("sk_late"), "{shown}");
        assert!(shown.contains("https://zernio.com/api/v1"), "{shown}");
    }

    #[test]
    fn plain_http_elsewhere_than_this_machine_is_refused() {
        let key = || ApiKey::new("k").unwrap();
        let error =
            Late::new(LateConfig::new("http://zernio.com/api/v1", key()).unwrap()).unwrap_err();
        assert!(
            matches!(error, ConfigError::InsecureHttp { .. }),
            "{error:?}"
        );
        assert!(Late::new(LateConfig::new("http://127.0.0.1:9", key()).unwrap()).is_ok());
        let mut allowed = LateConfig::new("http://zernio.com", key()).unwrap();
        allowed.allow_insecure_http = true;
        assert!(Late::new(allowed).is_ok());
    }
}
