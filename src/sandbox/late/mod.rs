//! The Late (Zernio) sandbox: an HTTP server speaking Late's inbox contract
//! (docs/providers/late.md) for WhatsApp Business numbers at `/api/v1`, over the same generated
//! shop as the Unipile sandbox. It enforces WhatsApp's rules (the 24-hour customer-service
//! window, approved templates, per-recipient pacing, no edit or delete) and Late's
//! `Idempotency-Key`, with the Unipile sandbox's fault switches and write log. It is written
//! from the contract, never from a client: its JSON is its own (`wire`).

mod config;
mod cursor;
mod data;
mod errors;
mod faults;
mod idempotency;
mod recipient_limit;
mod records;
mod routes;
mod sending;
mod shared;
mod state;
mod templates;
mod window;
mod wire;
mod world;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

pub use config::{LATE_DEMO_API_KEY, LateSandboxConfig};
pub use data::HOSTILE_PARTICIPANT;
pub use recipient_limit::{RECIPIENT_PERIOD, SENDS_PER_RECIPIENT};
pub use records::{
    DeliveryStatus, Direction, LateAccount, LateAttachment, LateConversation, LateMessage,
    LateReaction, LateTemplate, MediaKind, TemplateStatus,
};
pub use window::CUSTOMER_SERVICE_WINDOW;

use self::records::LateMessage as Message;
use self::shared::LateShared;
use self::state::LateState;
use crate::sandbox::clock::Clock;
use crate::sandbox::faults::FaultControl;
use crate::sandbox::server::Listener;
use crate::sandbox::write_log::{RequestRecord, WriteRecord};

/// A running Late sandbox. Dropping it stops serving; `shutdown` waits until it has.
pub struct LateSandbox {
    shared: Arc<LateShared>,
    listener: Listener,
}

/// A conversation the sandbox does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no conversation {0}")]
pub struct UnknownConversation(pub String);

impl LateSandbox {
    /// Generates the world and starts serving on 127.0.0.1.
    pub async fn start(config: LateSandboxConfig) -> std::io::Result<Self> {
        let clock = Clock::starting_at(config.anchor);
        let world = data::generate(config.seed, clock.anchor());
        let state = LateState::new(world, clock);
        let shared = Arc::new(LateShared::new(
            config.api_key,
            state,
            FaultControl::new(config.seed),
        ));
        let listener = Listener::bind(config.port, routes::router(shared.clone())).await?;
        // Set once, before any request can need it.
        let _ = shared.base.set(format!("http://{}/api", listener.addr()));
        Ok(Self { shared, listener })
    }

    /// `http://127.0.0.1:PORT/api`: the contract's base (`https://zernio.com/api`); every
    /// route hangs under it and starts with `/v1`.
    pub fn base_url(&self) -> String {
        self.shared.base().to_owned()
    }

    pub fn port(&self) -> u16 {
        self.listener.addr().port()
    }

    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    pub fn faults(&self) -> &FaultControl {
        &self.shared.faults
    }

    /// Sends hold their `Idempotency-Key` in flight this long before they are applied (a slow
    /// platform), so a second request with the key meets the first one still running.
    pub fn hold_sends(&self, hold: Duration) {
        self.shared.set_send_hold(hold);
    }

    /// Keys whose first send is still running.
    pub fn keys_in_flight(&self) -> usize {
        self.shared
            .state
            .read(|world| world.idempotency.in_flight())
    }

    /// Every write received (any non-GET request, refused ones too), in order.
    pub fn writes(&self) -> Vec<WriteRecord> {
        self.shared.log.writes()
    }

    /// Every request received, reads included.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log.requests()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.shared.state.now()
    }

    /// Moves the sandbox clock forward (windows close, keys expire, pacing resets).
    pub fn advance_clock(&self, by: TimeDelta) {
        self.shared.state.skip(by);
    }

    pub fn accounts(&self) -> Vec<LateAccount> {
        self.shared.state.read(|world| world.accounts().to_vec())
    }

    pub fn conversations(&self) -> Vec<LateConversation> {
        self.shared
            .state
            .read(|world| world.conversations().to_vec())
    }

    /// A conversation's messages, oldest first.
    pub fn messages(&self, conversation: &str) -> Vec<LateMessage> {
        self.shared
            .state
            .read(|world| world.messages(conversation).to_vec())
    }

    pub fn templates(&self, account: &str) -> Vec<LateTemplate> {
        self.shared
            .state
            .read(|world| world.templates(account).to_vec())
    }

    /// Whether the customer wrote to `conversation` less than 24 hours ago (sandbox clock).
    pub fn window_is_open(&self, conversation: &str) -> bool {
        let now = self.now();
        self.shared
            .state
            .read(|world| window::is_open(world.messages(conversation), now))
    }

    /// The customer writes `text` into `conversation` now (which opens its window); the new
    /// message's wamid.
    pub fn inject_inbound(
        &self,
        conversation: &str,
        text: &str,
    ) -> Result<String, UnknownConversation> {
        let now = self.now();
        self.shared.state.write(|world| {
            let found = world
                .conversation(conversation)
                .cloned()
                .ok_or_else(|| UnknownConversation(conversation.to_owned()))?;
            let message = Message {
                id: world.ids.wamid(),
                conversation_id: found.id.clone(),
                account_id: found.account_id.clone(),
                direction: Direction::Incoming,
                text: Some(text.to_owned()),
                sender_id: found.participant_id.clone(),
                sender_name: found.participant_name.clone(),
                created_at: now,
                attachments: Vec::new(),
                reactions: Vec::new(),
                delivery_status: None,
                read: false,
                is_edited: false,
                is_deleted: false,
                quoted_message_id: None,
                sent_via: None,
            };
            let id = message.id.clone();
            world.push_message(message);
            Ok(id)
        })
    }

    /// The server goes down: the port closes and open connections break. The world carries on.
    pub async fn stop_listening(&self) {
        self.listener.stop().await;
    }

    /// Back up on the same port, with the same world.
    pub async fn resume(&self) -> std::io::Result<()> {
        self.listener.resume().await
    }

    pub async fn shutdown(self) {
        self.listener.stop().await;
    }
}
