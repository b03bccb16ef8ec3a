//! The contract's JSON shapes as the sandbox writes them (docs/providers/unipile.md, the OpenAPI):
//! integer booleans where the contract has them, real booleans in reactions and attachments,
//! timestamps with exactly three fractional digits and `Z`.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::state::{
    AccountRecord, AttachmentKind, AttachmentRecord, AttendeeRecord, ChatRecord, MessageRecord,
    MutedUntil, QuotedRecord, ReactionRecord,
};

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn flag(value: bool) -> u8 {
    u8::from(value)
}

#[derive(Debug, Serialize)]
pub struct List<T> {
    pub object: &'static str,
    pub items: Vec<T>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Account<'a> {
    object: &'static str,
    #[serde(rename = "type")]
    account_type: &'a str,
    id: &'a str,
    name: &'a str,
    created_at: String,
    connection_params: ConnectionParams<'a>,
    groups: [&'a str; 0],
    sources: [Source; 1],
}

#[derive(Debug, Serialize)]
struct ConnectionParams<'a> {
    im: Im<'a>,
}

#[derive(Debug, Serialize)]
struct Im<'a> {
    phone_number: &'a str,
}

#[derive(Debug, Serialize)]
struct Source {
    id: String,
    status: &'static str,
}

pub fn account(record: &AccountRecord) -> Account<'_> {
    Account {
        object: "Account",
        account_type: &record.account_type,
        id: record.id.as_str(),
        name: &record.name,
        created_at: timestamp(record.created_at),
        connection_params: ConnectionParams {
            im: Im {
                phone_number: &record.phone_number,
            },
        },
        groups: [],
        sources: [Source {
            id: format!("{}_MESSAGING", record.id),
            status: record.status.as_str(),
        }],
    }
}

#[derive(Debug, Serialize)]
pub struct Chat<'a> {
    object: &'static str,
    id: &'a str,
    account_id: &'a str,
    account_type: &'static str,
    provider_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    attendee_provider_id: Option<&'a str>,
    name: Option<&'a str>,
    #[serde(rename = "type")]
    chat_type: u8,
    timestamp: Option<String>,
    unread_count: u32,
    archived: u8,
    muted_until: Option<Muted>,
    read_only: u8,
    #[serde(rename = "disabledFeatures", skip_serializing_if = "Vec::is_empty")]
    disabled_features: Vec<&'static str>,
    /// Only on `GET /chats/{id}`: the last message, or null.
    #[serde(rename = "lastMessage", skip_serializing_if = "Option::is_none")]
    last_message: Option<Option<Message<'a>>>,
}

#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Muted {
    Forever(i8),
    Until(String),
}

pub fn chat(record: &ChatRecord) -> Chat<'_> {
    Chat {
        object: "Chat",
        id: record.id.as_str(),
        account_id: record.account_id.as_str(),
        account_type: "WHATSAPP",
        provider_id: &record.provider_id,
        attendee_provider_id: record.attendee_provider_id.as_deref(),
        name: record.name.as_deref(),
        chat_type: record.chat_type.code(),
        timestamp: record.timestamp.map(timestamp),
        unread_count: record.unread_count,
        archived: flag(record.archived),
        muted_until: match record.muted_until {
            MutedUntil::NotMuted => None,
            MutedUntil::Forever => Some(Muted::Forever(-1)),
            MutedUntil::Until(at) => Some(Muted::Until(timestamp(at))),
        },
        read_only: record.read_only,
        disabled_features: if record.reactions_disabled {
            vec!["reactions"]
        } else {
            Vec::new()
        },
        last_message: None,
    }
}

pub fn chat_with_last_message<'a>(
    record: &'a ChatRecord,
    last: Option<&'a MessageRecord>,
) -> Chat<'a> {
    Chat {
        last_message: Some(last.map(message)),
        ..chat(record)
    }
}

#[derive(Debug, Serialize)]
pub struct Message<'a> {
    object: &'static str,
    id: &'a str,
    account_id: &'a str,
    chat_id: &'a str,
    chat_provider_id: &'a str,
    provider_id: &'a str,
    sender_id: &'a str,
    sender_attendee_id: &'a str,
    text: Option<&'a str>,
    attachments: Vec<Attachment<'a>>,
    timestamp: String,
    is_sender: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    quoted: Option<Quoted<'a>>,
    reactions: Vec<Reaction<'a>>,
    seen: u8,
    seen_by: BTreeMap<&'a str, String>,
    delivered: u8,
    hidden: u8,
    deleted: u8,
    edited: u8,
    is_event: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<u8>,
    behavior: Option<u8>,
    /// The provider's raw message, as a JSON string.
    original: String,
}

pub fn message(record: &MessageRecord) -> Message<'_> {
    Message {
        object: "Message",
        id: record.id.as_str(),
        account_id: record.account_id.as_str(),
        chat_id: record.chat_id.as_str(),
        chat_provider_id: &record.chat_provider_id,
        provider_id: &record.provider_id,
        sender_id: &record.sender_id,
        sender_attendee_id: record.sender_attendee_id.as_str(),
        text: record.text.as_deref(),
        attachments: record.attachments.iter().map(attachment).collect(),
        timestamp: timestamp(record.timestamp),
        is_sender: flag(record.is_sender),
        quoted: record.quoted.as_ref().map(quoted),
        reactions: record.reactions.iter().map(reaction).collect(),
        seen: flag(record.seen),
        seen_by: record
            .seen_by
            .iter()
            .map(|(who, at)| (who.as_str(), timestamp(*at)))
            .collect(),
        delivered: flag(record.delivered),
        hidden: 0,
        deleted: flag(record.deleted),
        edited: flag(record.edited),
        is_event: flag(record.is_event()),
        event_type: record.event_type,
        behavior: None,
        original: serde_json::json!({
            "key": {
                "remoteJid": record.chat_provider_id,
                "fromMe": record.is_sender,
                "id": record.provider_id,
            },
            "messageTimestamp": record.timestamp.timestamp(),
        })
        .to_string(),
    }
}

#[derive(Debug, Serialize)]
pub struct Quoted<'a> {
    provider_id: &'a str,
    sender_id: &'a str,
    text: Option<&'a str>,
    attachments: Vec<Attachment<'a>>,
}

fn quoted(record: &QuotedRecord) -> Quoted<'_> {
    Quoted {
        provider_id: &record.provider_id,
        sender_id: &record.sender_id,
        text: record.text.as_deref(),
        attachments: record.attachments.iter().map(attachment).collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct Reaction<'a> {
    value: &'a str,
    sender_id: &'a str,
    is_sender: bool,
}

fn reaction(record: &ReactionRecord) -> Reaction<'_> {
    Reaction {
        value: &record.value,
        sender_id: &record.sender_id,
        is_sender: record.is_sender,
    }
}

#[derive(Debug, Serialize)]
pub struct Attachment<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    mimetype: &'a str,
    file_size: u64,
    unavailable: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    file_name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<Size>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sticker: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gif: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    voice_note: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duration: Option<u32>,
}

#[derive(Debug, Serialize)]
struct Size {
    width: u32,
    height: u32,
}

fn attachment(record: &AttachmentRecord) -> Attachment<'_> {
    let mut json = Attachment {
        id: record.id.as_str(),
        kind: record.kind.as_str(),
        mimetype: &record.mimetype,
        file_size: record.file_size,
        unavailable: record.unavailable,
        file_name: record.file_name.as_deref(),
        size: None,
        sticker: None,
        gif: None,
        voice_note: None,
        duration: None,
    };
    match record.kind {
        AttachmentKind::Image { width, height } => {
            json.size = Some(Size { width, height });
            json.sticker = Some(false);
        }
        AttachmentKind::Video { width, height } => {
            json.size = Some(Size { width, height });
            json.gif = Some(false);
        }
        AttachmentKind::Audio {
            voice_note,
            duration_secs,
        } => {
            json.voice_note = Some(voice_note);
            json.duration = Some(duration_secs);
        }
        AttachmentKind::File => {}
    }
    json
}

#[derive(Debug, Serialize)]
pub struct Attendee<'a> {
    object: &'static str,
    id: &'a str,
    account_id: &'a str,
    provider_id: &'a str,
    name: &'a str,
    is_self: u8,
    hidden: u8,
}

pub fn attendee(record: &AttendeeRecord) -> Attendee<'_> {
    Attendee {
        object: "ChatAttendee",
        id: record.id.as_str(),
        account_id: record.account_id.as_str(),
        provider_id: &record.provider_id,
        name: &record.name,
        is_self: flag(record.is_self),
        hidden: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{AttachmentContent, ChatType};
    use chrono::{TimeDelta, TimeZone};
    use serde_json::{Value, json};

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap() + TimeDelta::milliseconds(7)
    }

    fn chat_record(muted_until: MutedUntil) -> ChatRecord {
        ChatRecord {
            id: "c1".into(),
            account_id: "a1".into(),
            provider_id: "33100000001@s.whatsapp.net".into(),
            attendee_provider_id: Some("33100000001@s.whatsapp.net".into()),
            name: None,
            chat_type: ChatType::Single,
            timestamp: Some(at()),
            unread_count: 2,
            archived: true,
            muted_until,
            read_only: 0,
            reactions_disabled: true,
            members: Vec::new(),
        }
    }

    fn to_json(value: impl Serialize) -> Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn timestamps_have_exactly_three_fraction_digits_and_z() {
        assert_eq!(timestamp(at()), "2025-03-14T10:00:00.007Z");
        assert_eq!(
            timestamp(at() - TimeDelta::milliseconds(7)),
            "2025-03-14T10:00:00.000Z"
        );
    }

    #[test]
    fn chats_use_integer_flags_and_the_three_mute_forms() {
        let forever = chat_json(MutedUntil::Forever);
        assert_eq!(forever["archived"], json!(1));
        assert_eq!(forever["type"], json!(0));
        assert_eq!(forever["muted_until"], json!(-1));
        assert_eq!(forever["name"], Value::Null);
        assert_eq!(forever["disabledFeatures"], json!(["reactions"]));
        assert!(forever.get("lastMessage").is_none());
        let until = chat_json(MutedUntil::Until(at()));
        assert_eq!(until["muted_until"], json!("2025-03-14T10:00:00.007Z"));
        assert_eq!(chat_json(MutedUntil::NotMuted)["muted_until"], Value::Null);
        let record = chat_record(MutedUntil::NotMuted);
        let with_last = to_json(chat_with_last_message(&record, None));
        assert_eq!(with_last["lastMessage"], Value::Null);
    }

    fn chat_json(muted_until: MutedUntil) -> Value {
        to_json(chat(&chat_record(muted_until)))
    }

    #[test]
    fn messages_use_integer_flags_but_reactions_real_booleans() {
        let record = MessageRecord {
            id: "m1".into(),
            account_id: "a1".into(),
            chat_id: "c1".into(),
            chat_provider_id: "33100000001@s.whatsapp.net".into(),
            provider_id: "3EB0AA".into(),
            sender_id: "33100000000@s.whatsapp.net".into(),
            sender_attendee_id: "me".into(),
            text: None,
            attachments: vec![AttachmentRecord {
                id: "att".into(),
                kind: AttachmentKind::Audio {
                    voice_note: true,
                    duration_secs: 12,
                },
                mimetype: "audio/ogg; codecs=opus".into(),
                file_size: 48_000,
                file_name: None,
                unavailable: false,
                content: AttachmentContent::Generated { seed: 1 },
            }],
            timestamp: at(),
            is_sender: true,
            quoted: None,
            reactions: vec![ReactionRecord {
                value: "👍🏽".into(),
                sender_id: "33100000001@s.whatsapp.net".into(),
                is_sender: false,
            }],
            seen: true,
            seen_by: vec![("33100000001@s.whatsapp.net".into(), at())],
            delivered: true,
            deleted: false,
            edited: true,
            event_type: None,
        };
        let json = to_json(message(&record));
        for (field, expected) in [
            ("is_sender", 1),
            ("seen", 1),
            ("delivered", 1),
            ("edited", 1),
            ("deleted", 0),
            ("hidden", 0),
            ("is_event", 0),
        ] {
            assert_eq!(json[field], json!(expected), "{field}");
        }
        assert_eq!(json["text"], Value::Null);
        assert_eq!(json["reactions"][0]["is_sender"], json!(false));
        assert_eq!(json["attachments"][0]["type"], json!("audio"));
        assert_eq!(json["attachments"][0]["voice_note"], json!(true));
        assert_eq!(json["attachments"][0]["unavailable"], json!(false));
        assert_eq!(
            json["seen_by"]["33100000001@s.whatsapp.net"],
            json!("2025-03-14T10:00:00.007Z")
        );
        assert!(json.get("quoted").is_none() && json.get("event_type").is_none());
        let original: Value = serde_json::from_str(json["original"].as_str().unwrap()).unwrap();
        assert_eq!(original["key"]["id"], json!("3EB0AA"));
    }
}
