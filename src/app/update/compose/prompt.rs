//! The one-line prompts: the chat search, the attach path.

use crate::domain::policy::Policy;
use crate::input::Command;

use super::keys::composer_policy;
use crate::app::effect::Effect;
use crate::app::modal::{Modal, Prompt, PromptKind};
use crate::app::outbound::FileLimit;
use crate::app::state::State;
use crate::app::update::{Effects, lists};

pub(super) fn prompt_command(
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
            crate::app::update::templates::value_command(state, prompt, command)
        }
        _ => Some(Modal::Prompt(prompt)),
    }
}
