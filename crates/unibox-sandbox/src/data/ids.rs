//! Identifiers that look like the provider's: opaque base62 ids for its records, hex message
//! ids as WhatsApp makes them, `120363…@g.us` groups. Drawn from a seeded generator, so the
//! same seed gives the same ids.

use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use crate::domain::{AccountId, AttachmentId, AttendeeId, ChatId, MessageId};

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX: &[u8] = b"0123456789ABCDEF";
/// Length of the provider's record ids (`5o0Ab9UXS3yYlPqV2rHt1w`).
const RECORD_ID_LEN: usize = 22;

#[derive(Debug, Clone)]
pub struct IdSource {
    rng: Xoshiro256PlusPlus,
}

impl IdSource {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    pub fn account(&mut self) -> AccountId {
        AccountId::new(self.record_id())
    }

    pub fn chat(&mut self) -> ChatId {
        ChatId::new(self.record_id())
    }

    pub fn message(&mut self) -> MessageId {
        MessageId::new(self.record_id())
    }

    pub fn attendee(&mut self) -> AttendeeId {
        AttendeeId::new(self.record_id())
    }

    pub fn attachment(&mut self) -> AttachmentId {
        AttachmentId::new(self.record_id())
    }

    /// WhatsApp's id of a message: ours carry the `3EB0` prefix of linked devices.
    pub fn message_provider_id(&mut self, ours: bool) -> String {
        if ours {
            format!("3EB0{}", self.draw(HEX, 18))
        } else {
            self.draw(HEX, 32)
        }
    }

    pub fn group_provider_id(&mut self) -> String {
        format!("120363{}@g.us", self.draw(&BASE62[..10], 12))
    }

    pub fn channel_provider_id(&mut self) -> String {
        format!("120363{}@newsletter", self.draw(&BASE62[..10], 12))
    }

    /// A seed for content made later (attachment bytes).
    pub fn content_seed(&mut self) -> u64 {
        self.rng.random()
    }

    fn record_id(&mut self) -> String {
        self.draw(BASE62, RECORD_ID_LEN)
    }

    fn draw(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| {
                let index = self.rng.random_range(0..alphabet.len());
                char::from(alphabet.get(index).copied().unwrap_or(b'0'))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_providers_shapes_and_repeat_per_seed() {
        let mut ids = IdSource::new(1);
        let chat = ids.chat();
        assert_eq!(chat.as_str().len(), RECORD_ID_LEN);
        assert!(chat.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
        let ours = ids.message_provider_id(true);
        assert!(ours.starts_with("3EB0") && ours.len() == 22, "{ours}");
        let group = ids.group_provider_id();
        assert!(
            group.starts_with("120363") && group.ends_with("@g.us"),
            "{group}"
        );
        assert_eq!(IdSource::new(1).chat(), chat);
        assert_ne!(IdSource::new(2).chat(), chat);
    }
}
