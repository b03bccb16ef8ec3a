//! How a sandbox is started: key, seed, the data's "now", size and simulated traffic.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// The key `unibox --demo` and the tests use unless they choose another.
pub const DEMO_API_KEY: &str = "sandbox-key";

/// A key nobody can guess, for a sandbox other local users must not use (`--demo`).
pub fn random_api_key() -> String {
    let bytes: [u8; 24] = rand::random();
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[derive(Clone)]
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
    /// Adds an account whose names, messages, file names, reactions and error answers come
    /// from the hostile corpus (`text::hostile`).
    pub hostile: bool,
    /// Adds LinkedIn and Telegram accounts (a chat each) and two mail and calendar accounts.
    pub mixed_channels: bool,
    /// A receiver the sandbox posts its webhook events to from the start.
    pub webhook: Option<crate::webhooks::WebhookReceiver>,
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
            hostile: false,
            mixed_channels: false,
            webhook: None,
        }
    }
}

/// Keys stay out of logs, even the sandbox's.
impl fmt::Debug for SandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxConfig")
            .field("api_key", &"<redacted>")
            .field("seed", &self.seed)
            .field("anchor", &self.anchor)
            .field("scale", &self.scale)
            .field("inbound_every", &self.inbound_every)
            .field("port", &self.port)
            .field("seen_after", &self.seen_after)
            .field("hostile", &self.hostile)
            .field("mixed_channels", &self.mixed_channels)
            .field("webhook", &self.webhook)
            .finish()
    }
}

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    /// A shop's inbox: four accounts, about fifty chats, a few thousand messages.
    #[default]
    Demo,
    /// An inbox to measure unibox at scale, with exactly this many chats and messages over the
    /// demo's accounts (see `LargeInbox`).
    Large { chats: usize, messages: usize },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_key() {
        let config = SandboxConfig {
            api_key: "sk_sandbox_secret".into(),
            ..SandboxConfig::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("sk_sandbox_secret"));
        assert!(printed.contains("seed: 7"));
    }
}
