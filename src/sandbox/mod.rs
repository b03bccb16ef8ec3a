//! The sandbox: an HTTP server speaking the contract of `spec/API.md` (being built).

mod clock;
mod config;
mod data;
mod state;

pub use config::{DEMO_API_KEY, SandboxConfig, Scale};
pub use state::{
    AccountRecord, AccountStatus, AttachmentContent, AttachmentKind, AttachmentRecord,
    AttendeeRecord, ChatRecord, ChatType, MessageRecord, MutedUntil, QuotedRecord,
    ReactionRecord, Rejection, ResyncSupport, SandboxState, World,
};

/// The demo world for `config` (the server that serves it comes next).
pub fn generate(config: &SandboxConfig) -> World {
    data::generate(config.seed, clock::Clock::starting_at(config.anchor).anchor(), config.scale)
}
