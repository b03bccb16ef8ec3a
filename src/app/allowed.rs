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
        OutboundKind::Delete { .. } => {
            rules::allows_delete(policy)?;
            match facts.target {
                Some(message) => rules::can_delete(message, policy, facts.now).map(drop),
                None => Ok(()),
            }
        }
    }
}
