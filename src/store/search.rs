//! Full-text search over message text (FTS5, external content over `messages`).
//!
//! The index normally follows every write through triggers. A bulk ingest may pause it
//! (`pause_search_index`) and rebuild it once at the end (`rebuild_search_index`); the paused
//! state is stored, so a crash in between leaves an index known to be stale, never a wrong one.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};

use crate::domain::{AccountId, ChatId, MessageId};

use super::columns::time;
use super::{Db, StoreError};

/// The triggers that keep the index in step (also run by the first migration).
const SEARCH_TRIGGERS: &str = include_str!("sql/search_triggers.sql");

const DROP_SEARCH_TRIGGERS: &str = "DROP TRIGGER IF EXISTS message_search_insert;
     DROP TRIGGER IF EXISTS message_search_delete;
     DROP TRIGGER IF EXISTS message_search_update;";

/// Marks the matched words inside a snippet. Control characters: the snippet is split on them
/// here, before any text reaches the terminal.
const MATCH_START: char = '\u{2}';
const MATCH_END: char = '\u{3}';

/// How many words of context a snippet shows.
const SNIPPET_WORDS: i64 = 12;

/// One message found by a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub account_id: AccountId,
    pub chat_id: ChatId,
    pub chat_name: Option<String>,
    pub message_id: MessageId,
    pub at: DateTime<Utc>,
    pub is_sender: bool,
    /// The matching part of the text, with the matched words marked.
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

impl Db {
    /// Messages whose text has every word of `query` (the last one also as a word's
    /// beginning), newest first. Any user text is accepted: it is quoted, so FTS syntax in it means nothing.
    /// Deleted messages are not found.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, StoreError> {
        let Some(expression) = match_expression(query) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(SEARCH_SQL)?;
        let rows = stmt.query_map(
            params![
                expression,
                MATCH_START.to_string(),
                MATCH_END.to_string(),
                SNIPPET_WORDS,
                limit,
                CANDIDATES
            ],
            |row| {
                Ok(SearchHit {
                    message_id: MessageId(row.get(0)?),
                    at: time(row, 1)?,
                    is_sender: row.get(2)?,
                    chat_id: ChatId(row.get(3)?),
                    chat_name: row.get(4)?,
                    account_id: AccountId(row.get(5)?),
                    snippet: snippet_parts(&row.get::<_, String>(6)?),
                })
            },
        )?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How SQLite runs `search` (for checks and reports).
    pub fn search_plan(&self) -> Result<Vec<String>, StoreError> {
        self.explain(
            SEARCH_SQL,
            params!["\"x\"*", "[", "]", SNIPPET_WORDS, 50, CANDIDATES],
        )
    }

    /// Stops maintaining the index, for a bulk ingest; `rebuild_search_index` resumes it.
    pub fn pause_search_index(&mut self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute_batch(DROP_SEARCH_TRIGGERS)?;
            set_index_state(tx, STALE)
        })
    }

    /// Rebuilds the index from the cached messages and maintains it again from now on.
    pub fn rebuild_search_index(&mut self) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute_batch(
                "INSERT INTO message_search (message_search) VALUES ('delete-all');
                 INSERT INTO message_search (rowid, text)
                     SELECT key, text FROM messages WHERE text IS NOT NULL;
                 INSERT INTO message_search (message_search) VALUES ('optimize');",
            )?;
            tx.execute_batch(SEARCH_TRIGGERS)?;
            set_index_state(tx, MAINTAINED)
        })
    }

    /// FTS5's own check that the index matches the cached messages.
    pub fn fts_integrity_ok(&self) -> Result<bool, StoreError> {
        let checked = self.conn.execute(
            "INSERT INTO message_search (message_search) VALUES ('integrity-check')",
            [],
        );
        match checked.map_err(StoreError::from) {
            Ok(_) => Ok(true),
            Err(StoreError::Corrupt(_)) => Ok(false),
            Err(other) => Err(other),
        }
    }

    /// True after `pause_search_index` until the rebuild: search may miss recent messages.
    pub fn search_index_stale(&self) -> Result<bool, StoreError> {
        let state: String = self.conn.query_row(
            "SELECT value FROM store_meta WHERE key = 'search_index'",
            [],
            |row| row.get(0),
        )?;
        Ok(state == STALE)
    }
}

const MAINTAINED: &str = "maintained";
const STALE: &str = "stale";

fn set_index_state(conn: &Connection, state: &str) -> Result<(), StoreError> {
    conn.execute(
        "UPDATE store_meta SET value = ?1 WHERE key = 'search_index'",
        [state],
    )?;
    Ok(())
}

/// Matches are taken newest-cached first (FTS5 walks its rowids backwards and stops early),
/// at most `CANDIDATES` of them with their snippets, then ordered by time. A query with up to
/// `CANDIDATES` matches is exact; a very common word answers at once, from the most recently
/// cached matches. (Snippets are made here: a second MATCH limited to the hits' rowids would
/// redo a prefix query's whole merge once per hit.)
const SEARCH_SQL: &str = "WITH candidates (key, snippet) AS (
         SELECT rowid, snippet(message_search, 0, ?2, ?3, '…', ?4) FROM message_search
         WHERE message_search MATCH ?1
         ORDER BY rowid DESC LIMIT ?6
     )
     SELECT m.id, m.sent_at, m.is_sender, c.id, c.name, a.id, candidates.snippet
     FROM candidates
     JOIN messages m ON m.key = candidates.key
     JOIN chats c ON c.key = m.chat_key
     JOIN accounts a ON a.key = c.account_key
     WHERE m.deleted = 0
     ORDER BY m.sent_at DESC, m.key DESC
     LIMIT ?5";

/// How many matches a search considers at most (see `SEARCH_SQL`).
const CANDIDATES: i64 = 500;

/// The shortest last word matched as a prefix; shorter ones would merge the postings of too
/// many words.
const MIN_PREFIX_CHARS: usize = 3;

/// The user's words as an FTS5 expression: each word quoted (inner quotes doubled), all of
/// them required, the last one also as a word's beginning (the user may still be typing it).
/// Words without a letter or digit are dropped: the tokenizer would find nothing in them.
/// `None` when nothing is left.
fn match_expression(query: &str) -> Option<String> {
    let words: Vec<&str> = query
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .collect();
    let last = words.len().checked_sub(1)?;
    let quoted: Vec<String> = words
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let prefix = i == last && word.chars().count() >= MIN_PREFIX_CHARS;
            format!(
                "\"{}\"{}",
                word.replace('"', "\"\""),
                if prefix { "*" } else { "" }
            )
        })
        .collect();
    Some(quoted.join(" "))
}

/// Splits a marked snippet into plain and matched parts.
fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut matched = false;
    let mut current = String::new();
    for c in marked.chars() {
        let toggles_to = match c {
            MATCH_START => Some(true),
            MATCH_END => Some(false),
            _ => None,
        };
        match toggles_to {
            Some(next) => {
                if !current.is_empty() {
                    parts.push(SnippetPart {
                        text: std::mem::take(&mut current),
                        matched,
                    });
                }
                matched = next;
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart {
            text: current,
            matched,
        });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_words_become_quoted_prefixes() {
        assert_eq!(
            match_expression("hello wor").as_deref(),
            Some("\"hello\" \"wor\"*")
        );
        assert_eq!(match_expression("wo").as_deref(), Some("\"wo\""));
        assert_eq!(
            match_expression("say \"hi\" NEAR(").as_deref(),
            Some("\"say\" \"\"\"hi\"\"\" \"NEAR(\"*")
        );
        assert_eq!(match_expression(" - * \" "), None);
        assert_eq!(match_expression(""), None);
    }

    #[test]
    fn snippets_split_on_the_markers() {
        let parts = snippet_parts("…see \u{2}you\u{3} at \u{2}noon\u{3}");
        let texts: Vec<(&str, bool)> = parts.iter().map(|p| (p.text.as_str(), p.matched)).collect();
        assert_eq!(
            texts,
            vec![
                ("…see ", false),
                ("you", true),
                (" at ", false),
                ("noon", true)
            ]
        );
    }
}
