//! The providers this run speaks to, built from the settings, and the one reader and writer
//! that route each call to the right one (`provider::RoutedReader`, `RoutedWriter`).

use std::sync::Arc;

use crate::config::Settings;
use crate::provider::unipile::{RateLimitNotice, Unipile, UnipileConfig};
use crate::provider::{ProviderRead, ProviderWrite, RoutedReader, RoutedWriter};

use super::failure::{Classify, Failure};

/// Every configured provider's client.
pub struct Providers {
    unipile: Option<Unipile>,
}

impl Providers {
    /// The clients for the configured servers. Fetches the API keys, which may run a command:
    /// call it before entering the runtime. `on_rate_limit` is told when a read waits because
    /// a server asked it to.
    pub fn from_settings(
        settings: &Settings,
        on_rate_limit: Option<RateLimitNotice>,
    ) -> Result<Self, Failure> {
        let dsn = settings.require_dsn().or_config()?;
        let key = settings.api_key.load().or_config()?;
        let mut config = UnipileConfig::new(dsn, key).or_config()?;
        config.request_timeout = settings.request_timeout;
        config.allow_insecure_http = settings.allow_insecure_http;
        config.retry.on_rate_limit = on_rate_limit;
        Ok(Self {
            unipile: Some(Unipile::new(config).or_config()?),
        })
    }

    /// One reader over every provider.
    pub fn reader(&self) -> RoutedReader {
        RoutedReader::new(
            self.unipile
                .as_ref()
                .map(|unipile| Arc::new(unipile.reader()) as Arc<dyn ProviderRead>),
            None,
        )
    }

    /// One writer over every provider. Never called in read-only mode.
    pub fn writer(&self) -> RoutedWriter {
        RoutedWriter::new(
            self.unipile
                .as_ref()
                .map(|unipile| Arc::new(unipile.writer()) as Arc<dyn ProviderWrite>),
            None,
        )
    }

    /// The servers, for an error message: "cannot sync with …".
    pub fn describe(&self) -> String {
        self.unipile
            .as_ref()
            .map(|unipile| unipile.base_url().to_string())
            .unwrap_or_default()
    }
}
