//! How the fake providers deliver webhooks, as real ones do on a bad day: one event in five is
//! held back and posted after the next one (or after a short pause when none comes), one in
//! five is posted twice. Seeded, so a test sees the same disorder every run.

use std::future::Future;
use std::time::Duration;

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use tokio::sync::mpsc;

/// Longest a held-back event waits for the one to overtake it.
const HOLD_AT_MOST: Duration = Duration::from_millis(300);

/// Posts every event of `events` with `post`, in the disorder `seed` decides, until the
/// sending side is gone.
pub async fn deliver<E, F, Fut>(mut events: mpsc::UnboundedReceiver<E>, seed: u64, mut post: F)
where
    E: Clone,
    F: FnMut(E) -> Fut,
    Fut: Future<Output = ()>,
{
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut held: Option<E> = None;
    loop {
        let next = match &held {
            Some(_) => tokio::time::timeout(HOLD_AT_MOST, events.recv())
                .await
                .unwrap_or(None),
            None => match events.recv().await {
                Some(event) => Some(event),
                None => return,
            },
        };
        let Some(event) = next else {
            if let Some(late) = held.take() {
                post(late).await;
            }
            continue;
        };
        if held.is_none() && rng.random_ratio(1, 5) {
            held = Some(event);
            continue;
        }
        let twice = rng.random_ratio(1, 5);
        post(event.clone()).await;
        if twice {
            post(event).await;
        }
        if let Some(late) = held.take() {
            post(late).await;
        }
    }
}
