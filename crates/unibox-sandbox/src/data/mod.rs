//! The demo world, generated from a seed relative to an anchor time: a ceramics shop's
//! WhatsApp inbox across four numbers. Same seed and anchor → same records, ids included.

pub mod channels;
mod content;
mod history;
pub mod hostile;
mod ids;
mod large;
mod names;
mod people;
mod plan;
mod texts;

use chrono::{DateTime, TimeDelta, Utc};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;

use self::history::{Cast, Generator};
use self::people::{Contact, PhoneBook};
use self::plan::{ACCOUNTS, ChatPlan, Mute, Shape, Topic};
use crate::Scale;
use crate::domain::AccountId;
use crate::state::{
    AccountRecord, AttachmentKind, AttendeeRecord, ChatRecord, ChatType, MessageRecord, MutedUntil,
    World,
};

pub use content::attachment_bytes;
pub use ids::IdSource;
pub use large::{ChatHistory, LONG_THREAD, LargeInbox};
pub use texts::inbound_stream;

/// Separate streams, so that adding a chat to the plan does not change every id.
const IDS_STREAM: u64 = 0x1D5_0000;
const RUNTIME_IDS_STREAM: u64 = 0x2D5_0000;

pub fn generate(seed: u64, anchor: DateTime<Utc>, scale: Scale) -> World {
    match scale {
        Scale::Demo => demo(seed, anchor),
        Scale::Large { chats, messages } => LargeInbox::new(seed, anchor, chats, messages).world(),
    }
}

fn demo(seed: u64, anchor: DateTime<Utc>) -> World {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut ids = IdSource::new(seed ^ IDS_STREAM);
    let mut people = Directory::default();
    let mut world = World::new(IdSource::new(seed ^ RUNTIME_IDS_STREAM));

    let (accounts, own) = accounts_and_selves_from(&mut ids, anchor);
    for account in &accounts {
        people.phones.reserve(&account.phone_number);
    }
    for attendee in own {
        people.add(attendee);
    }

    let mut chats = Vec::new();
    for plan in self::plan::DEMO_CHATS {
        let Some(account) = accounts.get(plan.account) else {
            continue;
        };
        let Some(own) = people.own(&account.id).cloned() else {
            continue;
        };
        let others = people.cast_of(plan, &account.id, &mut ids, &mut rng);
        let chat = chat_record(plan, &own, &others, &mut ids, anchor);
        let (first_name, cities) = match plan.shape {
            Shape::Single(contact) => (
                greeting_name(&contact, plan.topic),
                contact.country.cities(),
            ),
            // Groups and channels are run from Lyon.
            _ => (String::new(), people::Country::Fr.cities()),
        };
        let cast = Cast {
            own: &own,
            others: &others,
            first_name,
            cities,
        };
        let mut generator = Generator {
            rng: &mut rng,
            ids: &mut ids,
            anchor,
        };
        let history = generator.history(plan, &chat, &cast);
        chats.push((chat, history));
    }
    mark_oldest_photo_unavailable(&mut chats);

    for (account, plan) in accounts.iter().zip(ACCOUNTS) {
        for contact in plan.warm_contacts {
            people.attendee(&account.id, contact, &mut ids, &mut rng);
        }
    }
    for account in accounts {
        world.add_account(account);
    }
    for attendee in people.attendees {
        world.add_attendee(attendee);
    }
    for (chat, history) in chats {
        world.add_chat(chat, history);
    }
    world
}

fn chat_record(
    plan: &ChatPlan,
    own: &AttendeeRecord,
    others: &[AttendeeRecord],
    ids: &mut IdSource,
    anchor: DateTime<Utc>,
) -> ChatRecord {
    let id = ids.chat();
    let (chat_type, provider_id, attendee_provider_id, name) = match plan.shape {
        Shape::Single(contact) => {
            let provider_id = others
                .first()
                .map(|a| a.provider_id.clone())
                .unwrap_or_default();
            let name = contact.name.filter(|_| plan.named).map(str::to_owned);
            (
                ChatType::Single,
                provider_id.clone(),
                Some(provider_id),
                name,
            )
        }
        Shape::Group { name, .. } => (
            ChatType::Group,
            ids.group_provider_id(),
            None,
            Some(name.to_owned()),
        ),
        Shape::Channel { name, .. } => {
            let provider_id = others
                .first()
                .map(|a| a.provider_id.clone())
                .unwrap_or_default();
            (ChatType::Channel, provider_id, None, Some(name.to_owned()))
        }
    };
    let members = std::iter::once(own).chain(others).map(|a| a.id.clone());
    ChatRecord {
        id,
        account_id: own.account_id.clone(),
        provider_id,
        attendee_provider_id,
        name,
        chat_type,
        timestamp: None,
        unread_count: match plan.ending {
            self::plan::Ending::Unread(count) => count,
            _ => 0,
        },
        archived: plan.archived,
        muted_until: muted_until(plan.mute, anchor),
        read_only: plan.read_only,
        reactions_disabled: plan.reactions_disabled,
        members: members.collect(),
    }
}

/// The four accounts and each one's own attendee, with ids drawn from the seed's id stream.
fn accounts_and_selves(
    seed: u64,
    anchor: DateTime<Utc>,
) -> (Vec<AccountRecord>, Vec<AttendeeRecord>) {
    accounts_and_selves_from(&mut IdSource::new(seed ^ IDS_STREAM), anchor)
}

fn accounts_and_selves_from(
    ids: &mut IdSource,
    anchor: DateTime<Utc>,
) -> (Vec<AccountRecord>, Vec<AttendeeRecord>) {
    let accounts: Vec<AccountRecord> = ACCOUNTS
        .iter()
        .map(|plan| AccountRecord {
            id: ids.account(),
            name: plan.name.to_owned(),
            phone_number: plan.number.to_owned(),
            status: plan.status,
            created_at: anchor - TimeDelta::days(plan.created_days_ago),
            resync: plan.resync,
            account_type: "WHATSAPP".to_owned(),
        })
        .collect();
    let own = accounts
        .iter()
        .map(|account| AttendeeRecord {
            id: ids.attendee(),
            account_id: account.id.clone(),
            provider_id: account.provider_id(),
            name: account.name.clone(),
            is_self: true,
        })
        .collect();
    (accounts, own)
}

fn muted_until(mute: Mute, anchor: DateTime<Utc>) -> MutedUntil {
    match mute {
        Mute::No => MutedUntil::NotMuted,
        Mute::Forever => MutedUntil::Forever,
        Mute::ForDays(days) => MutedUntil::Until(anchor + TimeDelta::days(days)),
        Mute::ExpiredDaysAgo(days) => MutedUntil::Until(anchor - TimeDelta::days(days)),
    }
}

/// The name scripts greet people by: a customer's first name (or the name they go by when
/// unsaved), a business's full name.
fn greeting_name(contact: &Contact, topic: Topic) -> String {
    match contact.name {
        Some(name) if topic == Topic::Business => name.to_owned(),
        Some(name) => name.split_whitespace().next().unwrap_or(name).to_owned(),
        None => {
            let mut chars = contact.key.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    }
}

/// One photo whose media the phone no longer has.
fn mark_oldest_photo_unavailable(chats: &mut [(ChatRecord, Vec<MessageRecord>)]) {
    let oldest = chats
        .iter_mut()
        .flat_map(|(_, history)| history.iter_mut())
        .filter(|m| {
            m.attachments
                .iter()
                .any(|a| matches!(a.kind, AttachmentKind::Image { .. }))
        })
        .min_by_key(|m| m.timestamp);
    if let Some(attachment) = oldest.and_then(|m| m.attachments.first_mut()) {
        attachment.unavailable = true;
    }
}

/// Attendee records per account: one per person the account talks to.
#[derive(Default)]
struct Directory {
    phones: PhoneBook,
    attendees: Vec<AttendeeRecord>,
}

impl Directory {
    fn add(&mut self, attendee: AttendeeRecord) {
        self.attendees.push(attendee);
    }

    fn own(&self, account: &AccountId) -> Option<&AttendeeRecord> {
        self.attendees
            .iter()
            .find(|a| &a.account_id == account && a.is_self)
    }

    fn attendee(
        &mut self,
        account: &AccountId,
        contact: &Contact,
        ids: &mut IdSource,
        rng: &mut Xoshiro256PlusPlus,
    ) -> AttendeeRecord {
        let provider_id = format!("{}@s.whatsapp.net", self.phones.number(contact, rng));
        if let Some(known) = self
            .attendees
            .iter()
            .find(|a| &a.account_id == account && a.provider_id == provider_id)
        {
            return known.clone();
        }
        // An unsaved number shows as the number itself.
        let name = match contact.name {
            Some(name) => name.to_owned(),
            None => format!("+{}", provider_id.trim_end_matches("@s.whatsapp.net")),
        };
        let attendee = AttendeeRecord {
            id: ids.attendee(),
            account_id: account.clone(),
            provider_id,
            name,
            is_self: false,
        };
        self.attendees.push(attendee.clone());
        attendee
    }

    /// The chat's other members, created on first appearance.
    fn cast_of(
        &mut self,
        plan: &ChatPlan,
        account: &AccountId,
        ids: &mut IdSource,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Vec<AttendeeRecord> {
        match plan.shape {
            Shape::Single(contact) => vec![self.attendee(account, &contact, ids, rng)],
            Shape::Group { members, .. } => members
                .iter()
                .map(|contact| self.attendee(account, contact, ids, rng))
                .collect(),
            Shape::Channel { name, .. } => {
                let channel = AttendeeRecord {
                    id: ids.attendee(),
                    account_id: account.clone(),
                    provider_id: ids.channel_provider_id(),
                    name: name.to_owned(),
                    is_self: false,
                };
                self.attendees.push(channel.clone());
                vec![channel]
            }
        }
    }
}

#[cfg(test)]
mod tests;
