//! Fault injection: switches that make the sandbox misbehave the ways real servers and networks
//! do. Every switch is a field of `Faults`; counted switches fire on the next N matching
//! requests and count down. Set from Rust through `FaultControl`, or over HTTP with
//! `GET/POST/DELETE /_sandbox/faults` (JSON of `Faults`; a POST changes only the fields it
//! names).

mod account;
pub(crate) mod bodies;
mod inject;

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde::{Deserialize, Serialize};

pub use account::AccountRefusal;
pub(crate) use inject::inject_faults;

/// How a malformed page is broken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MalformedMode {
    /// The JSON stops halfway (the HTTP response itself is complete).
    #[default]
    Truncated,
    /// Valid JSON in which one item has the wrong shape (`id` a number, fields missing).
    WrongShape,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Added before every contract request is answered.
    pub latency_ms: u64,
    /// Share of requests (0.0–1.0) answered `500 errors/unexpected_error`, drawn from a seeded
    /// sequence so a run repeats.
    pub error_rate: f64,
    /// The next N requests are answered `429 errors/too_many_requests`.
    pub rate_limited: u32,
    /// The `Retry-After` of those 429s in seconds; `None` sends none.
    pub retry_after_secs: Option<u64>,
    /// After one of those 429s, every request for this long is answered 429 too (with the
    /// same `Retry-After`), as a rate limiter does until its window passes: a client that
    /// does not wait gets refused again, and the refusals count its storm.
    pub rate_limit_hold_ms: u64,
    /// The next N requests are answered `503 errors/service_unavailable`.
    pub unavailable: u32,
    /// The next N requests are answered `504 errors/request_timeout`.
    pub gateway_timeouts: u32,
    /// The next N list answers (`…List`) are malformed, as `malformed_mode` says.
    pub malformed_pages: u32,
    pub malformed_mode: MalformedMode,
    /// The next N requests get their headers and half the body, then the connection breaks.
    /// A write is applied first.
    pub resets: u32,
    /// The next N writes are applied, then answered only after `hang_ms`.
    pub hang_after_write: u32,
    pub hang_ms: u64,
    /// The next N writes are applied, then answered `500 errors/unexpected_error`: a provider
    /// error that hides a message that went out.
    pub error_after_write: u32,
    /// The next N reads answer an endless-looking JSON body of `oversized_bytes` (announced in
    /// `Content-Length`, generated while streaming).
    pub oversized_bodies: u32,
    pub oversized_bytes: u64,
    /// The next N list answers carry `huge_page_items` items (streamed, chunked).
    pub huge_pages: u32,
    pub huge_page_items: u64,
    /// Edits and deletes outside WhatsApp's windows answer 2xx and change nothing, as real
    /// providers sometimes do.
    pub silent_rejections: bool,
    /// Requests about these accounts (by id: their chats, messages, people and resync) are
    /// answered 401 with this type, as the provider does for one account's trouble. The list
    /// of accounts is not about one account and is answered as usual.
    pub account_refusals: BTreeMap<String, AccountRefusal>,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            error_rate: 0.0,
            rate_limited: 0,
            retry_after_secs: None,
            rate_limit_hold_ms: 0,
            unavailable: 0,
            gateway_timeouts: 0,
            malformed_pages: 0,
            malformed_mode: MalformedMode::Truncated,
            resets: 0,
            hang_after_write: 0,
            hang_ms: 10 * 60 * 1000,
            error_after_write: 0,
            oversized_bodies: 0,
            oversized_bytes: 1 << 30,
            huge_pages: 0,
            huge_page_items: 1_000_000,
            silent_rejections: false,
            account_refusals: BTreeMap::new(),
        }
    }
}

/// An answer given instead of the real one, before the request is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    RateLimited { retry_after_secs: Option<u64> },
    Unavailable,
    GatewayTimeout,
    InternalError,
}

/// The switches of one sandbox, shared by its requests.
#[derive(Debug)]
pub struct FaultControl {
    faults: Mutex<Faults>,
    draws: Mutex<Xoshiro256PlusPlus>,
    /// Every request until then is rate limited (`Faults::rate_limit_hold_ms`).
    rate_limited_until: Mutex<Option<Instant>>,
}

impl FaultControl {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            faults: Mutex::new(Faults::default()),
            draws: Mutex::new(Xoshiro256PlusPlus::seed_from_u64(seed)),
            rate_limited_until: Mutex::new(None),
        }
    }

    pub fn get(&self) -> Faults {
        self.lock().clone()
    }

    pub fn set(&self, faults: Faults) {
        *self.lock() = faults;
    }

    /// Changes some switches, e.g. `faults.update(|f| f.rate_limited = 2)`.
    pub fn update(&self, change: impl FnOnce(&mut Faults)) {
        change(&mut self.lock());
    }

    /// Everything back to normal.
    pub fn reset(&self) {
        self.set(Faults::default());
        *self
            .rate_limited_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = None;
    }

    pub(crate) fn latency(&self) -> Duration {
        Duration::from_millis(self.lock().latency_ms)
    }

    /// Whether this request is refused outright, counting the switch down.
    pub(crate) fn take_refusal(&self) -> Option<Refusal> {
        let mut faults = self.lock();
        let mut held = self
            .rate_limited_until
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        if held.is_some_and(|until| now < until) {
            return Some(Refusal::RateLimited {
                retry_after_secs: faults.retry_after_secs,
            });
        }
        if take(&mut faults.rate_limited) {
            if faults.rate_limit_hold_ms > 0 {
                *held = Some(now + Duration::from_millis(faults.rate_limit_hold_ms));
            }
            return Some(Refusal::RateLimited {
                retry_after_secs: faults.retry_after_secs,
            });
        }
        drop(held);
        if take(&mut faults.unavailable) {
            return Some(Refusal::Unavailable);
        }
        if take(&mut faults.gateway_timeouts) {
            return Some(Refusal::GatewayTimeout);
        }
        let rate = faults.error_rate;
        drop(faults);
        let draw: f64 = self
            .draws
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .random();
        (draw < rate).then_some(Refusal::InternalError)
    }

    pub(crate) fn take_hang(&self) -> Option<Duration> {
        let mut faults = self.lock();
        take(&mut faults.hang_after_write).then(|| Duration::from_millis(faults.hang_ms))
    }

    pub(crate) fn take_error_after_write(&self) -> bool {
        take(&mut self.lock().error_after_write)
    }

    pub(crate) fn take_reset(&self) -> bool {
        take(&mut self.lock().resets)
    }

    pub(crate) fn take_oversized(&self) -> Option<u64> {
        let mut faults = self.lock();
        take(&mut faults.oversized_bodies).then_some(faults.oversized_bytes)
    }

    pub(crate) fn list_fault_pending(&self) -> bool {
        let faults = self.lock();
        faults.huge_pages > 0 || faults.malformed_pages > 0
    }

    pub(crate) fn take_huge_page(&self) -> Option<u64> {
        let mut faults = self.lock();
        take(&mut faults.huge_pages).then_some(faults.huge_page_items)
    }

    pub(crate) fn take_malformed(&self) -> Option<MalformedMode> {
        let mut faults = self.lock();
        take(&mut faults.malformed_pages).then_some(faults.malformed_mode)
    }

    /// The 401 every request about `account` gets now, if any.
    pub(crate) fn account_refusal(&self, account: &str) -> Option<AccountRefusal> {
        self.lock().account_refusals.get(account).copied()
    }

    pub(crate) fn refuses_accounts(&self) -> bool {
        !self.lock().account_refusals.is_empty()
    }

    pub(crate) fn silent_rejections(&self) -> bool {
        self.lock().silent_rejections
    }

    fn lock(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Counts a switch down; true when it fired.
fn take(remaining: &mut u32) -> bool {
    let fired = *remaining > 0;
    *remaining = remaining.saturating_sub(1);
    fired
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_switches_fire_exactly_n_times_in_order() {
        let control = FaultControl::new(1);
        control.update(|f| {
            f.rate_limited = 2;
            f.retry_after_secs = Some(3);
            f.gateway_timeouts = 1;
        });
        let rate_limited = Some(Refusal::RateLimited {
            retry_after_secs: Some(3),
        });
        assert_eq!(control.take_refusal(), rate_limited);
        assert_eq!(control.take_refusal(), rate_limited);
        assert_eq!(control.take_refusal(), Some(Refusal::GatewayTimeout));
        assert_eq!(control.take_refusal(), None);
        assert_eq!(control.get().rate_limited, 0);
    }

    #[test]
    fn a_held_rate_limit_refuses_every_request_until_it_passes() {
        let control = FaultControl::new(1);
        control.update(|f| {
            f.rate_limited = 1;
            f.retry_after_secs = Some(1);
            f.rate_limit_hold_ms = 60_000;
        });
        let rate_limited = Some(Refusal::RateLimited {
            retry_after_secs: Some(1),
        });
        for _ in 0..5 {
            assert_eq!(control.take_refusal(), rate_limited);
        }
        control.reset();
        assert_eq!(control.take_refusal(), None);
        control.update(|f| {
            f.rate_limited = 1;
            f.rate_limit_hold_ms = 0;
        });
        assert!(control.take_refusal().is_some());
        assert_eq!(
            control.take_refusal(),
            None,
            "no hold: only the counted one"
        );
    }

    #[test]
    fn the_error_rate_is_a_repeatable_share() {
        let draws = |seed| {
            let control = FaultControl::new(seed);
            control.update(|f| f.error_rate = 0.25);
            (0..400)
                .map(|_| control.take_refusal().is_some())
                .collect::<Vec<_>>()
        };
        let first = draws(5);
        let refused = first.iter().filter(|&&r| r).count();
        assert!((60..140).contains(&refused), "{refused} of 400");
        assert_eq!(draws(5), first);
    }

    #[test]
    fn reset_restores_every_switch() {
        let control = FaultControl::new(1);
        control.update(|f| {
            f.silent_rejections = true;
            f.latency_ms = 20;
            f.huge_pages = 1;
        });
        control.reset();
        assert_eq!(control.get(), Faults::default());
    }
}
