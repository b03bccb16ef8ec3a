//! How a Late sandbox is started: key, seed, the data's "now", port and simulated customers.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// The key `--demo` and the tests use unless they choose another.
pub const LATE_DEMO_API_KEY: &str = "sk_late_sandbox";

#[derive(Clone)]
pub struct LateSandboxConfig {
    /// The Bearer key the sandbox accepts.
    pub api_key: String,
    /// Same seed (and anchor) → same numbers, conversations, messages and ids.
    pub seed: u64,
    /// The data's "now": every generated time is relative to it, and the clock starts there.
    pub anchor: DateTime<Utc>,
    /// 0 picks any free port.
    pub port: u16,
    /// When set, simulated customers write (and now and then react) at this pace, as the
    /// seed says.
    pub inbound_every: Option<Duration>,
}

impl Default for LateSandboxConfig {
    fn default() -> Self {
        Self {
            api_key: LATE_DEMO_API_KEY.to_owned(),
            seed: 7,
            anchor: Utc::now(),
            port: 0,
            inbound_every: None,
        }
    }
}

/// Keys stay out of logs, even the sandbox's.
impl fmt::Debug for LateSandboxConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LateSandboxConfig")
            .field("api_key", &"<redacted>")
            .field("seed", &self.seed)
            .field("anchor", &self.anchor)
            .field("port", &self.port)
            .field("inbound_every", &self.inbound_every)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_key() {
        let config = LateSandboxConfig {
            api_key: "sk_live_secret".into(),
            ..LateSandboxConfig::default()
        };
        let printed = format!("{config:?}");
        assert!(!printed.contains("sk_live_secret"));
        assert!(printed.contains("seed: 7"));
    }
}
