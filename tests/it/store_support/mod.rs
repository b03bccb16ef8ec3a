//! Builders for the store tests: domain values with plain defaults, varied by the caller.

use chrono::{DateTime, Duration, TimeZone, Utc};
use unibox::domain::{
    Account, AccountStatus, Attachment, AttachmentKind, Attendee, Chat, ChatKind, Message, Muted,
    Reaction,
};

/// A fixed origin, so tests read as "minute 3" rather than as dates.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 9, 0, 0).unwrap()
}

pub fn minute(n: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(n)
}

pub fn account(id: &str) -> Account {
    Account {
        id: id.into(),
        name: format!("Account {id}"),
        phone_number: Some("+33600000000".into()),
        status: AccountStatus::Ok,
        created_at: Some(t0()),
        channel: unibox::domain::Channel::WhatsApp,
        provider: unibox::domain::Provider::Unipile,
    }
}

pub fn chat(id: &str, account: &str, at: Option<DateTime<Utc>>) -> Chat {
    Chat {
        id: id.into(),
        account_id: account.into(),
        provider_id: format!("{id}@s.whatsapp.net"),
        attendee_provider_id: None,
        name: Some(format!("Chat {id}")),
        kind: ChatKind::Single,
        timestamp: at,
        unread_count: 0,
        archived: false,
        muted: Muted::No,
        read_only: 0,
        reactions_disabled: false,
        reply_disabled: false,
    }
}

pub fn message(id: &str, chat: &Chat, at: DateTime<Utc>, text: &str) -> Message {
    Message {
        id: id.into(),
        account_id: chat.account_id.clone(),
        chat_id: chat.id.clone(),
        provider_id: format!("wa-{id}"),
        sender_id: "33611111111@s.whatsapp.net".into(),
        sender_attendee_id: None,
        text: Some(text.into()),
        attachments: vec![],
        timestamp: at,
        is_sender: false,
        quoted: None,
        reactions: vec![],
        seen: false,
        delivered: true,
        hidden: false,
        deleted: false,
        edited: false,
        is_event: false,
        event_type: None,
    }
}

pub fn attendee(account: &str, number: &str, name: Option<&str>) -> Attendee {
    Attendee {
        id: format!("att-{number}").into(),
        account_id: account.into(),
        provider_id: format!("{number}@s.whatsapp.net"),
        name: name.map(str::to_owned),
        is_self: false,
        picture_url: None,
    }
}

pub fn reaction(value: &str, sender: &str, is_sender: bool) -> Reaction {
    Reaction {
        value: value.into(),
        sender_id: sender.into(),
        is_sender,
    }
}

pub fn image(id: &str) -> Attachment {
    Attachment {
        id: id.into(),
        kind: AttachmentKind::Image,
        mimetype: Some("image/jpeg".into()),
        file_size: Some(12_345),
        file_name: Some("photo.jpg".into()),
        unavailable: false,
    }
}
