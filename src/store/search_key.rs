//! Folding names and numbers for "search chats" and the start-chat picker: a stored key per
//! row (lower-cased name, phone digits) and the matching terms of what the user typed.

use crate::domain::phone_from_provider_id;

/// What a chat or an attendee is found by: the name in lower case and, for WhatsApp user ids,
/// the phone number's digits.
pub(super) fn search_key(name: Option<&str>, provider_id: Option<&str>) -> String {
    let name = name.map(str::to_lowercase).unwrap_or_default();
    let digits = provider_id
        .and_then(phone_from_provider_id)
        .map(|phone| phone.trim_start_matches('+').to_owned())
        .unwrap_or_default();
    format!("{name}\n{digits}")
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
            text: query.to_lowercase(),
            digits,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_names_and_keep_phone_digits() {
        assert_eq!(
            search_key(Some("Élodie DUPONT"), Some("33612345678@s.whatsapp.net")),
            "élodie dupont\n33612345678"
        );
        assert_eq!(search_key(None, Some("120363@g.us")), "\n");
    }

    #[test]
    fn numbers_match_by_digits_and_words_by_folded_text() {
        let number = SearchTerms::parse(" +33 6 12-34 ").unwrap();
        assert_eq!(number.digits, "3361234");
        let word = SearchTerms::parse("ÉLO").unwrap();
        assert_eq!(word.text, "élo");
        assert_eq!(word.digits, "");
        assert_eq!(SearchTerms::parse("Shop 24").unwrap().digits, "");
        assert_eq!(SearchTerms::parse("   "), None);
    }
}
