//! The providers this run speaks to, built from the settings, and the one reader and writer
//! that route each call to the right one (`provider::RoutedReader`, `RoutedWriter`). Either
//! provider may be configured alone, or both.

use std::sync::Arc;

use crate::config::{LateSettings, Settings};
use crate::provider::late::{DEFAULT_LATE_URL, Late, LateConfig};
use crate::provider::retry::RateLimitNotice;
use crate::provider::unipile::{Unipile, UnipileConfig};
use crate::provider::{ProviderRead, ProviderWrite, RoutedReader, RoutedWriter};

use super::failure::{Classify, Failure};

/// Every configured provider's client.
pub struct Providers {
    unipile: Option<Unipile>,
    late: Option<Late>,
}

impl Providers {
    /// The clients for the configured servers: Unipile when a DSN is set, Late when its key
    /// is. Fetches the API keys, which may run a command: call it before entering the runtime.
    /// `on_rate_limit` is told when a read waits because a server asked it to.
    pub fn from_settings(
        settings: &Settings,
        on_rate_limit: Option<RateLimitNotice>,
    ) -> Result<Self, Failure> {
        let late = match &settings.late {
            Some(late) => Some(late_client(settings, late, on_rate_limit.clone())?),
            None => None,
        };
        // Without Late, a missing DSN is the first thing to fix, said as before.
        let unipile = if settings.dsn.is_some() || late.is_none() {
            Some(unipile_client(settings, on_rate_limit)?)
        } else {
            None
        };
        Ok(Self { unipile, late })
    }

    /// Unipile's client, when it is configured.
    pub fn unipile(&self) -> Option<&Unipile> {
        self.unipile.as_ref()
    }

    /// Late's client, when it is configured.
    pub fn late(&self) -> Option<&Late> {
        self.late.as_ref()
    }

    /// One reader over every provider.
    pub fn reader(&self) -> RoutedReader {
        RoutedReader::new(
            self.unipile
                .as_ref()
                .map(|unipile| Arc::new(unipile.reader()) as Arc<dyn ProviderRead>),
            self.late
                .as_ref()
                .map(|late| Arc::new(late.reader()) as Arc<dyn ProviderRead>),
        )
    }

    /// One writer over every provider. Never called in read-only mode.
    pub fn writer(&self) -> RoutedWriter {
        RoutedWriter::new(
            self.unipile
                .as_ref()
                .map(|unipile| Arc::new(unipile.writer()) as Arc<dyn ProviderWrite>),
            self.late
                .as_ref()
                .map(|late| Arc::new(late.writer()) as Arc<dyn ProviderWrite>),
        )
    }

    /// The servers, for an error message: "cannot sync with …".
    pub fn describe(&self) -> String {
        let servers: Vec<String> = [
            self.unipile.as_ref().map(|u| u.base_url().to_string()),
            self.late.as_ref().map(|l| l.base_url().to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        servers.join(" and ")
    }
}

fn unipile_client(
    settings: &Settings,
    on_rate_limit: Option<RateLimitNotice>,
) -> Result<Unipile, Failure> {
    let dsn = settings.require_dsn().or_config()?;
    let key = settings.api_key.load().or_config()?;
    let mut config = UnipileConfig::new(dsn, key).or_config()?;
    config.request_timeout = settings.request_timeout;
    config.allow_insecure_http = settings.allow_insecure_http;
    config.retry.on_rate_limit = on_rate_limit;
    Unipile::new(config).or_config()
}

fn late_client(
    settings: &Settings,
    late: &LateSettings,
    on_rate_limit: Option<RateLimitNotice>,
) -> Result<Late, Failure> {
    let key = late.api_key.load().or_config()?;
    let url = late.url.as_deref().unwrap_or(DEFAULT_LATE_URL);
    let mut config = LateConfig::new(url, key).or_config()?;
    config.request_timeout = settings.request_timeout;
    config.allow_insecure_http = settings.allow_insecure_http;
    config.retry.on_rate_limit = on_rate_limit;
    Late::new(config).or_config()
}
