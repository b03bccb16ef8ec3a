//! Messages of many chats: planned from the cache, fetched a few chats at a time, written in
//! batches. A chat that fails is skipped and noted; its state is not advanced, so the next run
//! fetches it again.

use chrono::{TimeDelta, Utc};
use futures_util::{StreamExt, stream};

use super::batch::Batch;
use super::chat_fetch::{self, ChatWork, Fetch, Fetched};
use super::error::Reach;
use super::event::CacheChange;
use super::run::{Run, Stop};
use crate::domain::{Account, ChatId};
use crate::provider::ProviderError;
use crate::store::{Db, StoreError};

/// Which chats of an account get their messages fetched.
pub(super) enum Refresh {
    /// Those whose activity moved since they were synced, or never synced.
    Moved,
    /// Those, and the newest page of each of these chats (after a resync, to fill the gaps a
    /// reconnected account may have left).
    Newest(Vec<ChatId>),
}

/// One chat to sync, and what of it; its known gap, if any, is always fetched too.
pub(super) struct Planned {
    pub chat: ChatId,
    pub fetch: PlannedFetch,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PlannedFetch {
    /// What is new since the newest cached message (the newest page if none is cached).
    Moved,
    /// The newest page, even if the chat has messages.
    NewestPage,
    /// Only the chat's known gap.
    GapOnly,
}

pub(super) async fn sync_account(
    run: &mut Run<'_>,
    account: &Account,
    refresh: Refresh,
    counts_arrivals: bool,
) -> Result<(), Stop> {
    let planned = plan(run, account, refresh).await?;
    sync_chats(run, &account.name, planned, counts_arrivals).await
}

/// The chats of an account to fetch, most recently active first, from what the cache holds.
pub(super) async fn plan(
    run: &mut Run<'_>,
    account: &Account,
    refresh: Refresh,
) -> Result<Vec<Planned>, StoreError> {
    let id = account.id.clone();
    let now = Utc::now();
    let options = run.options;
    let active_since = now - TimeDelta::from_std(options.active_window).unwrap_or(TimeDelta::MAX);
    // A chat read in full within the last poll is not read again (unless asked by hand).
    let stale_before = match options.refresh_all {
        true => now,
        false => now - TimeDelta::from_std(options.poll_interval).unwrap_or_default(),
    };
    let (moved, gapped, (active, stale)) = run
        .store
        .call(move |db| {
            Ok((
                db.chats_to_sync(Some(&id), u32::MAX)?,
                db.chats_with_gap(&id)?,
                db.chats_to_refresh(&id, active_since, stale_before)?,
            ))
        })
        .await?;
    let mut planned: Vec<Planned> = moved
        .iter()
        .map(|chat| Planned {
            chat: chat.clone(),
            fetch: PlannedFetch::Moved,
        })
        .collect();
    if let Refresh::Newest(listed) = refresh {
        planned.extend(
            listed
                .into_iter()
                .filter(|chat| !moved.contains(chat))
                .map(|chat| Planned {
                    chat,
                    fetch: PlannedFetch::NewestPage,
                }),
        );
    }
    // Chats known to miss messages, and nothing else to fetch: their gap alone.
    let rest: Vec<Planned> = gapped
        .into_iter()
        .filter(|chat| !planned.iter().any(|p| &p.chat == chat))
        .map(|chat| Planned {
            chat,
            fetch: PlannedFetch::GapOnly,
        })
        .collect();
    planned.extend(rest);
    // Active chats kept true: the stalest few have their newest page read again, which brings
    // what changed on messages already cached. New messages beyond it leave a recorded gap.
    for chat in stale.into_iter().take(options.refresh_budget(active)) {
        match planned.iter_mut().find(|p| p.chat == chat) {
            Some(planned) => planned.fetch = PlannedFetch::NewestPage,
            None => planned.push(Planned {
                chat,
                fetch: PlannedFetch::NewestPage,
            }),
        }
    }
    Ok(planned)
}

/// Fetches and writes the planned chats; `label` names them in progress notes.
pub(super) async fn sync_chats(
    run: &mut Run<'_>,
    label: &str,
    planned: Vec<Planned>,
    counts_arrivals: bool,
) -> Result<(), Stop> {
    if planned.is_empty() {
        return Ok(());
    }
    let works = run
        .store
        .call(move |db| plan_work(db, planned, counts_arrivals))
        .await?;
    let total = works.len();
    let (reader, options) = (run.reader, run.options);
    let mut results = stream::iter(works)
        .map(|work| chat_fetch::fetch(reader, work, options))
        .buffer_unordered(options.concurrency.max(1));
    let mut batch = Batch::default();
    let mut done = 0;
    while let Some(result) = results.next().await {
        done += 1;
        take(run, label, result, &mut batch).await?;
        if batch.is_due(options.batch_messages, options.flush_after) {
            write(run, batch.take()).await?;
            run.progress(format!("{label}: messages of {done}/{total} chats"));
        }
    }
    write(run, batch.take()).await?;
    run.progress(format!("{label}: messages of {done}/{total} chats"));
    Ok(())
}

/// Takes one chat's fetch into `batch`. A chat that failed alone is noted and left for the
/// next run; a failure of the account or the run writes what was fetched and stops.
pub(super) async fn take(
    run: &mut Run<'_>,
    label: &str,
    result: Result<Fetched, (ChatWork, ProviderError)>,
    batch: &mut Batch,
) -> Result<(), Stop> {
    match result {
        Ok(fetched) => {
            if fetched.members_cut {
                run.cut(format!(
                    "{label}: {}: stopped listing members after {} pages (the sync's ceiling)",
                    fetched.work.label, run.options.max_pages_per_list
                ));
            }
            run.report.messages_seen += fetched.messages.len();
            run.report.skipped += fetched.skipped;
            batch.push(fetched);
        }
        // A chat deleted on the server: recorded as synced, so it is not asked for again
        // until it shows activity.
        Err((work, error)) if error.is_not_found() => {
            run.progress(format!(
                "{label}: {} is no longer on the server",
                work.label
            ));
            batch.push(Fetched::nothing(work));
        }
        Err((work, error)) => match Reach::of(&error) {
            Reach::Chat => {
                run.report.chats_failed += 1;
                run.progress(format!(
                    "{label}: could not read {} ({error}); next sync tries again",
                    work.label
                ));
            }
            Reach::Account | Reach::Run => {
                // What was fetched is kept; the rest waits for the next run.
                write(run, batch.take()).await?;
                return Err(run.stop(error));
            }
        },
    }
    Ok(())
}

pub(super) async fn write(run: &mut Run<'_>, batch: Batch) -> Result<(), StoreError> {
    if batch.is_empty() {
        return Ok(());
    }
    let written = run.store.call(move |db| batch.write(db)).await?;
    run.report.messages_written += written.messages;
    run.changed(CacheChange {
        accounts: false,
        chats: written.chats,
        inbound: u32::try_from(written.inbound).unwrap_or(u32::MAX),
    });
    Ok(())
}

/// What to fetch of each planned chat, from its cached row and sync state. Chats no longer in
/// the cache are left out.
pub(super) fn plan_work(
    db: &mut Db,
    planned: Vec<Planned>,
    counts_arrivals: bool,
) -> Result<Vec<ChatWork>, StoreError> {
    let mut works = Vec::with_capacity(planned.len());
    for Planned { chat, fetch } in planned {
        let Some(item) = db.chat(&chat)? else {
            continue;
        };
        let state = db.chat_sync_state(&chat)?;
        let known_newest = state.newest.as_ref().map(|newest| newest.at);
        let fetch = match (fetch, known_newest) {
            (PlannedFetch::GapOnly, _) => Fetch::GapOnly,
            (PlannedFetch::Moved, Some(newest)) => Fetch::Since(newest),
            _ => Fetch::Newest,
        };
        works.push(ChatWork {
            label: chat_label(&item.chat.name, &item.chat.attendee_provider_id, &chat),
            id: chat,
            kind: item.chat.kind,
            activity: item.chat.timestamp,
            fetch,
            counts_arrivals,
            known_newest,
            gap: state.gap,
        });
    }
    Ok(works)
}

/// How a chat is named in notes: its name, else the person's id, else its own id.
fn chat_label(name: &Option<String>, attendee: &Option<String>, id: &ChatId) -> String {
    name.clone()
        .or_else(|| attendee.clone())
        .unwrap_or_else(|| id.to_string())
}
