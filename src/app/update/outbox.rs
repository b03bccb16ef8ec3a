//! Reviewing actions that did not go through, the open chat's (from the thread) or every
//! chat's (from the chat list): a failed one can be sent again only through a new
//! confirmation; one whose outcome is unknown is never resent on its own — the user may mark
//! it sent, dismiss it, or knowingly send it again.

use crate::app::error::Refusal;
use crate::domain::rules::{self, ReactionChange};
use crate::input::Command;
use crate::store::{ChatListItem, OutboxAction, OutboxEntry, OutboxState, UnsentAction};

use super::super::effect::Effect;
use super::super::modal::{Confirm, Modal, OutboxScope};
use super::super::outbound::{FileSpec, Outbound, OutboundKind, QuotePreview, Retry};
use super::super::state::{Access, Level, Pane, RequestId, State};
use super::compose::{account_label, chat_label, excerpt};
use super::{Effects, flash, open_modal};

/// Entries the user can act on (failed, or of unknown outcome), each with its chat when known.
pub(super) fn actionable(
    state: &State,
    scope: OutboxScope,
) -> Vec<(&OutboxEntry, Option<&ChatListItem>)> {
    match scope {
        OutboxScope::OpenChat => state
            .thread
            .unsettled()
            .map(|entry| (entry, state.thread.chat.as_ref()))
            .collect(),
        OutboxScope::AllChats => state
            .unsent
            .entries
            .iter()
            .map(|UnsentAction { entry, chat }| (entry, chat.as_ref()))
            .collect(),
    }
}

/// `O`: in the chat list, every chat's unsent actions (read first); elsewhere the open chat's.
pub(super) fn review(state: &mut State, fx: &mut Effects) {
    if state.focus == Pane::Chats {
        read_unsent(state, true, fx);
        return;
    }
    if actionable(state, OutboxScope::OpenChat).is_empty() {
        flash(
            state,
            Level::Info,
            "nothing is waiting in this chat's outbox",
        );
        return;
    }
    open_modal(
        state,
        Modal::Outbox {
            selected: 0,
            scope: OutboxScope::OpenChat,
        },
    );
}

/// Asks the cache for every chat's unsent actions; `open` when the user asked to see them.
pub(super) fn read_unsent(state: &mut State, open: bool, fx: &mut Effects) {
    let request = state.next_request();
    state.unsent.request = Some(request);
    state.unsent.open_when_read = open;
    fx.push(Effect::LoadUnsent { request });
}

/// Every chat's unsent actions arrived: open the review if asked, close it once empty.
pub(super) fn unsent_read(state: &mut State, request: RequestId, entries: Vec<UnsentAction>) {
    if state.unsent.request != Some(request) {
        return;
    }
    state.unsent.request = None;
    state.unsent.entries = entries;
    state.dirty = true;
    let open = std::mem::take(&mut state.unsent.open_when_read);
    let empty = state.unsent.entries.is_empty();
    let showing = matches!(
        state.modal,
        Some(Modal::Outbox {
            scope: OutboxScope::AllChats,
            ..
        })
    );
    if showing && empty {
        state.modal = None;
    } else if let Some(Modal::Outbox { selected, .. }) = &mut state.modal
        && showing
    {
        *selected = (*selected).min(state.unsent.entries.len().saturating_sub(1));
    } else if open && empty {
        flash(state, Level::Info, "nothing is waiting in the outbox");
    } else if open && state.modal.is_none() {
        open_modal(
            state,
            Modal::Outbox {
                selected: 0,
                scope: OutboxScope::AllChats,
            },
        );
    }
}

pub(super) fn command(
    state: &mut State,
    selected: usize,
    scope: OutboxScope,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    let count = actionable(state, scope).len();
    if count == 0 {
        return None;
    }
    let selected = selected.min(count - 1);
    let stay = Some(Modal::Outbox { selected, scope });
    match command {
        Command::MoveDown => Some(Modal::Outbox {
            selected: (selected + 1).min(count - 1),
            scope,
        }),
        Command::MoveUp => Some(Modal::Outbox {
            selected: selected.saturating_sub(1),
            scope,
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
            let (entry, chat) = actionable(state, scope)[selected];
            let (entry, chat) = (entry.clone(), chat.cloned());
            match retried(state, &entry, chat.as_ref()) {
                Ok(action) => {
                    if let Some(denied) = state.cannot_send_from(&action.account.id) {
                        flash(state, Level::Warning, denied.to_string());
                    }
                    Some(Modal::Confirm(Confirm::new(action, None)))
                }
                Err(reason) => {
                    flash(state, Level::Warning, reason.to_string());
                    stay
                }
            }
        }
        Command::Dismiss => {
            fx.push(Effect::DismissOutbox(
                actionable(state, scope)[selected].0.id,
            ));
            stay
        }
        Command::MarkSent => {
            let (entry, _) = actionable(state, scope)[selected];
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

/// The confirmation for sending `entry` (of the chat `item`) again, rebuilt from what is on
/// screen now (windows and reactions are checked against the present, not the time of the
/// first attempt). A message can be sent again from any chat's review; a change to a message
/// needs that message loaded, in its open chat.
fn retried(
    state: &State,
    entry: &OutboxEntry,
    item: Option<&ChatListItem>,
) -> Result<Outbound, Refusal> {
    // A start-chat has no chat to be sent again in.
    if let OutboxAction::StartChat { .. } = &entry.action {
        return Err(Refusal::StartChatAgain);
    }
    let item = item
        .filter(|item| entry.chat_id.as_ref() == Some(&item.chat.id))
        .ok_or(Refusal::ChatGone)?;
    let open_here = state.thread.chat_id() == Some(&item.chat.id);
    let policy = state.account_policy(&item.chat.account_id);
    let target = || {
        if !open_here {
            return Err(Refusal::OpenChatFirst);
        }
        entry
            .target_message_id
            .as_ref()
            .and_then(|id| state.thread.messages.iter().find(|m| &m.id == id))
            .ok_or(Refusal::ScrollToMessage)
    };
    let kind = match &entry.action {
        OutboxAction::Send {
            text,
            template: Some(template),
            ..
        } => OutboundKind::Template {
            template: template.clone(),
            text: text.clone(),
        },
        OutboxAction::Send {
            text,
            quote_id,
            attachments,
            ..
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
        OutboxAction::StartChat { .. } => return Err(Refusal::StartChatAgain),
        OutboxAction::React { reaction } => {
            let message = target()?;
            rules::can_react(&item.chat, message, &policy).map_err(Refusal::from)?;
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
            rules::can_edit(message, &policy, state.now).map_err(Refusal::from)?;
            OutboundKind::Edit {
                message: message.id.clone(),
                sent_at: message.timestamp,
                old_text: message.text.clone().unwrap_or_default(),
                new_text: text.clone(),
            }
        }
        OutboxAction::ChatChange { change } => {
            rules::allows_chat_change(&policy, *change).map_err(Refusal::from)?;
            OutboundKind::ChatChange { change: *change }
        }
        OutboxAction::Delete => {
            let message = target()?;
            rules::can_delete(message, &policy, state.now).map_err(Refusal::from)?;
            OutboundKind::Delete {
                message: message.id.clone(),
                sent_at: message.timestamp,
                excerpt: excerpt(message),
            }
        }
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
