//! Everything the Late sandbox knows: numbers, conversations, messages, templates, and the
//! bookkeeping of its rules (recent sends per recipient, idempotency keys).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::idempotency::IdempotencyKeys;
use super::recipient_limit::RecipientLimit;
use super::records::{LateAccount, LateAttachment, LateConversation, LateMessage, LateTemplate};

const HEX: &[u8] = b"0123456789abcdef";

/// Ids in the shapes Late and Meta use, from a seeded generator.
#[derive(Debug)]
pub struct LateIds {
    rng: Xoshiro256PlusPlus,
}

impl LateIds {
    pub fn new(seed: u64) -> Self {
        Self {
            rng: Xoshiro256PlusPlus::seed_from_u64(seed),
        }
    }

    /// A record id: 24 hex digits, like every Late `_id`.
    pub fn record(&mut self) -> String {
        self.draw(24)
    }

    /// A WhatsApp message id.
    pub fn wamid(&mut self) -> String {
        format!("wamid.HBgL{}", self.draw(40).to_uppercase())
    }

    /// A Meta media id: digits.
    pub fn media(&mut self) -> String {
        (0..16)
            .map(|_| char::from(b'0' + self.rng.random_range(0..10u8)))
            .collect()
    }

    fn draw(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(HEX[self.rng.random_range(0..HEX.len())]))
            .collect()
    }
}

#[derive(Debug)]
pub struct LateWorld {
    pub ids: LateIds,
    accounts: Vec<LateAccount>,
    conversations: Vec<LateConversation>,
    /// Per conversation, oldest first; a message's position is its place in the list's order.
    messages: HashMap<String, Vec<LateMessage>>,
    templates: HashMap<String, Vec<LateTemplate>>,
    pub recipient_limit: RecipientLimit,
    pub idempotency: IdempotencyKeys,
}

impl LateWorld {
    pub fn new(ids: LateIds) -> Self {
        Self {
            ids,
            accounts: Vec::new(),
            conversations: Vec::new(),
            messages: HashMap::new(),
            templates: HashMap::new(),
            recipient_limit: RecipientLimit::default(),
            idempotency: IdempotencyKeys::default(),
        }
    }

    pub fn add_account(&mut self, account: LateAccount, templates: Vec<LateTemplate>) {
        self.templates.insert(account.id.clone(), templates);
        self.accounts.push(account);
    }

    /// Adds a conversation with its history (any order: sorted by time here).
    pub fn add_conversation(
        &mut self,
        conversation: LateConversation,
        mut history: Vec<LateMessage>,
    ) {
        history.sort_by_key(|m| m.created_at);
        self.messages.insert(conversation.id.clone(), history);
        self.conversations.push(conversation);
    }

    pub fn accounts(&self) -> &[LateAccount] {
        &self.accounts
    }

    pub fn account(&self, id: &str) -> Option<&LateAccount> {
        self.accounts.iter().find(|a| a.id == id)
    }

    pub fn conversations(&self) -> &[LateConversation] {
        &self.conversations
    }

    pub fn conversation(&self, id: &str) -> Option<&LateConversation> {
        self.conversations.iter().find(|c| c.id == id)
    }

    pub fn conversation_mut(&mut self, id: &str) -> Option<&mut LateConversation> {
        self.conversations.iter_mut().find(|c| c.id == id)
    }

    pub fn conversation_with(&self, account: &str, participant: &str) -> Option<&LateConversation> {
        self.conversations
            .iter()
            .find(|c| c.account_id == account && c.participant_id == participant)
    }

    pub fn messages(&self, conversation: &str) -> &[LateMessage] {
        self.messages
            .get(conversation)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn messages_mut(&mut self, conversation: &str) -> Option<&mut Vec<LateMessage>> {
        self.messages.get_mut(conversation)
    }

    /// The last activity of a conversation: its newest message's time.
    pub fn updated_time(&self, conversation: &str) -> Option<DateTime<Utc>> {
        self.messages(conversation).last().map(|m| m.created_at)
    }

    pub fn unread_count(&self, conversation: &str) -> usize {
        self.messages(conversation)
            .iter()
            .filter(|m| m.is_incoming() && !m.read)
            .count()
    }

    pub fn push_message(&mut self, message: LateMessage) {
        self.messages
            .entry(message.conversation_id.clone())
            .or_default()
            .push(message);
    }

    pub fn templates(&self, account: &str) -> &[LateTemplate] {
        self.templates
            .get(account)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The attachment with this media id, with the message that carries it.
    pub fn media(&self, media_id: &str) -> Option<(&LateMessage, &LateAttachment)> {
        self.messages.values().flatten().find_map(|message| {
            message
                .attachments
                .iter()
                .find(|a| a.media_id == media_id)
                .map(|a| (message, a))
        })
    }
}
