//! The hostile preset: one more account whose every string a stranger controls comes from the
//! hostile corpus (`text::hostile`). Each sample names a person and their chat, is the body of
//! a message, a caption, an attachment's file name, a reaction and a quoted text; a group holds
//! every such person, so their names also show as senders and attendees.

use chrono::{DateTime, TimeDelta, Utc};

use super::IdSource;
use crate::hostile::{self, HostileText};
use crate::state::{
    AccountRecord, AccountStatus, AttachmentContent, AttachmentKind, AttachmentRecord,
    AttendeeRecord, ChatRecord, ChatType, MessageRecord, MutedUntil, ReactionRecord, ResyncSupport,
    World,
};

/// Ids of the preset come from their own stream, so the demo's ids stay as they are.
const HOSTILE_IDS_STREAM: u64 = 0x3D5_0000;

/// The account's name: a window title, a clipboard write and a bidi override around a word
/// a test can look for.
pub const HOSTILE_ACCOUNT_NAME: &str =
    "\u{1b}]0;pwned\u{7}Hostile \u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{202E}pohS";
pub const HOSTILE_ACCOUNT_NUMBER: &str = "+15550100000";
/// The group every hostile person is a member of.
pub const HOSTILE_GROUP_NAME: &str = "\u{1b}P+q544e\u{1b}\\Group \u{9b}2J\u{1b}[8mhidden";

/// Adds the hostile account, its people, chats and messages to `world`. The newest message of
/// the preset is `anchor` minus one minute; chats are one minute apart, in corpus order.
pub fn add(world: &mut World, seed: u64, anchor: DateTime<Utc>) {
    let mut ids = IdSource::new(seed ^ HOSTILE_IDS_STREAM);
    let account = AccountRecord {
        id: ids.account(),
        name: HOSTILE_ACCOUNT_NAME.to_owned(),
        phone_number: HOSTILE_ACCOUNT_NUMBER.to_owned(),
        status: AccountStatus::Ok,
        created_at: anchor - TimeDelta::days(90),
        resync: ResyncSupport::Walks,
        account_type: "WHATSAPP".to_owned(),
    };
    let own = AttendeeRecord {
        id: ids.attendee(),
        account_id: account.id.clone(),
        provider_id: account.provider_id(),
        name: account.name.clone(),
        is_self: true,
    };
    let samples: Vec<HostileText> = hostile::corpus().collect();
    let people: Vec<AttendeeRecord> = samples
        .iter()
        .zip(1u32..)
        .map(|(sample, n)| AttendeeRecord {
            id: ids.attendee(),
            account_id: account.id.clone(),
            provider_id: format!("1555020{n:04}@s.whatsapp.net"),
            name: sample.text.to_string(),
            is_self: false,
        })
        .collect();

    let mut chats = Vec::new();
    let mut minutes_ago = 1;
    for (sample, person) in samples.iter().zip(&people) {
        let last_at = anchor - TimeDelta::minutes(minutes_ago);
        minutes_ago += 1;
        chats.push(single_chat(&mut ids, &own, person, &sample.text, last_at));
    }
    let group_at = anchor - TimeDelta::minutes(minutes_ago);
    chats.push(group_chat(&mut ids, &own, &people, group_at));

    world.add_account(account);
    world.add_attendee(own);
    for person in people {
        world.add_attendee(person);
    }
    for (chat, history) in chats {
        world.add_chat(chat, history);
    }
}

/// A chat with one hostile person: their message, our quoting reply with their text as a
/// reaction, then their file named and captioned with the sample, unread.
fn single_chat(
    ids: &mut IdSource,
    own: &AttendeeRecord,
    person: &AttendeeRecord,
    text: &str,
    last_at: DateTime<Utc>,
) -> (ChatRecord, Vec<MessageRecord>) {
    let chat = ChatRecord {
        id: ids.chat(),
        account_id: own.account_id.clone(),
        provider_id: person.provider_id.clone(),
        attendee_provider_id: Some(person.provider_id.clone()),
        name: Some(text.to_owned()),
        chat_type: ChatType::Single,
        timestamp: None,
        unread_count: 1,
        archived: false,
        muted_until: MutedUntil::NotMuted,
        read_only: 0,
        reactions_disabled: false,
        members: vec![own.id.clone(), person.id.clone()],
    };
    let mut theirs = message(
        ids,
        &chat,
        person,
        Some(text),
        last_at - TimeDelta::seconds(40),
    );
    theirs.reactions.push(ReactionRecord {
        value: text.to_owned(),
        sender_id: person.provider_id.clone(),
        is_sender: false,
    });
    let mut reply = message(
        ids,
        &chat,
        own,
        Some("Noted, thanks"),
        last_at - TimeDelta::seconds(20),
    );
    reply.quoted = Some(theirs.as_quoted());
    let mut file = message(ids, &chat, person, Some(text), last_at);
    file.seen = false;
    file.attachments.push(AttachmentRecord {
        id: ids.attachment(),
        kind: AttachmentKind::File,
        mimetype: "application/pdf".to_owned(),
        file_size: 4_096,
        file_name: Some(format!("{text}.pdf")),
        unavailable: false,
        content: AttachmentContent::Generated {
            seed: ids.content_seed(),
        },
    });
    (chat, vec![theirs, reply, file])
}

/// A group of every hostile person, each saying hello once (so their names show as senders).
fn group_chat(
    ids: &mut IdSource,
    own: &AttendeeRecord,
    people: &[AttendeeRecord],
    last_at: DateTime<Utc>,
) -> (ChatRecord, Vec<MessageRecord>) {
    let chat = ChatRecord {
        id: ids.chat(),
        account_id: own.account_id.clone(),
        provider_id: ids.group_provider_id(),
        attendee_provider_id: None,
        name: Some(HOSTILE_GROUP_NAME.to_owned()),
        chat_type: ChatType::Group,
        timestamp: None,
        unread_count: 0,
        archived: false,
        muted_until: MutedUntil::NotMuted,
        read_only: 0,
        reactions_disabled: false,
        members: std::iter::once(own)
            .chain(people)
            .map(|a| a.id.clone())
            .collect(),
    };
    let mut at = last_at - TimeDelta::seconds(i64::try_from(people.len()).unwrap_or(0));
    let history = people
        .iter()
        .map(|person| {
            at += TimeDelta::seconds(1);
            message(ids, &chat, person, Some("hello"), at)
        })
        .collect();
    (chat, history)
}

pub(super) fn message(
    ids: &mut IdSource,
    chat: &ChatRecord,
    sender: &AttendeeRecord,
    text: Option<&str>,
    timestamp: DateTime<Utc>,
) -> MessageRecord {
    MessageRecord {
        id: ids.message(),
        account_id: chat.account_id.clone(),
        chat_id: chat.id.clone(),
        chat_provider_id: chat.provider_id.clone(),
        provider_id: ids.message_provider_id(sender.is_self),
        sender_id: sender.provider_id.clone(),
        sender_attendee_id: sender.id.clone(),
        text: text.map(str::to_owned),
        attachments: Vec::new(),
        timestamp,
        is_sender: sender.is_self,
        quoted: None,
        reactions: Vec::new(),
        seen: true,
        seen_by: Vec::new(),
        delivered: true,
        deleted: false,
        edited: false,
        event_type: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scale;

    fn world() -> World {
        let anchor = DateTime::parse_from_rfc3339("2025-11-20T14:30:00Z")
            .map(|t| t.with_timezone(&Utc))
            .unwrap();
        let mut world = super::super::generate(7, anchor, Scale::Demo);
        add(&mut world, 7, anchor);
        world
    }

    #[test]
    fn every_sample_names_a_chat_a_person_a_file_and_a_reaction() {
        let world = world();
        let account = world
            .accounts()
            .iter()
            .find(|a| a.name == HOSTILE_ACCOUNT_NAME)
            .expect("the hostile account")
            .clone();
        for sample in hostile::corpus() {
            let text = sample.text.as_ref();
            let chat = world
                .chats()
                .iter()
                .find(|c| c.name.as_deref() == Some(text))
                .unwrap_or_else(|| panic!("no chat named {}", sample.name));
            assert_eq!(chat.account_id, account.id);
            let history = world.messages(&chat.id);
            let last = history.last().expect("messages");
            assert_eq!(last.text.as_deref(), Some(text));
            let file = last.attachments.first().expect("a file");
            assert_eq!(
                file.file_name.as_deref(),
                Some(format!("{text}.pdf").as_str())
            );
            let first = history.first().expect("messages");
            assert_eq!(
                first.reactions.first().map(|r| r.value.as_str()),
                Some(text)
            );
            assert!(
                world
                    .known_attendees(&account.id)
                    .any(|a| a.name == text && !a.is_self)
            );
        }
    }

    #[test]
    fn the_demo_is_unchanged_beside_it() {
        let anchor = Utc::now();
        let demo = super::super::generate(7, anchor, Scale::Demo);
        let mut both = super::super::generate(7, anchor, Scale::Demo);
        add(&mut both, 7, anchor);
        assert_eq!(
            both.accounts().get(..demo.accounts().len()),
            Some(demo.accounts())
        );
        assert_eq!(both.chats().get(..demo.chats().len()), Some(demo.chats()));
        let corpus = hostile::corpus().count();
        assert_eq!(both.chats().len(), demo.chats().len() + corpus + 1);
    }
}
