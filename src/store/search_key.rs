//! Folding names and numbers for "search chats" and the start-chat picker: a stored key per
//! row (folded name, phone digits) and the matching terms of what the user typed.

use rusqlite::{Transaction, params};
use rusqlite_migration::HookResult;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::domain::{international_digits, phone_from_provider_id};

/// What a chat or an attendee is found by: the name folded (lower case, without accents)
/// and, for WhatsApp user ids, the phone number's digits.
pub(super) fn search_key(name: Option<&str>, provider_id: Option<&str>) -> String {
    let name = name.map(fold).unwrap_or_default();
    let digits = provider_id
        .and_then(phone_from_provider_id)
        .map(|phone| phone.trim_start_matches('+').to_owned())
        .unwrap_or_default();
    format!("{name}\n{digits}")
}

/// Recomputes every stored key (chats and attendees) from the names and ids they are made
/// of: the schema step that changed how keys are folded.
pub(super) fn refold_stored_keys(tx: &Transaction<'_>) -> HookResult {
    for (table, id_column) in [
        ("chats", "attendee_provider_id"),
        ("attendees", "provider_id"),
    ] {
        let rows: Vec<(i64, Option<String>, Option<String>)> = tx
            .prepare(&format!("SELECT key, name, {id_column} FROM {table}"))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let mut update = tx.prepare(&format!(
            "UPDATE {table} SET search_text = ?2 WHERE key = ?1 AND search_text IS NOT ?2"
        ))?;
        for (key, name, provider_id) in rows {
            update.execute(params![
                key,
                search_key(name.as_deref(), provider_id.as_deref())
            ])?;
        }
    }
    Ok(())
}

/// Lower case without accents: `Jürgen` and `jurgen` are one key. Letters are decomposed and
/// their combining marks dropped, so `ø` or `ß` (no decomposition) stay as they are.
pub(super) fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The user's query, folded the same way. A query that looks like a phone number
/// (`+33 6 12-34`) also matches by its digits alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SearchTerms {
    pub text: String,
    /// Empty when the query is not a number.
    pub digits: String,
}

impl SearchTerms {
    /// `None` for a blank query: no filter at all.
    pub fn parse(query: &str) -> Option<Self> {
        let query = query.trim();
        if query.is_empty() {
            return None;
        }
        let looks_like_number = query.chars().any(|c| c.is_ascii_digit())
            && query
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'));
        let digits = if looks_like_number {
            query.chars().filter(char::is_ascii_digit).collect()
        } else {
            String::new()
        };
        Some(Self {
            text: fold(query),
            digits,
        })
    }

    /// The number typed in the national form of `known_number`'s country (`0639980174` for
    /// `+33…`), as the international digits a key holds; `None` when it is not one.
    pub fn international(&self, known_number: &str) -> Option<String> {
        international_digits(&self.digits, known_number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_names_and_keep_phone_digits() {
        assert_eq!(
            search_key(Some("Élodie DUPONT"), Some("33612345678@s.whatsapp.net")),
            "elodie dupont\n33612345678"
        );
        assert_eq!(search_key(Some("Jürgen Çelik"), None), "jurgen celik\n");
        assert_eq!(search_key(None, Some("120363@g.us")), "\n");
    }

    #[test]
    fn numbers_match_by_digits_and_words_by_folded_text() {
        let number = SearchTerms::parse(" +33 6 12-34 ").unwrap();
        assert_eq!(number.digits, "3361234");
        let word = SearchTerms::parse("ÉLO").unwrap();
        assert_eq!(word.text, "elo");
        let national = SearchTerms::parse("06 39 98 01 74").unwrap();
        assert_eq!(
            national.international("+33184800001").as_deref(),
            Some("33639980174")
        );
        assert_eq!(word.digits, "");
        assert_eq!(SearchTerms::parse("Shop 24").unwrap().digits, "");
        assert_eq!(SearchTerms::parse("   "), None);
    }
}
