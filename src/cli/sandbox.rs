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

/// How often a made-up customer writes in the demo.
#[cfg(feature = "sandbox")]
const DEMO_INBOUND_EVERY: Duration = Duration::from_secs(20);

/// What a demo session keeps alive while the interface runs: the sandbox, the runtime that
/// serves it, and the cache's directory (deleted when the session ends). Fields drop in
/// order: the sandbox stops before its runtime.
#[cfg(feature = "sandbox")]
pub struct DemoSession {
    sandbox: crate::sandbox::SandboxServer,
    late: crate::sandbox::late::LateSandbox,
    _runtime: tokio::runtime::Runtime,
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
        sandbox,
        late,
        _runtime: runtime,
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
