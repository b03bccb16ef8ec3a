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
//!
//! Accounts still go one after the other, but an account's last chats leave the window
//! partly empty: the next account's first chat-list page and people go out then (`Head`),
//! and that account's pipeline takes them over if it is a first sync from the same cursor.

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::pin::Pin;

use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;

use super::batch::Batch;
use super::chat_fetch::{self, ChatWork, Fetched};
use super::chat_list::{Listed, Listing, Walk, page_query};
use super::messages::{self, Planned, PlannedFetch, Refresh};
use super::options::SyncOptions;
use super::paging::Collected;
use super::run::{Run, Stop, fetch_known_attendees};
use crate::domain::{Account, Attendee, Chat, ChatId};
use crate::provider::{ChatQuery, Cursor, Page, ProviderError, ProviderRead};

type Request<'a, T> = Pin<Box<dyn Future<Output = Result<T, ProviderError>> + Send + 'a>>;

/// The first requests of the next account's first sync, sent while this account's last
/// chats were fetched (the window had room), taken over by that account's pipeline.
pub(super) struct Head<'a> {
    query: ChatQuery,
    page: Request<'a, Page<Chat>>,
    people: Request<'a, Collected<Attendee>>,
}

/// The account whose first sync comes next in the run, and where its chat list resumes.
#[derive(Debug, Clone)]
pub(super) struct NextFirst {
    pub account: Account,
    pub cursor: Option<Cursor>,
}

/// What came back first.
enum Arrival {
    Page(Result<Page<Chat>, ProviderError>),
    People(Result<Collected<Attendee>, ProviderError>),
    Chat(Result<Fetched, (ChatWork, ProviderError)>),
    NextPage(Result<Page<Chat>, ProviderError>),
    NextPeople(Result<Collected<Attendee>, ProviderError>),
}

/// Lists the account's chats from `cursor` and fetches the messages of every chat not yet
/// synced, the account's people alongside. Messages of a first sync count no arrivals.
pub(super) async fn first_sync<'a>(
    run: &mut Run<'a>,
    account: &Account,
    cursor: Option<Cursor>,
) -> Result<Listed, Stop> {
    let (reader, options) = (run.reader, run.options);
    // The next account's first requests, if the previous account sent them.
    let head = run
        .head
        .take()
        .filter(|head| head.query.account_id.as_ref() == Some(&account.id));
    let next = run.next_first.take();
    let label = account.name.as_str();
    let mut walk = Walk::new(account, Listing::Resume(cursor));
    // Chats listed by a run that was stopped before their messages were in.
    let left_over = messages::plan(run, account, Refresh::Moved).await?;
    let mut queued: HashSet<ChatId> = left_over.iter().map(|p| p.chat.clone()).collect();
    let mut waiting: VecDeque<ChatWork> = work_for(run, left_over).await?.into();

    let (mut people, mut head_page) = match head {
        Some(head) => (Some(head.people), Some((head.query, head.page))),
        None => (Some(people_of(reader, account, options)), None),
    };
    let mut listing: Option<Request<'a, Page<Chat>>> = None;
    // The next account's requests: in flight, then answered.
    let mut next_page: Option<Request<'a, Page<Chat>>> = None;
    let mut next_people: Option<Request<'a, Collected<Attendee>>> = None;
    let mut next_answers: (Option<_>, Option<_>) = (None, None);
    let mut next_query: Option<ChatQuery> = None;
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
                    listing = Some(match head_page.take() {
                        Some((sent, page)) if sent == query => page,
                        _ => list_page(reader, query),
                    });
                }
                None => list_over = true,
            }
        }
        // The last chats leave room in the window: the next account's first requests fill it.
        if list_over
            && waiting.is_empty()
            && people.is_none()
            && next_query.is_none()
            && let Some(next) = &next
        {
            let query = page_query(&next.account, next.cursor.clone(), options);
            next_page = Some(list_page(reader, query.clone()));
            next_people = Some(people_of(reader, &next.account, options));
            next_query = Some(query);
        }
        let lists_in_flight = usize::from(listing.is_some())
            + usize::from(people.is_some())
            + usize::from(next_page.is_some())
            + usize::from(next_people.is_some());
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
            answer = wait(&mut next_page) => Arrival::NextPage(answer),
            answer = wait(&mut next_people) => Arrival::NextPeople(answer),
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
                let works = work_for(run, planned).await?;
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
            Arrival::NextPage(answer) => {
                next_page = None;
                next_answers.0 = Some(answer);
            }
            Arrival::NextPeople(answer) => {
                next_people = None;
                next_answers.1 = Some(answer);
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
    if let Some(query) = next_query {
        let page = next_page.or_else(|| next_answers.0.map(answered));
        let people = next_people.or_else(|| next_answers.1.map(answered));
        if let (Some(page), Some(people)) = (page, people) {
            run.head = Some(Head {
                query,
                page,
                people,
            });
        }
    }
    // Done only now, with the people in as well: a run stopped between the last page and the
    // people list would otherwise never list them (later runs are not first syncs).
    if walk.reached_end() {
        let id = account.id.clone();
        run.store
            .call(move |db| {
                db.update_account_sync_state(&id, |state| {
                    state.first_sync_done = true;
                    state.chats_cursor = None;
                })
            })
            .await?;
    }
    Ok(walk.finish())
}

fn list_page(reader: &dyn ProviderRead, query: ChatQuery) -> Request<'_, Page<Chat>> {
    Box::pin(async move { reader.list_chats(&query).await })
}

fn people_of<'a>(
    reader: &'a dyn ProviderRead,
    account: &Account,
    options: &'a SyncOptions,
) -> Request<'a, Collected<Attendee>> {
    let id = account.id.clone();
    Box::pin(async move { fetch_known_attendees(reader, &id, options).await })
}

/// A request already answered, handed on as one still to await.
fn answered<'a, T: Send + 'a>(answer: Result<T, ProviderError>) -> Request<'a, T> {
    Box::pin(std::future::ready(answer))
}

/// What to fetch of each planned chat (none counts arrivals: this is the first sync).
async fn work_for(run: &mut Run<'_>, planned: Vec<Planned>) -> Result<Vec<ChatWork>, Stop> {
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
