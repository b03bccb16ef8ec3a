//! A message's fingerprint: a 64-bit digest of every field received for it, fed field by
//! field. Two ingests of the same message give the same value, a change in any field gives
//! another (but for a 2⁻⁶⁴ accident), so an upsert of an unchanged message writes nothing.
//!
//! Fed field by field rather than hashing the message's JSON: serialising every message
//! to JSON and hashing it with SHA-256 was a fifth of the ingest's time. The digest is FNV-1a
//! taken eight bytes at a time (little-endian words, the last one padded with zeros; every
//! field's length goes in first, so padding cannot make two inputs equal), with a final mix.
//! It is defined on bytes, so the value is the same on every build and platform (it is
//! stored in the cache and compared across runs).

use crate::domain::{Attachment, AttendeeId, Message, Reaction};

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Version of the fields' layout below: changing what is fed changes it, so no old value
/// can ever equal a new one by accident of layout.
const LAYOUT: u64 = 3;

/// The fingerprint of `message` whose quoted block is `quoted` as stored (JSON), and whose
/// reactions, one per sender, are `reactions`.
pub(super) fn fingerprint(message: &Message, quoted: Option<&str>, reactions: &[&Reaction]) -> i64 {
    let mut digest = Fnv::new();
    digest.number(LAYOUT);
    digest.text(message.id.as_str());
    digest.text(message.account_id.as_str());
    digest.text(message.chat_id.as_str());
    digest.text(&message.provider_id);
    digest.text(&message.sender_id);
    digest.optional_text(message.sender_attendee_id.as_ref().map(AttendeeId::as_str));
    digest.optional_text(message.text.as_deref());
    digest.signed(message.timestamp.timestamp_millis());
    digest.signed(i64::from(message.timestamp.timestamp_subsec_nanos()));
    for flag in [
        message.is_sender,
        message.seen,
        message.delivered,
        message.hidden,
        message.deleted,
        message.edited,
        message.is_event,
    ] {
        digest.flag(flag);
    }
    match message.event_type {
        Some(event) => {
            digest.flag(true);
            digest.signed(event);
        }
        None => digest.flag(false),
    }
    digest.optional_text(quoted);
    digest.number(reactions.len() as u64);
    for reaction in reactions {
        digest.text(&reaction.value);
        digest.text(&reaction.sender_id);
        digest.flag(reaction.is_sender);
    }
    digest.number(message.attachments.len() as u64);
    for attachment in &message.attachments {
        digest.attachment(attachment);
    }
    i64::from_le_bytes(digest.finish().to_le_bytes())
}

/// FNV-1a over 64-bit words.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Self(FNV_OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in words.by_ref() {
            let mut full = [0u8; 8];
            full.copy_from_slice(word);
            self.word(u64::from_le_bytes(full));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut padded = [0u8; 8];
            padded[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(padded));
        }
    }

    fn word(&mut self, word: u64) {
        self.0 ^= word;
        self.0 = self.0.wrapping_mul(FNV_PRIME);
    }

    /// Spreads every input bit over the whole value (a word-wise FNV leaves the top of the
    /// last word weakly mixed).
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }

    fn number(&mut self, value: u64) {
        self.word(value);
    }

    fn signed(&mut self, value: i64) {
        self.word(u64::from_le_bytes(value.to_le_bytes()));
    }

    fn flag(&mut self, value: bool) {
        self.word(u64::from(value));
    }

    /// Length first, so that field boundaries cannot shift ("ab" + "c" is not "a" + "bc").
    fn text(&mut self, value: &str) {
        self.number(value.len() as u64);
        self.bytes(value.as_bytes());
    }

    fn optional_text(&mut self, value: Option<&str>) {
        match value {
            Some(text) => {
                self.flag(true);
                self.text(text);
            }
            None => self.flag(false),
        }
    }

    fn attachment(&mut self, attachment: &Attachment) {
        self.text(attachment.id.as_str());
        self.text(attachment.kind.as_str());
        self.optional_text(attachment.mimetype.as_deref());
        match attachment.file_size {
            Some(size) => {
                self.flag(true);
                self.number(size);
            }
            None => self.flag(false),
        }
        self.optional_text(attachment.file_name.as_deref());
        self.flag(attachment.unavailable);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, AttachmentId, AttachmentKind, ChatId, MessageId};
    use chrono::{TimeZone, Utc};

    fn message() -> Message {
        Message {
            id: MessageId("m1".into()),
            account_id: AccountId("a1".into()),
            chat_id: ChatId("c1".into()),
            provider_id: "p1".into(),
            sender_id: "s1".into(),
            sender_attendee_id: None,
            text: Some("bonjour".into()),
            attachments: vec![Attachment {
                id: AttachmentId("f1".into()),
                kind: AttachmentKind::parse("img"),
                mimetype: Some("image/jpeg".into()),
                file_size: Some(10),
                file_name: None,
                unavailable: false,
            }],
            timestamp: Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap(),
            is_sender: false,
            quoted: None,
            reactions: vec![Reaction {
                value: "👍".into(),
                sender_id: "s2".into(),
                is_sender: false,
            }],
            seen: false,
            delivered: true,
            hidden: false,
            deleted: false,
            edited: false,
            is_event: false,
            event_type: None,
        }
    }

    fn of(message: &Message) -> i64 {
        fingerprint(message, None, &message.reactions.iter().collect::<Vec<_>>())
    }

    #[test]
    fn the_same_message_gives_the_same_value_every_time() {
        assert_eq!(of(&message()), of(&message()));
        // With a quoted block too.
        assert_eq!(
            fingerprint(&message(), Some("{}"), &[]),
            fingerprint(&message(), Some("{}"), &[])
        );
    }

    #[test]
    fn any_changed_field_changes_the_value() {
        let base = of(&message());
        type Change = (&'static str, fn(&mut Message));
        let changes: Vec<Change> = vec![
            ("text", |m| m.text = Some("bonjour!".into())),
            ("no text", |m| m.text = None),
            ("empty text", |m| m.text = Some(String::new())),
            ("seen", |m| m.seen = true),
            ("delivered", |m| m.delivered = false),
            ("hidden", |m| m.hidden = true),
            ("deleted", |m| m.deleted = true),
            ("edited", |m| m.edited = true),
            ("event", |m| m.is_event = true),
            ("event type", |m| m.event_type = Some(0)),
            ("time", |m| {
                m.timestamp += chrono::TimeDelta::milliseconds(1);
            }),
            ("sender", |m| m.sender_id = "s2".into()),
            ("attendee", |m| {
                m.sender_attendee_id = Some(crate::domain::AttendeeId("s1".into()));
            }),
            ("chat", |m| m.chat_id = ChatId("c2".into())),
            ("reaction", |m| m.reactions[0].value = "❤️".into()),
            ("reaction gone", |m| m.reactions.clear()),
            ("our reaction", |m| m.reactions[0].is_sender = true),
            ("attachment size", |m| m.attachments[0].file_size = None),
            ("attachment name", |m| {
                m.attachments[0].file_name = Some("a.jpg".into());
            }),
            ("attachment unavailable", |m| {
                m.attachments[0].unavailable = true;
            }),
            ("attachment gone", |m| m.attachments.clear()),
        ];
        for (what, change) in changes {
            let mut changed = message();
            change(&mut changed);
            assert_ne!(of(&changed), base, "{what}");
        }
        assert_ne!(
            fingerprint(&message(), Some("{\"text\":\"x\"}"), &[]),
            fingerprint(&message(), None, &[]),
            "quoted"
        );
    }

    #[test]
    fn field_boundaries_do_not_shift() {
        let mut left = message();
        left.provider_id = "ab".into();
        left.sender_id = "c".into();
        let mut right = message();
        right.provider_id = "a".into();
        right.sender_id = "bc".into();
        assert_ne!(of(&left), of(&right));
    }
}
