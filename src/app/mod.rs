//! The application core: one task owns `State`; `update(&mut State, Action) -> Vec<Effect>` is
//! synchronous and does no I/O; effects run elsewhere and come back as actions.

pub mod action;
pub mod allowed;
pub mod choices;
pub mod effect;
pub mod error;
pub mod layout;
pub mod links;
mod measure;
pub mod modal;
pub mod outbound;
pub mod search;
pub mod snippets;
pub mod state;
pub mod update;
pub mod window;

pub use action::{Action, Loaded, Notice};
pub use effect::Effect;
pub use measure::Measure;
pub use modal::{
    Button, ComposePurpose, Composer, Confirm, Modal, OutboxScope, Picker, PickerKind, Prompt,
    PromptKind, TemplateForm,
};
pub use outbound::{AccountLabel, ChatLabel, FileSpec, Outbound, OutboundKind, QuotePreview};
pub use search::{MessageSearch, SearchPlace, SearchStatus};
pub use snippets::Snippet;
pub use state::{
    Access, AccountsPane, ChatsPane, Flash, History, Level, Loadable, Pane, RequestId, State,
    StatusLine, SyncView, ThreadPane, UiOptions, UnsentReview, needs_reconnecting,
};
pub use update::{start, update};
pub use window::RowWindow;
