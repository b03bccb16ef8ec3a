//! Retries of reads: capped exponential backoff with full jitter, honouring `Retry-After`.
//! Every attempt takes a place in the provider's congestion window first (`congestion.rs`).
//! Writes never come here: each provider's writer sends once.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::provider::congestion::{Congestion, PauseId};
use crate::provider::{ProviderError, Result};

/// Waits between attempts. Injectable so tests can record the delays instead of sleeping.
#[async_trait]
pub trait Sleeper: Send + Sync {
    async fn sleep(&self, duration: Duration);
}

/// The real clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

#[async_trait]
impl Sleeper for TokioSleeper {
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

#[derive(Clone)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// Ceiling of the first backoff; doubled on each retry up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Longest `Retry-After` obeyed, so a hostile server cannot park us for hours.
    pub max_retry_after: Duration,
    pub sleeper: Arc<dyn Sleeper>,
    /// Told what is waiting and for how long when the server asked to slow down (429), so
    /// a command-line sync can say why it is quiet.
    pub on_rate_limit: Option<RateLimitNotice>,
    /// The reads in flight to this provider, shared by every clone of the policy: halved by
    /// a 429, paused by its `Retry-After`, grown back by successes.
    pub congestion: Arc<Congestion>,
}

/// See `RetryPolicy::on_rate_limit`: the read's name and the wait.
pub type RateLimitNotice = Arc<dyn Fn(&str, Duration) + Send + Sync>;

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            sleeper: Arc::new(TokioSleeper),
            on_rate_limit: None,
            congestion: Arc::new(Congestion::default()),
        }
    }
}

impl fmt::Debug for RetryPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryPolicy")
            .field("max_attempts", &self.max_attempts)
            .field("base_delay", &self.base_delay)
            .field("max_delay", &self.max_delay)
            .field("max_retry_after", &self.max_retry_after)
            .finish_non_exhaustive()
    }
}

impl RetryPolicy {
    /// One attempt only.
    pub fn never() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Upper bound of the wait before retry number `retry` (0-based): `base · 2^retry`,
    /// capped at `max_delay`.
    pub fn backoff_ceiling(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        self.base_delay
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay)
    }

    /// The wait before retry number `retry` after `error`: the server's `Retry-After` (capped)
    /// when it gave one, otherwise a uniformly random time up to the backoff ceiling ("full
    /// jitter", so many clients do not retry in lockstep).
    pub fn delay(&self, retry: u32, error: &ProviderError) -> Duration {
        if let ProviderError::RateLimited {
            retry_after: Some(asked),
            ..
        } = error
        {
            return (*asked).min(self.max_retry_after);
        }
        let ceiling = u64::try_from(self.backoff_ceiling(retry).as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::random_range(0..=ceiling))
    }

    /// Runs `attempt` until it succeeds, fails for good, or the attempts run out.
    pub(crate) async fn run<T, F, Fut>(&self, what: &str, mut attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T>>,
    {
        let mut retry = 0;
        let mut waited: Option<PauseId> = None;
        loop {
            let permit = self
                .congestion
                .acquire(self.sleeper.as_ref(), waited.take())
                .await;
            let outcome = attempt().await;
            let pause = match &outcome {
                Ok(_) => {
                    permit.succeeded();
                    None
                }
                Err(ProviderError::RateLimited { retry_after, .. }) => {
                    permit.rate_limited(retry_after.map(|asked| asked.min(self.max_retry_after)))
                }
                Err(_) => None,
            };
            drop(permit);
            match outcome {
                Err(error) if error.is_retryable_read() && retry + 1 < self.max_attempts => {
                    let delay = self.delay(retry, &error);
                    tracing::debug!(%error, ?delay, retry, what, "retrying a read");
                    if let (ProviderError::RateLimited { .. }, Some(notice)) =
                        (&error, &self.on_rate_limit)
                    {
                        notice(what, delay);
                    }
                    self.sleeper.sleep(delay).await;
                    // This read waited out the pause its own 429 started (the delay is that
                    // `Retry-After`): it goes first.
                    waited = pause;
                    retry += 1;
                }
                outcome => return outcome,
            }
        }
    }
}

/// `Retry-After` as delay-seconds or an HTTP date; a date in the past means "now".
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for u64 is still "a very long time": the policy caps it.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (date.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::ApiError;
    use chrono::TimeZone;
    use std::sync::Mutex;

    /// Records the waits instead of sleeping.
    #[derive(Default)]
    struct RecordingSleeper(Mutex<Vec<Duration>>);

    #[async_trait]
    impl Sleeper for RecordingSleeper {
        async fn sleep(&self, duration: Duration) {
            self.0.lock().unwrap().push(duration);
        }
    }

    fn policy(max_attempts: u32) -> (RetryPolicy, Arc<RecordingSleeper>) {
        let sleeper = Arc::new(RecordingSleeper::default());
        let policy = RetryPolicy {
            max_attempts,
            sleeper: sleeper.clone(),
            ..RetryPolicy::default()
        };
        (policy, sleeper)
    }

    fn api(status: u16) -> ProviderError {
        ProviderError::Api(ApiError {
            status,
            kind: String::new(),
            title: String::new(),
            detail: None,
        })
    }

    /// Runs an operation that fails with `failures` in turn, then succeeds.
    async fn attempts_made(
        policy: &RetryPolicy,
        failures: Vec<ProviderError>,
    ) -> (Result<()>, usize) {
        let calls = Mutex::new(0usize);
        let outcome = policy
            .run("test", || {
                let mut calls = calls.lock().unwrap();
                let outcome = failures.get(*calls).cloned().map_or(Ok(()), Err);
                *calls += 1;
                std::future::ready(outcome)
            })
            .await;
        let made = *calls.lock().unwrap();
        (outcome, made)
    }

    #[tokio::test]
    async fn retryable_failures_are_retried_until_success() {
        let (policy, sleeper) = policy(4);
        let failures = vec![
            api(503),
            api(504),
            ProviderError::ConnectionLost("reset".into()),
        ];
        let (outcome, made) = attempts_made(&policy, failures).await;
        assert_eq!((outcome, made), (Ok(()), 4));
        assert_eq!(sleeper.0.lock().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn attempts_are_bounded() {
        let (policy, sleeper) = policy(3);
        let (outcome, made) = attempts_made(&policy, vec![api(503); 10]).await;
        assert_eq!((outcome, made), (Err(api(503)), 3));
        assert_eq!(sleeper.0.lock().unwrap().len(), 2);
    }

    #[tokio::test]
    async fn final_errors_are_not_retried() {
        for error in [
            api(500),
            api(422),
            ProviderError::Unreachable("refused".into()),
            ProviderError::Decode("bad".into()),
            ProviderError::TooLarge { limit: 1 },
        ] {
            let (policy, sleeper) = policy(4);
            let (outcome, made) = attempts_made(&policy, vec![error.clone()]).await;
            assert_eq!((outcome, made), (Err(error), 1));
            assert!(sleeper.0.lock().unwrap().is_empty());
        }
    }

    #[tokio::test]
    async fn the_wait_is_the_servers_retry_after() {
        let (policy, sleeper) = policy(4);
        let limited = ProviderError::RateLimited {
            retry_after: Some(Duration::from_secs(2)),
            error: None,
        };
        let (outcome, _) = attempts_made(&policy, vec![limited]).await;
        assert_eq!(outcome, Ok(()));
        assert_eq!(*sleeper.0.lock().unwrap(), [Duration::from_secs(2)]);
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = Utc.with_ymd_and_hms(2015, 10, 21, 7, 28, 0).unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        for junk in ["", "-5", "1.5", "soon", "Wed, 99 Oct 2015"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk:?}");
        }
    }

    #[test]
    fn backoff_doubles_up_to_the_cap_without_overflow() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        let ceilings: Vec<_> = (0..6).map(|r| policy.backoff_ceiling(r)).collect();
        assert_eq!(
            ceilings,
            [100, 200, 400, 800, 1000, 1000].map(Duration::from_millis)
        );
        assert_eq!(policy.backoff_ceiling(200), Duration::from_secs(1));
    }

    #[test]
    fn jittered_delays_stay_under_the_ceiling_and_vary() {
        let policy = RetryPolicy::default();
        let error = ProviderError::Timeout { sent: true };
        let delays: Vec<_> = (0..64).map(|_| policy.delay(2, &error)).collect();
        assert!(delays.iter().all(|d| *d <= policy.backoff_ceiling(2)));
        assert!(delays.iter().any(|d| *d != delays[0]), "no jitter");
    }

    #[test]
    fn retry_after_is_obeyed_but_capped() {
        let policy = RetryPolicy::default();
        let asked = |secs| ProviderError::RateLimited {
            retry_after: Some(Duration::from_secs(secs)),
            error: None,
        };
        assert_eq!(policy.delay(0, &asked(7)), Duration::from_secs(7));
        assert_eq!(policy.delay(3, &asked(7)), Duration::from_secs(7));
        assert_eq!(policy.delay(0, &asked(86_400)), policy.max_retry_after);
    }
}
