//! Watches the cache for writes of other programs (another unibox, `unibox sync`, a
//! listener) and tells the loop, which reloads what is on screen from the cache.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::app::Action;
use crate::store::Store;

use super::Incoming;

/// How often the store thread compares `data_version`: often enough that every unibox on the
/// machine shows a change within a second, and each check reads no data.
const EVERY: Duration = Duration::from_millis(250);

pub(super) fn spawn_watch(store: Store, tx: UnboundedSender<Incoming>) {
    tokio::spawn(async move {
        let Ok(mut seen) = store.call(|db| db.seen()).await else {
            tracing::warn!("cannot watch the cache for other programs' writes");
            return;
        };
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticks.tick().await;
            let checked = store
                .call(move |db| {
                    let changed = db.others_wrote(&mut seen)?;
                    Ok((changed, seen))
                })
                .await;
            let changed = match checked {
                Ok((changed, now)) => {
                    seen = now;
                    changed
                }
                // Closed: the session is ending. Anything else is tried again next time.
                Err(crate::store::StoreError::Closed) => break,
                Err(error) => {
                    tracing::debug!("checking the cache for changes: {error}");
                    false
                }
            };
            if changed && tx.send(Incoming::Action(Action::CacheChanged)).is_err() {
                break;
            }
        }
    });
}
