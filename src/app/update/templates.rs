//! The template picker: what replying opens in a chat whose customer-service window closed.
//! The account's templates (fetched once a session, again on demand), then one value per
//! variable, then the confirmation showing the final text.

use crate::domain::{Template, TemplateMessage, fill_template};
use crate::input::Command;
use crate::store::ChatListItem;

use super::super::choices::template_status_words;
use super::super::effect::Effect;
use super::super::modal::{Confirm, Modal, Picker, PickerKind, Prompt, PromptKind, TemplateForm};
use super::super::outbound::{Outbound, OutboundKind};
use super::super::state::{Level, Loadable, State};
use super::compose::{account_label, chat_label};
use super::{Effects, flash};

/// Opens the picker on the session's copy of the account's templates, or asks for them.
pub(super) fn open_picker(state: &mut State, item: &ChatListItem, fx: &mut Effects) {
    let account = item.chat.account_id.clone();
    let templates = match state.templates.get(&account) {
        Some(templates) => Loadable::Ready(templates.clone()),
        None => {
            fx.push(Effect::LoadTemplates {
                account: account.clone(),
            });
            Loadable::Loading
        }
    };
    state.modal = Some(Modal::Picker(Picker::new(PickerKind::Template {
        account,
        chat: item.chat.id.clone(),
        templates,
    })));
    state.dirty = true;
}

/// Fetches the picker's templates again (one approved since the session began, say).
pub(super) fn refresh(picker: &mut Picker, fx: &mut Effects) {
    if let PickerKind::Template {
        account, templates, ..
    } = &mut picker.kind
    {
        *templates = Loadable::Loading;
        picker.selected = 0;
        fx.push(Effect::LoadTemplates {
            account: account.clone(),
        });
    }
}

pub(super) fn loaded(
    state: &mut State,
    account: crate::domain::AccountId,
    templates: Result<Vec<Template>, String>,
) {
    if let Ok(list) = &templates {
        state.templates.insert(account.clone(), list.clone());
    }
    if let Some(Modal::Picker(picker)) = &mut state.modal
        && let PickerKind::Template {
            account: wanted,
            templates: shown,
            ..
        } = &mut picker.kind
        && *wanted == account
    {
        *shown = match templates {
            Ok(list) => Loadable::Ready(list),
            Err(error) => Loadable::Failed(error),
        };
        picker.selected = 0;
        state.dirty = true;
    }
}

/// An approved template asks for its values (or goes straight to the confirmation when it
/// has none); any other stays in the list, and the status bar says why.
pub(super) fn chosen(state: &mut State, picker: Picker) -> Option<Modal> {
    let PickerKind::Template { chat, .. } = &picker.kind else {
        return Some(Modal::Picker(picker));
    };
    let chat = chat.clone();
    let Some(template) = picker
        .template_candidates()
        .into_iter()
        .nth(picker.selected)
        .cloned()
    else {
        return Some(Modal::Picker(picker));
    };
    if !template.status.can_send() {
        flash(
            state,
            Level::Warning,
            format!(
                "{} is {}: only approved templates can be sent",
                template.name,
                template_status_words(&template.status)
            ),
        );
        return Some(Modal::Picker(picker));
    }
    next_step(
        state,
        TemplateForm {
            chat,
            template,
            values: Vec::new(),
        },
    )
}

/// The next value's field, or the confirmation once every variable has one.
fn next_step(state: &mut State, form: TemplateForm) -> Option<Modal> {
    if form.values.len() < form.template.variables {
        let mut prompt = Prompt::new(PromptKind::TemplateValue, "");
        prompt.template = Some(Box::new(form));
        state.dirty = true;
        return Some(Modal::Prompt(prompt));
    }
    confirmation(state, form)
}

fn confirmation(state: &mut State, form: TemplateForm) -> Option<Modal> {
    let Some(item) = state
        .thread
        .chat
        .clone()
        .filter(|item| item.chat.id == form.chat)
    else {
        flash(
            state,
            Level::Warning,
            "the chat is no longer open: nothing was sent",
        );
        return None;
    };
    let template = form.template;
    let text = template.body.as_deref().map_or_else(
        || format!("(the template {})", template.name),
        |body| fill_template(body, &form.values),
    );
    let action = Outbound {
        retry: None,
        account: account_label(state, &item),
        chat: Some(chat_label(state, &item)),
        kind: OutboundKind::Template {
            template: TemplateMessage {
                name: template.name,
                language: template.language,
                values: form.values,
            },
            text,
        },
    };
    if let Some(denied) = state.cannot_send_from(&item.chat.account_id) {
        flash(state, Level::Warning, denied.to_string());
    }
    Some(Modal::Confirm(Confirm::new(action, None)))
}

/// A key in a template value's field: accept the value (every variable needs one) or close.
pub(super) fn value_command(
    state: &mut State,
    mut prompt: Prompt,
    command: Command,
) -> Option<Modal> {
    match command {
        Command::Submit => {
            let mut form = prompt.template.take()?;
            let value = prompt.text().trim().to_owned();
            if value.is_empty() {
                prompt.hint = Some(format!(
                    "type a value for {{{{{}}}}}: every variable needs one",
                    form.values.len() + 1
                ));
                prompt.template = Some(form);
                return Some(Modal::Prompt(prompt));
            }
            form.values.push(value);
            next_step(state, *form)
        }
        Command::Close => {
            flash(state, Level::Info, "cancelled: nothing was sent");
            None
        }
        _ => Some(Modal::Prompt(prompt)),
    }
}
