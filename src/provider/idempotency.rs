//! The `Idempotency-Key` of a write: derived from the outbox entry it sends, so every request
//! made for that entry carries the same key and a provider that keeps keys (Late keeps them
//! 24 hours) answers a repeat with the first answer instead of sending the message again.

use std::fmt;

use chrono::{DateTime, Utc};

/// At most this many characters; longer text given to `new` is refused.
const MAX_LEN: usize = 255;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of outbox entry `entry_id` created at `created_at`. The time is part of it
    /// because entry numbers start again in a fresh cache, and a key is kept by the
    /// provider for the whole API key, not one machine's cache.
    pub fn for_outbox_entry(entry_id: i64, created_at: DateTime<Utc>) -> Self {
        Self(format!(
            "unibox-{}-{entry_id}",
            created_at.timestamp_micros()
        ))
    }

    /// A key of its own for a write that no outbox entry stands for (mark read, a
    /// reaction): it never meets another request, so a later, wanted repeat of the same
    /// write is never mistaken for a retry.
    pub fn fresh() -> Self {
        Self(format!("unibox-once-{:032x}", rand::random::<u128>()))
    }

    /// A key given as text: printable ASCII, 1 to 255 characters (it travels in a header).
    pub fn new(key: impl Into<String>) -> Option<Self> {
        let key = key.into();
        let fits =
            !key.is_empty() && key.len() <= MAX_LEN && key.bytes().all(|b| b.is_ascii_graphic());
        fits.then_some(Self(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdempotencyKey({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn one_outbox_entry_always_gives_the_same_key_and_another_entry_another() {
        let at = Utc.with_ymd_and_hms(2026, 3, 4, 5, 6, 7).unwrap();
        let key = IdempotencyKey::for_outbox_entry(42, at);
        assert_eq!(key, IdempotencyKey::for_outbox_entry(42, at));
        assert_eq!(key.as_str(), "unibox-1772600767000000-42");
        assert_ne!(key, IdempotencyKey::for_outbox_entry(43, at));
        let later = at + chrono::Duration::microseconds(1);
        assert_ne!(key, IdempotencyKey::for_outbox_entry(42, later));
    }

    #[test]
    fn fresh_keys_differ_and_every_key_fits_a_header() {
        let (a, b) = (IdempotencyKey::fresh(), IdempotencyKey::fresh());
        assert_ne!(a, b);
        for key in [a, b, IdempotencyKey::for_outbox_entry(-1, Utc::now())] {
            assert!(reqwest::header::HeaderValue::from_str(key.as_str()).is_ok());
            assert!(IdempotencyKey::new(key.as_str()).is_some());
        }
        assert!(IdempotencyKey::new("").is_none());
        assert!(IdempotencyKey::new("a b").is_none());
        assert!(IdempotencyKey::new("a\r\nX: y").is_none());
        assert!(IdempotencyKey::new("k".repeat(256)).is_none());
    }
}
