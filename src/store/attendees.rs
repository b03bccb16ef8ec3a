//! Attendees: the people of each chat, and the people each account knows (the only ones
//! start-chat may reach).

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::domain::{AccountId, Attendee, AttendeeId, ChatId};

use super::chat_preview::refresh_last_message;
use super::chats::account_numbers;
use super::keys::{account_key, chat_key};
use super::search_key::{SearchTerms, search_key};
use super::{Changes, Db, StoreError};

const ATTENDEE_COLUMNS: &str = "p.id, a.id, p.provider_id, p.name, p.is_self, p.picture_url";

impl Db {
    /// Stores the attendees of a chat and makes them the chat's whole attendee list. They
    /// belong to the chat's account, whatever their `account_id` says.
    pub fn upsert_chat_attendees(
        &mut self,
        chat: &ChatId,
        attendees: &[Attendee],
    ) -> Result<Changes, StoreError> {
        self.write(|tx| {
            let chat_key = chat_key(tx, chat)?;
            let account: i64 = tx
                .prepare_cached("SELECT account_key FROM chats WHERE key = ?1")?
                .query_row([chat_key], |row| row.get(0))?;
            let mut changes = Changes::default();
            let mut members = HashSet::new();
            for attendee in attendees {
                let (key, revision) = upsert_attendee(tx, account, attendee, false)?;
                changes.record(revision);
                members.insert(key);
            }
            let mut link = tx.prepare_cached(
                "INSERT OR IGNORE INTO chat_attendees (chat_key, attendee_key) VALUES (?1, ?2)",
            )?;
            for member in &members {
                link.execute([chat_key, *member])?;
            }
            let linked: Vec<i64> = tx
                .prepare_cached("SELECT attendee_key FROM chat_attendees WHERE chat_key = ?1")?
                .query_map([chat_key], |row| row.get(0))?
                .collect::<Result<_, _>>()?;
            let mut unlink = tx.prepare_cached(
                "DELETE FROM chat_attendees WHERE chat_key = ?1 AND attendee_key = ?2",
            )?;
            for gone in linked.into_iter().filter(|key| !members.contains(key)) {
                unlink.execute([chat_key, gone])?;
            }
            if changes.written() > 0 {
                // Names may have arrived for the sender of the chat's preview.
                refresh_last_message(tx, chat_key)?;
            }
            Ok(changes)
        })
    }

    /// Stores attendees the account's known-attendees list returned (one page or all).
    pub fn upsert_known_attendees(
        &mut self,
        account: &AccountId,
        attendees: &[Attendee],
    ) -> Result<Changes, StoreError> {
        self.write(|tx| {
            let account = account_key(tx, account)?;
            let mut changes = Changes::default();
            for attendee in attendees {
                changes.record(upsert_attendee(tx, account, attendee, true)?.1);
            }
            Ok(changes)
        })
    }

    /// The attendees of a chat: ourselves last, the others by name.
    pub fn chat_attendees(&self, chat: &ChatId) -> Result<Vec<Attendee>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATTENDEE_COLUMNS} FROM chats c
             JOIN chat_attendees ca ON ca.chat_key = c.key
             JOIN attendees p ON p.key = ca.attendee_key
             JOIN accounts a ON a.key = p.account_key
             WHERE c.id = ?1
             ORDER BY p.is_self, p.name IS NULL, p.name COLLATE NOCASE, p.provider_id"
        ))?;
        let rows = stmt.query_map([chat.as_str()], read_attendee)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The people `account` may start a chat with (warm-only): its known attendees and the
    /// attendees of its chats, never itself, by name, filtered by part of the name or number.
    pub fn known_attendees(
        &self,
        account: &AccountId,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Attendee>, StoreError> {
        let terms = SearchTerms::parse(query);
        // A number typed the national way, in the country of the account's number.
        let national = match &terms {
            Some(terms) => account_numbers(&self.conn, Some(account))?
                .first()
                .and_then(|(_, number)| terms.international(number)),
            None => None,
        }
        .unwrap_or_default();
        let (text, digits) = terms.map(|t| (t.text, t.digits)).unwrap_or_default();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ATTENDEE_COLUMNS} FROM attendees p JOIN accounts a ON a.key = p.account_key
             WHERE a.id = ?1 AND p.is_self = 0
               AND (p.known = 1
                    OR EXISTS (SELECT 1 FROM chat_attendees ca WHERE ca.attendee_key = p.key))
               AND (instr(p.search_text, ?2) > 0 OR (?3 <> '' AND instr(p.search_text, ?3) > 0)
                    OR (?5 <> '' AND instr(p.search_text, ?5) > 0))
             ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.provider_id
             LIMIT ?4"
        ))?;
        let rows = stmt.query_map(
            params![account.as_str(), text, digits, limit, national],
            read_attendee,
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Writes an attendee unless it is cached as is; `known` is only ever raised. Returns its key
/// and, when written, its revision.
fn upsert_attendee(
    conn: &Connection,
    account_key: i64,
    attendee: &Attendee,
    known: bool,
) -> Result<(i64, Option<i64>), StoreError> {
    let written: Option<(i64, i64)> = conn
        .prepare_cached(
            "INSERT INTO attendees (account_key, provider_id, id, name, is_self, picture_url,
                 known, search_text)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (account_key, provider_id) DO UPDATE SET
                 id = excluded.id,
                 name = excluded.name,
                 is_self = excluded.is_self,
                 picture_url = excluded.picture_url,
                 known = max(attendees.known, excluded.known),
                 search_text = excluded.search_text,
                 revision = attendees.revision + 1
             WHERE attendees.id IS NOT excluded.id
                OR attendees.name IS NOT excluded.name
                OR attendees.is_self IS NOT excluded.is_self
                OR attendees.picture_url IS NOT excluded.picture_url
                OR excluded.known > attendees.known
             RETURNING key, revision",
        )?
        .query_row(
            params![
                account_key,
                attendee.provider_id,
                attendee.id.as_str(),
                attendee.name,
                attendee.is_self,
                attendee.picture_url,
                known,
                search_key(attendee.name.as_deref(), Some(&attendee.provider_id)),
            ],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match written {
        Some((key, revision)) => Ok((key, Some(revision))),
        None => {
            let key = conn
                .prepare_cached(
                    "SELECT key FROM attendees WHERE account_key = ?1 AND provider_id = ?2",
                )?
                .query_row(params![account_key, attendee.provider_id], |row| row.get(0))?;
            Ok((key, None))
        }
    }
}

fn read_attendee(row: &Row<'_>) -> rusqlite::Result<Attendee> {
    Ok(Attendee {
        id: AttendeeId(row.get(0)?),
        account_id: AccountId(row.get(1)?),
        provider_id: row.get(2)?,
        name: row.get(3)?,
        is_self: row.get(4)?,
        picture_url: row.get(5)?,
    })
}
