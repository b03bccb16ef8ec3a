//! `unibox listen [--bind ADDR:PORT]`: the webhook receiver in front of the cache, until
//! ctrl-c.

use std::net::SocketAddr;

use super::failure::Failure;
use crate::config::Settings;

#[cfg(not(feature = "listen"))]
pub fn run(_settings: &Settings, _bind: SocketAddr) -> Result<(), Failure> {
    Err(Failure::config(anyhow::anyhow!(
        "this unibox was built without the `listen` feature: rebuild it with \
         `--features listen` to receive webhooks"
    )))
}

#[cfg(feature = "listen")]
pub fn run(settings: &Settings, bind: SocketAddr) -> Result<(), Failure> {
    use std::sync::Arc;

    use anyhow::Context;

    use super::failure::Classify;
    use super::startup;
    use crate::listen::{self, ListenConfig, SecretError, WebhookSecret};
    use crate::sync::SyncOptions;

    // Each provider's route is served when its secret exists; at least one must.
    let optional = |path: std::path::PathBuf| match WebhookSecret::load(&path) {
        Err(SecretError::Missing(_)) => Ok(None),
        other => other.map(Some),
    };
    let secret = optional(listen::secret_path(&settings.cache)).or_config()?;
    let late_secret = optional(listen::late_secret_path(&settings.cache)).or_config()?;
    if secret.is_none() && late_secret.is_none() {
        return Err(SecretError::Missing(listen::secret_path(&settings.cache))).or_config();
    }
    let routes: Vec<&str> = [
        secret.as_ref().map(|_| "/unipile"),
        late_secret.as_ref().map(|_| "/late"),
    ]
    .into_iter()
    .flatten()
    .collect();
    startup::warn_if_exposed(&settings.cache);
    let store = startup::open_store(&settings.cache)?;
    let providers = super::providers::Providers::from_settings(settings, None)?;
    let config = ListenConfig {
        bind,
        secret,
        late_secret,
        sync_interval: settings.listen_sync_interval,
        sync: SyncOptions {
            poll_interval: settings.listen_sync_interval,
            max_chats_per_run: settings.sync_max_chats,
            max_pages_per_list: settings.sync_max_pages,
            ..SyncOptions::default()
        },
    };
    startup::runtime()?.block_on(async {
        let listener = listen::start(config, store, Arc::new(providers.reader()))
            .await
            .with_context(|| format!("cannot listen on {bind}"))
            .or_runtime()?;
        let urls: Vec<String> = routes
            .iter()
            .map(|route| format!("http://{}{route}", listener.addr()))
            .collect();
        println!(
            "Listening for webhooks on {} (ctrl-c stops).",
            urls.join(" and ")
        );
        tokio::signal::ctrl_c()
            .await
            .context("cannot wait for ctrl-c")
            .or_runtime()?;
        listener.shutdown().await;
        Ok(())
    })
}
