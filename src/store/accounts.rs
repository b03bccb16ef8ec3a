//! Accounts and their unread totals.

use rusqlite::{OptionalExtension, Row, params};

use crate::domain::{Account, AccountId, AccountStatus, AccountTrouble, Channel, Provider};

use super::columns::{millis, optional_time};
use super::{Changes, Db, StoreError};

/// Unread messages and unread chats of an account, or of all accounts. Archived chats do not
/// count, as in WhatsApp.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnreadTotals {
    pub messages: u64,
    pub chats: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountSummary {
    pub account: Account,
    pub unread: UnreadTotals,
    /// What the provider last said was wrong with this account, until it syncs again.
    pub trouble: Option<AccountTrouble>,
}

/// The accounts pane: every account with its totals, and the "All accounts" line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountOverview {
    /// The messaging accounts: the ones the inbox shows.
    pub accounts: Vec<AccountSummary>,
    pub all: UnreadTotals,
    /// Mail and calendar accounts in the cache, which the inbox does not show.
    pub not_messaging: usize,
}

impl Db {
    /// Inserts or updates accounts in one transaction; rows that did not change are not written.
    pub fn upsert_accounts(&mut self, accounts: &[Account]) -> Result<Changes, StoreError> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO accounts (id, name, phone_number, status, created_at, account_type, provider)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET
                     name = excluded.name,
                     phone_number = excluded.phone_number,
                     status = excluded.status,
                     created_at = excluded.created_at,
                     account_type = excluded.account_type,
                     provider = excluded.provider,
                     revision = accounts.revision + 1
                 WHERE accounts.name IS NOT excluded.name
                    OR accounts.phone_number IS NOT excluded.phone_number
                    OR accounts.status IS NOT excluded.status
                    OR accounts.created_at IS NOT excluded.created_at
                    OR accounts.account_type IS NOT excluded.account_type
                    OR accounts.provider IS NOT excluded.provider
                 RETURNING revision",
            )?;
            let mut changes = Changes::default();
            for account in accounts {
                let revision = stmt
                    .query_row(
                        params![
                            account.id.as_str(),
                            account.name,
                            account.phone_number,
                            account.status.as_str(),
                            account.created_at.map(millis),
                            account.channel.as_type(),
                            account.provider.as_str(),
                        ],
                        |row| row.get::<_, i64>(0),
                    )
                    .optional()?;
                changes.record(revision);
            }
            Ok(changes)
        })
    }

    /// Records (or clears, with `None`) the account's trouble; true when it changed.
    pub fn set_account_trouble(
        &mut self,
        id: &AccountId,
        trouble: Option<&AccountTrouble>,
    ) -> Result<bool, StoreError> {
        let raw = trouble.map(AccountTrouble::as_str);
        self.write(|tx| {
            let changed = tx
                .prepare_cached(
                    "UPDATE accounts SET trouble = ?2, revision = revision + 1
                     WHERE id = ?1 AND trouble IS NOT ?2",
                )?
                .execute(params![id.as_str(), raw])?;
            Ok(changed > 0)
        })
    }

    pub fn account(&self, id: &AccountId) -> Result<Option<Account>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, phone_number, status, created_at, NULL, NULL, NULL, account_type,
                    provider
             FROM accounts WHERE id = ?1",
        )?;
        Ok(stmt.query_row([id.as_str()], read_account).optional()?)
    }

    /// The messaging accounts by name (mail and calendar ones only counted), each with its unread totals, plus the total over all of them.
    /// Reads only the unread chats (a small partial index), never the whole chat list.
    pub fn account_overview(&self) -> Result<AccountOverview, StoreError> {
        let mut stmt = self.conn.prepare_cached(ACCOUNT_OVERVIEW_SQL)?;
        let rows = stmt.query_map([], |row| {
            Ok(AccountSummary {
                account: read_account(row)?,
                unread: UnreadTotals {
                    messages: row.get(5)?,
                    chats: row.get(6)?,
                },
                trouble: row
                    .get::<_, Option<String>>(7)?
                    .and_then(|raw| AccountTrouble::parse(&raw)),
            })
        })?;
        let mut overview = AccountOverview::default();
        for summary in rows {
            let summary = summary?;
            if !summary.account.channel.is_messaging() {
                overview.not_messaging += 1;
                continue;
            }
            overview.all.messages += summary.unread.messages;
            overview.all.chats += summary.unread.chats;
            overview.accounts.push(summary);
        }
        Ok(overview)
    }
}

pub(super) const ACCOUNT_OVERVIEW_SQL: &str = "SELECT a.id, a.name, a.phone_number, a.status,
         a.created_at, coalesce(u.messages, 0), coalesce(u.chats, 0), a.trouble, a.account_type,
         a.provider
     FROM accounts a
     LEFT JOIN (
         SELECT account_key, sum(unread_count) AS messages, count(*) AS chats
         FROM chats INDEXED BY chats_unread_by_account
         WHERE unread_count > 0 AND archived = 0
         GROUP BY account_key
     ) u ON u.account_key = a.key
     ORDER BY a.name COLLATE NOCASE, a.id";

/// A provider this build does not know is read as Unipile's, the only one older builds wrote;
/// its policy then still depends on the channel.
fn provider_of(raw: &str) -> Provider {
    Provider::parse(raw).unwrap_or(Provider::Unipile)
}

fn read_account(row: &Row<'_>) -> rusqlite::Result<Account> {
    Ok(Account {
        id: AccountId(row.get(0)?),
        name: row.get(1)?,
        phone_number: row.get(2)?,
        status: AccountStatus::parse(&row.get::<_, String>(3)?),
        created_at: optional_time(row, 4)?,
        channel: Channel::from_type(row.get::<_, Option<String>>(8)?.as_deref()),
        provider: provider_of(&row.get::<_, String>(9)?),
    })
}
