//! An account's chat list, page by page into the cache, newest activity first.

use super::event::CacheChange;
use super::options::SyncOptions;
use super::paging::follow;
use super::run::{Run, Stop};
use crate::domain::{Account, AccountId, Chat, ChatId};
use crate::provider::{ChatQuery, Cursor, ListQuery, Page, ProviderError};
use crate::store::{Db, StoreError};

/// How far to page.
pub(super) enum Listing {
    /// The first sync: every page from where an interrupted run stopped, the cursor saved
    /// after each page is written. The first sync itself (`pipeline`) marks it done, once
    /// the account's people are in too.
    Resume(Option<Cursor>),
    /// Every page from the top (after a resync).
    Full,
    /// From the top until chats whose activity did not move since they were cached: the
    /// list is sorted by activity, so the rest did not move either.
    Incremental,
}

/// What a walk of the chat list found.
pub(super) struct Listed {
    pub chats: Vec<ChatId>,
    /// Items were skipped (unreadable, or of another account): the cache may miss chats.
    pub incomplete: bool,
}

/// Lists the account's chats into the cache.
pub(super) async fn sync(
    run: &mut Run<'_>,
    account: &Account,
    listing: Listing,
) -> Result<Listed, Stop> {
    let mut walk = Walk::new(account, listing);
    while let Some(query) = walk.next_query(run) {
        let answer = run.reader.list_chats(&query).await;
        walk.take(run, answer).await?;
    }
    Ok(walk.finish())
}

/// A walk of one account's chat list, page by page. Asking for a page borrows nothing of
/// the run, so a first sync can have it in flight while it fetches the messages of the chats
/// of the pages before (`pipeline`).
pub(super) struct Walk<'w> {
    account: &'w Account,
    persist_cursor: bool,
    stop_when_unchanged: bool,
    cursor: Option<Cursor>,
    restarted: bool,
    listed: Vec<ChatId>,
    incomplete: bool,
    pages: u32,
    over: bool,
    /// The last page was listed (not a ceiling, not "nothing moved below").
    reached_end: bool,
}

impl<'w> Walk<'w> {
    pub fn new(account: &'w Account, listing: Listing) -> Self {
        let persist_cursor = matches!(listing, Listing::Resume(_));
        let stop_when_unchanged = matches!(listing, Listing::Incremental);
        let cursor = match listing {
            Listing::Resume(cursor) => cursor,
            Listing::Full | Listing::Incremental => None,
        };
        Self {
            account,
            persist_cursor,
            stop_when_unchanged,
            cursor,
            restarted: false,
            listed: Vec::new(),
            incomplete: false,
            pages: 0,
            over: false,
            reached_end: false,
        }
    }

    /// The whole list was walked, to its last page.
    pub fn reached_end(&self) -> bool {
        self.reached_end
    }

    /// The request for the next page, or `None` when the walk is over: at the end of the
    /// list, or at a ceiling (noted).
    pub fn next_query(&mut self, run: &mut Run<'_>) -> Option<ChatQuery> {
        if self.over {
            return None;
        }
        if let Some(reason) = ceiling(run, self.pages) {
            run.cut(format!(
                "{}: stopped listing chats at {reason} (the sync's ceiling)",
                self.account.name
            ));
            // Not `incomplete`: owing full walks would spend every later run's ceiling on
            // this account again. A first sync resumes from its saved cursor.
            self.over = true;
            return None;
        }
        self.pages += 1;
        Some(page_query(self.account, self.cursor.clone(), run.options))
    }

    /// Takes the answer to the last `next_query`: writes the page (and, in a first sync, the
    /// cursor after it) and returns the chats it listed, in its order (newest activity first).
    pub async fn take(
        &mut self,
        run: &mut Run<'_>,
        answer: Result<Page<Chat>, ProviderError>,
    ) -> Result<Vec<ChatId>, Stop> {
        let page = match answer {
            // A saved cursor may have expired on the server: list again from the top, once.
            Err(error) if error.is_stale_cursor() && !self.restarted => {
                tracing::warn!(%error, "the saved chat-list cursor was refused");
                self.restarted = true;
                self.cursor = None;
                return Ok(Vec::new());
            }
            page => page.map_err(|e| run.stop(e))?,
        };
        // The ceiling is checked between pages (a page is at most the contract's 250 items,
        // and `Limits::max_page_items` refuses more): a page cut in two could never be got
        // past by the next run.
        let mut chats = page.items;
        let received = chats.len();
        // A chat of another account would not fit in this account's list.
        chats.retain(|chat| chat.account_id == self.account.id);
        run.report.chats_seen += received;
        let skipped = page.skipped + (received - chats.len());
        run.report.skipped += skipped;
        self.incomplete |= skipped > 0;
        let ids: Vec<ChatId> = chats.iter().map(|chat| chat.id.clone()).collect();
        self.listed.extend(ids.iter().cloned());

        let next = follow(self.cursor.as_ref(), page.next);
        let account_id = self.account.id.clone();
        let saved_cursor = self.persist_cursor.then(|| next.clone());
        let written = run
            .store
            .call(move |db| write_page(db, &account_id, &chats, saved_cursor))
            .await?;
        run.report.chats_written += written.count;
        run.changed(CacheChange {
            accounts: !written.changed.is_empty(),
            chats: written.changed,
            inbound: 0,
        });
        run.progress(format!(
            "{}: chats {}",
            self.account.name,
            self.listed.len()
        ));
        if self.stop_when_unchanged && written.reached_unchanged {
            self.over = true;
        }
        match next {
            Some(next) => self.cursor = Some(next),
            None => {
                self.over = true;
                self.reached_end = true;
            }
        }
        Ok(ids)
    }

    pub fn finish(self) -> Listed {
        Listed {
            chats: self.listed,
            incomplete: self.incomplete,
        }
    }
}

/// The request for the page of `account`'s chat list at `cursor`. One builder: a first sync
/// reuses a page asked for ahead of time only when its query is this one.
pub(super) fn page_query(
    account: &Account,
    cursor: Option<Cursor>,
    options: &SyncOptions,
) -> ChatQuery {
    ChatQuery {
        account_id: Some(account.id.clone()),
        unread: None,
        page: ListQuery {
            cursor,
            limit: Some(options.limit()),
            ..ListQuery::default()
        },
    }
}

/// Why the walk may not read another page, if it may not.
fn ceiling(run: &Run<'_>, pages: u32) -> Option<String> {
    let options = run.options;
    // Chats written, not seen: an unchanged chat costs the cache nothing, and counting it
    // would let the first accounts' walks starve the later ones run after run.
    if run.report.chats_written >= options.max_chats_per_run {
        return Some(format!("{} new or changed chats", run.report.chats_written));
    }
    if pages >= options.max_pages_per_list.max(1) {
        return Some(format!("{pages} pages"));
    }
    None
}

struct PageWritten {
    /// Rows written.
    count: usize,
    /// Chats whose row changed (empty when nothing was written).
    changed: Vec<ChatId>,
    /// The page holds a cached chat whose activity time did not move.
    reached_unchanged: bool,
}

/// Writes one page; when `saved_cursor` is given, records it as where the first sync stands
/// after the page itself (`None` after the last page: the first sync marks itself done).
fn write_page(
    db: &mut Db,
    account: &AccountId,
    chats: &[Chat],
    saved_cursor: Option<Option<Cursor>>,
) -> Result<PageWritten, StoreError> {
    let mut changed = Vec::new();
    let mut reached_unchanged = false;
    for chat in chats {
        match db.chat(&chat.id)? {
            Some(cached) => {
                reached_unchanged |= cached.chat.timestamp == chat.timestamp;
                if cached.chat != *chat {
                    changed.push(chat.id.clone());
                }
            }
            None => changed.push(chat.id.clone()),
        }
    }
    let count = db.upsert_chats(chats)?.written();
    if count == 0 {
        // The store compares what it stores; a difference only in precision it drops is none.
        changed.clear();
    }
    if let Some(cursor) = saved_cursor {
        db.update_account_sync_state(account, |state| {
            state.chats_cursor = cursor;
        })?;
    }
    Ok(PageWritten {
        count,
        changed,
        reached_unchanged,
    })
}
