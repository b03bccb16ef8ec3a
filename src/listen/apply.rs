//! The one task that writes what webhooks announce: hints are taken in batches (a burst of
//! events about one chat reads it once), each chat's newest page is read back and written by
//! sync's own code, and an incremental sync runs at start and every `sync_interval` to heal
//! what no webhook said. Everything it writes is idempotent.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use super::event::Hint;
use crate::domain::ChatId;
use crate::provider::{ProviderRead, Route};
use crate::store::Store;
use crate::sync::{self, SyncOptions};

/// What the task has done since it started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Hints taken and applied (or given up on, logged).
    pub hints: u64,
    /// Syncs finished (successful or not).
    pub syncs: u64,
}

pub(super) struct Applier {
    pub store: Store,
    pub reader: Arc<dyn ProviderRead>,
    pub options: SyncOptions,
    pub sync_interval: Duration,
    pub progress: watch::Sender<Progress>,
}

impl Applier {
    pub async fn run(self, mut hints: mpsc::UnboundedReceiver<Hint>) {
        let mut ticks = tokio::time::interval(self.sync_interval);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                hint = hints.recv() => {
                    let Some(hint) = hint else { return };
                    let mut batch = vec![hint];
                    while let Ok(more) = hints.try_recv() {
                        batch.push(more);
                    }
                    let taken = u64::try_from(batch.len()).unwrap_or(u64::MAX);
                    self.apply(batch).await;
                    self.progress.send_modify(|p| p.hints = p.hints.saturating_add(taken));
                }
                _ = ticks.tick() => {
                    self.sync().await;
                }
            }
        }
    }

    async fn apply(&self, batch: Vec<Hint>) {
        let mut chats: BTreeSet<ChatId> = BTreeSet::new();
        let mut full_sync = false;
        for hint in batch {
            match hint {
                Hint::Chat { chat, .. } => {
                    chats.insert(chat);
                }
                // The account is read again, with its chats, by a sync.
                Hint::Account(_) => full_sync = true,
            }
        }
        for chat in chats {
            let id = chat.clone();
            let cached = self.store.call(move |db| db.chat(&id)).await;
            match cached {
                Ok(Some(_)) => {
                    let outcome = sync::refresh_chat(
                        &self.store,
                        self.reader.as_ref(),
                        &chat,
                        &self.options,
                        &mut |_| {},
                    )
                    .await;
                    match outcome {
                        Ok(_) => tracing::debug!(
                            provider = provider_of(&chat),
                            "webhook: a chat was read back into the cache"
                        ),
                        Err(error) => {
                            tracing::warn!(%error, "webhook: reading the chat back failed; the next sync fetches it");
                        }
                    }
                }
                // A chat the cache does not know yet comes with the account's chat list.
                Ok(None) => full_sync = true,
                Err(error) => tracing::warn!(%error, "webhook: the cache cannot be read"),
            }
        }
        if full_sync {
            self.sync_without_counting().await;
        }
    }

    async fn sync(&self) {
        self.sync_without_counting().await;
        self.progress
            .send_modify(|p| p.syncs = p.syncs.saturating_add(1));
    }

    async fn sync_without_counting(&self) {
        let outcome = sync::sync_once(
            &self.store,
            self.reader.as_ref(),
            &self.options,
            &mut |_| {},
        )
        .await;
        if let Err(error) = outcome {
            tracing::warn!(%error, "listen: sync failed; the next one tries again");
        }
    }
}

/// Which provider a chat is of, for the log (a chat's id is not logged).
fn provider_of(chat: &ChatId) -> &'static str {
    match Route::of(chat.as_str()) {
        Route::Late => "late",
        Route::Unipile => "unipile",
    }
}
