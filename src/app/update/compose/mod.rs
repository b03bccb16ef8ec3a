//! The action keys and every modal: composer, prompts, pickers and the confirmation. Only
//! `confirm` produces `Effect::Submit`, and only from an explicit confirmation.
//!
//! One file per job: `keys` (the action keys), `router` (which modal a command goes to),
//! `composer`, `confirm`, `prompt`, `picker`, `labels`.

mod composer;
mod confirm;
mod keys;
mod labels;
mod picker;
mod prompt;
mod router;

pub(super) use composer::{draft_of, editor_done};
pub(super) use keys::{
    action_key, refused_read_only, run_key_held_while_reading, warn_if_cannot_send,
};
pub(super) use labels::{account_label, chat_label, excerpt};
pub(super) use router::{modal_command, open_confirm, open_search, paste, text_input};
