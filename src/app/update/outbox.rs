//! Reviewing the open chat's actions that did not go through: a failed one can be sent again
//! only through a new confirmation; one whose outcome is unknown is never resent on its own —
//! the user may mark it sent, dismiss it, or knowingly send it again.

use crate::domain::rules::{self, ReactionChange};
use crate::input::Command;
use crate::store::{OutboxAction, OutboxEntry, OutboxState};

use super::super::effect::Effect;
use super::super::modal::{Confirm, Modal};
use super::super::outbound::{FileSpec, Outbound, OutboundKind, QuotePreview, Retry};
use super::super::state::{Access, Level, State};
use super::compose::{account_label, chat_label, excerpt};
use super::{Effects, flash, open_modal};

/// Entries the user can act on: failed, or of unknown outcome.
pub(super) fn actionable(state: &State) -> Vec<&OutboxEntry> {
    state.thread.unsettled().collect()
}

pub(super) fn review(state: &mut State) {
    if actionable(state).is_empty() {
        flash(
            state,
            Level::Info,
            "nothing is waiting in this chat's outbox",
        );
        return;
    }
    open_modal(state, Modal::Outbox { selected: 0 });
}

pub(super) fn command(
    state: &mut State,
    selected: usize,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    let count = actionable(state).len();
    if count == 0 {
        return None;
    }
    let selected = selected.min(count - 1);
    let stay = Some(Modal::Outbox { selected });
    match command {
        Command::MoveDown => Some(Modal::Outbox {
            selected: (selected + 1).min(count - 1),
        }),
        Command::MoveUp => Some(Modal::Outbox {
            selected: selected.saturating_sub(1),
        }),
        Command::Close => None,
        Command::Retry | Command::Dismiss | Command::MarkSent
            if state.access == Access::ReadOnly =>
        {
            flash(
                state,
                Level::Warning,
                "read-only mode: the outbox cannot be changed",
            );
            stay
        }
        Command::Retry => {
            let entry = actionable(state)[selected].clone();
            match retried(state, &entry) {
                Ok(action) => {
                    if let Some(denied) = state.cannot_send_from(&action.account.id) {
                        flash(state, Level::Warning, denied.to_string());
                    }
                    Some(Modal::Confirm(Confirm::new(action, None)))
                }
                Err(reason) => {
                    flash(state, Level::Warning, reason);
                    stay
                }
            }
        }
        Command::Dismiss => {
            fx.push(Effect::DismissOutbox(actionable(state)[selected].id));
            stay
        }
        Command::MarkSent => {
            let entry = actionable(state)[selected];
            if entry.state == OutboxState::Unknown {
                fx.push(Effect::MarkOutboxSent(entry.id));
            } else {
                // Why it failed, as recorded: a refusal, or a server that was never reached.
                let reason = entry
                    .error
                    .as_deref()
                    .unwrap_or("the server did not take it");
                flash(
                    state,
                    Level::Warning,
                    format!("this one failed, so it was not sent: {reason}"),
                );
            }
            stay
        }
        _ => stay,
    }
}

/// The confirmation for sending `entry` again, rebuilt from what is on screen now (windows
/// and reactions are checked against the present, not the time of the first attempt).
fn retried(state: &State, entry: &OutboxEntry) -> Result<Outbound, String> {
    let item = state
        .thread
        .chat
        .as_ref()
        .filter(|item| entry.chat_id.as_ref() == Some(&item.chat.id))
        .ok_or("open the chat of this action first")?;
    let target = || {
        entry
            .target_message_id
            .as_ref()
            .and_then(|id| state.thread.messages.iter().find(|m| &m.id == id))
            .ok_or("scroll to the message first: it is not loaded")
    };
    let kind = match &entry.action {
        OutboxAction::Send {
            text,
            quote_id,
            attachments,
        } => OutboundKind::Send {
            text: text.clone(),
            quote: quote_id.as_ref().map(|id| {
                match state.thread.messages.iter().find(|m| &m.id == id) {
                    Some(quoted) => QuotePreview {
                        message_id: id.clone(),
                        sender: if quoted.is_sender {
                            "You".into()
                        } else {
                            state.thread.sender_name(&quoted.sender_id).into_owned()
                        },
                        text: excerpt(quoted),
                    },
                    None => QuotePreview {
                        message_id: id.clone(),
                        sender: String::new(),
                        text: "(an earlier message)".into(),
                    },
                }
            }),
            attachments: attachments
                .iter()
                .map(|file| FileSpec {
                    name: file.path.file_name().map_or_else(
                        || file.path.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    ),
                    path: file.path.clone(),
                    size: file.size,
                })
                .collect(),
        },
        OutboxAction::StartChat { .. } => {
            return Err("start the chat again from the chat list (n)".into());
        }
        OutboxAction::React { reaction } => {
            let message = target()?;
            rules::can_react(&item.chat, message).map_err(|d| d.to_string())?;
            let change = if reaction.is_empty() {
                let ours = message.reactions.iter().find(|r| r.is_sender);
                ReactionChange::Remove(ours.map(|r| r.value.clone()).unwrap_or_default())
            } else {
                rules::reaction_change(message, reaction)
            };
            OutboundKind::React {
                message: message.id.clone(),
                excerpt: excerpt(message),
                change,
            }
        }
        OutboxAction::Edit { text } => {
            let message = target()?;
            rules::can_edit(message, state.now).map_err(|d| d.to_string())?;
            OutboundKind::Edit {
                message: message.id.clone(),
                sent_at: message.timestamp,
                old_text: message.text.clone().unwrap_or_default(),
                new_text: text.clone(),
            }
        }
        OutboxAction::Delete => {
            let message = target()?;
            rules::can_delete(message, state.now).map_err(|d| d.to_string())?;
            OutboundKind::Delete {
                message: message.id.clone(),
                sent_at: message.timestamp,
                excerpt: excerpt(message),
            }
        }
        OutboxAction::MarkRead => return Err("marking read is not sent again".into()),
    };
    Ok(Outbound {
        account: account_label(state, item),
        chat: Some(chat_label(state, item)),
        kind,
        retry: Some(Retry {
            id: entry.id,
            outcome_unknown: entry.state == OutboxState::Unknown,
        }),
    })
}
