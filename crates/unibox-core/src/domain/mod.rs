//! The inbox's own vocabulary, independent of any provider's wire format, and the rules of
//! docs/DESIGN.md section 1 as pure functions.

mod channel;
mod chat_change;
mod ids;
mod model;
mod phone;
pub mod policy;
mod progress;
mod provider;
pub mod rules;
mod template;
mod trouble;

pub use channel::Channel;
pub use chat_change::ChatChange;
pub use ids::{AccountId, AttachmentId, AttendeeId, ChatId, MessageId};
pub use model::*;
pub use phone::international_digits;
pub use progress::{Cursor, SyncStatus};
pub use provider::Provider;
pub use template::{Template, TemplateMessage, TemplateStatus, fill_template, template_variables};
pub use trouble::AccountTrouble;
