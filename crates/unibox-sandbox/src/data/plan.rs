//! What the demo inbox holds: its accounts and, per chat, who talks, how much, how recently and
//! in which state. Generation turns these plans into records; a larger scale only needs more
//! plans.

use super::people::*;
use super::texts::Lang;
use crate::state::{AccountStatus, ResyncSupport};

pub const MINUTE: i64 = 1;
pub const HOUR: i64 = 60;
pub const DAY: i64 = 24 * HOUR;

pub struct AccountPlan {
    pub name: &'static str,
    pub number: &'static str,
    pub status: AccountStatus,
    pub resync: ResyncSupport,
    pub created_days_ago: i64,
    /// Known, opted-in people without a chat yet.
    pub warm_contacts: &'static [Contact],
}

pub const ACCOUNTS: &[AccountPlan] = &[
    AccountPlan {
        name: "Maison Argile – Support",
        number: "+33639980001",
        status: AccountStatus::Ok,
        resync: ResyncSupport::Walks,
        created_days_ago: 410,
        warm_contacts: &[CAMILLE, HANNAH],
    },
    AccountPlan {
        name: "Maison Argile – Ventes",
        number: "+33639980002",
        status: AccountStatus::Ok,
        resync: ResyncSupport::NotImplemented,
        created_days_ago: 380,
        warm_contacts: &[RAFAEL, YUKI, HANNAH],
    },
    AccountPlan {
        name: "Entrepôt Villeurbanne",
        number: "+33639980003",
        status: AccountStatus::Credentials,
        resync: ResyncSupport::Walks,
        created_days_ago: 200,
        warm_contacts: &[CAMILLE],
    },
    AccountPlan {
        name: "Pop-up Tokyo 🇯🇵",
        number: "+819012345678",
        status: AccountStatus::Connecting,
        resync: ResyncSupport::Walks,
        created_days_ago: 30,
        warm_contacts: &[YUKI],
    },
];

pub const SUPPORT: usize = 0;
pub const SALES: usize = 1;
pub const WAREHOUSE: usize = 2;
pub const POPUP: usize = 3;

#[derive(Debug, Clone, Copy)]
pub enum Shape {
    Single(Contact),
    Group {
        name: &'static str,
        members: &'static [Contact],
    },
    /// A broadcast channel the account follows; the channel itself writes its posts.
    Channel {
        name: &'static str,
    },
}

/// What the chat is about: chooses the scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Customer,
    Business,
    Team,
    Channel,
    Spam,
}

/// How the history ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Whatever the last script line is; everything read.
    Settled,
    /// The last `n` messages are theirs and unread.
    Unread(u32),
    /// The last message is ours, not read yet by the contact.
    OursUnseen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    No,
    Forever,
    ForDays(i64),
    /// A mute that already expired: the contract still sends the date.
    ExpiredDaysAgo(i64),
}

#[derive(Debug, Clone, Copy)]
pub struct ChatPlan {
    pub account: usize,
    pub shape: Shape,
    pub topic: Topic,
    pub lang: Lang,
    pub messages: usize,
    /// Minutes before the anchor of the last message.
    pub last_minutes_ago: i64,
    pub ending: Ending,
    pub archived: bool,
    pub mute: Mute,
    pub read_only: u8,
    pub reactions_disabled: bool,
    /// Whether the chat has a name; unsaved numbers have none.
    pub named: bool,
}

const fn chat(account: usize, shape: Shape, topic: Topic, lang: Lang, messages: usize) -> ChatPlan {
    let named = match shape {
        Shape::Single(contact) => contact.name.is_some(),
        _ => true,
    };
    ChatPlan {
        account,
        shape,
        topic,
        lang,
        messages,
        last_minutes_ago: DAY,
        ending: Ending::Settled,
        archived: false,
        mute: Mute::No,
        read_only: 0,
        reactions_disabled: false,
        named,
    }
}

const fn customer(account: usize, contact: Contact, messages: usize) -> ChatPlan {
    chat(
        account,
        Shape::Single(contact),
        Topic::Customer,
        contact.lang,
        messages,
    )
}

const fn business(account: usize, contact: Contact, messages: usize) -> ChatPlan {
    chat(
        account,
        Shape::Single(contact),
        Topic::Business,
        contact.lang,
        messages,
    )
}

impl ChatPlan {
    const fn ago(mut self, minutes: i64) -> Self {
        self.last_minutes_ago = minutes;
        self
    }

    const fn ending(mut self, ending: Ending) -> Self {
        self.ending = ending;
        self
    }

    const fn archived(mut self) -> Self {
        self.archived = true;
        self
    }

    const fn muted(mut self, mute: Mute) -> Self {
        self.mute = mute;
        self
    }

    const fn read_only(mut self, level: u8) -> Self {
        self.read_only = level;
        self
    }

    const fn without_reactions(mut self) -> Self {
        self.reactions_disabled = true;
        self
    }
}

const TEAM: &[Contact] = &[AMELIE, THEO, INES];
const RETURNS_DESK: &[Contact] = &[AMELIE, INES];
const FAIR: &[Contact] = &[OLIVIA, MARCO, SOPHIE];
const MARKET: &[Contact] = &[SOPHIE, CHLOE, MEHMET, ANA];
const WHOLESALE: &[Contact] = &[CLAY_ROOM, KASA, HANA, OLIVIA];

/// The demo inbox. Own messages end some chats 2 and 9 minutes before the anchor (inside the
/// 15-minute edit window), 20 minutes and 59 hours before (outside it, inside the 60-hour delete
/// window), and 3 days before (outside both).
pub const DEMO_CHATS: &[ChatPlan] = &[
    // Support.
    customer(SUPPORT, MARIE, 26)
        .ago(2 * MINUTE)
        .ending(Ending::OursUnseen),
    customer(SUPPORT, SARAH, 22)
        .ago(9 * MINUTE)
        .ending(Ending::OursUnseen),
    customer(SUPPORT, KARIM, 340)
        .ago(25 * MINUTE)
        .ending(Ending::Unread(2)),
    customer(SUPPORT, NADIA, 16)
        .ago(40 * MINUTE)
        .ending(Ending::Unread(1)),
    customer(SUPPORT, LUCIA, 14)
        .ago(70 * MINUTE)
        .ending(Ending::Unread(1)),
    customer(SUPPORT, DIEGO, 6)
        .ago(2 * HOUR)
        .ending(Ending::Unread(2)),
    customer(SUPPORT, FATIMA, 12)
        .ago(3 * HOUR)
        .ending(Ending::Unread(3)),
    customer(SUPPORT, MISAKI, 10).ago(5 * HOUR),
    chat(SUPPORT, Shape::Single(SPAMMER), Topic::Spam, Lang::En, 3)
        .ago(7 * HOUR)
        .ending(Ending::Unread(3)),
    customer(SUPPORT, WANG_FANG, 8).ago(DAY + 2 * HOUR),
    customer(SUPPORT, ANA, 14).ago(DAY + 3 * HOUR),
    customer(SUPPORT, TOM, 18)
        .ago(59 * HOUR)
        .ending(Ending::OursUnseen),
    customer(SUPPORT, JEAN_PIERRE, 40)
        .ago(3 * DAY + 2 * HOUR)
        .ending(Ending::OursUnseen),
    customer(SUPPORT, LEA, 20).ago(4 * DAY),
    customer(SUPPORT, MEHMET, 12).ago(8 * DAY),
    customer(SUPPORT, AOIFE, 4).ago(6 * DAY).archived(),
    customer(SUPPORT, CHLOE, 30).ago(12 * DAY).archived(),
    chat(
        SUPPORT,
        Shape::Group {
            name: "Équipe SAV 🛠️",
            members: TEAM,
        },
        Topic::Team,
        Lang::Fr,
        420,
    )
    .ago(15 * MINUTE)
    .ending(Ending::Unread(4))
    .muted(Mute::ForDays(3)),
    chat(
        SUPPORT,
        Shape::Group {
            name: "Retours & échanges 📦",
            members: RETURNS_DESK,
        },
        Topic::Team,
        Lang::Fr,
        45,
    )
    .ago(DAY + 5 * HOUR),
    chat(
        SUPPORT,
        Shape::Channel {
            name: "Céramique Magazine",
        },
        Topic::Channel,
        Lang::Fr,
        12,
    )
    .ago(2 * DAY)
    .read_only(1)
    .muted(Mute::Forever),
    chat(
        SUPPORT,
        Shape::Group {
            name: "Marché des Créateurs – Annonces",
            members: MARKET,
        },
        Topic::Team,
        Lang::Fr,
        20,
    )
    .ago(3 * DAY)
    .without_reactions(),
    // Sales.
    business(SALES, HANA, 360).ago(6 * HOUR),
    customer(SALES, JURGEN, 15)
        .ago(20 * MINUTE)
        .ending(Ending::OursUnseen),
    customer(SALES, MOHAMMED, 10)
        .ago(50 * MINUTE)
        .ending(Ending::Unread(2)),
    business(SALES, DHL, 30)
        .ago(20 * HOUR)
        .muted(Mute::ExpiredDaysAgo(2)),
    business(SALES, CLAY_ROOM, 60)
        .ago(DAY + HOUR)
        .ending(Ending::Unread(1)),
    customer(SALES, PRIYA, 14).ago(DAY + 4 * HOUR),
    business(SALES, SUPPLIER, 35).ago(2 * DAY),
    customer(SALES, ANNA, 10).ago(3 * DAY),
    customer(SALES, CHEN_WEI, 8).ago(4 * DAY),
    business(SALES, KASA, 25).ago(5 * DAY),
    customer(SALES, JOAO, 18).ago(6 * DAY),
    customer(SALES, SARAH, 8).ago(10 * DAY),
    business(SALES, PRINTER, 12).ago(9 * DAY).archived(),
    chat(
        SALES,
        Shape::Group {
            name: "Salon Maison&Objet 2025 🎪",
            members: FAIR,
        },
        Topic::Team,
        Lang::En,
        70,
    )
    .ago(DAY + 6 * HOUR),
    chat(
        SALES,
        Shape::Group {
            name: "Grossistes Europe 🇪🇺🇫🇷🇩🇪🇪🇸",
            members: WHOLESALE,
        },
        Topic::Team,
        Lang::En,
        25,
    )
    .ago(7 * DAY)
    .read_only(2),
    // The warehouse number, whose credentials expired.
    business(WAREHOUSE, COURIER, 40).ago(4 * DAY),
    business(WAREHOUSE, SUPPLIER, 12).ago(12 * DAY),
    customer(WAREHOUSE, THEO, 20)
        .ago(5 * DAY)
        .ending(Ending::Unread(1)),
    business(WAREHOUSE, DHL, 10).ago(20 * DAY).archived(),
    // The pop-up store's number, still connecting.
    customer(POPUP, KEN, 12).ago(15 * DAY),
    business(POPUP, HANA, 8).ago(16 * DAY),
];
