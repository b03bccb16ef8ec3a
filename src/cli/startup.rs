//! The start-up steps, in docs/DESIGN.md's order: paths → logging → config (+ keymap) → store →
//! provider. Each step turns its error into a one-line `Failure` of the right kind.

use std::fs::DirBuilder;
use std::path::Path;

use anyhow::Context as _;
use tokio::runtime::Runtime;

use super::args::GlobalArgs;
use super::failure::{Classify, Failure};
use crate::config::{self, Env, Paths, Settings};
use crate::store::Store;

pub fn paths() -> Result<Paths, Failure> {
    Paths::discover().or_config()
}

/// Starts the log. A log that cannot be written is worth a warning, not a refusal to run.
pub fn logging(paths: &Paths) -> Option<std::path::PathBuf> {
    let log_file = paths.log_file();
    match crate::logging::init(&log_file) {
        Ok(()) => Some(log_file),
        Err(error) => {
            eprintln!("unibox: warning: {error}; running without a log");
            None
        }
    }
}

/// `env` is the `UNIBOX_*` variables as captured at start (the key is no longer in the
/// process's own environment).
pub fn settings(global: &GlobalArgs, paths: &Paths, env: &Env) -> Result<Settings, Failure> {
    config::load(&global.flags(), env, paths).or_config()
}

/// Opens (or creates) the cache, creating its directory private to the user.
pub fn open_store(path: &Path) -> Result<Store, Failure> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        let mut builder = DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .with_context(|| format!("cannot create the cache directory {}", dir.display()))
            .or_runtime()?;
    }
    Store::open(path)
        .with_context(|| format!("cache {}", path.display()))
        .or_runtime()
}

/// A warning when the cache at `path` exists and other users may read it (it holds every
/// conversation). Logged here; the caller shows it (stderr, or the status bar).
pub fn cache_exposure(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
    if mode & 0o077 == 0 {
        return None;
    }
    // What is wrong first: a narrow status bar cuts the end.
    let warning = format!(
        "other users can read the cache (mode {mode:04o}): run `chmod 600 {}`",
        path.display()
    );
    tracing::warn!(%warning, "cache open to other users");
    Some(warning)
}

/// `cache_exposure`, said on stderr: for the command-line commands.
pub fn warn_if_exposed(path: &Path) {
    if let Some(warning) = cache_exposure(path) {
        eprintln!("unibox: warning: {}", crate::text::sanitize_line(&warning));
    }
}

/// Opens an existing cache, for the commands that only read it.
pub fn open_existing_store(path: &Path) -> Result<Store, Failure> {
    if !path.exists() {
        return Err(Failure::runtime(anyhow::anyhow!(
            "no cache at {} yet; run `unibox sync` first",
            path.display()
        )));
    }
    open_store(path)
}

pub fn runtime() -> Result<Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .or_runtime()
}
