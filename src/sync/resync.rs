//! Asking the server to resync an account (after a reconnection, or on request), and waiting
//! for it, bounded. WhatsApp often does not support the account-wide resync: then only the chats
//! known to miss messages are resynced on their own, once each.

use std::future::Future;

use futures_util::{StreamExt, stream};

use super::error::Reach;
use super::options::SyncOptions;
use super::run::{Run, Stop};
use crate::domain::{Account, ChatId};
use crate::provider::{ProviderError, ResyncOptions, SyncStatus};

/// Chat resyncs asked for at once.
const CHAT_RESYNCS_IN_FLIGHT: usize = 2;

/// Runs the account's resync on the server and records how it ended; the caller then lists
/// and fetches again.
pub(super) async fn on_server(run: &mut Run<'_>, account: &Account) -> Result<(), Stop> {
    let status = ask_server(run, account).await?;
    let id = account.id.clone();
    run.store
        .call(move |db| {
            db.update_account_sync_state(&id, |state| {
                state.resync_status = Some(status);
            })
        })
        .await?;
    Ok(())
}

/// The account-wide resync, or chat by chat when the server cannot; the status it ended in.
async fn ask_server(run: &mut Run<'_>, account: &Account) -> Result<SyncStatus, Stop> {
    run.progress(format!("{}: asking the server to resync", account.name));
    let (reader, options) = (run.reader, run.options);
    let id = &account.id;
    let polled = poll(options, || async move {
        reader.resync_account(id, &ResyncOptions::default()).await
    })
    .await;
    let status = match polled {
        Ok(status) => status,
        Err(error) if error.is_not_supported() => {
            run.progress(format!(
                "{}: the server cannot resync whole accounts; resyncing chat by chat",
                account.name
            ));
            return chat_by_chat(run, account).await;
        }
        Err(error) => return Err(run.stop(error)),
    };
    match &status {
        SyncStatus::Done => {}
        SyncStatus::Error => run.progress(format!(
            "{}: the server's resync failed; fetching what it has",
            account.name
        )),
        _ => run.progress(format!(
            "{}: the server's resync is still running after {} polls; fetching what it has",
            account.name, options.resync_max_polls
        )),
    }
    Ok(status)
}

/// The fallback: `GET /chats/{id}/sync`, once, for each chat of the account known to miss
/// messages, a few at a time. Never polled: asking again would start the sync afresh, on an
/// account the provider may flag for overuse. The chats' gaps are then fetched by the run.
async fn chat_by_chat(run: &mut Run<'_>, account: &Account) -> Result<SyncStatus, Stop> {
    let id = account.id.clone();
    let gapped = run.store.call(move |db| db.chats_with_gap(&id)).await?;
    let reader = run.reader;
    let answers: Vec<(ChatId, Result<SyncStatus, ProviderError>)> = stream::iter(gapped)
        .map(|chat| async move {
            let status = reader.sync_chat(&chat).await;
            (chat, status)
        })
        .buffer_unordered(CHAT_RESYNCS_IN_FLIGHT)
        .collect()
        .await;
    let mut still_running = 0;
    for (chat, status) in answers {
        match status {
            Ok(status) if status.is_finished() => {}
            Ok(_) => still_running += 1,
            Err(error) if Reach::of(&error) == Reach::Chat => {
                tracing::warn!(%chat, %error, "a chat resync failed");
            }
            Err(error) => return Err(run.stop(error)),
        }
    }
    if still_running == 0 {
        return Ok(SyncStatus::Done);
    }
    run.progress(format!(
        "{}: {still_running} chats still resyncing on the server; fetching what it has",
        account.name
    ));
    Ok(SyncStatus::Running)
}

/// Calls `status` until the resync has finished or the polls run out; the last status.
async fn poll<F, Fut>(options: &SyncOptions, mut status: F) -> Result<SyncStatus, ProviderError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<SyncStatus, ProviderError>>,
{
    let mut last = status().await?;
    for _ in 1..options.resync_max_polls {
        if last.is_finished() {
            break;
        }
        tokio::time::sleep(options.resync_poll_interval).await;
        last = status().await?;
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn polling_stops_at_chunk_done_since_asking_again_would_restart_the_sync() {
        let options = SyncOptions {
            resync_poll_interval: Duration::ZERO,
            ..SyncOptions::default()
        };
        let answers = Mutex::new(
            [
                SyncStatus::Started,
                SyncStatus::Running,
                SyncStatus::ChunkDone,
                SyncStatus::Started,
            ]
            .into_iter(),
        );
        let asked = Mutex::new(0);
        let last = poll(&options, || {
            *asked.lock().unwrap() += 1;
            let next = answers
                .lock()
                .unwrap()
                .next()
                .unwrap_or(SyncStatus::Running);
            async move { Ok(next) }
        })
        .await;
        assert_eq!(last, Ok(SyncStatus::ChunkDone));
        assert_eq!(*asked.lock().unwrap(), 3);
    }
}
