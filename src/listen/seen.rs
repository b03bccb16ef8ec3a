//! The event ids already taken, so a redelivery (same `X-Zernio-Event-Id`) queues nothing.
//! Bounded: the oldest ids are forgotten first; a duplicate older than that is still harmless,
//! since every write is idempotent.

use std::collections::{HashSet, VecDeque};

pub struct SeenEvents {
    capacity: usize,
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl SeenEvents {
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            order: VecDeque::new(),
            ids: HashSet::new(),
        }
    }

    /// True the first time `id` is offered, false for a repeat.
    pub fn first_time(&mut self, id: &str) -> bool {
        if self.ids.contains(id) {
            return false;
        }
        if self.order.len() >= self.capacity
            && let Some(oldest) = self.order.pop_front()
        {
            self.ids.remove(&oldest);
        }
        self.order.push_back(id.to_owned());
        self.ids.insert(id.to_owned());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_is_known_until_it_ages_out() {
        let mut seen = SeenEvents::new(2);
        assert!(seen.first_time("a"));
        assert!(!seen.first_time("a"));
        assert!(seen.first_time("b"));
        assert!(seen.first_time("c"));
        assert!(seen.first_time("a"), "the oldest id was forgotten");
        assert!(!seen.first_time("c"));
    }
}
