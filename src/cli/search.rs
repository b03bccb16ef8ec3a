//! `unibox search QUERY`: the message search of the inbox, on the cache, for scripts. Text
//! output is sanitised with the matched words in [brackets]; JSON has the data as cached.

use std::io;

use chrono::{DateTime, Local, Offset, Utc};
use serde::Serialize;

use super::failure::{Classify, Failure};
use super::output::Output;
use crate::domain::{AccountId, ChatId, phone_from_provider_id};
use crate::store::{SearchHit, SearchQuery, SearchScope, SnippetPart, Store};
use crate::text::sanitize_line;

/// What `unibox search` was asked.
#[derive(Debug, Clone)]
pub struct SearchArgs {
    pub query: String,
    pub account: Option<String>,
    pub chat: Option<String>,
    pub limit: u32,
    pub json: bool,
}

pub fn search(store: &Store, args: SearchArgs) -> Result<(), Failure> {
    // Dates in filters are days where the user is.
    let offset = Local::now().offset().fix();
    let query = SearchQuery::parse(&args.query, offset).map_err(Failure::config)?;
    if query.is_empty() {
        return Err(Failure::config(anyhow::anyhow!(
            "nothing to search for: give words or filters (from:me, in:CHAT, has:file…)"
        )));
    }
    let scope = SearchScope {
        account: args.account.map(AccountId::new),
        chat: args.chat.map(ChatId::new),
    };
    let limit = args.limit;
    let hits = store
        .call_blocking(move |db| db.search_messages(&query, &scope, limit))
        .or_runtime()?;
    let rows: Vec<HitRow> = hits.iter().map(HitRow::new).collect();
    let mut out = Output::stdout();
    let written = if args.json {
        out.json(&rows)
    } else if rows.is_empty() {
        out.line("no message matches")
    } else {
        rows.iter().try_for_each(|row| print_hit(&mut out, row))
    };
    out.finish(written)
}

fn print_hit(out: &mut Output, row: &HitRow) -> io::Result<()> {
    out.line(&format!(
        "{}  {} · {}  ({} {})",
        row.time.with_timezone(&Local).format("%Y-%m-%d %H:%M"),
        sanitize_line(row.chat.as_deref().unwrap_or(&row.chat_id)),
        sanitize_line(&row.account),
        sanitize_line(&row.chat_id),
        sanitize_line(&row.message_id),
    ))?;
    out.line(&format!(
        "  {}: {}",
        sanitize_line(&row.sender),
        sanitize_line(&row.snippet)
    ))
}

/// One hit as scripts get it.
#[derive(Debug, Serialize)]
pub struct HitRow {
    pub chat_id: String,
    pub chat: Option<String>,
    pub account_id: String,
    pub account: String,
    pub message_id: String,
    pub time: DateTime<Utc>,
    pub sender_id: String,
    /// "me" for our own messages, else the sender's name or number.
    pub sender: String,
    pub is_sender: bool,
    pub text: Option<String>,
    /// The matching part of the text, matched words in [brackets].
    pub snippet: String,
}

impl HitRow {
    pub fn new(hit: &SearchHit) -> Self {
        let sender = if hit.is_sender {
            "me".to_owned()
        } else {
            hit.sender_name
                .clone()
                .or_else(|| phone_from_provider_id(&hit.sender_id))
                .unwrap_or_else(|| hit.sender_id.clone())
        };
        Self {
            chat_id: hit.chat_id.to_string(),
            chat: hit.chat_name.clone(),
            account_id: hit.account_id.to_string(),
            account: hit.account_name.clone(),
            message_id: hit.message_id.to_string(),
            time: hit.at,
            sender_id: hit.sender_id.clone(),
            sender,
            is_sender: hit.is_sender,
            text: hit.text.clone(),
            snippet: marked(&hit.snippet),
        }
    }
}

fn marked(parts: &[SnippetPart]) -> String {
    parts
        .iter()
        .map(|part| {
            if part.matched {
                format!("[{}]", part.text)
            } else {
                part.text.clone()
            }
        })
        .collect()
}
