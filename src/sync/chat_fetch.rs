//! Fetching one chat's messages: its newest page, or everything newer than the newest cached
//! message. Nothing here writes; `batch` does.

use chrono::{DateTime, TimeDelta, Utc};

use super::options::SyncOptions;
use super::paging::{collect_all, follow};
use crate::domain::{Attendee, ChatId, ChatKind, Message};
use crate::provider::{Cursor, ListQuery, ProviderError, ProviderRead};
use crate::store::{Gap, MessageAnchor};

/// What to fetch of a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fetch {
    /// The newest page (a chat never synced, or a gap to fill after a resync).
    Newest,
    /// Every message after this time (the newest one cached), newest first.
    Since(DateTime<Utc>),
    /// Nothing new: only the chat's known gap, if any.
    GapOnly,
}

/// One chat to fetch, with what the cache says about it.
#[derive(Debug, Clone)]
pub(super) struct ChatWork {
    pub id: ChatId,
    /// For progress notes.
    pub label: String,
    pub kind: ChatKind,
    /// The chat's activity time as listed: recorded as synced once its messages are written.
    pub activity: Option<DateTime<Utc>>,
    pub fetch: Fetch,
    /// New messages from others count for the bell (not the history of a first sync).
    pub counts_arrivals: bool,
    /// The newest message cached before this fetch, if any.
    pub known_newest: Option<DateTime<Utc>>,
    /// Messages known to be missing before this fetch: fetched again now.
    pub gap: Option<Gap>,
}

/// What came back for one chat.
#[derive(Debug)]
pub(super) struct Fetched {
    pub work: ChatWork,
    pub messages: Vec<Message>,
    /// For a newest page: the cursor to older history (`None`: the page was all of it).
    pub older: Option<Option<Cursor>>,
    /// The members of a group, all of them.
    pub attendees: Option<Vec<Attendee>>,
    /// Items the decoder skipped, or that named another chat.
    pub skipped: usize,
    /// The group's members were more pages than the ceiling: the rest were left.
    pub members_cut: bool,
    /// Messages still known to be missing after this fetch: what was left of the old gap, and
    /// what a page budget cut off now.
    pub gap: Option<Gap>,
}

impl Fetched {
    /// Nothing to add for this chat: its state only records that it was looked at.
    pub fn nothing(work: ChatWork) -> Self {
        Self {
            gap: work.gap,
            work,
            messages: Vec::new(),
            older: None,
            attendees: None,
            skipped: 0,
            members_cut: false,
        }
    }

    /// The newest message fetched: where the next catch-up starts.
    pub fn newest(&self) -> Option<MessageAnchor> {
        self.messages
            .iter()
            .max_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)))
            .map(MessageAnchor::of)
    }
}

pub(super) async fn fetch(
    reader: &dyn ProviderRead,
    work: ChatWork,
    options: &SyncOptions,
) -> Result<Fetched, (ChatWork, ProviderError)> {
    match fetch_parts(reader, &work, options).await {
        Ok(Parts {
            messages,
            older,
            attendees,
            skipped,
            gap,
            members_cut,
        }) => Ok(Fetched {
            work,
            messages,
            older,
            attendees,
            skipped,
            members_cut,
            gap,
        }),
        Err(error) => Err((work, error)),
    }
}

struct Parts {
    messages: Vec<Message>,
    older: Option<Option<Cursor>>,
    attendees: Option<Vec<Attendee>>,
    skipped: usize,
    gap: Option<Gap>,
    members_cut: bool,
}

async fn fetch_parts(
    reader: &dyn ProviderRead,
    work: &ChatWork,
    options: &SyncOptions,
) -> Result<Parts, ProviderError> {
    let limit = Some(options.limit());
    let mut skipped = 0;
    let mut messages = Vec::new();
    let mut cut_off = None;
    let older = match work.fetch {
        Fetch::Newest => {
            let query = ListQuery {
                limit,
                ..ListQuery::default()
            };
            let page = reader.list_messages(&work.id, &query).await?;
            skipped += page.skipped;
            messages = page.items;
            // A newest page that does not reach back to what was cached leaves a gap.
            if let Some(known) = work.known_newest
                && page.next.is_some()
                && let Some(oldest) = oldest(&messages)
                && oldest > known
            {
                cut_off = Some(Gap {
                    after: known,
                    before: oldest,
                });
            }
            Some(page.next)
        }
        Fetch::Since(newest) => {
            let span = walk(reader, &work.id, options, Some(newest), None).await?;
            skipped += span.skipped;
            if !span.complete
                && let Some(oldest) = oldest(&span.messages)
            {
                cut_off = Some(Gap {
                    after: newest,
                    before: oldest,
                });
            }
            messages = span.messages;
            None
        }
        Fetch::GapOnly => None,
    };
    // The old gap, fetched again; what the budget leaves of it stays known.
    let mut left = None;
    if let Some(gap) = work.gap {
        let span = walk(reader, &work.id, options, Some(gap.after), Some(gap.before)).await?;
        skipped += span.skipped;
        if !span.complete {
            left = Some(Gap {
                after: gap.after,
                before: oldest(&span.messages).unwrap_or(gap.before),
            });
        }
        messages.extend(span.messages);
    }
    let gap = match (left, cut_off) {
        (Some(a), Some(b)) => Some(a.union(b)),
        (a, b) => a.or(b),
    };
    let received = messages.len();
    messages.retain(|m| m.chat_id == work.id);
    skipped += received - messages.len();
    let mut members_cut = false;
    let attendees = if work.kind == ChatKind::Group {
        let chat = &work.id;
        let members = collect_all(
            options.limit(),
            options.max_pages_per_list,
            |query| async move { reader.list_chat_attendees(chat, &query).await },
        )
        .await?;
        skipped += members.skipped;
        members_cut = members.cut;
        Some(members.items)
    } else {
        None
    };
    Ok(Parts {
        messages,
        older,
        attendees,
        skipped,
        gap,
        members_cut,
    })
}

/// The messages of one span, newest first.
struct Span {
    messages: Vec<Message>,
    skipped: usize,
    /// The walk reached the end of the span (false: the page budget ran out first).
    complete: bool,
}

/// Every message after `after` and before `before` (both exclusive), at most
/// `max_catch_up_pages` pages. The bounds are widened by a millisecond, so messages sharing
/// the bound's millisecond are not lost (the bound's own message comes back unchanged).
async fn walk(
    reader: &dyn ProviderRead,
    chat: &ChatId,
    options: &SyncOptions,
    after: Option<DateTime<Utc>>,
    before: Option<DateTime<Utc>>,
) -> Result<Span, ProviderError> {
    let millisecond = TimeDelta::milliseconds(1);
    let after = after.map(|at| at.checked_sub_signed(millisecond).unwrap_or(at));
    let before = before.map(|at| at.checked_add_signed(millisecond).unwrap_or(at));
    let mut span = Span {
        messages: Vec::new(),
        skipped: 0,
        complete: false,
    };
    let mut cursor = None;
    for _ in 0..options.max_catch_up_pages.max(1) {
        let query = ListQuery {
            cursor: cursor.clone(),
            limit: Some(options.limit()),
            after,
            before,
        };
        let page = reader.list_messages(chat, &query).await?;
        span.skipped += page.skipped;
        span.messages.extend(page.items);
        match follow(cursor.as_ref(), page.next) {
            Some(next) => cursor = Some(next),
            None => {
                span.complete = true;
                break;
            }
        }
    }
    Ok(span)
}

/// The oldest message's time.
fn oldest(messages: &[Message]) -> Option<DateTime<Utc>> {
    messages.iter().map(|m| m.timestamp).min()
}
