//! WhatsApp's per-recipient pacing: about ten messages a minute to one person; beyond that
//! Meta refuses with 131056 until the minute has passed.

use std::collections::{HashMap, VecDeque};

use chrono::{DateTime, TimeDelta, Utc};

pub const SENDS_PER_RECIPIENT: usize = 10;
pub const RECIPIENT_PERIOD: TimeDelta = TimeDelta::minutes(1);

/// The accepted sends of the last minute, per (business number, recipient).
#[derive(Debug, Default)]
pub struct RecipientLimit {
    recent: HashMap<(String, String), VecDeque<DateTime<Utc>>>,
}

impl RecipientLimit {
    /// Whether one more message may go to `recipient` from `account` at `now`.
    pub fn allows(&mut self, account: &str, recipient: &str, now: DateTime<Utc>) -> bool {
        let key = (account.to_owned(), recipient.to_owned());
        let Some(sends) = self.recent.get_mut(&key) else {
            return true;
        };
        while sends
            .front()
            .is_some_and(|at| *at + RECIPIENT_PERIOD <= now)
        {
            sends.pop_front();
        }
        sends.len() < SENDS_PER_RECIPIENT
    }

    /// Counts an accepted send.
    pub fn record(&mut self, account: &str, recipient: &str, now: DateTime<Utc>) {
        self.recent
            .entry((account.to_owned(), recipient.to_owned()))
            .or_default()
            .push_back(now);
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn the_eleventh_send_within_a_minute_waits_for_the_first_to_age_out() {
        let start = Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap();
        let mut limit = RecipientLimit::default();
        for second in 0..10 {
            let at = start + TimeDelta::seconds(second);
            assert!(limit.allows("acc", "336", at));
            limit.record("acc", "336", at);
        }
        assert!(!limit.allows("acc", "336", start + TimeDelta::seconds(30)));
        assert!(limit.allows("acc", "447", start + TimeDelta::seconds(30)));
        assert!(limit.allows("acc", "336", start + TimeDelta::seconds(60)));
    }
}
