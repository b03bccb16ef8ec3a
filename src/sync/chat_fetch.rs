//! Fetching one chat's messages: its newest page, or everything newer than the newest cached
//! message. Nothing here writes; `batch` does.

use chrono::{DateTime, TimeDelta, Utc};

use super::options::SyncOptions;
use super::paging::{collect_all, follow};
use crate::domain::{Attendee, ChatId, ChatKind, Message};
use crate::provider::{Cursor, ListQuery, ProviderError, ProviderRead};
use crate::store::MessageAnchor;

/// What to fetch of a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fetch {
    /// The newest page (a chat never synced, or a gap to fill after a resync).
    Newest,
    /// Every message after this time (the newest one cached), newest first.
    Since(DateTime<Utc>),
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
}

impl Fetched {
    /// Nothing to add for this chat: its state only records that it was looked at.
    pub fn nothing(work: ChatWork) -> Self {
        Self {
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
        Ok((messages, older, attendees, skipped, members_cut)) => Ok(Fetched {
            work,
            messages,
            older,
            attendees,
            skipped,
            members_cut,
        }),
        Err(error) => Err((work, error)),
    }
}

type Parts = (
    Vec<Message>,
    Option<Option<Cursor>>,
    Option<Vec<Attendee>>,
    usize,
    bool,
);

async fn fetch_parts(
    reader: &dyn ProviderRead,
    work: &ChatWork,
    options: &SyncOptions,
) -> Result<Parts, ProviderError> {
    let limit = Some(options.limit());
    let mut skipped = 0;
    let mut messages = Vec::new();
    let older = match work.fetch {
        Fetch::Newest => {
            let query = ListQuery {
                limit,
                ..ListQuery::default()
            };
            let page = reader.list_messages(&work.id, &query).await?;
            skipped += page.skipped;
            messages = page.items;
            Some(page.next)
        }
        Fetch::Since(newest) => {
            // `after` is exclusive: start a millisecond early so messages sharing the newest
            // one's millisecond are not lost (the newest itself comes back unchanged).
            let after = newest
                .checked_sub_signed(TimeDelta::milliseconds(1))
                .unwrap_or(newest);
            let mut cursor = None;
            for _ in 0..options.max_catch_up_pages.max(1) {
                let query = ListQuery {
                    cursor: cursor.clone(),
                    limit,
                    after: Some(after),
                    ..ListQuery::default()
                };
                let page = reader.list_messages(&work.id, &query).await?;
                skipped += page.skipped;
                messages.extend(page.items);
                match follow(cursor.as_ref(), page.next) {
                    Some(next) => cursor = Some(next),
                    None => break,
                }
            }
            None
        }
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
    Ok((messages, older, attendees, skipped, members_cut))
}
