//! The composer: editing, leaving it (the draft is kept), and the outbound action its text
//! becomes once the rules allow it.

use crate::domain::rules::{self, Denied};
use crate::input::Command;
use crate::store::{ChatListItem, Draft};

use super::keys::composer_policy;
use super::labels::{account_label, chat_label};
use crate::app::allowed::{self, Facts};
use crate::app::effect::Effect;
use crate::app::error::Refusal;
use crate::app::modal::{
    ComposePurpose, Composer, Confirm, Modal, Picker, PickerKind, Prompt, PromptKind,
};
use crate::app::outbound::{AccountLabel, ChatLabel, Outbound, OutboundKind};
use crate::app::state::{Level, State};
use crate::app::update::{Effects, flash};

pub(super) fn composer_command(
    state: &mut State,
    mut composer: Composer,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    match command {
        Command::Send => return prepare_send(state, composer),
        Command::Newline => {
            composer.editor.insert_newline();
            composer.unsaved = true;
        }
        Command::LeaveComposer => {
            leave_composer(state, &composer, fx);
            return None;
        }
        Command::ExternalEditor => fx.push(Effect::OpenEditor(composer.text())),
        Command::AttachFile => {
            let policy = composer_policy(state, &composer);
            if let Err(denied) = rules::files_fit(&policy, composer.attachments.len() + 1) {
                flash(state, Level::Warning, denied.to_string());
                return Some(Modal::Composer(composer));
            }
            let mut prompt = Prompt::new(PromptKind::AttachPath, "");
            prompt.composer = Some(composer);
            return Some(Modal::Prompt(prompt));
        }
        Command::InsertSnippet if state.snippets.is_empty() => flash(
            state,
            Level::Info,
            "no canned replies: write them in snippets.toml beside config.toml",
        ),
        Command::InsertSnippet => {
            return Some(Modal::Picker(Picker::new(PickerKind::Snippet {
                composer: Box::new(composer),
            })));
        }
        editing => edit(&mut composer, editing),
    }
    Some(Modal::Composer(composer))
}

/// The composer's editing commands: moves, deletions, undo and redo.
pub(super) fn edit(composer: &mut Composer, command: Command) {
    use tui_textarea::CursorMove;
    let editor = &mut composer.editor;
    let changed = match command {
        Command::LineStart => {
            editor.move_cursor(CursorMove::Head);
            false
        }
        Command::LineEnd => {
            editor.move_cursor(CursorMove::End);
            false
        }
        Command::WordBack => {
            editor.move_cursor(CursorMove::WordBack);
            false
        }
        Command::WordForward => {
            editor.move_cursor(CursorMove::WordForward);
            false
        }
        Command::DeleteToLineStart => editor.delete_line_by_head(),
        Command::DeleteWordBack => editor.delete_word(),
        Command::Undo => editor.undo(),
        Command::Redo => editor.redo(),
        _ => false,
    };
    composer.unsaved |= changed;
}

/// The draft a reply composer leaves behind; `None` for edits and new chats.
pub(in crate::app::update) fn draft_of(composer: &Composer) -> Option<Draft> {
    let ComposePurpose::Reply { chat } = &composer.purpose else {
        return None;
    };
    Some(Draft {
        chat_id: chat.clone(),
        text: composer.text(),
        quote_id: composer.quote.as_ref().map(|q| q.message_id.clone()),
        attachments: composer
            .attachments
            .iter()
            .map(|f| f.path.clone())
            .collect(),
    })
}

pub(super) fn leave_composer(state: &mut State, composer: &Composer, fx: &mut Effects) {
    match draft_of(composer) {
        Some(draft) => {
            if !draft.is_empty() {
                flash(state, Level::Info, "draft kept");
            }
            if state.thread.chat_id() == Some(&draft.chat_id) {
                state.thread.draft = Some(draft.clone());
            }
            fx.push(Effect::SaveDraft(draft));
        }
        None => flash(state, Level::Info, "nothing was sent"),
    }
}

/// Enter in the composer: build what will be sent and ask for confirmation.
pub(super) fn prepare_send(state: &mut State, composer: Composer) -> Option<Modal> {
    let text = composer.text().trim().to_owned();
    if text.is_empty() && composer.attachments.is_empty() {
        flash(
            state,
            Level::Warning,
            "nothing to send: write a message or attach a file",
        );
        return Some(Modal::Composer(composer));
    }
    match outbound_of(state, &composer, text) {
        Ok(action) => Some(Modal::Confirm(Confirm::new(action, Some(composer)))),
        Err(reason) => {
            flash(state, Level::Warning, reason.to_string());
            Some(Modal::Composer(composer))
        }
    }
}

pub(super) fn outbound_of(
    state: &State,
    composer: &Composer,
    text: String,
) -> Result<Outbound, Refusal> {
    let outbound = prepared(state, composer, text)?;
    allowed_now(state, &outbound)?;
    Ok(outbound)
}

/// The account's policy, asked of `action` with what the open thread knows.
pub(super) fn allowed_now(state: &State, action: &Outbound) -> Result<(), Denied> {
    let policy = state.account_policy(&action.account.id);
    let open = state
        .thread
        .chat
        .as_ref()
        .filter(|item| action.chat.as_ref().is_some_and(|c| c.id == item.chat.id));
    let target = match &action.kind {
        OutboundKind::Edit { message, .. }
        | OutboundKind::Delete { message, .. }
        | OutboundKind::React { message, .. } => {
            state.thread.messages.iter().find(|m| &m.id == message)
        }
        _ => None,
    };
    let facts = Facts {
        policy: &policy,
        target,
        chat: open.map(|item| &item.chat),
        last_inbound: open.and(state.thread.last_inbound),
        now: state.now,
    };
    allowed::still_allowed(&action.kind, &facts)
}

pub(super) fn prepared(
    state: &State,
    composer: &Composer,
    text: String,
) -> Result<Outbound, Refusal> {
    let attachments = composer.attachments.clone();
    match &composer.purpose {
        ComposePurpose::Reply { chat } => {
            let item = open_chat_item(state, chat)?;
            Ok(Outbound {
                retry: None,
                account: account_label(state, item),
                chat: Some(chat_label(state, item)),
                kind: OutboundKind::Send {
                    text,
                    quote: composer.quote.clone(),
                    attachments,
                },
            })
        }
        ComposePurpose::Edit { chat, message } => {
            let item = open_chat_item(state, chat)?;
            let original = state
                .thread
                .messages
                .iter()
                .find(|m| &m.id == message)
                .ok_or(Refusal::EditTargetGone)?;
            let old_text = original.text.clone().unwrap_or_default();
            if old_text.trim() == text {
                return Err(Refusal::TextUnchanged);
            }
            if !attachments.is_empty() {
                return Err(Refusal::EditWithAttachments);
            }
            Ok(Outbound {
                retry: None,
                account: account_label(state, item),
                chat: Some(chat_label(state, item)),
                kind: OutboundKind::Edit {
                    message: message.clone(),
                    sent_at: original.timestamp,
                    old_text,
                    new_text: text,
                },
            })
        }
        ComposePurpose::NewChat {
            account,
            attendee,
            existing_chat,
        } => {
            let summary = state
                .accounts
                .overview
                .ready()
                .and_then(|o| o.accounts.iter().find(|s| &s.account.id == account));
            let name = attendee
                .name
                .clone()
                .or_else(|| attendee.phone_number())
                .unwrap_or_else(|| attendee.provider_id.clone());
            Ok(Outbound {
                retry: None,
                account: AccountLabel {
                    id: account.clone(),
                    name: summary.map_or_else(|| account.to_string(), |s| s.account.name.clone()),
                    phone: summary.and_then(|s| s.account.phone_number.clone()),
                },
                chat: existing_chat.as_ref().map(|id| ChatLabel {
                    id: id.clone(),
                    name: name.clone(),
                    recipient: attendee
                        .phone_number()
                        .unwrap_or_else(|| attendee.provider_id.clone()),
                }),
                kind: OutboundKind::StartChat {
                    attendee: attendee.clone(),
                    existing_chat: existing_chat.clone(),
                    text,
                    attachments,
                },
            })
        }
    }
}

pub(super) fn open_chat_item<'a>(
    state: &'a State,
    chat: &crate::domain::ChatId,
) -> Result<&'a ChatListItem, Refusal> {
    state
        .thread
        .chat
        .as_ref()
        .filter(|item| &item.chat.id == chat)
        .ok_or(Refusal::ChatClosed)
}

/// The name of who the composer writes to: the chat's name, or the new contact's.
pub(super) fn composer_person_name(state: &State, composer: &Composer) -> Option<String> {
    match &composer.purpose {
        ComposePurpose::NewChat { attendee, .. } => attendee.name.clone(),
        ComposePurpose::Reply { chat } | ComposePurpose::Edit { chat, .. } => state
            .thread
            .chat
            .as_ref()
            .filter(|item| &item.chat.id == chat)
            .and_then(|item| item.chat.name.clone()),
    }
}

pub(in crate::app::update) fn editor_done(
    state: &mut State,
    result: Result<String, crate::app::error::EditorError>,
) {
    match (result, &mut state.modal) {
        (Ok(text), Some(Modal::Composer(composer))) => {
            let text = text.strip_suffix('\n').unwrap_or(&text);
            *composer = Composer {
                editor: Composer::new(composer.purpose.clone(), text).editor,
                purpose: composer.purpose.clone(),
                quote: composer.quote.take(),
                attachments: std::mem::take(&mut composer.attachments),
                unsaved: true,
            };
            state.dirty = true;
        }
        (Ok(_), _) => {}
        (Err(reason), _) => flash(state, Level::Error, reason.to_string()),
    }
}
