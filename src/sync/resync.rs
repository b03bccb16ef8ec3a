//! Asking the server to resync an account (after a reconnection, or on request), and waiting
//! for it, bounded. WhatsApp often answers 501 to the account-wide resync: then each cached
//! chat is resynced on its own.

use std::future::Future;

use futures_util::{StreamExt, stream};

use super::error::Reach;
use super::options::SyncOptions;
use super::run::{Run, Stop};
use crate::domain::{Account, AccountId, ChatId};
use crate::provider::{ProviderError, ResyncOptions, SyncStatus};
use crate::store::{ChatFilter, Db, StoreError};

/// Runs the account's resync on the server and records how it ended; the caller then lists
/// and fetches again.
pub(super) async fn on_server(run: &mut Run<'_>, account: &Account) -> Result<(), Stop> {
    let status = ask_server(run, account).await?;
    let id = account.id.clone();
    run.store
        .call(move |db| {
            let mut state = db.account_sync_state(&id)?;
            state.resync_status = Some(status);
            db.put_account_sync_state(&id, &state)
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
        Err(ProviderError::NotImplemented(_)) => {
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

/// The fallback: `GET /chats/{id}/sync` for every cached chat of the account, polled in
/// rounds until each has finished (or the polls run out).
async fn chat_by_chat(run: &mut Run<'_>, account: &Account) -> Result<SyncStatus, Stop> {
    let id = account.id.clone();
    let mut pending = run.store.call(move |db| cached_chats(db, &id)).await?;
    let (reader, options) = (run.reader, run.options);
    for round in 0..options.resync_max_polls.max(1) {
        if round > 0 {
            tokio::time::sleep(options.resync_poll_interval).await;
        }
        let polls: Vec<(ChatId, Result<SyncStatus, ProviderError>)> = stream::iter(pending)
            .map(|chat| async move {
                let status = reader.sync_chat(&chat).await;
                (chat, status)
            })
            .buffered(options.concurrency.max(1))
            .collect()
            .await;
        pending = Vec::new();
        for (chat, status) in polls {
            match status {
                Ok(status) if status.is_finished() => {}
                Ok(_) => pending.push(chat),
                Err(error) if Reach::of(&error) == Reach::Chat => {
                    tracing::warn!(%chat, %error, "a chat resync failed");
                }
                Err(error) => return Err(run.stop(error)),
            }
        }
        if pending.is_empty() {
            return Ok(SyncStatus::Done);
        }
    }
    run.progress(format!(
        "{}: {} chats still resyncing on the server; fetching what it has",
        account.name,
        pending.len()
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

/// Every chat of `account` in the cache, archived ones included.
fn cached_chats(db: &Db, account: &AccountId) -> Result<Vec<ChatId>, StoreError> {
    let filter = ChatFilter {
        account: Some(account.clone()),
        include_archived: true,
        ..ChatFilter::default()
    };
    Ok(db
        .chat_window(&filter, 0, u32::MAX)?
        .into_iter()
        .map(|item| item.chat.id)
        .collect())
}
