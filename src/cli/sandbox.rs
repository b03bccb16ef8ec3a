//! The built-in fake provider behind `--demo` and `unibox sandbox`. It is there when unibox is
//! built with the `sandbox` feature (the default); a build without it links no HTTP server, and
//! both commands say so and stop.

use std::path::Path;
#[cfg(feature = "sandbox")]
use std::time::Duration;

#[cfg(feature = "sandbox")]
use super::demo::DemoFolder;
use super::failure::Failure;
#[cfg(feature = "sandbox")]
use super::{failure::Classify, startup};

/// How often a made-up customer writes in the demo (on each provider).
#[cfg(feature = "sandbox")]
const DEMO_INBOUND_EVERY: Duration = Duration::from_secs(20);

/// What a demo session keeps alive while the interface runs: the sandbox, the runtime that
/// serves it, and the cache's directory (deleted when the session ends). Fields drop in
/// order: the sandbox stops before its runtime.
#[cfg(feature = "sandbox")]
pub struct DemoSession {
    /// With `--live`: the webhook receiver the sandboxes post to.
    #[cfg(feature = "listen")]
    receiver: Option<crate::listen::Listener>,
    sandbox: crate::sandbox::SandboxServer,
    late: crate::sandbox::late::LateSandbox,
    // Without the receiver it is only kept alive, never read.
    #[cfg_attr(not(feature = "listen"), allow(dead_code))]
    runtime: tokio::runtime::Runtime,
    cache_dir: DemoFolder,
}

#[cfg(feature = "sandbox")]
impl DemoSession {
    pub fn cache_dir(&self) -> &Path {
        self.cache_dir.path()
    }

    /// The Unipile sandbox's base URL and its key.
    pub fn provider(&self) -> (String, &str) {
        (self.sandbox.url(), self.sandbox.api_key())
    }

    /// The Late sandbox's base URL and its key.
    pub fn late_provider(&self) -> (String, &str) {
        (self.late.base_url(), self.late.api_key())
    }

    /// Starts the webhook receiver of `unibox listen` on 127.0.0.1, on `store`, and has both
    /// sandboxes post their events to it with secrets made for this run only.
    #[cfg(feature = "listen")]
    pub fn go_live(
        &mut self,
        settings: &crate::config::Settings,
        store: crate::store::Store,
        reader: std::sync::Arc<dyn crate::provider::ProviderRead>,
    ) -> Result<(), Failure> {
        use crate::listen::{self, ListenConfig, WebhookSecret};
        use crate::provider::unipile::WEBHOOK_TOKEN_HEADER;
        use crate::sandbox::WebhookReceiver;
        use crate::sandbox::late::LateWebhookReceiver;

        let unipile_secret = WebhookSecret::generate();
        let late_secret = WebhookSecret::generate();
        let config = ListenConfig {
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
            secret: Some(unipile_secret.clone()),
            late_secret: Some(late_secret.clone()),
            sync_interval: settings.listen_sync_interval,
            sync: crate::sync::SyncOptions {
                poll_interval: settings.listen_sync_interval,
                max_chats_per_run: settings.sync_max_chats,
                max_pages_per_list: settings.sync_max_pages,
                ..crate::sync::SyncOptions::default()
            },
        };
        let receiver = self
            .runtime
            .block_on(listen::start(config, store, reader))
            .map_err(|e| anyhow::anyhow!("cannot start the demo's webhook receiver: {e}"))
            .or_runtime()?;
        let addr = receiver.addr();
        self.sandbox.add_webhook(&WebhookReceiver {
            url: format!("http://{addr}/unipile"),
            header: (
                WEBHOOK_TOKEN_HEADER.to_owned(),
                unipile_secret.expose().to_owned(),
            ),
        });
        self.late.add_webhook(&LateWebhookReceiver {
            url: format!("http://{addr}/late"),
            secret: late_secret.expose().to_owned(),
        });
        tracing::info!(%addr, "demo: live, the sandboxes post to the webhook receiver");
        self.receiver = Some(receiver);
        Ok(())
    }

    /// Without the receiver, the demo cannot go live.
    #[cfg(not(feature = "listen"))]
    pub fn go_live(
        &mut self,
        _settings: &crate::config::Settings,
        _store: crate::store::Store,
        _reader: std::sync::Arc<dyn crate::provider::ProviderRead>,
    ) -> Result<(), Failure> {
        Err(Failure::config(anyhow::anyhow!(
            "--live needs the `listen` feature: rebuild unibox with `--features listen`"
        )))
    }
}

/// Without the sandbox no demo session can exist.
#[cfg(not(feature = "sandbox"))]
pub struct DemoSession {
    never: std::convert::Infallible,
}

#[cfg(not(feature = "sandbox"))]
impl DemoSession {
    pub fn cache_dir(&self) -> &Path {
        match self.never {}
    }

    pub fn provider(&self) -> (String, &str) {
        match self.never {}
    }

    pub fn late_provider(&self) -> (String, &str) {
        match self.never {}
    }

    pub fn go_live(
        &mut self,
        _settings: &crate::config::Settings,
        _store: crate::store::Store,
        _reader: std::sync::Arc<dyn crate::provider::ProviderRead>,
    ) -> Result<(), Failure> {
        match self.never {}
    }
}

#[cfg(feature = "sandbox")]
pub fn start_demo() -> Result<DemoSession, Failure> {
    use crate::sandbox::{self, SandboxConfig};
    let runtime = startup::runtime()?;
    let sandbox = runtime
        .block_on(sandbox::start(SandboxConfig {
            // Any local user can reach the port: a key of its own per run keeps them out.
            api_key: sandbox::random_api_key(),
            inbound_every: Some(DEMO_INBOUND_EVERY),
            ..SandboxConfig::default()
        }))
        .map_err(|e| anyhow::anyhow!("cannot start the demo sandbox: {e}"))
        .or_runtime()?;
    // Cloud API numbers beside the linked apps: one inbox over both providers.
    let late = runtime
        .block_on(sandbox::late::LateSandbox::start(
            sandbox::late::LateSandboxConfig {
                api_key: sandbox::random_api_key(),
                inbound_every: Some(DEMO_INBOUND_EVERY),
                ..sandbox::late::LateSandboxConfig::default()
            },
        ))
        .map_err(|e| anyhow::anyhow!("cannot start the demo's Late sandbox: {e}"))
        .or_runtime()?;
    let cache_dir = DemoFolder::create()
        .map_err(|e| anyhow::anyhow!("cannot create the demo's cache directory: {e}"))
        .or_runtime()?;
    tracing::info!(url = %sandbox.url(), "demo sandbox started");
    Ok(DemoSession {
        #[cfg(feature = "listen")]
        receiver: None,
        sandbox,
        late,
        runtime,
        cache_dir,
    })
}

#[cfg(not(feature = "sandbox"))]
pub fn start_demo() -> Result<DemoSession, Failure> {
    Err(Failure::config(anyhow::anyhow!(
        "this unibox was built without the sandbox: --demo needs the `sandbox` feature"
    )))
}

#[cfg(feature = "sandbox")]
pub fn serve(port: u16, seed: u64, inbound_every: u64) -> Result<(), Failure> {
    use crate::sandbox::{SandboxConfig, run_standalone};
    let config = SandboxConfig {
        port,
        seed,
        inbound_every: (inbound_every > 0).then(|| Duration::from_secs(inbound_every)),
        ..SandboxConfig::default()
    };
    startup::runtime()?
        .block_on(run_standalone(config))
        .map_err(|error| error.context(format!("cannot serve the sandbox on 127.0.0.1:{port}")))
        .or_runtime()
}

#[cfg(not(feature = "sandbox"))]
pub fn serve(_port: u16, _seed: u64, _inbound_every: u64) -> Result<(), Failure> {
    Err(Failure::config(anyhow::anyhow!(
        "this unibox was built without the sandbox: `unibox sandbox` needs the `sandbox` feature"
    )))
}
