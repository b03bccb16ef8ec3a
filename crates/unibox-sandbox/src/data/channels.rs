//! The mixed-channel preset: a tenant as a real one often is, with a LinkedIn and a Telegram
//! account (one chat each) and two accounts that hold mail and calendars, not chats.

use chrono::{DateTime, TimeDelta, Utc};

use super::IdSource;
use super::hostile::message;
use crate::state::{
    AccountRecord, AccountStatus, AttendeeRecord, ChatRecord, ChatType, MutedUntil, ResyncSupport,
    World,
};

/// Ids of the preset come from their own stream, so the demo's ids stay as they are.
const CHANNEL_IDS_STREAM: u64 = 0x4D5_0000;

pub const LINKEDIN_ACCOUNT_NAME: &str = "Recruiting LinkedIn";
pub const TELEGRAM_ACCOUNT_NAME: &str = "Support Telegram";
pub const LINKEDIN_CHAT_NAME: &str = "Camille Laurent";
/// Mail and calendar accounts: (name, the provider's type).
pub const MAIL_ACCOUNTS: &[(&str, &str)] =
    &[("Sales mailbox", "MAIL"), ("Team calendar", "GOOGLE_OAUTH")];

/// Adds the preset's accounts, people and chats to `world`.
pub fn add(world: &mut World, seed: u64, anchor: DateTime<Utc>) {
    let mut ids = IdSource::new(seed ^ CHANNEL_IDS_STREAM);
    let messaging = [
        (
            LINKEDIN_ACCOUNT_NAME,
            "LINKEDIN",
            "+33639980101",
            LINKEDIN_CHAT_NAME,
        ),
        (
            TELEGRAM_ACCOUNT_NAME,
            "TELEGRAM",
            "+33639980102",
            "Jonas Weber",
        ),
    ];
    for (minutes_ago, (name, account_type, number, contact)) in (1..).zip(messaging) {
        let account = account(&mut ids, name, account_type, number, anchor);
        let own = attendee(&mut ids, &account, account.provider_id(), name, true);
        let person = attendee(
            &mut ids,
            &account,
            format!("{account_type}-contact-{minutes_ago}"),
            contact,
            false,
        );
        let last_at = anchor - TimeDelta::minutes(minutes_ago);
        let chat = ChatRecord {
            id: ids.chat(),
            account_id: account.id.clone(),
            provider_id: person.provider_id.clone(),
            attendee_provider_id: Some(person.provider_id.clone()),
            name: Some(contact.to_owned()),
            chat_type: ChatType::Single,
            timestamp: None,
            unread_count: 0,
            archived: false,
            muted_until: MutedUntil::NotMuted,
            read_only: 0,
            reactions_disabled: false,
            members: vec![own.id.clone(), person.id.clone()],
        };
        let theirs = message(
            &mut ids,
            &chat,
            &person,
            Some("Hello, are you still hiring?"),
            last_at - TimeDelta::seconds(30),
        );
        let ours = message(&mut ids, &chat, &own, Some("Yes, send us your CV"), last_at);
        world.add_account(account);
        world.add_attendee(own);
        world.add_attendee(person);
        world.add_chat(chat, vec![theirs, ours]);
    }
    for (n, (name, account_type)) in (3..).zip(MAIL_ACCOUNTS) {
        let number = format!("+336399801{n:02}");
        let account = account(&mut ids, name, account_type, &number, anchor);
        world.add_account(account);
    }
}

fn account(
    ids: &mut IdSource,
    name: &str,
    account_type: &str,
    number: &str,
    anchor: DateTime<Utc>,
) -> AccountRecord {
    AccountRecord {
        id: ids.account(),
        name: name.to_owned(),
        phone_number: number.to_owned(),
        status: AccountStatus::Ok,
        created_at: anchor - TimeDelta::days(30),
        resync: ResyncSupport::NotImplemented,
        account_type: account_type.to_owned(),
    }
}

fn attendee(
    ids: &mut IdSource,
    account: &AccountRecord,
    provider_id: String,
    name: &str,
    is_self: bool,
) -> AttendeeRecord {
    AttendeeRecord {
        id: ids.attendee(),
        account_id: account.id.clone(),
        provider_id,
        name: name.to_owned(),
        is_self,
    }
}
