//! What the cache commands print: one row type per command, serialised as JSON with stable
//! field names (independent of the store's types), and rendered as text through the sanitiser.

use chrono::{DateTime, Local, Utc};
use serde::Serialize;

use crate::domain::policy::Policy;
use crate::domain::{
    Account, Attachment, Channel, ChatKind, Message, Provider, Reaction, phone_from_provider_id,
};
use crate::store::{AccountSummary, AuditEntry, ChatListItem, LastMessage};
use crate::text::{fit, sanitize_block, sanitize_line};

#[derive(Debug, Serialize)]
pub struct AccountRow {
    pub id: String,
    pub name: String,
    pub phone_number: Option<String>,
    pub status: String,
    /// The provider serving the account: `unipile` or `late`.
    pub provider: &'static str,
    /// The provider's account type: `WHATSAPP`, `LINKEDIN`, `TELEGRAM`…
    pub channel: String,
    pub unread_messages: u64,
    pub unread_chats: u64,
}

impl AccountRow {
    pub fn new(summary: &AccountSummary) -> Self {
        let account = &summary.account;
        Self {
            id: account.id.to_string(),
            name: account.name.clone(),
            phone_number: account.phone_number.clone(),
            status: account.status.as_str().to_owned(),
            provider: account.provider.as_str(),
            channel: account.channel.as_type().to_owned(),
            unread_messages: summary.unread.messages,
            unread_chats: summary.unread.chats,
        }
    }

    pub fn text(&self) -> String {
        let line = format!(
            "{}  {}  {}  {}  {}",
            cell(&self.name, 30),
            cell(&self.status, 11),
            cell(self.phone_number.as_deref().unwrap_or("-"), 16),
            fit(&unread(self.unread_messages, self.unread_chats), 22),
            sanitize_line(&self.id),
        );
        // A linked WhatsApp app is the default and goes unsaid; another kind is named.
        let channel = Channel::from_type(Some(&self.channel));
        match Provider::parse(self.provider).unwrap_or(Provider::Unipile) {
            Provider::Unipile if channel == Channel::WhatsApp => line,
            provider => format!(
                "{line}  {}",
                sanitize_line(&Policy::of(provider, &channel).kind)
            ),
        }
    }
}

fn unread(messages: u64, chats: u64) -> String {
    match (messages, chats) {
        (0, _) => "no unread".to_owned(),
        (m, 1) => format!("{m} unread in 1 chat"),
        (m, c) => format!("{m} unread in {c} chats"),
    }
}

#[derive(Debug, Serialize)]
pub struct ChatRow {
    pub id: String,
    pub account_id: String,
    pub name: Option<String>,
    pub attendee_provider_id: Option<String>,
    /// `single`, `group`, `channel` or `other`.
    pub kind: &'static str,
    pub timestamp: Option<DateTime<Utc>>,
    pub unread_count: u32,
    pub archived: bool,
    pub muted: bool,
    pub read_only: u8,
    pub last_message: Option<LastMessageRow>,
    /// The account's provider (`unipile`, `late`); null when the account is not cached.
    pub provider: Option<&'static str>,
    /// The account's type (`WHATSAPP`…); null when the account is not cached.
    pub channel: Option<String>,
}

/// The provider and channel of the account that holds a chat or message, for `--json`.
pub fn served_by(account: Option<&Account>) -> (Option<&'static str>, Option<String>) {
    (
        account.map(|a| a.provider.as_str()),
        account.map(|a| a.channel.as_type().to_owned()),
    )
}

#[derive(Debug, Serialize)]
pub struct LastMessageRow {
    pub id: String,
    pub text: Option<String>,
    pub at: DateTime<Utc>,
    pub is_sender: bool,
    pub sender_name: Option<String>,
    pub attachment_kind: Option<String>,
    pub deleted: bool,
}

impl ChatRow {
    pub fn new(item: &ChatListItem, now: DateTime<Utc>, account: Option<&Account>) -> Self {
        let chat = &item.chat;
        let (provider, channel) = served_by(account);
        Self {
            id: chat.id.to_string(),
            account_id: chat.account_id.to_string(),
            name: chat.name.clone(),
            attendee_provider_id: chat.attendee_provider_id.clone(),
            kind: match chat.kind {
                ChatKind::Single => "single",
                ChatKind::Group => "group",
                ChatKind::Channel => "channel",
                ChatKind::Other(_) => "other",
            },
            timestamp: chat.timestamp,
            unread_count: chat.unread_count,
            archived: chat.archived,
            muted: chat.muted.is_muted(now),
            read_only: chat.read_only,
            last_message: item.last_message.as_ref().map(LastMessageRow::new),
            provider,
            channel,
        }
    }

    /// The chat's name, else the person's number, else whatever identifies it.
    pub fn title(&self) -> String {
        match (&self.name, &self.attendee_provider_id) {
            (Some(name), _) => name.clone(),
            (None, Some(person)) => {
                phone_from_provider_id(person).unwrap_or_else(|| person.clone())
            }
            (None, None) => self.id.clone(),
        }
    }

    pub fn text(&self) -> String {
        let at = self
            .last_message
            .as_ref()
            .map(|m| m.at)
            .or(self.timestamp)
            .map_or_else(|| " ".repeat(16), local_minute);
        let unread = match self.unread_count {
            0 => String::new(),
            n => format!("({n})"),
        };
        let flags = [
            (self.archived, "archived"),
            (self.muted, "muted"),
            (self.read_only > 0, "read-only"),
        ]
        .into_iter()
        .filter_map(|(on, word)| on.then_some(word))
        .collect::<Vec<_>>()
        .join(",");
        let preview = self
            .last_message
            .as_ref()
            .map_or_else(String::new, LastMessageRow::preview);
        format!(
            "{at}  {}  {}  {}  {}  {}",
            fit(&unread, 5),
            cell(&self.title(), 28),
            cell(&preview, 40),
            fit(&flags, 9),
            sanitize_line(&self.id),
        )
    }
}

impl LastMessageRow {
    fn new(last: &LastMessage) -> Self {
        Self {
            id: last.id.to_string(),
            text: last.text.clone(),
            at: last.at,
            is_sender: last.is_sender,
            sender_name: last.sender_name.clone(),
            attachment_kind: last.attachment_kind.as_ref().map(|k| k.as_str().to_owned()),
            deleted: last.deleted,
        }
    }

    fn preview(&self) -> String {
        let body = if self.deleted {
            "(deleted)".to_owned()
        } else {
            match (&self.text, &self.attachment_kind) {
                (Some(text), _) if !text.trim().is_empty() => text.clone(),
                (_, Some(kind)) => format!("[{kind}]"),
                _ => String::new(),
            }
        };
        match (&self.sender_name, self.is_sender) {
            (_, true) => format!("me: {body}"),
            (Some(name), false) => format!("{name}: {body}"),
            (None, false) => body,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MessageRow {
    pub id: String,
    pub chat_id: String,
    pub sender_id: String,
    pub sender_name: Option<String>,
    pub is_sender: bool,
    pub timestamp: DateTime<Utc>,
    pub text: Option<String>,
    pub attachments: Vec<AttachmentRow>,
    pub reactions: Vec<ReactionRow>,
    pub quoted: Option<QuotedRow>,
    pub seen: bool,
    pub delivered: bool,
    pub edited: bool,
    pub deleted: bool,
    pub hidden: bool,
    pub is_event: bool,
    /// The account's provider (`unipile`, `late`); null when the account is not cached.
    pub provider: Option<&'static str>,
    /// The account's type (`WHATSAPP`…); null when the account is not cached.
    pub channel: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AttachmentRow {
    pub id: String,
    pub kind: String,
    pub mimetype: Option<String>,
    pub file_name: Option<String>,
    pub file_size: Option<u64>,
    pub unavailable: bool,
}

#[derive(Debug, Serialize)]
pub struct ReactionRow {
    pub value: String,
    pub sender_id: String,
    pub is_sender: bool,
}

#[derive(Debug, Serialize)]
pub struct QuotedRow {
    pub sender_id: String,
    pub text: Option<String>,
}

impl MessageRow {
    pub fn new(message: &Message, sender_name: Option<String>, account: Option<&Account>) -> Self {
        let (provider, channel) = served_by(account);
        Self {
            id: message.id.to_string(),
            chat_id: message.chat_id.to_string(),
            sender_id: message.sender_id.clone(),
            sender_name,
            is_sender: message.is_sender,
            timestamp: message.timestamp,
            text: message.text.clone(),
            attachments: message.attachments.iter().map(AttachmentRow::new).collect(),
            reactions: message.reactions.iter().map(ReactionRow::new).collect(),
            quoted: message.quoted.as_ref().map(|q| QuotedRow {
                sender_id: q.sender_id.clone(),
                text: q.text.clone(),
            }),
            seen: message.seen,
            delivered: message.delivered,
            edited: message.edited,
            deleted: message.deleted,
            hidden: message.hidden,
            is_event: message.is_event,
            provider,
            channel,
        }
    }

    /// A header line, then the body indented; every part sanitised.
    pub fn text(&self) -> Vec<String> {
        let who = if self.is_sender {
            "me".to_owned()
        } else {
            sanitize_line(self.sender_name.as_deref().unwrap_or(&self.sender_id)).into_owned()
        };
        let mut marks = Vec::new();
        if self.edited {
            marks.push("edited");
        }
        if self.is_sender && self.seen {
            marks.push("seen");
        }
        let marks = if marks.is_empty() {
            String::new()
        } else {
            format!("  ({})", marks.join(", "))
        };
        let mut lines = vec![format!("[{}] {who}{marks}", local_minute(self.timestamp))];
        if let Some(quoted) = &self.quoted {
            let text = quoted.text.as_deref().unwrap_or("…");
            lines.push(format!("    > {}", cell(text, 60).trim_end()));
        }
        if self.deleted {
            lines.push("    (deleted)".to_owned());
        } else if let Some(text) = &self.text {
            lines.extend(
                sanitize_block(text)
                    .lines()
                    .map(|line| format!("    {line}")),
            );
        }
        for attachment in &self.attachments {
            lines.push(format!("    [{}]", attachment.describe()));
        }
        if !self.reactions.is_empty() {
            let reactions: Vec<String> = self
                .reactions
                .iter()
                .map(|r| sanitize_line(&r.value).into_owned())
                .collect();
            lines.push(format!("    {}", reactions.join(" ")));
        }
        lines
    }
}

impl AttachmentRow {
    fn new(attachment: &Attachment) -> Self {
        Self {
            id: attachment.id.to_string(),
            kind: attachment.kind.as_str().to_owned(),
            mimetype: attachment.mimetype.clone(),
            file_name: attachment.file_name.clone(),
            file_size: attachment.file_size,
            unavailable: attachment.unavailable,
        }
    }

    fn describe(&self) -> String {
        let mut parts = vec![sanitize_line(&self.kind).into_owned()];
        if let Some(name) = &self.file_name {
            parts.push(sanitize_line(name).into_owned());
        }
        if let Some(size) = self.file_size {
            parts.push(format!("{} KB", size.div_ceil(1024)));
        }
        if self.unavailable {
            parts.push("unavailable".to_owned());
        }
        parts.join(", ")
    }
}

impl ReactionRow {
    fn new(reaction: &Reaction) -> Self {
        Self {
            value: reaction.value.clone(),
            sender_id: reaction.sender_id.clone(),
            is_sender: reaction.is_sender,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub action: String,
    pub outcome: &'static str,
    pub account_id: Option<String>,
    pub chat_id: Option<String>,
    pub outbox_id: Option<i64>,
    pub digest: Option<String>,
    pub detail: Option<String>,
}

impl AuditRow {
    pub fn new(entry: &AuditEntry) -> Self {
        let event = &entry.event;
        Self {
            id: entry.id,
            at: entry.at,
            action: event.action.clone(),
            outcome: event.outcome.as_str(),
            account_id: event.account_id.as_ref().map(ToString::to_string),
            chat_id: event.chat_id.as_ref().map(ToString::to_string),
            outbox_id: event.outbox_id.map(|id| id.0),
            digest: event.digest.as_ref().map(|d| d.as_str().to_owned()),
            detail: event.detail.clone(),
        }
    }

    pub fn text(&self) -> String {
        let mut line = format!(
            "{}  {}  {}  chat {}",
            local_minute(self.at),
            cell(&self.action, 10),
            cell(self.outcome, 7),
            sanitize_line(self.chat_id.as_deref().unwrap_or("-")),
        );
        if let Some(id) = self.outbox_id {
            line.push_str(&format!("  outbox #{id}"));
        }
        if let Some(detail) = &self.detail {
            line.push_str(&format!("  {}", sanitize_line(detail)));
        }
        line
    }
}

/// Untrusted text as a table cell: sanitised, cut and padded to `width` columns.
fn cell(text: &str, width: usize) -> String {
    fit(&sanitize_line(text), width).into_owned()
}

fn local_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{AccountId, ChatId, MessageId};

    fn message(text: &str) -> Message {
        Message {
            id: MessageId::new("m\u{1b}]0;x\u{7}"),
            account_id: AccountId::new("a"),
            chat_id: ChatId::new("c"),
            provider_id: "p".into(),
            sender_id: "33600000000@s.whatsapp.net".into(),
            sender_attendee_id: None,
            text: Some(text.into()),
            attachments: vec![],
            timestamp: DateTime::UNIX_EPOCH,
            is_sender: false,
            quoted: None,
            reactions: vec![Reaction {
                value: "\u{9b}1m👍".into(),
                sender_id: "s".into(),
                is_sender: false,
            }],
            seen: false,
            delivered: true,
            hidden: false,
            deleted: false,
            edited: true,
            is_event: false,
            event_type: None,
        }
    }

    #[test]
    fn message_text_is_sanitised_line_by_line() {
        let row = MessageRow::new(
            &message("first\r\nsecond \u{1b}[31mred\u{9b}2J"),
            Some("Eve\u{202e}evil".into()),
            None,
        );
        let lines = row.text();
        assert!(lines[0].contains("(edited)"), "{lines:?}");
        assert_eq!(lines[1], "    first");
        assert!(lines[2].starts_with("    second "), "{lines:?}");
        for line in &lines {
            assert!(
                !line.chars().any(|c| c.is_control() || c == '\u{202e}'),
                "{line:?}"
            );
        }
    }

    #[test]
    fn unread_counts_read_like_words() {
        assert_eq!(unread(0, 0), "no unread");
        assert_eq!(unread(3, 1), "3 unread in 1 chat");
        assert_eq!(unread(5, 2), "5 unread in 2 chats");
    }

    fn late_whatsapp() -> Account {
        Account {
            id: AccountId::new("a"),
            name: "Orders".into(),
            phone_number: None,
            status: crate::domain::AccountStatus::Ok,
            created_at: None,
            channel: Channel::WhatsApp,
            provider: Provider::Late,
        }
    }

    #[test]
    fn a_message_says_which_provider_and_channel_hold_it() {
        let account = late_whatsapp();
        let row = MessageRow::new(&message("hi"), None, Some(&account));
        let json = serde_json::to_value(&row).unwrap();
        assert_eq!(json["provider"], "late");
        assert_eq!(json["channel"], "WHATSAPP");
        let unknown = serde_json::to_value(MessageRow::new(&message("hi"), None, None)).unwrap();
        assert!(unknown["provider"].is_null() && unknown["channel"].is_null());
    }

    #[test]
    fn an_account_names_its_kind_unless_it_is_a_linked_whatsapp_app() {
        let summary = crate::store::AccountSummary {
            account: late_whatsapp(),
            unread: crate::store::UnreadTotals::default(),
            trouble: None,
        };
        let row = AccountRow::new(&summary);
        assert_eq!(row.provider, "late");
        assert!(
            row.text().ends_with("WhatsApp Business (Cloud API)"),
            "{}",
            row.text()
        );
        let mut linked = summary.clone();
        linked.account.provider = Provider::Unipile;
        assert!(!AccountRow::new(&linked).text().contains("WhatsApp"));
    }
}
