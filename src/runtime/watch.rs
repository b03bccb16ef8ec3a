//! Watches the cache: writes of other programs (another unibox, `unibox sync`, a listener)
//! and messages that arrived, whoever wrote them. The loop gets them as actions; the
//! reducer reads again what is on screen and rings or notifies.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc::UnboundedSender;

use crate::app::Action;
use crate::store::{Store, StoreError};

use super::Incoming;

/// How often the store thread looks: often enough that every unibox on the machine shows a
/// change within a second, and a look that finds nothing reads no data.
const EVERY: Duration = Duration::from_millis(250);

pub(super) fn spawn_watch(store: Store, tx: UnboundedSender<Incoming>) {
    tokio::spawn(async move {
        let started = Utc::now();
        let Ok(mut seen) = store.call(move |db| db.watch_from(started)).await else {
            tracing::warn!("cannot watch the cache for changes");
            return;
        };
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            ticks.tick().await;
            let looked = store
                .call(move |db| {
                    let news = db.news(&mut seen, Utc::now())?;
                    Ok((news, seen))
                })
                .await;
            let news = match looked {
                Ok((news, now)) => {
                    seen = now;
                    news
                }
                // The session is ending.
                Err(StoreError::Closed) => break,
                // Looked at again next time: `seen` did not move.
                Err(error) => {
                    tracing::debug!("watching the cache: {error}");
                    continue;
                }
            };
            let mut actions = Vec::new();
            if news.others_wrote {
                actions.push(Action::CacheChanged);
            }
            if !news.arrivals.is_empty() {
                actions.push(Action::Arrived(news.arrivals));
            }
            for action in actions {
                if tx.send(Incoming::Action(action)).is_err() {
                    return;
                }
            }
        }
    });
}
