//! The action keys (reply, quote, edit, delete, react, new chat): each asks the account's
//! policy and the rules first, refuses in words, or opens its modal.

use crate::app::error::Refusal;
use crate::domain::Message;
use crate::domain::policy::Policy;
use crate::domain::rules::{self};
use crate::input::Command;
use crate::store::ChatListItem;

use super::labels::{account_label, chat_label, excerpt, quote_preview};
use super::router::open_confirm;
use crate::app::effect::Effect;
use crate::app::modal::{ComposePurpose, Composer, Modal, Picker, PickerKind};
use crate::app::outbound::{FileLimit, Outbound, OutboundKind};
use crate::app::state::{Access, Level, Pane, State};
use crate::app::update::{Effects, flash, open_modal};

/// An action key pressed while the thread was being read, now that it is (on the message then
/// selected). Called by every path that reads a thread in: the newest page and a search hit.
pub(in crate::app::update) fn run_key_held_while_reading(state: &mut State, fx: &mut Effects) {
    for command in std::mem::take(&mut state.thread.moves_when_read) {
        crate::app::update::thread::navigate(state, command, fx);
    }
    if let Some(command) = state.thread.when_read.take() {
        action_key(state, command, fx);
    }
}

/// In read-only mode a write key says so and does nothing: true when it was refused.
pub(in crate::app::update) fn refused_read_only(state: &mut State, command: Command) -> bool {
    if state.access != Access::ReadOnly {
        return false;
    }
    flash(
        state,
        Level::Warning,
        format!("read-only mode: {} is disabled", command.description()),
    );
    true
}

pub(in crate::app::update) fn action_key(state: &mut State, command: Command, fx: &mut Effects) {
    if refused_read_only(state, command) {
        return;
    }
    if command == Command::NewChat {
        open_attendee_picker(state, fx);
        return;
    }
    let Some(item) = state.thread.chat.clone() else {
        flash(state, Level::Warning, "open a chat first");
        return;
    };
    if state.thread.being_read() {
        // Pressed while the chat is being read: its messages (and its saved draft, which an
        // empty composer would save over) are not here yet. Done once they are.
        state.thread.when_read = Some(command);
        flash(state, Level::Info, "reading the chat…");
        return;
    }
    let selected = state.thread.selected_message().cloned();
    let outcome = match command {
        Command::Reply => open_reply(state, &item, false, fx),
        Command::ReplyQuote => open_reply(state, &item, true, fx),
        Command::Edit => open_edit(state, &item, selected.as_ref()),
        Command::Delete => open_delete(state, &item, selected.as_ref()),
        Command::React => open_emoji_picker(state, &item, selected.as_ref()),
        _ => Ok(()),
    };
    if let Err(reason) = outcome {
        flash(state, Level::Warning, reason.to_string());
    }
}

pub(super) fn require_message(message: Option<&Message>) -> Result<&Message, Refusal> {
    message.ok_or(Refusal::NoMessageSelected)
}

pub(super) fn open_reply(
    state: &mut State,
    item: &ChatListItem,
    quoting: bool,
    fx: &mut Effects,
) -> Result<(), Refusal> {
    let policy = policy_of(state, item);
    rules::can_reply(&item.chat, &policy).map_err(Refusal::from)?;
    if quoting {
        rules::can_quote(&policy).map_err(Refusal::from)?;
    }
    let window_closed =
        rules::can_send_free_form(&policy, state.thread.last_inbound, state.now).is_err();
    if window_closed && !quoting && policy.templates {
        // Outside the window only an approved template may go: offer them.
        crate::app::update::templates::open_picker(state, item, fx);
        return Ok(());
    }
    rules::can_send_free_form(&policy, state.thread.last_inbound, state.now)
        .map_err(Refusal::from)?;
    let chat = item.chat.id.clone();
    let draft = state.thread.draft.clone().filter(|d| d.chat_id == chat);
    let mut composer = Composer::new(
        ComposePurpose::Reply { chat },
        draft.as_ref().map_or("", |d| d.text.as_str()),
    );
    let quoted = if quoting {
        let message = require_message(state.thread.selected_message())?;
        if message.deleted {
            return Err(Refusal::QuoteDeleted);
        }
        Some(message.clone())
    } else {
        draft
            .as_ref()
            .and_then(|d| d.quote_id.as_ref())
            .and_then(|id| state.thread.messages.iter().find(|m| &m.id == id).cloned())
    };
    composer.quote = quoted.map(|m| quote_preview(state, &m));
    let limit = FileLimit::of(&policy);
    for path in draft.iter().flat_map(|d| d.attachments.iter()) {
        fx.push(Effect::CheckFile {
            path: path.clone(),
            limit: limit.clone(),
        });
    }
    open_modal(state, Modal::Composer(composer));
    warn_if_cannot_send(state, &item.chat.account_id);
    Ok(())
}

/// Says at once, when a write is being prepared, that its account cannot send now (the
/// composer and the confirmation say it too; the confirmation refuses it).
pub(in crate::app::update) fn warn_if_cannot_send(
    state: &mut State,
    account: &crate::domain::AccountId,
) {
    if let Some(denied) = state.cannot_send_from(account) {
        flash(state, Level::Warning, denied.to_string());
    }
}

/// What the composer's account may do.
pub(super) fn composer_policy(state: &State, composer: &Composer) -> Policy {
    match &composer.purpose {
        ComposePurpose::NewChat { account, .. } => state.account_policy(account),
        _ => state
            .thread
            .chat
            .as_ref()
            .map_or_else(Policy::unipile_whatsapp, |item| policy_of(state, item)),
    }
}

/// What the chat's account may do: asked before anything opens.
pub(super) fn policy_of(state: &State, item: &ChatListItem) -> Policy {
    state.account_policy(&item.chat.account_id)
}

pub(super) fn open_edit(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), Refusal> {
    let policy = policy_of(state, item);
    rules::allows_edit(&policy).map_err(Refusal::from)?;
    let message = require_message(message)?;
    rules::can_edit(message, &policy, state.now).map_err(Refusal::from)?;
    let composer = Composer::new(
        ComposePurpose::Edit {
            chat: item.chat.id.clone(),
            message: message.id.clone(),
        },
        message.text.as_deref().unwrap_or_default(),
    );
    open_modal(state, Modal::Composer(composer));
    warn_if_cannot_send(state, &item.chat.account_id);
    Ok(())
}

pub(super) fn open_delete(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), Refusal> {
    let policy = policy_of(state, item);
    rules::allows_delete(&policy).map_err(Refusal::from)?;
    let message = require_message(message)?;
    rules::can_delete(message, &policy, state.now).map_err(Refusal::from)?;
    let action = Outbound {
        retry: None,
        account: account_label(state, item),
        chat: Some(chat_label(state, item)),
        kind: OutboundKind::Delete {
            message: message.id.clone(),
            sent_at: message.timestamp,
            excerpt: excerpt(message),
        },
    };
    open_confirm(state, action, None);
    warn_if_cannot_send(state, &item.chat.account_id);
    Ok(())
}

pub(super) fn open_emoji_picker(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), Refusal> {
    let policy = policy_of(state, item);
    rules::allows_react(&policy).map_err(Refusal::from)?;
    let message = require_message(message)?;
    rules::can_react(&item.chat, message, &policy).map_err(Refusal::from)?;
    rules::can_send_free_form(&policy, state.thread.last_inbound, state.now)
        .map_err(Refusal::from)?;
    open_modal(
        state,
        Modal::Picker(Picker::new(PickerKind::Emoji {
            chat: item.chat.id.clone(),
            message: message.id.clone(),
        })),
    );
    Ok(())
}

pub(super) fn open_attendee_picker(state: &mut State, fx: &mut Effects) {
    // The account chosen in the accounts pane, else the one of the chat at hand.
    let account = state
        .accounts
        .selected_account()
        .cloned()
        .or_else(|| match state.focus {
            Pane::Thread => state
                .thread
                .chat
                .as_ref()
                .map(|i| i.chat.account_id.clone()),
            _ => state
                .chats
                .selected_item()
                .map(|i| i.chat.account_id.clone()),
        });
    let Some(account) = account else {
        flash(
            state,
            Level::Warning,
            "choose the account to write from in the accounts pane first",
        );
        return;
    };
    if let Err(denied) = rules::can_start_chat(&state.account_policy(&account)) {
        flash(state, Level::Warning, denied.to_string());
        return;
    }
    fx.push(Effect::LoadKnownAttendees {
        account: account.clone(),
    });
    open_modal(
        state,
        Modal::Picker(Picker::new(PickerKind::Attendee {
            account,
            candidates: None,
        })),
    );
}
