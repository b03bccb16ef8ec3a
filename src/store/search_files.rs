//! `has:file` with words. A common word has tens of thousands of matches and few of them a
//! file: testing each match against `messages_with_files` costs one index probe per match
//! (14 ms for 65 000 matches at 1 000 000 messages, 100 ms when SQLite reads the message row
//! first), and a search with no hit has to test them all. Both lists are already sorted by
//! key, so merging them finds the span of keys where the matches with a file lie, and the
//! search walks only that span: nothing at all when it is empty, as it is for most words.
//! The merge stops once it has seen as many as the search could want, so a word whose
//! matches often have a file costs no more than before.

use rusqlite::Connection;

use super::StoreError;

/// The keys between which the messages that match the words and have a file lie (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct KeySpan {
    pub newest: i64,
    /// `None` when the merge stopped early: older ones may exist.
    pub oldest: Option<i64>,
}

/// The span of the messages matching `expression` (an FTS5 match) that have a file, or
/// `None` when no match has one. The merge stops after `enough` such messages. Deleted
/// messages and events are not excluded here: the search's own filters still apply inside
/// the span.
pub(super) fn matches_with_files(
    conn: &Connection,
    expression: &str,
    enough: usize,
) -> Result<Option<KeySpan>, StoreError> {
    let mut matches = conn.prepare_cached(
        "SELECT rowid FROM message_search WHERE message_search MATCH ?1 ORDER BY rowid DESC",
    )?;
    let mut files = conn.prepare_cached(
        "SELECT key FROM messages INDEXED BY messages_with_files \
         WHERE attachment_count > 0 ORDER BY key DESC",
    )?;
    let mut matches = matches.query([expression])?;
    let mut files = files.query([])?;
    let mut next_match =
        || -> rusqlite::Result<Option<i64>> { matches.next()?.map(|row| row.get(0)).transpose() };
    let mut next_file =
        || -> rusqlite::Result<Option<i64>> { files.next()?.map(|row| row.get(0)).transpose() };
    let (mut newest, mut oldest, mut seen) = (None, None, 0);
    let (mut word, mut file) = (next_match()?, next_file()?);
    while let (Some(w), Some(f)) = (word, file) {
        if w == f {
            newest = newest.or(Some(w));
            oldest = Some(w);
            seen += 1;
            if seen == enough {
                oldest = None;
                break;
            }
            (word, file) = (next_match()?, next_file()?);
        } else if w > f {
            word = next_match()?;
        } else {
            file = next_file()?;
        }
    }
    Ok(newest.map(|newest| KeySpan { newest, oldest }))
}
