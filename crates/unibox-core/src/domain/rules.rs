//! The contract's rules (docs/DESIGN.md section 1), enforced by unibox itself before any request.
//! Pure functions of the data and the clock, so the UI, the outbox and the sandbox agree.

use chrono::{DateTime, Duration, Utc};
use thiserror::Error;

use super::policy::{Policy, Window, WindowState, window_state};
use super::{AccountStatus, Attendee, Chat, ChatChange, Message};

/// Why an action is not allowed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Denied {
    #[error("this {kind} account cannot {what}")]
    NotAllowed { kind: String, what: &'static str },
    #[error("only your own messages can be edited")]
    EditNotOwn,
    #[error("a deleted message cannot be edited")]
    EditDeleted,
    #[error("only text messages can be edited")]
    EditNoText,
    #[error("the {window} edit window closed {ago} ago")]
    EditWindowClosed { window: String, ago: String },
    #[error("only your own messages can be deleted")]
    DeleteNotOwn,
    #[error("the message is already deleted")]
    DeleteAlreadyDeleted,
    #[error("the {window} delete window closed {ago} ago")]
    DeleteWindowClosed { window: String, ago: String },
    #[error("reactions are disabled in this chat")]
    ReactionsDisabled,
    #[error("a deleted message cannot be reacted to")]
    ReactDeleted,
    #[error("replies are disabled in this chat")]
    ReplyDisabled,
    #[error("this chat is read-only")]
    ChatReadOnly,
    #[error("{0} is not a known attendee of this account")]
    UnknownAttendee(String),
    #[error("your own number cannot be messaged")]
    SelfAttendee,
    #[error("the text has {chars} characters; {channel} accepts at most {}", grouped(*max))]
    TextTooLong {
        chars: usize,
        max: usize,
        channel: String,
    },
    #[error("the {hours}-hour window is closed — templates only")]
    ServiceWindowClosed { hours: i64 },
    #[error("this {kind} account sends {} per message", files(*max))]
    TooManyFiles { kind: String, max: usize },
    #[error("this account cannot send: {0}")]
    AccountCannotSend(&'static str),
}

/// Whether the account sends approved templates at all (WhatsApp Business Cloud API).
pub fn allows_templates(policy: &Policy) -> Result<(), Denied> {
    if policy.templates {
        Ok(())
    } else {
        Err(not_allowed(policy, "send templates"))
    }
}

/// Whether the account edits messages at all, and within which window.
pub fn allows_edit(policy: &Policy) -> Result<Window, Denied> {
    policy
        .edit
        .ok_or_else(|| not_allowed(policy, "edit messages"))
}

/// Whether the account deletes messages for everyone at all, and within which window.
pub fn allows_delete(policy: &Policy) -> Result<Window, Denied> {
    policy
        .delete
        .ok_or_else(|| not_allowed(policy, "delete messages"))
}

/// Whether the account gives reactions at all.
pub fn allows_react(policy: &Policy) -> Result<(), Denied> {
    if policy.react {
        Ok(())
    } else {
        Err(not_allowed(policy, "react to messages"))
    }
}

/// Whether the account can make `change` to a chat (mark it unread, archive, mute): only
/// what its provider's contract offers.
pub fn allows_chat_change(policy: &Policy, change: ChatChange) -> Result<(), Denied> {
    if policy.chat_changes.allows(change) {
        Ok(())
    } else {
        Err(not_allowed(policy, change.ability()))
    }
}

/// Whether the account can start a chat with a message typed here: not where only a template
/// may open a conversation.
pub fn can_start_chat(policy: &Policy) -> Result<(), Denied> {
    if !policy.send || !policy.start_chat {
        return Err(not_allowed(policy, "start chats"));
    }
    if policy.templates {
        return Err(not_allowed(
            policy,
            "start a chat with free text — templates only",
        ));
    }
    Ok(())
}

/// Time left to edit `message` (`None`: no limit), or why it cannot be edited.
pub fn can_edit(
    message: &Message,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Option<Duration>, Denied> {
    let window = allows_edit(policy)?;
    if !message.is_sender {
        return Err(Denied::EditNotOwn);
    }
    if message.deleted {
        return Err(Denied::EditDeleted);
    }
    if message.text.as_deref().is_none_or(str::is_empty) {
        return Err(Denied::EditNoText);
    }
    window
        .left(message.timestamp, now)
        .map_err(|ago| Denied::EditWindowClosed {
            window: window.words(),
            ago: human_duration(ago),
        })
}

/// Time left to delete `message` for everyone (`None`: no limit), or why it cannot be deleted.
pub fn can_delete(
    message: &Message,
    policy: &Policy,
    now: DateTime<Utc>,
) -> Result<Option<Duration>, Denied> {
    let window = allows_delete(policy)?;
    if !message.is_sender {
        return Err(Denied::DeleteNotOwn);
    }
    if message.deleted {
        return Err(Denied::DeleteAlreadyDeleted);
    }
    window
        .left(message.timestamp, now)
        .map_err(|ago| Denied::DeleteWindowClosed {
            window: window.words(),
            ago: human_duration(ago),
        })
}

/// Whether an account in `status` can send now; the server would refuse it otherwise. A
/// status this build does not know is left to the server.
pub fn can_send_from(status: &AccountStatus) -> Result<(), Denied> {
    let reason = match status {
        AccountStatus::Ok | AccountStatus::Connected | AccountStatus::Other(_) => return Ok(()),
        AccountStatus::Credentials => "sign in again",
        AccountStatus::Connecting => "it is still connecting",
        AccountStatus::Error => "it is in error",
        AccountStatus::Stopped => "it is stopped",
        AccountStatus::Permissions => "permissions are missing on its phone",
    };
    Err(Denied::AccountCannotSend(reason))
}

/// Whether a reply can be sent into `chat` by an account of `policy`.
pub fn can_reply(chat: &Chat, policy: &Policy) -> Result<(), Denied> {
    if !policy.send {
        return Err(not_allowed(policy, "send messages"));
    }
    if chat.reply_disabled {
        return Err(Denied::ReplyDisabled);
    }
    if chat.read_only != 0 {
        return Err(Denied::ChatReadOnly);
    }
    Ok(())
}

/// Whether a reply can quote a message on this account.
pub fn can_quote(policy: &Policy) -> Result<(), Denied> {
    if policy.quote {
        Ok(())
    } else {
        Err(not_allowed(policy, "quote messages"))
    }
}

/// Whether free-form content (text, a file, a quote, a reaction) can go into a chat whose
/// contact last wrote at `last_inbound`: outside the customer-service window only templates
/// may be sent.
pub fn can_send_free_form(
    policy: &Policy,
    last_inbound: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<(), Denied> {
    match (
        window_state(last_inbound, policy, now),
        policy.service_window,
    ) {
        (WindowState::Closed, Some(window)) => Err(Denied::ServiceWindowClosed {
            hours: window.num_hours(),
        }),
        _ => Ok(()),
    }
}

/// Whether `count` files can go with one message on this account.
pub fn files_fit(policy: &Policy, count: usize) -> Result<(), Denied> {
    if count == 0 {
        return Ok(());
    }
    let Some(attachments) = &policy.attachments else {
        return Err(not_allowed(policy, "send files"));
    };
    match attachments.per_message {
        Some(max) if count > max => Err(Denied::TooManyFiles {
            kind: policy.kind.clone(),
            max,
        }),
        _ => Ok(()),
    }
}

/// Whether the account's channel accepts `text` as a message's text. Counting stops past the
/// limit, so a pasted book costs no more than the limit to check.
pub fn text_fits(text: &str, policy: &Policy) -> Result<(), Denied> {
    if text.chars().nth(policy.max_text_chars).is_none() {
        return Ok(());
    }
    Err(Denied::TextTooLong {
        chars: text.chars().count(),
        max: policy.max_text_chars,
        channel: policy.channel.clone(),
    })
}

/// Whether `message` in `chat` can be reacted to by an account of `policy`.
pub fn can_react(chat: &Chat, message: &Message, policy: &Policy) -> Result<(), Denied> {
    allows_react(policy)?;
    if chat.reactions_disabled {
        return Err(Denied::ReactionsDisabled);
    }
    if message.deleted {
        return Err(Denied::ReactDeleted);
    }
    Ok(())
}

fn not_allowed(policy: &Policy, what: &'static str) -> Denied {
    Denied::NotAllowed {
        kind: policy.kind.clone(),
        what,
    }
}

/// "one file", "3 files".
fn files(count: usize) -> String {
    match count {
        1 => "one file".to_owned(),
        n => format!("at most {n} files"),
    }
}

/// `65 536`: thousands apart, as the limits are written in the docs.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(digit);
    }
    out
}

/// What choosing `chosen` on `message` does: WhatsApp keeps one reaction per user, so choosing
/// the one we already gave removes it and any other replaces ours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReactionChange {
    Add(String),
    Replace { old: String, new: String },
    Remove(String),
}

impl ReactionChange {
    /// The value the contract's `{"reaction": …}` body carries; removal sends an empty string.
    pub fn request_value(&self) -> &str {
        match self {
            Self::Add(new) | Self::Replace { new, .. } => new,
            Self::Remove(_) => "",
        }
    }
}

pub fn reaction_change(message: &Message, chosen: &str) -> ReactionChange {
    match message.reactions.iter().find(|r| r.is_sender) {
        Some(ours) if ours.value == chosen => ReactionChange::Remove(chosen.to_owned()),
        Some(ours) => ReactionChange::Replace {
            old: ours.value.clone(),
            new: chosen.to_owned(),
        },
        None => ReactionChange::Add(chosen.to_owned()),
    }
}

/// Warm-only start-chat: the recipient must be one of the attendees the account already knows,
/// matched by provider id, and not ourselves. Returns the known attendee.
pub fn warm_recipient<'a>(
    known: &'a [Attendee],
    provider_id: &str,
) -> Result<&'a Attendee, Denied> {
    let attendee = known
        .iter()
        .find(|a| a.provider_id == provider_id)
        .ok_or_else(|| Denied::UnknownAttendee(provider_id.to_owned()))?;
    if attendee.is_self {
        return Err(Denied::SelfAttendee);
    }
    Ok(attendee)
}

/// `3 min`, `2 h 5 min`, `4 d` — short, for status lines and confirmations.
pub fn human_duration(d: Duration) -> String {
    let secs = d.num_seconds().max(0);
    match secs {
        0..60 => format!("{secs} s"),
        60..3600 => format!("{} min", secs / 60),
        3600..86_400 => match (secs / 3600, secs % 3600 / 60) {
            (h, 0) => format!("{h} h"),
            (h, m) => format!("{h} h {m} min"),
        },
        _ => format!("{} d", secs / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::Policy;
    use crate::domain::{AccountId, ChatId, MessageId, Reaction};

    #[test]
    fn only_a_working_account_sends_and_the_others_say_what_to_do() {
        assert_eq!(can_send_from(&AccountStatus::Ok), Ok(()));
        assert_eq!(can_send_from(&AccountStatus::Connected), Ok(()));
        assert_eq!(can_send_from(&AccountStatus::Other("NEW".into())), Ok(()));
        assert_eq!(
            can_send_from(&AccountStatus::Credentials)
                .unwrap_err()
                .to_string(),
            "this account cannot send: sign in again"
        );
        for status in [
            AccountStatus::Connecting,
            AccountStatus::Error,
            AccountStatus::Stopped,
            AccountStatus::Permissions,
        ] {
            assert!(can_send_from(&status).is_err(), "{status:?}");
        }
    }

    #[test]
    fn texts_fit_up_to_whatsapps_limit_in_characters() {
        let policy = Policy::unipile_whatsapp();
        let at_limit = "é".repeat(65_536);
        assert_eq!(text_fits(&at_limit, &policy), Ok(()));
        let over = format!("{at_limit}👍");
        assert_eq!(
            text_fits(&over, &policy),
            Err(Denied::TextTooLong {
                chars: 65_537,
                max: 65_536,
                channel: "WhatsApp".into()
            })
        );
        assert!(
            text_fits(&over, &policy)
                .unwrap_err()
                .to_string()
                .contains("at most 65 536")
        );
    }

    fn message(is_sender: bool, age: Duration, now: DateTime<Utc>) -> Message {
        Message {
            id: MessageId::from("m1"),
            account_id: AccountId::from("a1"),
            chat_id: ChatId::from("c1"),
            provider_id: "p1".into(),
            sender_id: "s1".into(),
            sender_attendee_id: None,
            text: Some("hello".into()),
            attachments: vec![],
            timestamp: now - age,
            is_sender,
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

    fn chat() -> Chat {
        crate::domain::model::sample_chat()
    }

    #[test]
    fn edit_is_allowed_only_for_own_recent_text() {
        let now = Utc::now();
        let wa = Policy::unipile_whatsapp();
        let can_edit = |m: &Message, now| can_edit(m, &wa, now);
        let left = can_edit(&message(true, Duration::minutes(10), now), now).unwrap();
        assert_eq!(left, Some(Duration::minutes(5)));
        assert_eq!(
            can_edit(&message(false, Duration::minutes(1), now), now),
            Err(Denied::EditNotOwn)
        );
        assert_eq!(
            can_edit(&message(true, Duration::minutes(20), now), now),
            Err(Denied::EditWindowClosed {
                window: "15-minute".into(),
                ago: "5 min".into()
            })
        );
        // The boundary itself is outside the window.
        assert!(can_edit(&message(true, Duration::minutes(15), now), now).is_err());
        let mut deleted = message(true, Duration::minutes(1), now);
        deleted.deleted = true;
        assert_eq!(can_edit(&deleted, now), Err(Denied::EditDeleted));
        let mut no_text = message(true, Duration::minutes(1), now);
        no_text.text = None;
        assert_eq!(can_edit(&no_text, now), Err(Denied::EditNoText));
    }

    #[test]
    fn delete_is_allowed_for_own_messages_within_sixty_hours() {
        let now = Utc::now();
        let wa = Policy::unipile_whatsapp();
        let can_delete = |m: &Message, now| can_delete(m, &wa, now);
        assert!(can_delete(&message(true, Duration::hours(59), now), now).is_ok());
        assert_eq!(
            can_delete(&message(true, Duration::hours(61), now), now),
            Err(Denied::DeleteWindowClosed {
                window: "60-hour".into(),
                ago: "1 h".into()
            })
        );
        assert_eq!(
            can_delete(&message(false, Duration::minutes(1), now), now),
            Err(Denied::DeleteNotOwn)
        );
    }

    #[test]
    fn one_reaction_per_user() {
        let now = Utc::now();
        let mut m = message(false, Duration::minutes(1), now);
        assert_eq!(reaction_change(&m, "👍"), ReactionChange::Add("👍".into()));
        m.reactions.push(Reaction {
            value: "❤️".into(),
            sender_id: "them".into(),
            is_sender: false,
        });
        assert_eq!(reaction_change(&m, "❤️"), ReactionChange::Add("❤️".into()));
        m.reactions.push(Reaction {
            value: "👍".into(),
            sender_id: "me".into(),
            is_sender: true,
        });
        assert_eq!(
            reaction_change(&m, "👍"),
            ReactionChange::Remove("👍".into())
        );
        assert_eq!(reaction_change(&m, "👍").request_value(), "");
        assert_eq!(
            reaction_change(&m, "😂"),
            ReactionChange::Replace {
                old: "👍".into(),
                new: "😂".into()
            }
        );
    }

    #[test]
    fn chat_features_gate_reply_and_react() {
        let now = Utc::now();
        let m = message(false, Duration::minutes(1), now);
        let wa = Policy::unipile_whatsapp();
        let can_reply = |c: &Chat| can_reply(c, &wa);
        let can_react = |c: &Chat, m: &Message| can_react(c, m, &wa);
        let mut c = chat();
        assert!(can_reply(&c).is_ok() && can_react(&c, &m).is_ok());
        c.reactions_disabled = true;
        assert_eq!(can_react(&c, &m), Err(Denied::ReactionsDisabled));
        c.reply_disabled = true;
        assert_eq!(can_reply(&c), Err(Denied::ReplyDisabled));
        let mut ro = chat();
        ro.read_only = 1;
        assert_eq!(can_reply(&ro), Err(Denied::ChatReadOnly));
    }

    #[test]
    fn start_chat_only_reaches_known_attendees() {
        let known = vec![
            Attendee {
                id: "att1".into(),
                account_id: "a1".into(),
                provider_id: "33611111111@s.whatsapp.net".into(),
                name: Some("Ana".into()),
                is_self: false,
                picture_url: None,
            },
            Attendee {
                id: "att0".into(),
                account_id: "a1".into(),
                provider_id: "33600000000@s.whatsapp.net".into(),
                name: Some("Me".into()),
                is_self: true,
                picture_url: None,
            },
        ];
        assert_eq!(
            warm_recipient(&known, "33611111111@s.whatsapp.net")
                .unwrap()
                .id,
            "att1".into()
        );
        assert_eq!(
            warm_recipient(&known, "33699999999@s.whatsapp.net"),
            Err(Denied::UnknownAttendee("33699999999@s.whatsapp.net".into()))
        );
        assert_eq!(
            warm_recipient(&known, "33600000000@s.whatsapp.net"),
            Err(Denied::SelfAttendee)
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(Duration::seconds(42)), "42 s");
        assert_eq!(human_duration(Duration::minutes(14)), "14 min");
        assert_eq!(human_duration(Duration::minutes(125)), "2 h 5 min");
        assert_eq!(human_duration(Duration::hours(50)), "2 d");
        assert_eq!(human_duration(Duration::seconds(-5)), "0 s");
    }
}
