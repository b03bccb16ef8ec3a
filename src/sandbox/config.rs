//! How a sandbox is started: key, seed, the data's "now", size and simulated traffic.

use std::time::Duration;

use chrono::{DateTime, Utc};

/// The key `unibox --demo` and the tests use unless they choose another.
pub const DEMO_API_KEY: &str = "sandbox-key";

#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The `X-API-KEY` the sandbox accepts.
    pub api_key: String,
    /// Same seed (and anchor) → same accounts, chats, messages and ids.
    pub seed: u64,
    /// The data's "now": every generated timestamp is relative to it, and the sandbox clock
    /// starts there.
    pub anchor: DateTime<Utc>,
    pub scale: Scale,
    /// When set, a deterministic stream of inbound messages arrives at this pace.
    pub inbound_every: Option<Duration>,
    /// 0 picks any free port.
    pub port: u16,
    /// How long after a send the contact reads our message (it turns `seen` on the next read
    /// of the chat after this delay).
    pub seen_after: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            api_key: DEMO_API_KEY.to_owned(),
            seed: 7,
            anchor: Utc::now(),
            scale: Scale::Demo,
            inbound_every: None,
            port: 0,
            seen_after: Duration::from_secs(3),
        }
    }
}

/// How much data to generate. Generation is driven by a list of chat plans, so a larger
/// scale only has to produce more plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// A shop's inbox: four accounts, about fifty chats, a few thousand messages.
    #[default]
    Demo,
}
