//! One sync run: accounts, then per account its chat list, its people and the messages of the
//! chats whose activity moved. Every step writes before it records progress, so a run killed
//! anywhere resumes where it stopped.

use chrono::Utc;

use super::chat_list::{self, Listing};
use super::error::{Reach, SyncError};
use super::event::{CacheChange, SyncEvent, SyncReport};
use super::messages::{self, Refresh};
use super::options::{ResyncScope, SyncOptions};
use super::paging::{Collected, collect_all};
use super::pipeline;
use super::resync;
use crate::domain::{Account, AccountId, AccountStatus, AccountTrouble, Attendee};
use crate::provider::{ProviderError, ProviderRead, SyncStatus};
use crate::store::{AccountSyncState, Store, StoreError};

/// The resync status recorded for an account that must be resynced and has not been yet:
/// a resync started (by unibox) and not seen through.
pub(super) const RESYNC_OWED: SyncStatus = SyncStatus::Started;

/// What a run shares with its steps: where to read and write, and where to report.
pub(super) struct Run<'a> {
    pub store: &'a Store,
    pub reader: &'a dyn ProviderRead,
    pub options: &'a SyncOptions,
    events: &'a mut (dyn FnMut(SyncEvent) + Send),
    pub report: SyncReport,
    /// The account whose first sync comes after the current one, if one does: its first
    /// requests go out during the current one's last chats.
    pub next_first: Option<pipeline::NextFirst>,
    /// Those requests, for that account's pipeline.
    pub head: Option<pipeline::Head<'a>>,
}

/// Why an account's sync stopped early.
pub(super) enum Stop {
    /// This account only: the run carries on with the next one.
    Account(ProviderError),
    Run(SyncError),
}

impl From<StoreError> for Stop {
    fn from(error: StoreError) -> Self {
        Self::Run(SyncError::Store(error))
    }
}

impl<'a> Run<'a> {
    pub fn new(
        store: &'a Store,
        reader: &'a dyn ProviderRead,
        options: &'a SyncOptions,
        events: &'a mut (dyn FnMut(SyncEvent) + Send),
    ) -> Self {
        Self {
            store,
            reader,
            options,
            events,
            report: SyncReport::default(),
            next_first: None,
            head: None,
        }
    }

    /// Notes a list left unfinished at a ceiling, in words.
    pub fn cut(&mut self, text: String) {
        self.report.lists_cut += 1;
        tracing::warn!(%text, "sync ceiling reached");
        (self.events)(SyncEvent::Progress(text));
    }

    pub fn progress(&mut self, text: String) {
        tracing::debug!(progress = %text, "sync");
        (self.events)(SyncEvent::Progress(text));
    }

    pub fn changed(&mut self, change: CacheChange) {
        if !change.is_empty() {
            (self.events)(SyncEvent::Changed(change));
        }
    }

    /// Sorts a failed request into "skip the account" or "stop the run".
    pub fn stop(&self, error: ProviderError) -> Stop {
        match Reach::of(&error) {
            Reach::Run => Stop::Run(SyncError::from_provider(
                error,
                self.options.max_retry_after,
            )),
            Reach::Account | Reach::Chat => Stop::Account(error),
        }
    }

    /// Reports how the run ended, as `Finished` or `Failed`, and passes the outcome on.
    pub fn finish(self, outcome: Result<(), SyncError>) -> Result<SyncReport, SyncError> {
        match outcome {
            Ok(()) => {
                let report = &self.report;
                if report.chats_written + report.messages_written > 0 {
                    tracing::info!(?report, "sync finished");
                } else {
                    tracing::debug!(?report, "sync finished, nothing new");
                }
                (self.events)(SyncEvent::Finished {
                    at: Utc::now(),
                    report: self.report,
                });
                Ok(self.report)
            }
            Err(error) => {
                tracing::warn!(%error, "sync failed");
                (self.events)(SyncEvent::Failed {
                    message: error.to_string(),
                    offline: error.is_offline(),
                });
                Err(error)
            }
        }
    }

    /// The whole run. `resync` names accounts to resync on the server first.
    pub async fn everything(&mut self, resync: Option<&ResyncScope>) -> Result<(), SyncError> {
        let cached = self.store.call(cached_accounts).await?;
        let first = cached.is_empty() || cached.iter().any(|(_, s)| !s.first_sync_done);
        (self.events)(SyncEvent::Started { first });

        let mut accounts = self.list_accounts().await?;
        // The accounts that work first: their chats are what the user is waiting for.
        accounts.sort_by_key(|account| !account.status.is_healthy());
        if let Some(ResyncScope::Account(wanted)) = resync
            && !accounts.iter().any(|a| &a.id == wanted)
        {
            return Err(SyncError::UnknownAccount(wanted.clone()));
        }
        // A reconnected account delivers what it missed, possibly with gaps: it owes a
        // resync, recorded before its new status so an interrupted run still does it.
        let reconnected: Vec<AccountId> = accounts
            .iter()
            .filter(|account| account.status.is_healthy())
            .filter(|account| {
                cached
                    .iter()
                    .any(|(a, _)| a.id == account.id && !a.status.is_healthy())
            })
            .map(|account| account.id.clone())
            .collect();
        let written = {
            let accounts = accounts.clone();
            self.store
                .call(move |db| {
                    for id in &reconnected {
                        db.update_account_sync_state(id, |state| {
                            state.resync_status = Some(RESYNC_OWED);
                        })?;
                    }
                    db.upsert_accounts(&accounts)
                })
                .await?
        };
        self.changed(CacheChange {
            accounts: written.written() > 0,
            ..CacheChange::default()
        });

        // Mail and calendar accounts are cached (so `unibox accounts` can count them) but hold
        // no chats: asking for their chats would fail or waste a request on every poll.
        let messaging: Vec<&Account> = accounts
            .iter()
            .filter(|account| account.channel.is_messaging())
            .collect();
        for (index, account) in messaging.iter().copied().enumerate() {
            let requested = resync.is_some_and(|s| s.includes(&account.id));
            self.next_first = match messaging.get(index + 1) {
                Some(next) => first_sync_cursor(self.store, next, resync).await?,
                None => None,
            };
            match self.account(account, requested).await {
                Ok(()) => self.note_trouble(&account.id, None).await?,
                Err(Stop::Account(error)) => {
                    self.report.accounts_skipped += 1;
                    if let Some(trouble) = error.account_trouble() {
                        self.note_trouble(&account.id, Some(trouble)).await?;
                    }
                    self.progress(format!("{}: skipped this time ({error})", account.name));
                    (self.events)(SyncEvent::AccountSkipped {
                        account: account.name.clone(),
                        reason: error.to_string(),
                    });
                }
                Err(Stop::Run(error)) => return Err(error),
            }
        }
        self.head = None;
        Ok(())
    }

    /// Records what the provider said is wrong with one account (or that nothing is), so the
    /// accounts pane can say it.
    async fn note_trouble(
        &mut self,
        id: &AccountId,
        trouble: Option<AccountTrouble>,
    ) -> Result<(), SyncError> {
        let id = id.clone();
        let changed = self
            .store
            .call(move |db| db.set_account_trouble(&id, trouble.as_ref()))
            .await?;
        self.changed(CacheChange {
            accounts: changed,
            ..CacheChange::default()
        });
        Ok(())
    }

    async fn list_accounts(&mut self) -> Result<Vec<Account>, SyncError> {
        let reader = self.reader;
        let max_pages = self.options.max_pages_per_list;
        let listed = collect_all(self.options.limit(), max_pages, |query| {
            reader.list_accounts(query)
        })
        .await
        .map_err(|e| SyncError::from_provider(key_refused(e), self.options.max_retry_after))?;
        self.report.skipped += listed.skipped;
        let not_messaging = listed
            .items
            .iter()
            .filter(|account| !account.channel.is_messaging())
            .count();
        self.report.accounts_not_messaging = not_messaging;
        self.report.accounts = listed.items.len() - not_messaging;
        if listed.cut {
            self.cut(format!(
                "stopped listing accounts after {max_pages} pages (the sync's ceiling)"
            ));
        }
        Ok(listed.items)
    }

    /// One account: its chat list, its people, the messages of the chats that moved; first
    /// a resync on the server when one was `requested` or is owed.
    async fn account(&mut self, account: &Account, requested: bool) -> Result<(), Stop> {
        if !account.status.is_healthy() {
            self.progress(format!(
                "{}: {}; showing what the server still has",
                account.name,
                health_note(&account.status)
            ));
        }
        let id = account.id.clone();
        let state = self
            .store
            .call(move |db| db.account_sync_state(&id))
            .await?;
        let first = !state.first_sync_done;
        let wants_resync = wants_resync(&state, requested);
        let written_before = self.written();

        if wants_resync {
            resync::on_server(self, account).await?;
        }
        let listing = listing_of(&state, wants_resync);
        let full = matches!(listing, Listing::Full);
        // A first sync has every chat to fetch: their messages are fetched while the list
        // is still being walked, so the network, not the walk, bounds it.
        let pipelined = matches!(listing, Listing::Resume(_));
        let chat_list::Listed {
            chats: listed,
            incomplete,
        } = match listing {
            Listing::Resume(cursor) => pipeline::first_sync(self, account, cursor).await?,
            listing => chat_list::sync(self, account, listing).await?,
        };
        let owed = full_listings_owed(state.full_listings_owed, full, incomplete);
        if owed != state.full_listings_owed {
            let id = account.id.clone();
            self.store
                .call(move |db| {
                    db.update_account_sync_state(&id, |state| {
                        state.full_listings_owed = owed;
                    })
                })
                .await?;
        }
        if !pipelined {
            if first || wants_resync {
                self.known_attendees(account).await?;
            }
            let refresh = if wants_resync {
                Refresh::Newest(listed)
            } else {
                Refresh::Moved
            };
            messages::sync_account(self, account, refresh, !first).await?;
        }

        if self.written() > written_before {
            let id = account.id.clone();
            self.store
                .call(move |db| {
                    db.update_account_sync_state(&id, |state| {
                        state.last_success_at = Some(Utc::now());
                    })
                })
                .await?;
        }
        Ok(())
    }

    /// The people the account may start chats with.
    async fn known_attendees(&mut self, account: &Account) -> Result<(), Stop> {
        let listed = fetch_known_attendees(self.reader, &account.id, self.options).await;
        self.record_known_attendees(account, listed).await
    }

    /// Writes what `fetch_known_attendees` brought.
    pub(super) async fn record_known_attendees(
        &mut self,
        account: &Account,
        listed: Result<Collected<Attendee>, ProviderError>,
    ) -> Result<(), Stop> {
        let listed = match listed {
            Ok(listed) => listed,
            // A provider without account-wide people lists (Late): each chat brings its
            // participant, and the account's chats and messages are synced all the same.
            Err(error) if error.is_not_supported() => return Ok(()),
            Err(error) => return Err(self.stop(error)),
        };
        self.report.skipped += listed.skipped;
        if listed.cut {
            self.cut(format!(
                "{}: stopped listing people after {} pages (the sync's ceiling)",
                account.name, self.options.max_pages_per_list
            ));
        }
        let attendees = listed.items;
        let id = account.id.clone();
        self.store
            .call(move |db| db.upsert_known_attendees(&id, &attendees))
            .await?;
        Ok(())
    }

    fn written(&self) -> usize {
        self.report.chats_written + self.report.messages_written
    }
}

/// Where `account`'s first sync resumes its chat list, if its next sync is a first sync
/// (as `account` decides: no resync requested or owed).
async fn first_sync_cursor(
    store: &Store,
    account: &Account,
    resync: Option<&ResyncScope>,
) -> Result<Option<pipeline::NextFirst>, SyncError> {
    let requested = resync.is_some_and(|s| s.includes(&account.id));
    let id = account.id.clone();
    let state = store.call(move |db| db.account_sync_state(&id)).await?;
    let wants_resync = wants_resync(&state, requested);
    Ok(match listing_of(&state, wants_resync) {
        Listing::Resume(cursor) => Some(pipeline::NextFirst {
            account: account.clone(),
            cursor,
        }),
        Listing::Full | Listing::Incremental => None,
    })
}

/// The account's resync on the server was `requested`, or one is owed (a run stopped while
/// the server resynced).
fn wants_resync(state: &AccountSyncState, requested: bool) -> bool {
    requested || state.resync_status == Some(RESYNC_OWED)
}

/// How the account's chat list is walked this run: from the top after a resync or while full
/// listings are owed, from the saved cursor in a first sync, else until nothing moved.
fn listing_of(state: &AccountSyncState, wants_resync: bool) -> Listing {
    let first = !state.first_sync_done;
    if wants_resync || (state.full_listings_owed > 0 && !first) {
        Listing::Full
    } else if first {
        Listing::Resume(state.chats_cursor.clone())
    } else {
        Listing::Incremental
    }
}

/// Every page of the people `account` knows. Borrows nothing of the run, so a first sync
/// can have it in flight with the rest (`pipeline`).
pub(super) async fn fetch_known_attendees(
    reader: &dyn ProviderRead,
    account: &AccountId,
    options: &SyncOptions,
) -> Result<Collected<Attendee>, ProviderError> {
    collect_all(
        options.limit(),
        options.max_pages_per_list,
        |query| async move { reader.list_account_attendees(account, &query).await },
    )
    .await
}

/// Cached accounts with their sync states: what the run compares the server's answer with.
fn cached_accounts(
    db: &mut crate::store::Db,
) -> Result<Vec<(Account, AccountSyncState)>, StoreError> {
    db.account_overview()?
        .accounts
        .into_iter()
        .map(|summary| {
            let state = db.account_sync_state(&summary.account.id)?;
            Ok((summary.account, state))
        })
        .collect()
}

/// An account refused while listing the accounts concerns no single account: the key itself
/// is refused and the whole run stops.
fn key_refused(error: ProviderError) -> ProviderError {
    match error {
        ProviderError::AccountDisconnected(api) => ProviderError::Unauthorized(api),
        other => other,
    }
}

/// Why an account cannot send right now, in words.
fn health_note(status: &AccountStatus) -> String {
    match status {
        AccountStatus::Credentials => "needs reconnecting (credentials expired)".to_owned(),
        AccountStatus::Connecting => "still connecting".to_owned(),
        other => format!("not connected ({})", other.as_str()),
    }
}

/// Full chat-list walks an account owes after one that was `full` or not and `incomplete`
/// or not. A walk that skipped items owes full ones, since an incremental walk stops at the
/// first unchanged chat and would never list the skipped ones again; a full one that skipped
/// again owes one fewer, so a fault that lasts a few runs is outlived and an item that never
/// decodes costs a few extra walks, not one per poll.
fn full_listings_owed(owed: u32, full: bool, incomplete: bool) -> u32 {
    match (full, incomplete) {
        (_, false) => 0,
        (false, true) => FULL_LISTINGS_AFTER_A_SKIP,
        (true, true) => owed.saturating_sub(1),
    }
}

/// Full walks owed after a walk that skipped chats.
const FULL_LISTINGS_AFTER_A_SKIP: u32 = 3;

#[cfg(test)]
mod tests {
    use super::{FULL_LISTINGS_AFTER_A_SKIP, full_listings_owed, key_refused};
    use crate::provider::{ApiError, ProviderError};

    #[test]
    fn any_401_on_the_account_list_is_a_refused_key() {
        let api = ApiError::described("Checkpoint");
        assert!(matches!(
            key_refused(ProviderError::AccountDisconnected(api.clone())),
            ProviderError::Unauthorized(_)
        ));
        assert!(matches!(
            key_refused(ProviderError::NotFound(api)),
            ProviderError::NotFound(_)
        ));
    }

    #[test]
    fn a_skip_owes_full_walks_that_run_out_if_the_skips_never_end() {
        let mut owed = full_listings_owed(0, false, true);
        assert_eq!(owed, FULL_LISTINGS_AFTER_A_SKIP);
        let mut walks = 0;
        while owed > 0 {
            owed = full_listings_owed(owed, true, true);
            walks += 1;
        }
        assert_eq!(walks, FULL_LISTINGS_AFTER_A_SKIP);
        assert_eq!(
            full_listings_owed(2, true, false),
            0,
            "a clean walk owes none"
        );
        assert_eq!(full_listings_owed(0, false, false), 0);
    }
}
