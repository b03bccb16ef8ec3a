//! What every request handler of the Late sandbox shares.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use super::state::LateState;
use super::webhooks::{LateCourier, LateWebhooks};
use crate::faults::FaultControl;
use crate::write_log::WriteLog;
use std::sync::Arc;

pub(crate) struct LateShared {
    pub api_key: String,
    pub state: LateState,
    pub faults: FaultControl,
    pub log: WriteLog,
    /// Registered webhooks, and what posts to them.
    pub webhooks: Arc<LateWebhooks>,
    pub courier: LateCourier,
    /// `http://127.0.0.1:PORT/api`, known once the port is bound; media URLs hang under it.
    pub base: OnceLock<String>,
    /// How long a send holds its idempotency key in flight before it is applied.
    send_hold: Mutex<Duration>,
    request_ids: AtomicU64,
}

impl LateShared {
    /// Needs a Tokio runtime: the courier's task starts here.
    pub fn new(api_key: String, state: LateState, faults: FaultControl, seed: u64) -> Self {
        let webhooks = Arc::new(LateWebhooks::default());
        let courier = LateCourier::start(webhooks.clone(), seed);
        Self {
            api_key,
            state,
            faults,
            log: WriteLog::default(),
            webhooks,
            courier,
            base: OnceLock::new(),
            send_hold: Mutex::new(Duration::ZERO),
            request_ids: AtomicU64::new(1),
        }
    }

    pub fn base(&self) -> &str {
        self.base.get().map(String::as_str).unwrap_or_default()
    }

    pub fn send_hold(&self) -> Duration {
        *self
            .send_hold
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    pub fn set_send_hold(&self, hold: Duration) {
        *self
            .send_hold
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = hold;
    }

    pub fn next_request_id(&self) -> String {
        format!(
            "req_{:012x}",
            self.request_ids.fetch_add(1, Ordering::Relaxed)
        )
    }
}
