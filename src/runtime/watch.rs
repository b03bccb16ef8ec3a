//! Watches the cache: writes of other programs (another unibox, `unibox sync`, a listener)
//! and messages that arrived, whoever wrote them. The loop gets them as actions; the
//! reducer reads again what is on screen and rings or notifies.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::sync::oneshot;

use crate::app::Action;
use crate::store::{Seen, Store, StoreError};

use super::Incoming;

/// How often the store thread looks: often enough that every unibox on the machine shows a
/// change within a second, and a look that finds nothing reads no data.
const EVERY: Duration = Duration::from_millis(250);

/// Asks the watcher for a look between its regular ones.
#[derive(Clone)]
pub(super) struct Watch {
    requests: UnboundedSender<oneshot::Sender<()>>,
}

impl Watch {
    /// Looks now; returns once what it found is on its way to the loop. Our own sync calls
    /// it after each write, so a message it brought rings before the screen shows it.
    pub(super) async fn look_now(&self) {
        let (reply, done) = oneshot::channel();
        if self.requests.send(reply).is_ok() {
            let _ = done.await;
        }
    }
}

pub(super) fn spawn_watch(store: Store, tx: UnboundedSender<Incoming>) -> Watch {
    let (requests, mut asked) = mpsc::unbounded_channel::<oneshot::Sender<()>>();
    tokio::spawn(async move {
        let started = Utc::now();
        let Ok(mut seen) = store.call(move |db| db.watch_from(started)).await else {
            tracing::warn!("cannot watch the cache for changes");
            return;
        };
        let mut ticks = tokio::time::interval(EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            let reply = tokio::select! {
                _ = ticks.tick() => None,
                Some(reply) = asked.recv() => Some(reply),
            };
            let Some(next) = look(&store, seen, &tx).await else {
                return;
            };
            seen = next;
            if let Some(reply) = reply {
                let _ = reply.send(());
            }
        }
    });
    Watch { requests }
}

/// One look; sends what it found to the loop. `None` when the session is ending.
async fn look(store: &Store, seen: Seen, tx: &UnboundedSender<Incoming>) -> Option<Seen> {
    let looked = store
        .call(move |db| {
            let mut seen = seen;
            let news = db.news(&mut seen, Utc::now())?;
            Ok((news, seen))
        })
        .await;
    let (news, seen) = match looked {
        Ok(found) => found,
        Err(StoreError::Closed) => return None,
        // Looked at again next time: `seen` did not move.
        Err(error) => {
            tracing::debug!("watching the cache: {error}");
            return Some(seen);
        }
    };
    if news.others_wrote && tx.send(Incoming::Action(Action::CacheChanged)).is_err() {
        return None;
    }
    if !news.arrivals.is_empty()
        && tx
            .send(Incoming::Action(Action::Arrived(news.arrivals)))
            .is_err()
    {
        return None;
    }
    Some(seen)
}
