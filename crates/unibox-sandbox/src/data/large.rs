//! A large inbox, to measure unibox at scale (`Scale::Large`): any number of chats and
//! messages over the demo's four accounts. Each chat is generated on its own from the seed and
//! its index, so a cache can be filled one chat at a time without ever holding the inbox, and
//! the same seed always gives the same chats.
//!
//! Chat 0 is the most recent one and holds the long thread (a twentieth of the messages, at
//! most 50 000); the other chats share the rest with the long tail real inboxes have (most a
//! handful of messages, a few hundreds), each older than the one before.

use chrono::{DateTime, Utc};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

use super::history::{Cast, Generator};
use super::ids::IdSource;
use super::names;
use super::people::{Contact, Country};
use super::plan::{ChatPlan, Ending, Mute, Shape, Topic};
use super::texts::{HOSTILE_NAME, Lang};
use super::{RUNTIME_IDS_STREAM, accounts_and_selves, muted_until};
use crate::state::{AccountRecord, AttendeeRecord, ChatRecord, ChatType, MessageRecord, World};

/// The longest thread of a large inbox.
pub const LONG_THREAD: usize = 50_000;

/// Streams of the per-chat generators, apart from the demo's.
const SIZES_STREAM: u64 = 0x51_2E00;
const CHAT_STREAM: u64 = 0xC4A7_0000;
const CHAT_IDS_STREAM: u64 = 0x1D5_C4A7;

/// How chats spread over the four accounts (per mille): Support, Sales, Warehouse, Pop-up.
const ACCOUNT_SHARES: &[u32] = &[450, 350, 120, 80];
/// How many customers write in each language (per mille).
const LANG_SHARES: &[(Lang, u32)] = &[
    (Lang::Fr, 520),
    (Lang::En, 200),
    (Lang::Es, 80),
    (Lang::De, 60),
    (Lang::Pt, 50),
    (Lang::Ar, 30),
    (Lang::Ja, 30),
    (Lang::Zh, 30),
];
/// Chats by kind (per mille); the rest are customers.
const GROUP_SHARE: u32 = 30;
const BUSINESS_SHARE: u32 = 40;
const CHANNEL_SHARE: u32 = 2;
const SPAM_SHARE: u32 = 1;

const GROUP_NAMES: &[&str] = &[
    "Atelier {city} 🏺",
    "Commande groupée #{n}",
    "Salon {city}",
    "Famille {n} 👨‍👩‍👧",
    "Livraisons {city} 🚚",
];
const CHANNEL_NAMES: &[&str] = &["Céramique Magazine", "Design Week {n}", "Marché {city}"];

/// The most one chat weighs against the average: no chat other than chat 0 gets more than a
/// few hundred times the typical share.
const MAX_WEIGHT: f64 = 400.0;
/// Tail of the message counts (Pareto): smaller is longer.
const TAIL: f64 = 1.3;

pub struct LargeInbox {
    seed: u64,
    anchor: DateTime<Utc>,
    accounts: Vec<AccountRecord>,
    /// Each account's own attendee, in the order of `accounts`.
    own: Vec<AttendeeRecord>,
    /// Messages per chat, by index.
    sizes: Vec<usize>,
}

/// One chat of a large inbox with everything it holds.
#[derive(Debug, Clone)]
pub struct ChatHistory {
    pub chat: ChatRecord,
    /// Oldest first.
    pub messages: Vec<MessageRecord>,
    /// The chat's other members (the account's own attendee is one of `own_attendees`).
    pub people: Vec<AttendeeRecord>,
}

impl LargeInbox {
    pub fn new(seed: u64, anchor: DateTime<Utc>, chats: usize, messages: usize) -> Self {
        let (accounts, own) = accounts_and_selves(seed, anchor);
        Self {
            seed,
            anchor,
            accounts,
            own,
            sizes: sizes(seed, chats, messages),
        }
    }

    pub fn accounts(&self) -> &[AccountRecord] {
        &self.accounts
    }

    pub fn own_attendees(&self) -> &[AttendeeRecord] {
        &self.own
    }

    pub fn chat_count(&self) -> usize {
        self.sizes.len()
    }

    pub fn message_count(&self) -> usize {
        self.sizes.iter().sum()
    }

    /// Every chat, newest first.
    pub fn chats(&self) -> impl Iterator<Item = ChatHistory> + '_ {
        (0..self.sizes.len()).filter_map(|index| self.chat(index))
    }

    /// Chat `index`, generated now; `None` past the last one.
    pub fn chat(&self, index: usize) -> Option<ChatHistory> {
        let size = *self.sizes.get(index)?;
        let position = index as u64;
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix(self.seed ^ CHAT_STREAM, position));
        let mut ids = IdSource::new(mix(self.seed ^ CHAT_IDS_STREAM, position));
        let account = per_mille(&mut rng, ACCOUNT_SHARES.iter().copied());
        let (account_record, own) = self.accounts.get(account).zip(self.own.get(account))?;
        let plan = plan(&mut rng, index, account, size);
        let lang = plan.lang;
        let country = names::country(lang, rng.random_range(0..8));
        let city_of = |n: usize| {
            let cities = country.cities();
            cities.get(n % cities.len()).copied().unwrap_or("Lyon")
        };
        let (chat_type, name, others, first_name) = match plan.topic {
            Topic::Team => {
                let count = rng.random_range(3..7);
                let members = (0..count)
                    .map(|k| {
                        person(
                            &mut rng,
                            &mut ids,
                            account_record,
                            lang,
                            group_number(index, k),
                        )
                    })
                    .map(|(_, attendee)| attendee)
                    .collect();
                let template = pick(&mut rng, GROUP_NAMES);
                let name = fill_name(template, city_of(index), index);
                (ChatType::Group, Some(name), members, String::new())
            }
            Topic::Channel => {
                let template = pick(&mut rng, CHANNEL_NAMES);
                let name = fill_name(template, city_of(index), index);
                let channel = AttendeeRecord {
                    id: ids.attendee(),
                    account_id: account_record.id.clone(),
                    provider_id: ids.channel_provider_id(),
                    name: name.clone(),
                    is_self: false,
                };
                (ChatType::Channel, Some(name), vec![channel], String::new())
            }
            _ => {
                let (first, mut attendee) = person(
                    &mut rng,
                    &mut ids,
                    account_record,
                    lang,
                    single_number(index),
                );
                if plan.topic == Topic::Spam {
                    attendee.name = HOSTILE_NAME.to_owned();
                }
                let name = plan.named.then(|| attendee.name.clone());
                if !plan.named {
                    // An unsaved number shows as the number itself.
                    attendee.name = format!("+{}", phone_of(&attendee.provider_id));
                }
                (ChatType::Single, name, vec![attendee], first)
            }
        };
        let provider_id = match chat_type {
            ChatType::Group => ids.group_provider_id(),
            _ => others
                .first()
                .map(|a| a.provider_id.clone())
                .unwrap_or_default(),
        };
        let mut chat = ChatRecord {
            id: ids.chat(),
            account_id: account_record.id.clone(),
            attendee_provider_id: (chat_type == ChatType::Single).then(|| provider_id.clone()),
            provider_id,
            name,
            chat_type,
            timestamp: None,
            unread_count: match plan.ending {
                Ending::Unread(count) => count,
                _ => 0,
            },
            archived: plan.archived,
            muted_until: muted_until(plan.mute, self.anchor),
            read_only: plan.read_only,
            reactions_disabled: plan.reactions_disabled,
            members: std::iter::once(own)
                .chain(&others)
                .map(|a| a.id.clone())
                .collect(),
        };
        let cast = Cast {
            own,
            others: &others,
            first_name,
            cities: country.cities(),
        };
        let mut generator = Generator {
            rng: &mut rng,
            ids: &mut ids,
            anchor: self.anchor,
        };
        let mut messages = generator.history(&plan, &chat, &cast);
        messages.sort_by(|a, b| (a.timestamp, &a.id).cmp(&(b.timestamp, &b.id)));
        chat.timestamp = messages.last().map(|m| m.timestamp);
        Some(ChatHistory {
            chat,
            messages,
            people: others,
        })
    }

    /// The whole inbox in memory, for the sandbox to serve.
    pub fn world(&self) -> World {
        let mut world = World::new(IdSource::new(self.seed ^ RUNTIME_IDS_STREAM));
        for account in &self.accounts {
            world.add_account(account.clone());
        }
        for own in &self.own {
            world.add_attendee(own.clone());
        }
        for history in self.chats() {
            for person in history.people {
                world.add_attendee(person);
            }
            world.add_chat(history.chat, history.messages);
        }
        world
    }
}

/// What chat `index` is: its kind, language, age and state. Chat 0, the long thread, is a
/// customer's, most recent, and ends with our message still unread (inside the edit window).
fn plan(rng: &mut Xoshiro256PlusPlus, index: usize, account: usize, size: usize) -> ChatPlan {
    let lang = language(rng);
    let kind = rng.random_range(0..1000);
    let (shape, topic) = match kind {
        _ if index == 0 => (single(lang), Topic::Customer),
        k if k < GROUP_SHARE => (
            Shape::Group {
                name: "",
                members: &[],
            },
            Topic::Team,
        ),
        k if k < GROUP_SHARE + CHANNEL_SHARE => (Shape::Channel { name: "" }, Topic::Channel),
        k if k < GROUP_SHARE + CHANNEL_SHARE + SPAM_SHARE => (single(Lang::En), Topic::Spam),
        k if k < GROUP_SHARE + CHANNEL_SHARE + SPAM_SHARE + BUSINESS_SHARE => {
            (single(lang), Topic::Business)
        }
        _ => (single(lang), Topic::Customer),
    };
    let lang = if topic == Topic::Spam { Lang::En } else { lang };
    // Newest first: each chat a few minutes older than the one before.
    let last_minutes_ago = 4 + index as i64 * 7 + rng.random_range(0..7);
    let state = rng.random_range(0..1000);
    let ending = match state {
        _ if index == 0 && size > 0 => Ending::OursUnseen,
        s if s < 70 && size >= 3 && topic != Topic::Channel => {
            Ending::Unread(rng.random_range(1..=3))
        }
        s if s < 120 && size >= 1 && topic != Topic::Channel => Ending::OursUnseen,
        _ => Ending::Settled,
    };
    let archived = index > 0 && rng.random_range(0..1000) < 30;
    let mute = match rng.random_range(0..1000) {
        m if m < 20 => Mute::Forever,
        m if m < 40 => Mute::ForDays(rng.random_range(1..30)),
        _ => Mute::No,
    };
    ChatPlan {
        account,
        shape,
        topic,
        lang,
        messages: size,
        last_minutes_ago,
        ending,
        archived,
        mute,
        read_only: u8::from(topic == Topic::Channel),
        reactions_disabled: false,
        // Customers the shop never saved show as numbers.
        named: topic != Topic::Customer || index == 0 || rng.random_range(0..100) >= 15,
    }
}

/// A one-to-one chat's shape; the contact itself is made per chat (see `person`).
fn single(lang: Lang) -> Shape {
    Shape::Single(Contact {
        key: "",
        name: None,
        lang,
        country: Country::Fr,
    })
}

/// A person of the account: the first name to greet them by, and their attendee record.
fn person(
    rng: &mut Xoshiro256PlusPlus,
    ids: &mut IdSource,
    account: &AccountRecord,
    lang: Lang,
    number: String,
) -> (String, AttendeeRecord) {
    let (first, full) = names::person(lang, rng.random_range(0..1000), rng.random_range(0..1000));
    let attendee = AttendeeRecord {
        id: ids.attendee(),
        account_id: account.id.clone(),
        provider_id: format!("{number}@s.whatsapp.net"),
        name: full,
        is_self: false,
    };
    (first, attendee)
}

/// Numbers under country code 999 (reserved, assigned to no one), one per chat, so a large
/// inbox never points at a real person either.
fn single_number(index: usize) -> String {
    format!("999{index:09}")
}

fn group_number(index: usize, member: usize) -> String {
    format!("9980{index:07}{member:02}")
}

fn phone_of(provider_id: &str) -> &str {
    provider_id.split('@').next().unwrap_or(provider_id)
}

fn fill_name(template: &str, city: &str, index: usize) -> String {
    template
        .replace("{city}", city)
        .replace("{n}", &(index % 997).to_string())
}

fn pick(rng: &mut Xoshiro256PlusPlus, items: &[&'static str]) -> &'static str {
    items
        .get(rng.random_range(0..items.len().max(1)))
        .copied()
        .unwrap_or("")
}

/// An index drawn with the given weights (per mille, or any total).
fn per_mille(rng: &mut Xoshiro256PlusPlus, shares: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u32 = shares.clone().sum();
    let mut draw = rng.random_range(0..total.max(1));
    for (index, share) in shares.enumerate() {
        if draw < share {
            return index;
        }
        draw -= share;
    }
    0
}

fn language(rng: &mut Xoshiro256PlusPlus) -> Lang {
    let index = per_mille(rng, LANG_SHARES.iter().map(|(_, share)| *share));
    LANG_SHARES.get(index).map_or(Lang::Fr, |(lang, _)| *lang)
}

/// Messages per chat: `messages` in all, chat 0 the long thread, the others from a long-tailed
/// draw rounded so the total is exact.
fn sizes(seed: u64, chats: usize, messages: usize) -> Vec<usize> {
    if chats == 0 {
        return Vec::new();
    }
    let long = if chats == 1 {
        messages
    } else {
        (messages / 20).min(LONG_THREAD)
    };
    let rest = messages - long;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed ^ SIZES_STREAM);
    let weights: Vec<f64> = (1..chats)
        .map(|_| {
            let u: f64 = rng.random_range(f64::EPSILON..1.0);
            u.powf(-1.0 / TAIL).min(MAX_WEIGHT)
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes = Vec::with_capacity(chats);
    sizes.push(long);
    sizes.extend(
        weights
            .iter()
            .map(|weight| (rest as f64 * weight / total).floor() as usize),
    );
    // Rounding down left fewer than one message per chat: handed out from the newest chats.
    let given: usize = sizes.iter().skip(1).sum();
    let mut left = rest.saturating_sub(given);
    while left > 0 && sizes.len() > 1 {
        for size in sizes.iter_mut().skip(1) {
            if left == 0 {
                break;
            }
            *size += 1;
            left -= 1;
        }
    }
    sizes
}

/// splitmix64 of a stream and a position: independent seeds for neighbouring chats.
fn mix(stream: u64, position: u64) -> u64 {
    let mut z = stream
        .wrapping_add(position.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
