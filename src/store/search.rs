//! Full-text search over message text (FTS5, external content over `messages`).
//!
//! The index normally follows every write through triggers. A bulk ingest may pause it
//! (`pause_search_index`) and rebuild it once at the end (`rebuild_search_index`); the paused
//! state is stored, so a crash in between leaves an index known to be stale, never a wrong one.

use chrono::{DateTime, Offset, Utc};
use rusqlite::types::Value;
use rusqlite::{Connection, params_from_iter};

use crate::domain::{AccountId, ChatId, ChatKind, MessageId};

use super::columns::time;
use super::search_files::{KeySpan, matches_with_files};
use super::search_gate::Gated;
use super::search_query::{SearchQuery, Sender};
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
    pub account_name: String,
    pub chat_id: ChatId,
    pub chat_name: Option<String>,
    pub message_id: MessageId,
    pub at: DateTime<Utc>,
    pub is_sender: bool,
    /// The sender's provider id, and their name when the cache knows it.
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub text: Option<String>,
    pub has_attachment: bool,
    /// The matching part of the text, with the matched words marked (the start of the text
    /// when only filters were given).
    pub snippet: Vec<SnippetPart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetPart {
    pub text: String,
    pub matched: bool,
}

/// Where a search looks, on top of the query's own filters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchScope {
    pub account: Option<AccountId>,
    pub chat: Option<ChatId>,
}

impl Db {
    /// Messages whose text has every word of `query` (the last one also as a word's
    /// beginning), newest first, in every account. Any user text is accepted: words are quoted,
    /// so FTS syntax in them means nothing; a filter that does not parse finds nothing.
    pub fn search(&self, query: &str, limit: u32) -> Result<Vec<SearchHit>, StoreError> {
        match SearchQuery::parse(query, Utc.fix()) {
            Ok(query) => self.search_messages(&query, &SearchScope::default(), limit),
            Err(_) => Ok(Vec::new()),
        }
    }

    /// Messages matching `query` inside `scope`, newest first. Deleted messages and events
    /// are not found.
    pub fn search_messages(
        &self,
        query: &SearchQuery,
        scope: &SearchScope,
        limit: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let files = match self.file_span(query)? {
            FileSpan::NoMatchHasAFile => return Ok(Vec::new()),
            other => other.span(),
        };
        let (sql, values) = search_sql(query, scope, limit, files);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |row| {
            let text: Option<String> = row.get(9)?;
            let snippet: Option<String> = row.get(10)?;
            Ok(SearchHit {
                message_id: MessageId(row.get(0)?),
                at: time(row, 1)?,
                is_sender: row.get(2)?,
                chat_id: ChatId(row.get(3)?),
                chat_name: row.get(4)?,
                account_id: AccountId(row.get(5)?),
                account_name: row.get(6)?,
                sender_id: row.get(7)?,
                sender_name: row.get(8)?,
                has_attachment: row.get::<_, i64>(11)? > 0,
                snippet: match snippet {
                    Some(marked) => snippet_parts(&marked),
                    None => opening(text.as_deref()),
                },
                text,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// `search_messages` as search number `number` (numbers grow): abandoned, and its
    /// statement interrupted, once a newer search is announced to the gate (`SearchGate`).
    pub fn search_messages_gated(
        &self,
        number: u64,
        query: &SearchQuery,
        scope: &SearchScope,
        limit: u32,
    ) -> Result<Gated<Vec<SearchHit>>, StoreError> {
        self.search_gate
            .run(number, || self.search_messages(query, scope, limit))
    }

    /// How SQLite runs `search` (for checks and reports).
    pub fn search_plan(&self) -> Result<Vec<String>, StoreError> {
        self.search_plan_of("x")
    }

    /// How SQLite runs the search for `text`.
    pub fn search_plan_of(&self, text: &str) -> Result<Vec<String>, StoreError> {
        let query = SearchQuery::parse(text, Utc.fix()).unwrap_or_default();
        let files = self.file_span(&query)?.span();
        let (sql, values) = search_sql(&query, &SearchScope::default(), 50, files);
        let mut stmt = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let rows = stmt.query_map(params_from_iter(values), |row| row.get::<_, String>(3))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Where `has:file` with words has to look (`search_files`).
    fn file_span(&self, query: &SearchQuery) -> Result<FileSpan, StoreError> {
        let Some(expression) = query.match_expression().filter(|_| query.has_file) else {
            return Ok(FileSpan::NotAsked);
        };
        Ok(
            match matches_with_files(&self.conn, &expression, CANDIDATES.into())? {
                Some(span) => FileSpan::Between(span),
                None => FileSpan::NoMatchHasAFile,
            },
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

/// What `has:file` with words means for the walk.
enum FileSpan {
    /// No `has:file`, or no words.
    NotAsked,
    NoMatchHasAFile,
    Between(KeySpan),
}

impl FileSpan {
    fn span(self) -> Option<KeySpan> {
        match self {
            Self::Between(span) => Some(span),
            Self::NotAsked | Self::NoMatchHasAFile => None,
        }
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

/// Matches are taken newest-cached first (FTS5 walks its rowids backwards, or the messages
/// table its keys, and stops early), at most `CANDIDATES` of them with their snippets, then
/// ordered by time. A query with up to `CANDIDATES` matches is exact; a very common word
/// answers at once, from the most recently cached matches. Filters are tested inside that
/// walk, so they never hide matches beyond the first `CANDIDATES`. (Snippets are made there:
/// a second MATCH limited to the hits' rowids would redo a prefix query's whole merge once per
/// hit.) `files` bounds the walk for `has:file` with words: the keys between which the
/// words' matches with a file lie (`search_files`).
fn search_sql(
    query: &SearchQuery,
    scope: &SearchScope,
    limit: u32,
    files: Option<KeySpan>,
) -> (String, Vec<Value>) {
    let mut values: Vec<Value> = Vec::new();
    let mut bind = |value: Value| {
        values.push(value);
        format!("?{}", values.len())
    };
    let mut filters = vec!["m.deleted = 0".to_owned(), "m.is_event = 0".to_owned()];
    let expression = query.match_expression();
    let files = files.filter(|_| query.has_file && expression.is_some());
    let (source, key, snippet) = match expression {
        Some(expression) => {
            filters.push(format!("message_search MATCH {}", bind(expression.into())));
            let snippet = format!(
                "snippet(message_search, 0, {}, {}, '…', {})",
                bind(MATCH_START.to_string().into()),
                bind(MATCH_END.to_string().into()),
                bind(SNIPPET_WORDS.into())
            );
            let source = match files {
                // Only the span where a match has a file is walked, and each match there is
                // tested on the small index before its message row is read (CROSS JOIN keeps
                // that order: SQLite would otherwise read the row first).
                Some(span) => {
                    filters.push(format!(
                        "message_search.rowid <= {}",
                        bind(span.newest.into())
                    ));
                    if let Some(oldest) = span.oldest {
                        filters.push(format!("message_search.rowid >= {}", bind(oldest.into())));
                    }
                    "message_search \
                     CROSS JOIN messages f INDEXED BY messages_with_files \
                         ON f.key = message_search.rowid AND f.attachment_count > 0 \
                     CROSS JOIN messages m ON m.key = message_search.rowid"
                }
                None => "message_search JOIN messages m ON m.key = message_search.rowid",
            };
            (source, "message_search.rowid", snippet)
        }
        None => ("messages m", "m.key", "NULL".to_owned()),
    };
    if let Some(account) = &scope.account {
        filters.push(format!(
            "a.id = {}",
            bind(account.as_str().to_owned().into())
        ));
    }
    if let Some(chat) = &scope.chat {
        filters.push(format!("c.id = {}", bind(chat.as_str().to_owned().into())));
    }
    match &query.from {
        Some(Sender::Me) => filters.push("m.is_sender = 1".to_owned()),
        Some(Sender::Named(name)) => {
            let name = bind(name.clone().into());
            filters.push(format!(
                "m.is_sender = 0 AND (instr(coalesce(p.search_text, ''), {name}) > 0 \
                 OR (c.kind = {single} AND instr(c.search_text, {name}) > 0))",
                single = ChatKind::Single.code()
            ));
        }
        None => {}
    }
    if let Some(chat) = &query.chat {
        filters.push(format!(
            "instr(c.search_text, {}) > 0",
            bind(chat.clone().into())
        ));
    }
    if let Some(account) = &query.account {
        let id = bind(account.clone().into());
        let name = bind(account.to_lowercase().into());
        filters.push(format!("(a.id = {id} OR instr(lower(a.name), {name}) > 0)"));
    }
    if query.has_file && files.is_none() {
        filters.push("m.attachment_count > 0".to_owned());
    }
    if let Some(before) = query.before {
        filters.push(format!(
            "m.sent_at < {}",
            bind(before.timestamp_millis().into())
        ));
    }
    if let Some(after) = query.after {
        filters.push(format!(
            "m.sent_at >= {}",
            bind(after.timestamp_millis().into())
        ));
    }
    let candidates = bind(CANDIDATES.into());
    let limit = bind(i64::from(limit).into());
    let sql = format!(
        "WITH candidates (key, snippet) AS (
             SELECT {key}, {snippet} FROM {source}
             JOIN chats c ON c.key = m.chat_key
             JOIN accounts a ON a.key = c.account_key
             LEFT JOIN attendees p ON p.account_key = c.account_key AND p.provider_id = m.sender_id
             WHERE {filters}
             ORDER BY {key} DESC LIMIT {candidates}
         )
         SELECT m.id, m.sent_at, m.is_sender, c.id, c.name, a.id, a.name, m.sender_id,
             coalesce(p.name, CASE WHEN c.kind = {single} THEN c.name END),
             m.text, candidates.snippet, m.attachment_count
         FROM candidates
         JOIN messages m ON m.key = candidates.key
         JOIN chats c ON c.key = m.chat_key
         JOIN accounts a ON a.key = c.account_key
         LEFT JOIN attendees p ON p.account_key = c.account_key AND p.provider_id = m.sender_id
         ORDER BY m.sent_at DESC, m.key DESC
         LIMIT {limit}",
        filters = filters.join(" AND "),
        single = ChatKind::Single.code(),
    );
    (sql, values)
}

/// How many matches a search considers at most (see `search_sql`).
const CANDIDATES: u16 = 500;

/// Characters of a message shown when only filters matched it.
const OPENING_CHARS: usize = 120;

/// The start of a message's text, unmarked: the snippet of a filters-only hit.
fn opening(text: Option<&str>) -> Vec<SnippetPart> {
    let Some(text) = text.filter(|t| !t.is_empty()) else {
        return Vec::new();
    };
    let mut opening: String = text.chars().take(OPENING_CHARS).collect();
    if opening.len() < text.len() {
        opening.push('…');
    }
    vec![SnippetPart {
        text: opening,
        matched: false,
    }]
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

    #[test]
    fn matches_are_walked_newest_first_without_sorting_them_all() {
        let db = crate::store::Db::open_in_memory().unwrap();
        let plan = db.search_plan().unwrap();
        assert!(plan.iter().any(|line| line.contains("VIRTUAL TABLE INDEX")));
        // Only the final few hundred candidates are sorted (by time), never every match.
        let sorts = plan
            .iter()
            .filter(|line| line.contains("TEMP B-TREE"))
            .count();
        assert_eq!(sorts, 1, "{plan:?}");
    }
}
