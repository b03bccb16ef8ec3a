//! Everything the terminal interface needs, prepared by the command line: settings, keymap,
//! cache, and the provider's read side, plus its write side unless in read-only mode. With
//! `--demo`, the provider is an in-process sandbox and the cache a throw-away file.

use std::sync::Arc;

use super::failure::{Classify, Failure};
use super::providers::Providers;
use super::sandbox::{DemoSession, start_demo};
use super::startup;
use crate::config::{KeySource, LateSettings, Settings};
use crate::input::Keymap;
use crate::provider::{ProviderRead, ProviderWrite};
use crate::runtime::Launch;
use crate::secret::ApiKey;

/// Prepares the interface's launch; for a demo, also the session to keep alive meanwhile.
/// `live` (with `demo`): the sandboxes post their events to a receiver inside the session.
pub fn prepare(
    mut settings: Settings,
    demo: bool,
    live: bool,
) -> Result<(Launch, Option<DemoSession>), Failure> {
    let keymap = Keymap::load(&settings.keymap_file).or_config()?;
    let mut session = if demo {
        let session = start_demo()?;
        settings.cache = session.cache_dir().join("cache.sqlite3");
        let (url, key) = session.provider();
        settings.dsn = Some(url);
        let key = ApiKey::new(key)
            .ok_or_else(|| anyhow::anyhow!("the sandbox has an empty key"))
            .or_runtime()?;
        settings.api_key = KeySource::Env(key);
        let (late_url, late_key) = session.late_provider();
        let late_key = ApiKey::new(late_key)
            .ok_or_else(|| anyhow::anyhow!("the Late sandbox has an empty key"))
            .or_runtime()?;
        settings.late = Some(LateSettings {
            url: Some(late_url),
            api_key: KeySource::Env(late_key),
        });
        Some(session)
    } else {
        None
    };
    let warnings = startup::cache_exposure(&settings.cache)
        .into_iter()
        .collect();
    let store = startup::open_store(&settings.cache)?;
    let providers = Providers::from_settings(&settings, None)?;
    let reader: Arc<dyn ProviderRead> = Arc::new(providers.reader());
    if live && let Some(session) = session.as_mut() {
        session.go_live(&settings, store.clone(), reader.clone())?;
    }
    let writer: Option<Arc<dyn ProviderWrite>> = if settings.read_only {
        None
    } else {
        Some(Arc::new(providers.writer()))
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
