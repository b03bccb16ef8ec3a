//! An account's first sync as one pipeline: the messages of a chat-list page's chats are
//! fetched as soon as the page is written, while the next page and the people the account
//! knows are being fetched. The provider's congestion window bounds what is in flight; here,
//! the chats fetched at once leave a place for each list request in flight, so a list page
//! never waits behind a full window of chats.
//!
//! What the walk and the fetches promise stays: a page is written, then its cursor saved;
//! a chat's sync state is advanced only once its messages are written (in batches across
//! chats); chats start in the order listed, newest activity first. A run killed anywhere
//! resumes: the chats of pages already written and not yet synced are planned first.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::batch::Batch;
use super::chat_fetch::{self, ChatWork, Fetched};
use super::chat_list::{Listed, Listing, Walk};
use super::messages::{self, Planned, PlannedFetch, Refresh};
use super::paging::Collected;
use super::run::{Run, Stop, fetch_known_attendees};
use crate::domain::{Account, Attendee, Chat, ChatId};
use crate::provider::{Cursor, Page, ProviderError};

type Request<'a, T> = Pin<Box<dyn Future<Output = Result<T, ProviderError>> + Send + 'a>>;

/// What came back first.
enum Arrival {
    Page(Result<Page<Chat>, ProviderError>),
    People(Result<Collected<Attendee>, ProviderError>),
    Chat(Result<Fetched, (ChatWork, ProviderError)>),
}

/// Lists the account's chats from `cursor` and fetches the messages of every chat not yet
/// synced, the account's people alongside. Messages of a first sync count no arrivals.
pub(super) async fn first_sync(
    run: &mut Run<'_>,
    account: &Account,
    cursor: Option<Cursor>,
) -> Result<Listed, Stop> {
    let (reader, options) = (run.reader, run.options);
    let label = account.name.as_str();
    let mut walk = Walk::new(account, Listing::Resume(cursor));
    // Chats listed by a run that was stopped before their messages were in.
    let left_over = messages::plan(run, account, Refresh::Moved).await?;
    let mut queued: HashSet<ChatId> = left_over.iter().map(|p| p.chat.clone()).collect();
    let mut waiting: VecDeque<ChatWork> = plan(run, left_over).await?.into();

    let mut people: Option<Request<'_, Collected<Attendee>>> = Some(Box::pin(
        fetch_known_attendees(reader, &account.id, options),
    ));
    let mut listing: Option<Request<'_, Page<Chat>>> = None;
    let mut list_over = false;
    let mut fetching = FuturesUnordered::new();
    let mut batch = Batch::default();
    let (mut done, mut total) = (0, waiting.len());
    // Enough chats waiting to keep the window full until the next page is in: more would
    // only hold the list (and the store's planning) further ahead of the fetches.
    let ahead = usize::try_from(options.limit()).unwrap_or(usize::MAX);
    loop {
        if listing.is_none() && !list_over && waiting.len() < ahead {
            match walk.next_query(run) {
                Some(query) => {
                    listing = Some(Box::pin(async move { reader.list_chats(&query).await }));
                }
                None => list_over = true,
            }
        }
        let lists_in_flight = usize::from(listing.is_some()) + usize::from(people.is_some());
        let slots = options.concurrency.saturating_sub(lists_in_flight).max(1);
        while fetching.len() < slots
            && let Some(work) = waiting.pop_front()
        {
            fetching.push(chat_fetch::fetch(reader, work, options));
        }
        if listing.is_none() && people.is_none() && fetching.is_empty() {
            break;
        }
        let arrival = tokio::select! {
            answer = wait(&mut listing) => Arrival::Page(answer),
            answer = wait(&mut people) => Arrival::People(answer),
            Some(result) = fetching.next() => Arrival::Chat(result),
        };
        match arrival {
            Arrival::Page(answer) => {
                listing = None;
                let listed = match walk.take(run, answer).await {
                    Ok(listed) => listed,
                    Err(stop) => {
                        messages::write(run, batch.take()).await?;
                        return Err(stop);
                    }
                };
                let fresh: Vec<ChatId> = listed
                    .into_iter()
                    .filter(|chat| !queued.contains(chat))
                    .collect();
                let wanted = run
                    .store
                    .call(move |db| db.chats_to_sync_among(&fresh))
                    .await?;
                queued.extend(wanted.iter().cloned());
                let planned = wanted
                    .into_iter()
                    .map(|chat| Planned {
                        chat,
                        fetch: PlannedFetch::Moved,
                    })
                    .collect();
                let works = plan(run, planned).await?;
                total += works.len();
                waiting.extend(works);
            }
            Arrival::People(answer) => {
                people = None;
                if let Err(stop) = run.record_known_attendees(account, answer).await {
                    messages::write(run, batch.take()).await?;
                    return Err(stop);
                }
            }
            Arrival::Chat(result) => {
                done += 1;
                messages::take(run, label, result, &mut batch).await?;
                if batch.is_due(options.batch_messages, options.flush_after) {
                    messages::write(run, batch.take()).await?;
                    run.progress(format!("{label}: messages of {done}/{total} chats"));
                }
            }
        }
    }
    messages::write(run, batch.take()).await?;
    if total > 0 {
        run.progress(format!("{label}: messages of {done}/{total} chats"));
    }
    Ok(walk.finish())
}

/// What to fetch of each planned chat (none counts arrivals: this is the first sync).
async fn plan(run: &mut Run<'_>, planned: Vec<Planned>) -> Result<Vec<ChatWork>, Stop> {
    if planned.is_empty() {
        return Ok(Vec::new());
    }
    Ok(run
        .store
        .call(move |db| messages::plan_work(db, planned, false))
        .await?)
}

/// The request's answer; never, when there is none in flight.
async fn wait<T>(request: &mut Option<Request<'_, T>>) -> Result<T, ProviderError> {
    match request {
        Some(request) => request.as_mut().await,
        None => std::future::pending().await,
    }
}
