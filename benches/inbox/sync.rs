//! The first sync against a server with a fixed latency per request: the real binary's
//! `unibox sync` into a new cache, against a sandbox serving `chats` chats of
//! `SYNC_MESSAGES_PER_CHAT` messages that answers every request `latency` late. Reported
//! with the requests the sandbox received and the most it answered at once, next to what
//! the network alone costs: requests ÷ concurrency × latency.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use unibox_sandbox::{SandboxConfig, Scale};

use super::{API_KEY, SEED};

/// Messages per chat in the sync figure (the 300 chats × 50 messages).
pub const SYNC_MESSAGES_PER_CHAT: usize = 50;

/// One first sync, measured.
#[derive(Debug, Clone, Copy)]
pub struct SyncRun {
    pub wall: Duration,
    pub requests: usize,
    pub most_at_once: usize,
    /// Requests for one chat (its messages, a group's members).
    pub per_chat: usize,
}

impl SyncRun {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.wall.as_secs_f64().max(f64::EPSILON)
    }
}

/// Runs `unibox sync` once into a new cache in `dir`.
pub fn first_sync(
    binary: &Path,
    dir: &Path,
    anchor: DateTime<Utc>,
    chats: usize,
    latency: Duration,
) -> anyhow::Result<SyncRun> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let sandbox = runtime.block_on(unibox_sandbox::start(SandboxConfig {
        api_key: API_KEY.to_owned(),
        seed: SEED,
        anchor,
        scale: Scale::Large {
            chats,
            messages: chats * SYNC_MESSAGES_PER_CHAT,
        },
        ..SandboxConfig::default()
    }))?;
    sandbox
        .faults()
        .update(|f| f.latency_ms = u64::try_from(latency.as_millis()).unwrap_or(u64::MAX));
    let home = dir.join(format!("sync-home-{chats}"));
    std::fs::create_dir_all(&home)?;
    let cache = dir.join(format!("sync-{chats}.sqlite3"));
    let started = Instant::now();
    let output = Command::new(binary)
        .arg("--cache")
        .arg(&cache)
        .args(["--dsn", &sandbox.url(), "sync"])
        .env_clear()
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("UNIBOX_API_KEY", API_KEY)
        .stdin(Stdio::null())
        .output()
        .context("running unibox sync")?;
    let wall = started.elapsed();
    anyhow::ensure!(
        output.status.success(),
        "unibox sync failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let requests = sandbox.requests();
    let run = SyncRun {
        wall,
        requests: requests.len(),
        most_at_once: sandbox.most_requests_at_once(),
        per_chat: requests
            .iter()
            .filter(|r| r.path.starts_with("/api/v1/chats/"))
            .count(),
    };
    runtime.block_on(sandbox.shutdown());
    super::remove_cache(&cache);
    Ok(run)
}
