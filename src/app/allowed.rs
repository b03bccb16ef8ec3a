//! The account's policy asked once more of a prepared action: at confirmation (in the
//! reducer) and right before the request (in the executor), since the clock may have closed
//! a window meanwhile. Pure: the caller gathers the facts.

use chrono::{DateTime, Utc};

use crate::domain::policy::Policy;
use crate::domain::rules::{self, Denied};
use crate::domain::{Chat, Message};

use super::outbound::OutboundKind;

/// What the check reads besides the action.
pub struct Facts<'a> {
    pub policy: &'a Policy,
    /// The message acted on (edit, delete, react), when it is at hand.
    pub target: Option<&'a Message>,
    /// The chat, when it is at hand.
    pub chat: Option<&'a Chat>,
    /// When the contact last wrote in the chat: the customer-service window's start.
    pub last_inbound: Option<DateTime<Utc>>,
    pub now: DateTime<Utc>,
}

/// Whether the account may still do `action` now, and why not.
pub fn still_allowed(action: &OutboundKind, facts: &Facts<'_>) -> Result<(), Denied> {
    let policy = facts.policy;
    match action {
        OutboundKind::Send {
            text,
            quote,
            attachments,
        } => {
            if let Some(chat) = facts.chat {
                rules::can_reply(chat, policy)?;
            }
            rules::text_fits(text, policy)?;
            if quote.is_some() {
                rules::can_quote(policy)?;
            }
            rules::files_fit(policy, attachments.len())?;
            rules::can_send_free_form(policy, facts.last_inbound, facts.now)
        }
        OutboundKind::StartChat {
            text, attachments, ..
        } => {
            rules::can_start_chat(policy)?;
            rules::text_fits(text, policy)?;
            rules::files_fit(policy, attachments.len())
        }
        OutboundKind::Template { text, .. } => {
            if let Some(chat) = facts.chat {
                rules::can_reply(chat, policy)?;
            }
            rules::allows_templates(policy)?;
            rules::text_fits(text, policy)
        }
        OutboundKind::React { .. } => {
            rules::allows_react(policy)?;
            if let (Some(chat), Some(message)) = (facts.chat, facts.target) {
                rules::can_react(chat, message, policy)?;
            }
            rules::can_send_free_form(policy, facts.last_inbound, facts.now)
        }
        OutboundKind::Edit { new_text, .. } => {
            rules::allows_edit(policy)?;
            rules::text_fits(new_text, policy)?;
            match facts.target {
                Some(message) => rules::can_edit(message, policy, facts.now).map(drop),
                None => Ok(()),
            }
        }
        OutboundKind::ChatChange { change } => rules::allows_chat_change(policy, *change),
        OutboundKind::Delete { .. } => {
            rules::allows_delete(policy)?;
            match facts.target {
                Some(message) => rules::can_delete(message, policy, facts.now).map(drop),
                None => Ok(()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::app::outbound::{FileSpec, QuotePreview};
    use crate::domain::rules::ReactionChange;
    use crate::domain::{AccountId, ChatId, MessageId};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 21, 10, 0, 0).unwrap()
    }

    fn ours(age: Duration) -> Message {
        Message {
            id: MessageId::new("m1"),
            account_id: AccountId::new("a1"),
            chat_id: ChatId::new("c1"),
            provider_id: "p1".into(),
            sender_id: "me".into(),
            sender_attendee_id: None,
            text: Some("hello".into()),
            attachments: vec![],
            timestamp: now() - age,
            is_sender: true,
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

    fn send(text: &str, quote: bool, files: usize) -> OutboundKind {
        OutboundKind::Send {
            text: text.into(),
            quote: quote.then(|| QuotePreview {
                message_id: MessageId::new("m1"),
                sender: "Ana".into(),
                text: "hi".into(),
            }),
            attachments: (0..files)
                .map(|n| FileSpec {
                    path: format!("/tmp/{n}.pdf").into(),
                    name: format!("{n}.pdf"),
                    size: 10,
                })
                .collect(),
        }
    }

    fn check(
        policy: &Policy,
        action: &OutboundKind,
        target: Option<&Message>,
        last_inbound: Option<DateTime<Utc>>,
    ) -> Result<(), String> {
        let facts = Facts {
            policy,
            target,
            chat: None,
            last_inbound,
            now: now(),
        };
        still_allowed(action, &facts).map_err(|d| d.to_string())
    }

    #[test]
    fn a_cloud_api_account_is_refused_every_change_its_row_does_not_allow() {
        let late = Policy::late_whatsapp();
        let message = ours(Duration::minutes(1));
        let edit = OutboundKind::Edit {
            message: message.id.clone(),
            sent_at: message.timestamp,
            old_text: "hello".into(),
            new_text: "hello!".into(),
        };
        let delete = OutboundKind::Delete {
            message: message.id.clone(),
            sent_at: message.timestamp,
            excerpt: "hello".into(),
        };
        let open = Some(now() - Duration::hours(1));
        assert_eq!(
            check(&late, &edit, Some(&message), open),
            Err("this WhatsApp Business (Cloud API) account cannot edit messages".into())
        );
        assert_eq!(
            check(&late, &delete, None, open),
            Err("this WhatsApp Business (Cloud API) account cannot delete messages".into())
        );
        let linked = Policy::unipile_whatsapp();
        assert_eq!(check(&linked, &edit, Some(&message), None), Ok(()));
        assert_eq!(check(&linked, &delete, Some(&message), None), Ok(()));
    }

    #[test]
    fn free_form_content_needs_the_window_open() {
        let late = Policy::late_whatsapp();
        let react = OutboundKind::React {
            message: MessageId::new("m1"),
            excerpt: "hi".into(),
            change: ReactionChange::Add("👍".into()),
        };
        let closed = Some(now() - Duration::hours(24));
        let open = Some(now() - Duration::hours(23));
        for action in [send("hi", false, 0), send("hi", true, 0), react] {
            assert_eq!(
                check(&late, &action, None, closed),
                Err("the 24-hour window is closed — templates only".into()),
                "{action:?}"
            );
            assert!(check(&late, &action, None, None).is_err());
            assert_eq!(check(&late, &action, None, open), Ok(()), "{action:?}");
        }
    }

    #[test]
    fn files_and_text_are_held_to_the_rows_limits() {
        let late = Policy::late_whatsapp();
        let open = Some(now() - Duration::hours(1));
        assert_eq!(
            check(&late, &send("hi", false, 2), None, open),
            Err("this WhatsApp Business (Cloud API) account sends one file per message".into())
        );
        assert_eq!(check(&late, &send("hi", false, 1), None, open), Ok(()));
        assert!(check(&late, &send(&"x".repeat(4_097), false, 0), None, open).is_err());
        let linked = Policy::unipile_whatsapp();
        assert_eq!(check(&linked, &send("hi", false, 5), None, None), Ok(()));
        let linkedin = Policy::of(
            crate::domain::Provider::Unipile,
            &crate::domain::Channel::LinkedIn,
        );
        assert_eq!(
            check(&linkedin, &send("hi", false, 1), None, None),
            Err("this LinkedIn account cannot send files".into())
        );
    }
}
