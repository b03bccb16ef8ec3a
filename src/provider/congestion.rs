//! How many reads may be in flight to one provider at once: a window that adapts (AIMD). It
//! starts at its ceiling; a `429` halves it (once per burst: the answers of requests sent
//! before the halving do not halve it again) and, with a `Retry-After`, pauses every new read
//! until then; each read that succeeds grows it by `1 / window`, so it regains one request per
//! window's worth of successes. A rate-limited server sees the requests already on their way
//! and then a slower, paused client, never a storm of retries.
//!
//! The retry layer (`RetryPolicy::run`) asks for a permit before each attempt and tells the
//! permit how the attempt went; sync keeps enough chats in flight to fill the window.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

use super::retry::Sleeper;

/// Reads in flight at most, and at first: the server's latency, not unibox, bounds a first
/// sync (300 chats at 100 ms a request take about 300 / 8 × 100 ms).
pub const DEFAULT_CEILING: usize = 8;

/// The shared window of one provider's reads.
#[derive(Debug)]
pub struct Congestion {
    ceiling: usize,
    window: Mutex<Window>,
    /// Woken when a read ends or the window grows.
    freed: Notify,
}

#[derive(Debug)]
struct Window {
    /// Reads allowed at once: its whole part, at least 1.
    size: f64,
    in_flight: usize,
    /// Bumped by each halving; a permit taken before it cannot halve again.
    epoch: u64,
    /// No new read before this (the server's `Retry-After`), and which 429 asked for it.
    paused_until: Option<(Instant, u64)>,
    pauses: u64,
    record: CongestionRecord,
}

/// What the window did, for tests and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CongestionRecord {
    /// The window now.
    pub window: usize,
    /// Its smallest size so far.
    pub lowest: usize,
    /// Times it was halved.
    pub halvings: u32,
    /// Most reads in flight at once.
    pub most_in_flight: usize,
    /// Reads that waited for a `Retry-After` pause before being sent.
    pub paused_reads: u32,
}

/// One read's place in the window, given back when dropped.
#[derive(Debug)]
pub struct Permit<'a> {
    congestion: &'a Congestion,
    epoch: u64,
}

/// Names the pause one 429 started, so the read that waited it out can end it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PauseId(u64);

impl Default for Congestion {
    fn default() -> Self {
        Self::new(DEFAULT_CEILING)
    }
}

impl Congestion {
    /// A window of at most `ceiling` reads (at least one), starting full.
    pub fn new(ceiling: usize) -> Self {
        let ceiling = ceiling.max(1);
        Self {
            ceiling,
            window: Mutex::new(Window {
                size: ceiling as f64,
                in_flight: 0,
                epoch: 0,
                paused_until: None,
                pauses: 0,
                record: CongestionRecord {
                    window: ceiling,
                    lowest: ceiling,
                    ..CongestionRecord::default()
                },
            }),
            freed: Notify::new(),
        }
    }

    pub fn record(&self) -> CongestionRecord {
        self.lock().record
    }

    /// Waits for a place in the window. A read that has just waited out the `Retry-After` of
    /// its own 429 names that pause (`waited`): it goes now, and ends the pause for the others.
    /// Any other read waits for a pause in force first, through `sleeper`.
    pub async fn acquire(&self, sleeper: &dyn Sleeper, waited: Option<PauseId>) -> Permit<'_> {
        match waited {
            Some(PauseId(id)) => {
                let mut window = self.lock();
                if window.paused_until.is_some_and(|(_, pause)| pause == id) {
                    window.paused_until = None;
                }
            }
            None => {
                let pause = self.lock().paused_until;
                if let Some((until, id)) = pause {
                    let left = until.saturating_duration_since(Instant::now());
                    if !left.is_zero() {
                        self.lock().record.paused_reads += 1;
                        sleeper.sleep(left).await;
                    }
                    let mut window = self.lock();
                    if window.paused_until.is_some_and(|(_, pause)| pause == id) {
                        window.paused_until = None;
                    }
                }
            }
        }
        loop {
            // Registered before the check, so a read ending in between still wakes us.
            let freed = self.freed.notified();
            {
                let mut window = self.lock();
                if window.in_flight < window.allowed() {
                    window.in_flight += 1;
                    window.record.most_in_flight =
                        window.record.most_in_flight.max(window.in_flight);
                    return Permit {
                        congestion: self,
                        epoch: window.epoch,
                    };
                }
            }
            freed.await;
        }
    }

    fn lock(&self) -> MutexGuard<'_, Window> {
        self.window.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Window {
    fn allowed(&self) -> usize {
        (self.size.floor() as usize).max(1)
    }

    fn note_size(&mut self) {
        let now = self.allowed();
        self.record.window = now;
        self.record.lowest = self.record.lowest.min(now);
    }
}

impl Permit<'_> {
    /// The read was answered: the window grows by `1 / window`, up to the ceiling.
    pub fn succeeded(&self) {
        let grew = {
            let mut window = self.congestion.lock();
            let before = window.allowed();
            window.size = (window.size + 1.0 / window.size).min(self.congestion.ceiling as f64);
            window.note_size();
            window.allowed() > before
        };
        if grew {
            self.congestion.freed.notify_waiters();
        }
    }

    /// The server answered 429: the window halves (once per burst) and, when the server said
    /// how long to wait, no new read starts before then. The pause is named for the read that
    /// will wait it out.
    pub fn rate_limited(&self, retry_after: Option<Duration>) -> Option<PauseId> {
        let mut window = self.congestion.lock();
        if self.epoch == window.epoch {
            window.size = (window.size / 2.0).max(1.0);
            window.epoch += 1;
            window.record.halvings += 1;
            window.note_size();
        }
        let wait = retry_after?;
        let until = Instant::now() + wait;
        if window
            .paused_until
            .is_some_and(|(current, _)| current >= until)
        {
            return None;
        }
        window.pauses += 1;
        let id = window.pauses;
        window.paused_until = Some((until, id));
        Some(PauseId(id))
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        {
            let mut window = self.congestion.lock();
            window.in_flight = window.in_flight.saturating_sub(1);
        }
        self.congestion.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::retry::TokioSleeper;
    use std::sync::Arc;

    /// Records the waits instead of sleeping.
    #[derive(Default)]
    struct Recorded(Mutex<Vec<Duration>>);

    #[async_trait::async_trait]
    impl Sleeper for Recorded {
        async fn sleep(&self, duration: Duration) {
            self.0.lock().unwrap().push(duration);
        }
    }

    #[tokio::test]
    async fn a_429_halves_the_window_once_per_burst_and_successes_grow_it_back() {
        let congestion = Congestion::new(8);
        let sleeper = TokioSleeper;
        let mut permits = Vec::new();
        for _ in 0..8 {
            permits.push(congestion.acquire(&sleeper, None).await);
        }
        assert_eq!(congestion.record().most_in_flight, 8);
        // The eight reads sent together all come back 429: one halving, not eight.
        for permit in &permits {
            permit.rate_limited(None);
        }
        permits.clear();
        assert_eq!(congestion.record().window, 4);
        assert_eq!(congestion.record().halvings, 1);
        // A later 429 halves again.
        let permit = congestion.acquire(&sleeper, None).await;
        permit.rate_limited(None);
        drop(permit);
        assert_eq!(congestion.record().window, 2);
        // About one more read per window's worth of successes.
        let mut sizes = Vec::new();
        for _ in 0..20 {
            let permit = congestion.acquire(&sleeper, None).await;
            permit.succeeded();
            drop(permit);
            sizes.push(congestion.record().window);
        }
        assert_eq!(
            sizes,
            [2, 2, 3, 3, 3, 4, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 6, 6]
        );
        assert_eq!(congestion.record().lowest, 2);
        for _ in 0..100 {
            congestion.acquire(&sleeper, None).await.succeeded();
        }
        assert_eq!(congestion.record().window, 8, "never above the ceiling");
    }

    #[tokio::test]
    async fn no_more_reads_than_the_window_are_in_flight() {
        let congestion = Arc::new(Congestion::new(4));
        let first = congestion.acquire(&TokioSleeper, None).await;
        first.rate_limited(None);
        drop(first);
        assert_eq!(congestion.record().window, 2);
        let held: Vec<_> = [
            congestion.acquire(&TokioSleeper, None).await,
            congestion.acquire(&TokioSleeper, None).await,
        ]
        .into();
        let waiting = {
            let congestion = congestion.clone();
            tokio::spawn(async move {
                let _permit = congestion.acquire(&TokioSleeper, None).await;
            })
        };
        tokio::task::yield_now().await;
        assert!(
            !waiting.is_finished(),
            "a third read went past a window of two"
        );
        drop(held);
        waiting.await.unwrap();
        assert_eq!(congestion.record().most_in_flight, 2);
    }

    #[tokio::test]
    async fn a_retry_after_pauses_other_reads_but_not_the_one_that_waited_it_out() {
        let congestion = Congestion::new(8);
        let sleeper = Recorded::default();
        let permit = congestion.acquire(&sleeper, None).await;
        let pause = permit.rate_limited(Some(Duration::from_secs(30)));
        drop(permit);
        assert!(pause.is_some());
        // Another read waits for (about) the rest of the pause.
        drop(congestion.acquire(&sleeper, None).await);
        let waits = sleeper.0.lock().unwrap().clone();
        assert_eq!(waits.len(), 1);
        assert!(waits[0] > Duration::from_secs(29) && waits[0] <= Duration::from_secs(30));
        assert_eq!(congestion.record().paused_reads, 1);
        // Having waited, it ended the pause: the next read goes at once.
        drop(congestion.acquire(&sleeper, None).await);
        assert_eq!(sleeper.0.lock().unwrap().len(), 1);

        // The read that waited out its own 429 goes at once and ends the pause.
        let permit = congestion.acquire(&sleeper, None).await;
        let pause = permit.rate_limited(Some(Duration::from_secs(30)));
        drop(permit);
        drop(congestion.acquire(&sleeper, pause).await);
        drop(congestion.acquire(&sleeper, None).await);
        assert_eq!(
            sleeper.0.lock().unwrap().len(),
            1,
            "no wait after the pause ended"
        );
    }
}
