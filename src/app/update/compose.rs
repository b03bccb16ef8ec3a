//! The action keys and every modal: composer, prompts, pickers and the confirmation. This is
//! the only file that produces `Effect::Submit`, and only from an explicit confirmation.

use crossterm::event::{KeyEvent, KeyModifiers};

use crate::domain::policy::Policy;
use crate::domain::rules::{self, Denied};
use crate::domain::{Message, phone_from_provider_id};
use crate::input::Command;
use crate::store::{ChatListItem, Draft};

use super::super::allowed::{self, Facts};
use super::super::effect::Effect;
use super::super::modal::{
    Button, ComposePurpose, Composer, Confirm, Modal, Picker, PickerKind, Prompt, PromptKind,
};
use super::super::outbound::{
    AccountLabel, ChatLabel, FileLimit, Outbound, OutboundKind, QuotePreview,
};
use super::super::snippets::{Placeholders, fill};
use super::super::state::{Access, Level, Pane, State};
use super::{Effects, flash, lists, open_modal};

/// The start of a message, for one-line mentions in modals.
const EXCERPT_CHARS: usize = 80;

/// An action key pressed while the thread was being read, now that it is (on the message then
/// selected). Called by every path that reads a thread in: the newest page and a search hit.
pub(super) fn run_key_held_while_reading(state: &mut State, fx: &mut Effects) {
    if let Some(command) = state.thread.when_read.take() {
        action_key(state, command, fx);
    }
}

pub(super) fn action_key(state: &mut State, command: Command, fx: &mut Effects) {
    if state.access == Access::ReadOnly {
        flash(
            state,
            Level::Warning,
            format!("read-only mode: {} is disabled", command.description()),
        );
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
    if state.thread.draft_of.as_ref() != Some(&item.chat.id) {
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
        flash(state, Level::Warning, reason);
    }
}

fn require_message(message: Option<&Message>) -> Result<&Message, String> {
    message.ok_or_else(|| "select a message first (j / k)".to_owned())
}

fn open_reply(
    state: &mut State,
    item: &ChatListItem,
    quoting: bool,
    fx: &mut Effects,
) -> Result<(), String> {
    let policy = policy_of(state, item);
    rules::can_reply(&item.chat, &policy).map_err(|d| d.to_string())?;
    if quoting {
        rules::can_quote(&policy).map_err(|d| d.to_string())?;
    }
    let window_closed =
        rules::can_send_free_form(&policy, state.thread.last_inbound, state.now).is_err();
    if window_closed && !quoting && policy.templates {
        // Outside the window only an approved template may go: offer them.
        super::templates::open_picker(state, item, fx);
        return Ok(());
    }
    rules::can_send_free_form(&policy, state.thread.last_inbound, state.now)
        .map_err(|d| d.to_string())?;
    let chat = item.chat.id.clone();
    let draft = state.thread.draft.clone().filter(|d| d.chat_id == chat);
    let mut composer = Composer::new(
        ComposePurpose::Reply { chat },
        draft.as_ref().map_or("", |d| d.text.as_str()),
    );
    let quoted = if quoting {
        let message = require_message(state.thread.selected_message())?;
        if message.deleted {
            return Err("a deleted message cannot be quoted".into());
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
fn warn_if_cannot_send(state: &mut State, account: &crate::domain::AccountId) {
    if let Some(denied) = state.cannot_send_from(account) {
        flash(state, Level::Warning, denied.to_string());
    }
}

/// What the composer's account may do.
fn composer_policy(state: &State, composer: &Composer) -> Policy {
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
fn policy_of(state: &State, item: &ChatListItem) -> Policy {
    state.account_policy(&item.chat.account_id)
}

fn open_edit(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), String> {
    let policy = policy_of(state, item);
    rules::allows_edit(&policy).map_err(|d| d.to_string())?;
    let message = require_message(message)?;
    rules::can_edit(message, &policy, state.now).map_err(|d| d.to_string())?;
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

fn open_delete(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), String> {
    let policy = policy_of(state, item);
    rules::allows_delete(&policy).map_err(|d| d.to_string())?;
    let message = require_message(message)?;
    rules::can_delete(message, &policy, state.now).map_err(|d| d.to_string())?;
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

fn open_emoji_picker(
    state: &mut State,
    item: &ChatListItem,
    message: Option<&Message>,
) -> Result<(), String> {
    let policy = policy_of(state, item);
    rules::allows_react(&policy).map_err(|d| d.to_string())?;
    let message = require_message(message)?;
    rules::can_react(&item.chat, message, &policy).map_err(|d| d.to_string())?;
    rules::can_send_free_form(&policy, state.thread.last_inbound, state.now)
        .map_err(|d| d.to_string())?;
    open_modal(
        state,
        Modal::Picker(Picker::new(PickerKind::Emoji {
            chat: item.chat.id.clone(),
            message: message.id.clone(),
        })),
    );
    Ok(())
}

fn open_attendee_picker(state: &mut State, fx: &mut Effects) {
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

fn open_confirm(state: &mut State, action: Outbound, composer: Option<Composer>) {
    open_modal(state, Modal::Confirm(Confirm::new(action, composer)));
}

/// A fresh query: the previous search is dropped, so what is typed is all that filters.
pub(super) fn open_search(state: &mut State, fx: &mut Effects) {
    let prompt = Prompt::new(PromptKind::SearchChats, "");
    state.focus = Pane::Chats;
    lists::clear_search(state, fx);
    open_modal(state, Modal::Prompt(prompt));
}

pub(super) fn modal_command(state: &mut State, command: Command, fx: &mut Effects) {
    let Some(modal) = state.modal.take() else {
        return;
    };
    state.dirty = true;
    let screen = ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1);
    state.modal = match modal {
        Modal::Help { scroll } => {
            let limit = state.measure.help_scroll_limit(screen, state);
            scroll_or_close(command, scroll, limit, |scroll| Modal::Help { scroll })
        }
        Modal::Attendees { scroll } => {
            let limit = state.measure.attendees_scroll_limit(screen, state);
            scroll_or_close(command, scroll, limit, |scroll| Modal::Attendees { scroll })
        }
        Modal::Composer(composer) => composer_command(state, composer, command, fx),
        Modal::Confirm(confirm) => confirm_command(state, confirm, command, fx),
        Modal::ConfirmReconnect(confirm) => {
            super::reconnect::confirm_command(state, confirm, command, fx)
        }
        Modal::ReconnectLink { account, link } => {
            super::reconnect::link_command(account, link, command)
        }
        Modal::Prompt(prompt) => prompt_command(state, prompt, command, fx),
        Modal::Picker(picker) => picker_command(state, picker, command, fx),
        Modal::Outbox { selected, scope } => {
            super::outbox::command(state, selected, scope, command, fx)
        }
        Modal::Reader {
            message,
            scroll,
            link,
        } => super::thread::reader_command(state, message, (scroll, link), command, fx),
        Modal::Search => super::search::command(state, command, fx),
    };
}

/// Scrolls a read-only window, never past `limit` (so scrolling back takes one press), or
/// closes it.
fn scroll_or_close(
    command: Command,
    scroll: u16,
    limit: u16,
    reopen: impl Fn(u16) -> Modal,
) -> Option<Modal> {
    match command {
        Command::ScrollDown | Command::MoveDown => {
            Some(reopen(scroll.saturating_add(1).min(limit)))
        }
        Command::ScrollUp | Command::MoveUp => Some(reopen(scroll.saturating_sub(1))),
        Command::Close | Command::Help | Command::Quit | Command::Cancel => None,
        _ => Some(reopen(scroll)),
    }
}

fn composer_command(
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
fn edit(composer: &mut Composer, command: Command) {
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
pub(super) fn draft_of(composer: &Composer) -> Option<Draft> {
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

fn leave_composer(state: &mut State, composer: &Composer, fx: &mut Effects) {
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
fn prepare_send(state: &mut State, composer: Composer) -> Option<Modal> {
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
            flash(state, Level::Warning, reason);
            Some(Modal::Composer(composer))
        }
    }
}

fn outbound_of(state: &State, composer: &Composer, text: String) -> Result<Outbound, String> {
    let outbound = prepared(state, composer, text)?;
    allowed_now(state, &outbound).map_err(|d| d.to_string())?;
    Ok(outbound)
}

/// The account's policy, asked of `action` with what the open thread knows.
fn allowed_now(state: &State, action: &Outbound) -> Result<(), Denied> {
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

fn prepared(state: &State, composer: &Composer, text: String) -> Result<Outbound, String> {
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
                .ok_or("the message to edit is no longer loaded")?;
            let old_text = original.text.clone().unwrap_or_default();
            if old_text.trim() == text {
                return Err("the text did not change".into());
            }
            if !attachments.is_empty() {
                return Err("an edit cannot add attachments".into());
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

fn open_chat_item<'a>(
    state: &'a State,
    chat: &crate::domain::ChatId,
) -> Result<&'a ChatListItem, String> {
    state
        .thread
        .chat
        .as_ref()
        .filter(|item| &item.chat.id == chat)
        .ok_or_else(|| "the chat is no longer open".to_owned())
}

fn confirm_command(
    state: &mut State,
    mut confirm: Confirm,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    match command {
        Command::Confirm => return confirmed(state, confirm, fx),
        Command::Activate if confirm.focus == Button::Confirm => {
            return confirmed(state, confirm, fx);
        }
        Command::Cancel | Command::Activate => return cancelled(state, confirm),
        Command::SwitchButton => {
            confirm.focus = match confirm.focus {
                Button::Cancel => Button::Confirm,
                Button::Confirm => Button::Cancel,
            };
        }
        Command::ScrollDown => {
            let screen = ratatui::layout::Rect::new(0, 0, state.size.0, state.size.1);
            let limit = state.measure.confirm_scroll_limit(screen, &confirm, state);
            confirm.scroll = confirm.scroll.saturating_add(1).min(limit);
        }
        Command::ScrollUp => confirm.scroll = confirm.scroll.saturating_sub(1),
        _ => {}
    }
    Some(Modal::Confirm(confirm))
}

/// The user said yes. Rules tied to the clock are checked once more, now.
fn confirmed(state: &mut State, confirm: Confirm, fx: &mut Effects) -> Option<Modal> {
    if state.access == Access::ReadOnly {
        // Unreachable through the keys; kept so no path can ever send in read-only mode.
        flash(state, Level::Error, "read-only mode: nothing was sent");
        return None;
    }
    if let Some(denied) = state.cannot_send_from(&confirm.action.account.id) {
        // The server would refuse it: nothing leaves, and the text stays in the composer.
        flash(state, Level::Warning, format!("not sent: {denied}"));
        return confirm.composer.map(Modal::Composer);
    }
    if let Err(denied) = allowed_now(state, &confirm.action) {
        flash(state, Level::Warning, format!("not sent: {denied}"));
        // A message not sent stays in its composer; a change to one sent is dropped.
        return match confirm.action.kind {
            OutboundKind::Send { .. } | OutboundKind::StartChat { .. } => {
                confirm.composer.map(Modal::Composer)
            }
            _ => None,
        };
    }
    if let Some(draft) = confirm.composer.as_ref().and_then(draft_of)
        && state
            .thread
            .draft
            .as_ref()
            .is_some_and(|d| d.chat_id == draft.chat_id)
    {
        state.thread.draft = None;
    }
    flash(state, Level::Info, format!("{}…", confirm.action.verb()));
    fx.push(Effect::Submit(Box::new(confirm.action)));
    None
}

fn cancelled(state: &mut State, confirm: Confirm) -> Option<Modal> {
    flash(state, Level::Info, "cancelled: nothing was sent");
    confirm.composer.map(Modal::Composer)
}

fn prompt_command(
    state: &mut State,
    mut prompt: Prompt,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    match (prompt.kind, command) {
        (PromptKind::SearchChats, Command::Submit) => None,
        (PromptKind::SearchChats, Command::Close) => {
            if !state.chats.filter.search.is_empty() {
                state.chats.filter.search.clear();
                lists::reset_chats(state, fx);
            }
            None
        }
        (PromptKind::AttachPath, Command::Submit) => {
            // The executor reads a leading `~` as the home directory.
            let path = std::path::PathBuf::from(prompt.text().trim());
            if path.as_os_str().is_empty() {
                prompt.hint = Some("type the path of a file".into());
            } else {
                prompt.hint = Some("checking…".into());
                let limit = prompt.composer.as_ref().map_or_else(
                    || FileLimit::of(&Policy::unipile_whatsapp()),
                    |composer| FileLimit::of(&composer_policy(state, composer)),
                );
                fx.push(Effect::CheckFile { path, limit });
            }
            Some(Modal::Prompt(prompt))
        }
        (PromptKind::AttachPath, Command::Complete) => {
            fx.push(Effect::CompletePath(prompt.text().to_owned()));
            Some(Modal::Prompt(prompt))
        }
        (PromptKind::AttachPath, Command::Close) => prompt.composer.take().map(Modal::Composer),
        (PromptKind::TemplateValue, command) => {
            super::templates::value_command(state, prompt, command)
        }
        _ => Some(Modal::Prompt(prompt)),
    }
}

fn picker_command(
    state: &mut State,
    mut picker: Picker,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    let count = picker.candidate_count(&state.snippets);
    match command {
        Command::RefreshTemplates => super::templates::refresh(&mut picker, fx),
        Command::MoveDown => picker.selected = (picker.selected + 1).min(count.saturating_sub(1)),
        Command::MoveUp => picker.selected = picker.selected.saturating_sub(1),
        // Closing the snippet picker goes back to the composer, text as it was.
        Command::Close => {
            return match picker.kind {
                PickerKind::Snippet { composer } => Some(Modal::Composer(*composer)),
                _ => None,
            };
        }
        Command::Choose => return picked(state, picker),
        _ => {}
    }
    Some(Modal::Picker(picker))
}

fn picked(state: &mut State, picker: Picker) -> Option<Modal> {
    match &picker.kind {
        PickerKind::Snippet { .. } => Some(snippet_picked(state, picker)),
        PickerKind::Emoji { chat, message } => {
            let emoji = picker.emoji_candidates().into_iter().nth(picker.selected)?;
            let item = state.thread.chat.clone().filter(|i| &i.chat.id == chat)?;
            let Some(target) = state.thread.messages.iter().find(|m| &m.id == message) else {
                flash(state, Level::Warning, "the message is no longer loaded");
                return None;
            };
            let action = Outbound {
                retry: None,
                account: account_label(state, &item),
                chat: Some(chat_label(state, &item)),
                kind: OutboundKind::React {
                    message: message.clone(),
                    excerpt: excerpt(target),
                    change: rules::reaction_change(target, emoji),
                },
            };
            warn_if_cannot_send(state, &item.chat.account_id);
            Some(Modal::Confirm(Confirm::new(action, None)))
        }
        PickerKind::Template { .. } => super::templates::chosen(state, picker),
        PickerKind::Attendee { account, .. } => {
            let Some((attendee, existing)) = picker
                .attendee_candidates()
                .into_iter()
                .nth(picker.selected)
                .cloned()
            else {
                return Some(Modal::Picker(picker));
            };
            let composer = Composer::new(
                ComposePurpose::NewChat {
                    account: account.clone(),
                    attendee,
                    existing_chat: existing,
                },
                "",
            );
            warn_if_cannot_send(state, account);
            Some(Modal::Composer(composer))
        }
    }
}

/// The chosen canned reply goes in at the cursor, its placeholders filled from the chat; it
/// is then edited (and confirmed) like anything typed.
fn snippet_picked(state: &mut State, picker: Picker) -> Modal {
    let text = picker
        .snippet_candidates(&state.snippets)
        .into_iter()
        .nth(picker.selected)
        .map(|snippet| snippet.text.clone());
    let PickerKind::Snippet { composer } = picker.kind else {
        return Modal::Picker(picker);
    };
    let mut composer = *composer;
    if let Some(text) = text {
        let with = Placeholders {
            name: composer_person_name(state, &composer),
            agent: state.options.agent_name.clone(),
        };
        composer
            .editor
            .insert_str(super::super::modal::hard_breaks(&fill(&text, &with)));
        composer.unsaved = true;
    }
    Modal::Composer(composer)
}

/// The name of who the composer writes to: the chat's name, or the new contact's.
fn composer_person_name(state: &State, composer: &Composer) -> Option<String> {
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

pub(super) fn text_input(state: &mut State, key: KeyEvent, fx: &mut Effects) {
    let mut search_changed = false;
    match &mut state.modal {
        Some(Modal::Composer(composer)) => {
            // Chords are keymap data: one not bound in [composer] does nothing, rather than
            // whatever tui-textarea would make of it (its ctrl-u undoes, for one).
            if key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            {
                return;
            }
            composer.unsaved |= composer.editor.input(key);
        }
        Some(Modal::Prompt(prompt)) => {
            prompt.input.input(key);
            prompt.hint = None;
            search_changed = prompt.kind == PromptKind::SearchChats;
        }
        Some(Modal::Picker(picker)) => {
            picker.filter.input(key);
            picker.selected = 0;
        }
        Some(Modal::Search) => return super::search::text_input(state, key, fx),
        _ => return,
    }
    state.dirty = true;
    if search_changed {
        apply_search(state, fx);
    }
}

pub(super) fn paste(state: &mut State, text: &str, fx: &mut Effects) {
    // Single-line fields take the first line only: a pasted newline must not submit anything.
    let first_line = text.lines().next().unwrap_or_default();
    let mut search_changed = false;
    match &mut state.modal {
        Some(Modal::Composer(composer)) => {
            composer
                .editor
                .insert_str(super::super::modal::hard_breaks(text));
            composer.unsaved = true;
        }
        Some(Modal::Prompt(prompt)) => {
            prompt.input.insert_str(first_line);
            search_changed = prompt.kind == PromptKind::SearchChats;
        }
        Some(Modal::Picker(picker)) => {
            picker.filter.insert_str(first_line);
            picker.selected = 0;
        }
        Some(Modal::Search) => return super::search::paste(state, first_line, fx),
        _ => return,
    }
    state.dirty = true;
    if search_changed {
        apply_search(state, fx);
    }
}

fn apply_search(state: &mut State, fx: &mut Effects) {
    if let Some(Modal::Prompt(prompt)) = &state.modal {
        state.chats.filter.search = prompt.text().to_owned();
        lists::reset_chats(state, fx);
    }
}

pub(super) fn editor_done(state: &mut State, result: Result<String, String>) {
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
        (Err(reason), _) => flash(state, Level::Error, reason),
    }
}

pub(super) fn account_label(state: &State, item: &ChatListItem) -> AccountLabel {
    let id = &item.chat.account_id;
    let summary = state
        .accounts
        .overview
        .ready()
        .and_then(|o| o.accounts.iter().find(|s| &s.account.id == id));
    AccountLabel {
        id: id.clone(),
        name: summary.map_or_else(|| id.to_string(), |s| s.account.name.clone()),
        phone: summary.and_then(|s| s.account.phone_number.clone()),
    }
}

pub(super) fn chat_label(state: &State, item: &ChatListItem) -> ChatLabel {
    let chat = &item.chat;
    let number = chat
        .attendee_provider_id
        .as_deref()
        .and_then(phone_from_provider_id);
    let name = chat
        .name
        .clone()
        .or_else(|| number.clone())
        .unwrap_or_else(|| chat.provider_id.clone());
    let recipient = match chat.kind {
        crate::domain::ChatKind::Group => {
            format!("group · {} attendees", state.thread.attendees.len())
        }
        _ => number
            .or_else(|| chat.attendee_provider_id.clone())
            .unwrap_or_else(|| chat.provider_id.clone()),
    };
    ChatLabel {
        id: chat.id.clone(),
        name,
        recipient,
    }
}

fn quote_preview(state: &State, message: &Message) -> QuotePreview {
    let sender = if message.is_sender {
        "You".to_owned()
    } else {
        state.thread.sender_name(&message.sender_id).into_owned()
    };
    QuotePreview {
        message_id: message.id.clone(),
        sender,
        text: excerpt(message),
    }
}

pub(super) fn excerpt(message: &Message) -> String {
    let text = message.text.as_deref().unwrap_or_default();
    let mut short: String = text.chars().take(EXCERPT_CHARS).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    match message.attachments.first() {
        Some(attachment) if short.is_empty() => format!("[{}]", attachment.kind.label()),
        _ => short,
    }
}
