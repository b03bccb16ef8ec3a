//! Everything the terminal interface needs, prepared by the command line: settings, keymap,
//! cache, and the provider's read side, plus its write side unless in read-only mode. With
//! `--demo`, the provider is an in-process sandbox and the cache a throw-away file.

use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Runtime;

use super::demo::DemoFolder;
use super::failure::{Classify, Failure};
use super::startup;
use crate::config::{KeySource, Settings};
use crate::input::Keymap;
use crate::provider::{ProviderRead, ProviderWrite};
use crate::sandbox::{self, SandboxConfig, SandboxServer};
use crate::secret::ApiKey;
use crate::store::Store;

/// How often a made-up customer writes in the demo.
const DEMO_INBOUND_EVERY: Duration = Duration::from_secs(20);

pub struct Launch {
    pub settings: Settings,
    pub keymap: Keymap,
    pub store: Store,
    pub reader: Arc<dyn ProviderRead>,
    /// `None` in read-only mode: no code path can send.
    pub writer: Option<Arc<dyn ProviderWrite>>,
    pub demo: bool,
    /// Said in the status bar once the interface is up (e.g. a cache other users can read).
    pub warnings: Vec<String>,
}

/// What a demo session keeps alive while the interface runs: the sandbox, the runtime that
/// serves it, and the cache's directory (deleted when the session ends). Fields drop in
/// order: the sandbox stops before its runtime.
pub struct DemoSession {
    sandbox: SandboxServer,
    _runtime: Runtime,
    cache_dir: DemoFolder,
}

/// Prepares the interface's launch; for a demo, also the session to keep alive meanwhile.
pub fn prepare(
    mut settings: Settings,
    demo: bool,
) -> Result<(Launch, Option<DemoSession>), Failure> {
    let keymap = Keymap::load(&settings.keymap_file).or_config()?;
    let session = if demo {
        let session = start_demo()?;
        settings.cache = session.cache_dir.path().join("cache.sqlite3");
        settings.dsn = Some(session.sandbox.url());
        let key = ApiKey::new(session.sandbox.api_key())
            .ok_or_else(|| anyhow::anyhow!("the sandbox has an empty key"))
            .or_runtime()?;
        settings.api_key = KeySource::Env(key);
        Some(session)
    } else {
        None
    };
    let warnings = startup::cache_exposure(&settings.cache)
        .into_iter()
        .collect();
    let store = startup::open_store(&settings.cache)?;
    let unipile = startup::provider(&settings)?;
    let reader: Arc<dyn ProviderRead> = Arc::new(unipile.reader());
    let writer: Option<Arc<dyn ProviderWrite>> = if settings.read_only {
        None
    } else {
        Some(Arc::new(unipile.writer()))
    };
    let launch = Launch {
        settings,
        keymap,
        store,
        reader,
        writer,
        demo,
        warnings,
    };
    Ok((launch, session))
}

fn start_demo() -> Result<DemoSession, Failure> {
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
    let cache_dir = DemoFolder::create()
        .map_err(|e| anyhow::anyhow!("cannot create the demo's cache directory: {e}"))
        .or_runtime()?;
    tracing::info!(url = %sandbox.url(), "demo sandbox started");
    Ok(DemoSession {
        sandbox,
        _runtime: runtime,
        cache_dir,
    })
}
