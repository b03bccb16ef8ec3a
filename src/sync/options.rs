//! How sync paces itself: page sizes, batching, polling, backoff and the resync bounds.

use std::time::Duration;

use crate::config::DEFAULT_POLL_INTERVAL;
use crate::domain::AccountId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOptions {
    /// Time between background syncs of the spawned engine.
    pub poll_interval: Duration,
    /// Items asked for per list request (the contract allows 1–250).
    pub page_size: u32,
    /// Messages gathered across chats before they are written in one transaction: the store
    /// ingests about three times faster in large batches than page by page.
    pub batch_messages: usize,
    /// A batch is written anyway once it has waited this long, so a slow network still fills
    /// the screen progressively.
    pub flush_after: Duration,
    /// Chats whose messages are fetched at the same time, each written as soon as it is in
    /// (not in order). The provider's congestion window (`provider::congestion`) decides
    /// how many requests are really in flight; this keeps enough chats waiting to fill it.
    pub concurrency: usize,
    /// Most pages read when catching up on one chat's new messages; older new messages are
    /// left for `fetch_older`.
    pub max_catch_up_pages: u32,
    /// Time between polls of an account or chat resync.
    pub resync_poll_interval: Duration,
    /// Polls of a resync before unibox stops waiting for it.
    pub resync_max_polls: u32,
    /// First wait of the engine after a failed run; doubled per failure up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// Longest `Retry-After` honoured: the server's value is not trusted to be sane.
    pub max_retry_after: Duration,
    /// Most chats one run writes into the cache (new or changed), all accounts together,
    /// checked between pages: a server cannot grow the cache without end in one run. Far
    /// above a real inbox.
    pub max_chats_per_run: usize,
    /// Most pages one run follows in one list (an account's chats, its people, a group's
    /// members, the accounts).
    pub max_pages_per_list: u32,
    /// Chats active this recently are kept true: their newest page is read again, for the
    /// reactions, edits, deletions and receipts on messages already cached.
    pub active_window: Duration,
    /// Each active chat's newest page is read again at least this often, a few chats a run.
    pub refresh_every: Duration,
    /// Every active chat's newest page is read again in this run (`unibox sync` by hand).
    pub refresh_all: bool,
}

/// The default ceilings of one run.
pub const DEFAULT_MAX_CHATS_PER_RUN: usize = 200_000;
pub const DEFAULT_MAX_PAGES_PER_LIST: u32 = 2_000;

impl Default for SyncOptions {
    fn default() -> Self {
        Self {
            poll_interval: DEFAULT_POLL_INTERVAL,
            page_size: 100,
            batch_messages: 5_000,
            flush_after: Duration::from_secs(1),
            concurrency: crate::provider::congestion::DEFAULT_CEILING,
            max_catch_up_pages: 50,
            resync_poll_interval: Duration::from_secs(2),
            resync_max_polls: 30,
            first_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(120),
            max_retry_after: Duration::from_secs(300),
            max_chats_per_run: DEFAULT_MAX_CHATS_PER_RUN,
            max_pages_per_list: DEFAULT_MAX_PAGES_PER_LIST,
            active_window: Duration::from_secs(48 * 3600),
            refresh_every: Duration::from_secs(10 * 60),
            refresh_all: false,
        }
    }
}

impl SyncOptions {
    /// The engine's wait after `failures` failed runs in a row (at least one).
    pub fn backoff(&self, failures: u32) -> Duration {
        let factor = 1u32
            .checked_shl(failures.saturating_sub(1))
            .unwrap_or(u32::MAX);
        self.first_backoff
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_backoff)
    }

    /// Newest pages to read again in one run, out of `active` chats: enough that, a run every
    /// `poll_interval`, each is read at least every `refresh_every`; all of them with
    /// `refresh_all`.
    pub(super) fn refresh_budget(&self, active: usize) -> usize {
        if self.refresh_all {
            return active;
        }
        let every = self.refresh_every.as_millis().max(1);
        let share = (active as u128 * self.poll_interval.as_millis()).div_ceil(every);
        usize::try_from(share)
            .unwrap_or(active)
            .clamp(active.min(1), active)
    }

    /// The page size the contract accepts.
    pub(super) fn limit(&self) -> u32 {
        self.page_size.clamp(1, 250)
    }
}

#[cfg(test)]
mod budget_tests {
    use super::*;

    #[test]
    fn each_active_chat_is_read_again_within_refresh_every() {
        let options = SyncOptions::default();
        // 30 s polls, 10 min: a twentieth of the active chats per run, at least one.
        assert_eq!(options.refresh_budget(0), 0);
        assert_eq!(options.refresh_budget(1), 1);
        assert_eq!(options.refresh_budget(20), 1);
        assert_eq!(options.refresh_budget(21), 2);
        assert_eq!(options.refresh_budget(400), 20);
        let slow = SyncOptions {
            poll_interval: Duration::from_secs(3600),
            ..SyncOptions::default()
        };
        assert_eq!(slow.refresh_budget(7), 7, "never more than there are");
        let by_hand = SyncOptions {
            refresh_all: true,
            ..SyncOptions::default()
        };
        assert_eq!(by_hand.refresh_budget(42), 42);
    }
}

/// Which accounts `resync` asks the provider to resync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResyncScope {
    All,
    Account(AccountId),
}

impl ResyncScope {
    pub fn includes(&self, account: &AccountId) -> bool {
        match self {
            Self::All => true,
            Self::Account(id) => id == account,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_without_overflow() {
        let options = SyncOptions {
            first_backoff: Duration::from_secs(2),
            max_backoff: Duration::from_secs(30),
            ..SyncOptions::default()
        };
        let waits: Vec<u64> = [1, 2, 3, 4, 5, 6, 40, u32::MAX]
            .into_iter()
            .map(|n| options.backoff(n).as_secs())
            .collect();
        assert_eq!(waits, [2, 4, 8, 16, 30, 30, 30, 30]);
    }

    #[test]
    fn page_sizes_stay_inside_the_contract() {
        let limit = |page_size| {
            SyncOptions {
                page_size,
                ..SyncOptions::default()
            }
            .limit()
        };
        assert_eq!((limit(0), limit(100), limit(10_000)), (1, 100, 250));
    }
}
