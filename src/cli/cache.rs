//! `unibox accounts`, `chats`, `messages` and `audit`: read from the cache only, no network.

use std::collections::HashMap;
use std::io;

use chrono::Utc;

use super::failure::{Classify, Failure};
use super::output::Output;
use super::views::{AccountRow, AuditRow, ChatRow, MessageRow};
use crate::domain::ChatKind;
use crate::domain::{Account, AccountId, ChatId};
use crate::store::{ChatFilter, ChatListItem, Store, StoreError};
use crate::text::sanitize_line;

/// Chats read from the cache per query: the list is printed window by window.
const CHAT_WINDOW: u32 = 500;

pub fn accounts(store: &Store, json: bool) -> Result<(), Failure> {
    let overview = store
        .call_blocking(|db| db.account_overview())
        .or_runtime()?;
    let rows: Vec<AccountRow> = overview.accounts.iter().map(AccountRow::new).collect();
    let mut out = Output::stdout();
    let written = if json {
        out.json(&rows)
    } else {
        rows.iter()
            .try_for_each(|row| out.line(&row.text()))
            .and_then(|()| match overview.not_messaging {
                0 => Ok(()),
                count => out.line(&not_messaging_note(count)),
            })
    };
    out.finish(written)
}

fn not_messaging_note(count: usize) -> String {
    let accounts = if count == 1 { "account" } else { "accounts" };
    format!("{count} mail {accounts} not shown (unibox reads messaging accounts only)")
}

pub fn chats(
    store: &Store,
    account: Option<String>,
    unread: bool,
    json: bool,
) -> Result<(), Failure> {
    let filter = ChatFilter {
        account: account.map(AccountId::new),
        unread_only: unread,
        waiting_only: false,
        search: String::new(),
        include_archived: true,
        archived_only: false,
    };
    if let Some(account) = &filter.account {
        let id = account.clone();
        let known = store
            .call_blocking(move |db| db.account(&id))
            .or_runtime()?;
        if known.is_none() {
            return Err(Failure::runtime(anyhow::anyhow!(
                "no account {} in the cache; `unibox accounts` lists them",
                sanitize_line(account.as_str())
            )));
        }
    }
    let accounts: HashMap<AccountId, Account> = store
        .call_blocking(|db| db.account_overview())
        .or_runtime()?
        .accounts
        .into_iter()
        .map(|s| (s.account.id.clone(), s.account))
        .collect();
    let now = Utc::now();
    let mut rows = Vec::new();
    loop {
        let window_filter = filter.clone();
        let offset = rows.len() as u64;
        let window = store
            .call_blocking(move |db| db.chat_window(&window_filter, offset, CHAT_WINDOW))
            .or_runtime()?;
        let done = window.len() < CHAT_WINDOW as usize;
        rows.extend(
            window
                .iter()
                .map(|item| ChatRow::new(item, now, accounts.get(&item.chat.account_id))),
        );
        if done {
            break;
        }
    }
    let mut out = Output::stdout();
    let written = if json {
        out.json(&rows)
    } else {
        rows.iter().try_for_each(|row| out.line(&row.text()))
    };
    out.finish(written)
}

pub fn messages(store: &Store, chat: String, limit: u32, json: bool) -> Result<(), Failure> {
    let (item, rows, account) = thread_rows(store, chat, limit)?;
    let mut out = Output::stdout();
    let written = if json {
        out.json(&rows)
    } else {
        print_thread(
            &mut out,
            &ChatRow::new(&item, Utc::now(), account.as_ref()),
            &rows,
        )
    };
    out.finish(written)
}

/// How `unibox export` writes a chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One JSON object per message and line, the data as `messages --json` has it.
    Jsonl,
    /// The thread as `messages` prints it: sanitised text.
    Txt,
}

/// Every cached message of a chat, oldest first.
pub fn export(store: &Store, chat: String, format: ExportFormat) -> Result<(), Failure> {
    let (item, rows, account) = thread_rows(store, chat, u32::MAX)?;
    let mut out = Output::stdout();
    let written = match format {
        ExportFormat::Jsonl => rows.iter().try_for_each(|row| out.json(row)),
        ExportFormat::Txt => print_thread(
            &mut out,
            &ChatRow::new(&item, Utc::now(), account.as_ref()),
            &rows,
        ),
    };
    out.finish(written)
}

/// The chat and its newest `limit` cached messages, oldest first, with sender names.
fn thread_rows(
    store: &Store,
    chat: String,
    limit: u32,
) -> Result<(ChatListItem, Vec<MessageRow>, Option<Account>), Failure> {
    let chat = ChatId::new(chat);
    let id = chat.clone();
    let found = store
        .call_blocking(move |db| -> Result<_, StoreError> {
            let Some(item) = db.chat(&id)? else {
                return Ok(None);
            };
            let mut messages = db.messages_before(&id, None, limit)?;
            messages.reverse();
            let names: HashMap<String, String> = db
                .chat_attendees(&id)?
                .into_iter()
                .filter_map(|a| a.name.map(|name| (a.provider_id, name)))
                .collect();
            let account = db.account(&item.chat.account_id)?;
            Ok(Some((item, messages, names, account)))
        })
        .or_runtime()?;
    let Some((item, messages, names, account)) = found else {
        return Err(Failure::runtime(anyhow::anyhow!(
            "no chat {} in the cache; `unibox chats` lists them",
            sanitize_line(chat.as_str())
        )));
    };
    // A one-to-one chat's name is the other person's.
    let single_name = (item.chat.kind == ChatKind::Single)
        .then(|| item.chat.name.clone())
        .flatten();
    let rows: Vec<MessageRow> = messages
        .iter()
        .map(|m| {
            let name = names
                .get(&m.sender_id)
                .cloned()
                .or_else(|| (!m.is_sender).then(|| single_name.clone()).flatten());
            MessageRow::new(m, name, account.as_ref())
        })
        .collect();
    Ok((item, rows, account))
}

fn print_thread(out: &mut Output, chat: &ChatRow, rows: &[MessageRow]) -> io::Result<()> {
    out.line(&format!(
        "── {} ({}) ──",
        sanitize_line(&chat.title()),
        sanitize_line(&chat.id)
    ))?;
    for row in rows {
        for line in row.text() {
            out.line(&line)?;
        }
    }
    Ok(())
}

pub fn audit(store: &Store, limit: u32, json: bool) -> Result<(), Failure> {
    let entries = store
        .call_blocking(move |db| db.audit_log(limit))
        .or_runtime()?;
    let rows: Vec<AuditRow> = entries.iter().map(AuditRow::new).collect();
    let mut out = Output::stdout();
    let written = if json {
        out.json(&rows)
    } else if rows.is_empty() {
        out.line("nothing was sent from this cache yet")
    } else {
        rows.iter().try_for_each(|row| out.line(&row.text()))
    };
    out.finish(written)
}
