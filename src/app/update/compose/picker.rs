//! The pickers: reaction, attendee, canned reply, template.

use crate::domain::rules::{self};
use crate::input::Command;

use super::composer::composer_person_name;
use super::keys::warn_if_cannot_send;
use super::labels::{account_label, chat_label, excerpt};
use crate::app::modal::{ComposePurpose, Composer, Confirm, Modal, Picker, PickerKind};
use crate::app::outbound::{Outbound, OutboundKind};
use crate::app::snippets::{Placeholders, fill};
use crate::app::state::{Level, State};
use crate::app::update::{Effects, flash};

pub(super) fn picker_command(
    state: &mut State,
    mut picker: Picker,
    command: Command,
    fx: &mut Effects,
) -> Option<Modal> {
    let count = picker.candidate_count(&state.snippets);
    match command {
        Command::RefreshTemplates => crate::app::update::templates::refresh(&mut picker, fx),
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

pub(super) fn picked(state: &mut State, picker: Picker) -> Option<Modal> {
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
        PickerKind::Template { .. } => crate::app::update::templates::chosen(state, picker),
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
pub(super) fn snippet_picked(state: &mut State, picker: Picker) -> Modal {
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
            .insert_str(crate::app::modal::hard_breaks(&fill(&text, &with)));
        composer.unsaved = true;
    }
    Modal::Composer(composer)
}
