//! The Late sandbox's shared state: its world behind a lock, and its clock, which tests can
//! move forward (a day later, a minute later) without waiting.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};

use super::world::LateWorld;
use crate::sandbox::clock::Clock;

#[derive(Clone)]
pub struct LateState {
    world: Arc<Mutex<LateWorld>>,
    clock: Clock,
    skipped: Arc<Mutex<TimeDelta>>,
}

impl LateState {
    pub fn new(world: LateWorld, clock: Clock) -> Self {
        Self {
            world: Arc::new(Mutex::new(world)),
            clock,
            skipped: Arc::new(Mutex::new(TimeDelta::zero())),
        }
    }

    /// The sandbox's "now": the start anchor, the real time since, and any time skipped.
    pub fn now(&self) -> DateTime<Utc> {
        let skipped = *self.skipped.lock().unwrap_or_else(PoisonError::into_inner);
        self.clock
            .now()
            .checked_add_signed(skipped)
            .unwrap_or_else(|| self.clock.now())
    }

    /// The data's "now" when the sandbox started.
    pub fn anchor(&self) -> DateTime<Utc> {
        self.clock.anchor()
    }

    pub fn skip(&self, by: TimeDelta) {
        let mut skipped = self.skipped.lock().unwrap_or_else(PoisonError::into_inner);
        *skipped = skipped.checked_add(&by).unwrap_or(*skipped);
    }

    pub fn read<R>(&self, f: impl FnOnce(&LateWorld) -> R) -> R {
        f(&self.world.lock().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn write<R>(&self, f: impl FnOnce(&mut LateWorld) -> R) -> R {
        f(&mut self.world.lock().unwrap_or_else(PoisonError::into_inner))
    }
}
