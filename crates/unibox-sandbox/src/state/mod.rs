//! The sandbox's in-memory world: accounts, attendees, chats and their messages, and the
//! contract's rules applied to them (`rules`). One mutex guards it; every request holds it
//! briefly and never across an await.

mod records;
mod rules;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::data::IdSource;
use crate::domain::{AccountId, AttachmentId, AttendeeId, ChatId, MessageId};

pub use records::*;
pub use rules::{NewChat, NewMessage, Rejection, Upload};

/// Everything the sandbox knows. Lists keep a fixed order (never a hash map's), so the same
/// seed always serialises to the same JSON.
#[derive(Debug)]
pub struct World {
    accounts: Vec<AccountRecord>,
    attendees: Vec<AttendeeRecord>,
    chats: Vec<ChatRecord>,
    chat_positions: HashMap<ChatId, usize>,
    /// Per chat, oldest first.
    messages: HashMap<ChatId, Vec<MessageRecord>>,
    message_chats: HashMap<MessageId, ChatId>,
    /// Ids of what is created while running.
    ids: IdSource,
    /// Polls seen per resync (account or chat id), to walk the statuses.
    resync_polls: HashMap<String, u32>,
    /// Our sent messages the contact has not read yet: (chat, message).
    unread_by_contact: Vec<(ChatId, MessageId)>,
    /// Which member writes the next simulated group message.
    inbound_turn: usize,
}

impl World {
    pub fn new(ids: IdSource) -> Self {
        Self {
            accounts: Vec::new(),
            attendees: Vec::new(),
            chats: Vec::new(),
            chat_positions: HashMap::new(),
            messages: HashMap::new(),
            message_chats: HashMap::new(),
            ids,
            resync_polls: HashMap::new(),
            unread_by_contact: Vec::new(),
            inbound_turn: 0,
        }
    }

    pub fn add_account(&mut self, account: AccountRecord) {
        self.accounts.push(account);
    }

    pub fn add_attendee(&mut self, attendee: AttendeeRecord) {
        self.attendees.push(attendee);
    }

    /// Adds a chat with its history (any order); the chat's timestamp becomes its last message's.
    pub fn add_chat(&mut self, mut chat: ChatRecord, mut history: Vec<MessageRecord>) {
        history.sort_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)));
        chat.timestamp = history.last().map(|m| m.timestamp).or(chat.timestamp);
        for message in &history {
            self.message_chats
                .insert(message.id.clone(), chat.id.clone());
        }
        self.chat_positions
            .insert(chat.id.clone(), self.chats.len());
        self.messages.insert(chat.id.clone(), history);
        self.chats.push(chat);
    }

    pub fn accounts(&self) -> &[AccountRecord] {
        &self.accounts
    }

    pub fn account(&self, id: &AccountId) -> Option<&AccountRecord> {
        self.accounts.iter().find(|a| &a.id == id)
    }

    /// Every attendee of every account, in creation order.
    pub fn attendees(&self) -> &[AttendeeRecord] {
        &self.attendees
    }

    /// The people an account knows (its `/chat_attendees`), itself included.
    pub fn known_attendees<'a>(
        &'a self,
        account: &'a AccountId,
    ) -> impl Iterator<Item = &'a AttendeeRecord> + 'a {
        self.attendees
            .iter()
            .filter(move |a| &a.account_id == account)
    }

    pub fn attendee(&self, id: &AttendeeId) -> Option<&AttendeeRecord> {
        self.attendees.iter().find(|a| &a.id == id)
    }

    pub fn self_attendee(&self, account: &AccountId) -> Option<&AttendeeRecord> {
        self.attendees
            .iter()
            .find(|a| &a.account_id == account && a.is_self)
    }

    /// All chats, in creation order.
    pub fn chats(&self) -> &[ChatRecord] {
        &self.chats
    }

    pub fn chat(&self, id: &ChatId) -> Option<&ChatRecord> {
        self.chat_positions
            .get(id)
            .and_then(|&position| self.chats.get(position))
    }

    fn chat_mut(&mut self, id: &ChatId) -> Option<&mut ChatRecord> {
        self.chat_positions
            .get(id)
            .and_then(|&position| self.chats.get_mut(position))
    }

    /// The chat's members as attendee records.
    pub fn members<'a>(&'a self, chat: &'a ChatRecord) -> impl Iterator<Item = &'a AttendeeRecord> {
        chat.members.iter().filter_map(|id| self.attendee(id))
    }

    /// A chat's messages, oldest first (as a thread reads); empty for an unknown chat.
    pub fn messages(&self, chat: &ChatId) -> &[MessageRecord] {
        self.messages
            .get(chat)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn message(&self, id: &MessageId) -> Option<&MessageRecord> {
        let chat = self.message_chats.get(id)?;
        self.messages(chat).iter().find(|m| &m.id == id)
    }

    pub(crate) fn message_mut(&mut self, id: &MessageId) -> Option<&mut MessageRecord> {
        let chat = self.message_chats.get(id)?;
        self.messages
            .get_mut(chat)?
            .iter_mut()
            .find(|m| &m.id == id)
    }

    pub fn attachment(
        &self,
        message: &MessageId,
        attachment: &AttachmentId,
    ) -> Option<&AttachmentRecord> {
        self.message(message)?
            .attachments
            .iter()
            .find(|a| &a.id == attachment)
    }

    pub fn message_count(&self) -> usize {
        self.message_chats.len()
    }
}

/// Read access to a running sandbox's world, for tests and the demo. Cheap to clone.
#[derive(Debug, Clone)]
pub struct SandboxState {
    world: Arc<Mutex<World>>,
    clock: Clock,
}

impl SandboxState {
    pub(crate) fn new(world: World, clock: Clock) -> Self {
        Self {
            world: Arc::new(Mutex::new(world)),
            clock,
        }
    }

    /// The sandbox clock: the anchor plus the time elapsed since start.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn anchor(&self) -> DateTime<Utc> {
        self.clock.anchor()
    }

    pub fn accounts(&self) -> Vec<AccountRecord> {
        self.read(|world| world.accounts().to_vec())
    }

    pub fn chats(&self) -> Vec<ChatRecord> {
        self.read(|world| world.chats().to_vec())
    }

    pub fn chat(&self, id: &ChatId) -> Option<ChatRecord> {
        self.read(|world| world.chat(id).cloned())
    }

    /// Oldest first.
    pub fn messages(&self, chat: &ChatId) -> Vec<MessageRecord> {
        self.read(|world| world.messages(chat).to_vec())
    }

    pub fn message(&self, id: &MessageId) -> Option<MessageRecord> {
        self.read(|world| world.message(id).cloned())
    }

    pub fn known_attendees(&self, account: &AccountId) -> Vec<AttendeeRecord> {
        self.read(|world| world.known_attendees(account).cloned().collect())
    }

    /// Anything else, without copying the world.
    pub fn read<R>(&self, f: impl FnOnce(&World) -> R) -> R {
        f(&self.lock())
    }

    pub(crate) fn write<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        f(&mut self.lock())
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        // A panic while holding the lock leaves the world consistent enough for a sandbox.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
