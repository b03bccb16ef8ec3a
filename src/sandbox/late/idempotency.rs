//! `Idempotency-Key` on sends: the first request with a key runs; while it runs the key answers
//! 409; a 2xx answer is kept for 24 hours and replayed to the same key with the same body; the
//! same key with another body is 422. A non-2xx answer releases the key.

use std::collections::HashMap;

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::Value;

pub const KEY_RETENTION: TimeDelta = TimeDelta::hours(24);

/// What makes two requests "the same": the route and the body, compared by content (JSON by
/// value, so key order and spacing do not matter; multipart by its parts, not its boundary).
#[derive(Debug, Clone, PartialEq)]
pub enum Fingerprint {
    Json {
        path: String,
        body: Value,
    },
    Multipart {
        path: String,
        parts: Vec<(String, Option<String>, Bytes)>,
    },
    Other {
        path: String,
    },
}

/// A 2xx answer kept for replay.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer {
    pub status: u16,
    pub body: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The key is new (or was released, or expired): run the request.
    Run,
    Replay(StoredAnswer),
    InFlight,
    DifferentBody,
}

#[derive(Debug)]
enum Stage {
    InFlight,
    Done(StoredAnswer),
}

#[derive(Debug)]
struct Entry {
    fingerprint: Fingerprint,
    stage: Stage,
    first_seen: DateTime<Utc>,
}

#[derive(Debug, Default)]
pub struct IdempotencyKeys {
    entries: HashMap<String, Entry>,
}

impl IdempotencyKeys {
    pub fn claim(&mut self, key: &str, fingerprint: Fingerprint, now: DateTime<Utc>) -> Claim {
        self.entries
            .retain(|_, entry| entry.first_seen + KEY_RETENTION > now);
        match self.entries.get(key) {
            None => {
                self.entries.insert(
                    key.to_owned(),
                    Entry {
                        fingerprint,
                        stage: Stage::InFlight,
                        first_seen: now,
                    },
                );
                Claim::Run
            }
            Some(entry) if entry.fingerprint != fingerprint => Claim::DifferentBody,
            Some(Entry {
                stage: Stage::InFlight,
                ..
            }) => Claim::InFlight,
            Some(Entry {
                stage: Stage::Done(answer),
                ..
            }) => Claim::Replay(answer.clone()),
        }
    }

    /// The request under `key` answered `answer`: kept when 2xx, the key released otherwise.
    pub fn finish(&mut self, key: &str, answer: StoredAnswer) {
        if (200..300).contains(&answer.status) {
            if let Some(entry) = self.entries.get_mut(key) {
                entry.stage = Stage::Done(answer);
            }
        } else {
            self.entries.remove(key);
        }
    }

    /// Forgets `key`: the request under it failed after it was applied, and says so.
    pub fn release(&mut self, key: &str) {
        self.entries.remove(key);
    }

    /// Keys whose first request is still running.
    pub fn in_flight(&self) -> usize {
        self.entries
            .values()
            .filter(|entry| matches!(entry.stage, Stage::InFlight))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use serde_json::json;

    use super::*;

    fn json_body(text: &str) -> Fingerprint {
        Fingerprint::Json {
            path: "/v1/inbox/conversations/c/messages".into(),
            body: json!({"accountId": "a", "message": text}),
        }
    }

    #[test]
    fn a_key_runs_once_then_replays_and_refuses_another_body() {
        let now = Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap();
        let mut keys = IdempotencyKeys::default();
        assert_eq!(keys.claim("k", json_body("hi"), now), Claim::Run);
        assert_eq!(keys.claim("k", json_body("hi"), now), Claim::InFlight);
        assert_eq!(keys.in_flight(), 1);
        let answer = StoredAnswer {
            status: 200,
            body: json!({"success": true}),
        };
        keys.finish("k", answer.clone());
        assert_eq!(keys.claim("k", json_body("hi"), now), Claim::Replay(answer));
        assert_eq!(keys.claim("k", json_body("ho"), now), Claim::DifferentBody);
        let next_day = now + KEY_RETENTION;
        assert_eq!(keys.claim("k", json_body("ho"), next_day), Claim::Run);
    }

    #[test]
    fn a_failed_request_releases_its_key() {
        let now = Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap();
        let mut keys = IdempotencyKeys::default();
        assert_eq!(keys.claim("k", json_body("hi"), now), Claim::Run);
        keys.finish(
            "k",
            StoredAnswer {
                status: 400,
                body: json!({}),
            },
        );
        assert_eq!(keys.claim("k", json_body("other"), now), Claim::Run);
    }
}
