//! The sandbox's clock: the configured anchor plus the real time elapsed since start, at the
//! contract's millisecond precision (so a timestamp read back from JSON compares equal).

use std::time::Instant;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

#[derive(Debug, Clone)]
pub struct Clock {
    anchor: DateTime<Utc>,
    started: Instant,
}

impl Clock {
    pub fn starting_at(anchor: DateTime<Utc>) -> Self {
        Self {
            anchor: to_millis(anchor),
            started: Instant::now(),
        }
    }

    pub fn anchor(&self) -> DateTime<Utc> {
        self.anchor
    }

    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = TimeDelta::from_std(self.started.elapsed()).unwrap_or(TimeDelta::MAX);
        to_millis(
            self.anchor
                .checked_add_signed(elapsed)
                .unwrap_or(self.anchor),
        )
    }
}

/// Drops sub-millisecond digits, which the wire format cannot carry.
pub fn to_millis(at: DateTime<Utc>) -> DateTime<Utc> {
    at.duration_trunc(TimeDelta::milliseconds(1)).unwrap_or(at)
}
