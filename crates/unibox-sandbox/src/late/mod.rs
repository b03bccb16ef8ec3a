//! The Late (Zernio) sandbox: an HTTP server speaking Late's inbox contract
//! (docs/providers/late.md) for WhatsApp Business numbers at `/api/v1`, over the same generated
//! shop as the Unipile sandbox. It enforces WhatsApp's rules (the 24-hour customer-service
//! window, approved templates, per-recipient pacing, no edit or delete) and Late's
//! `Idempotency-Key`, with the Unipile sandbox's fault switches and write log. It is written
//! from the contract, never from a client: its JSON is its own (`wire`).

mod config;
mod cursor;
mod customers;
mod data;
mod errors;
mod faults;
mod idempotency;
mod recipient_limit;
mod records;
mod retention;
mod routes;
mod sending;
mod shared;
mod state;
mod templates;
mod webhooks;
mod window;
mod wire;
mod world;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use tokio::task::JoinHandle;

pub use config::{LATE_DEMO_API_KEY, LateSandboxConfig};
pub use data::HOSTILE_PARTICIPANT;
pub use recipient_limit::{RECIPIENT_PERIOD, SENDS_PER_RECIPIENT};
pub use records::{
    DeliveryStatus, Direction, LateAccount, LateAttachment, LateConversation, LateMessage,
    LateReaction, LateTemplate, MediaKind, TemplateStatus,
};
pub use retention::MEDIA_RETENTION;
pub use sending::Upload;
pub use webhooks::{LateWebhook, LateWebhookEvent, LateWebhookReceiver};
pub use window::CUSTOMER_SERVICE_WINDOW;

use self::shared::LateShared;
use self::state::LateState;
use crate::clock::Clock;
use crate::faults::FaultControl;
use crate::server::Listener;
use crate::write_log::{RequestRecord, WriteRecord};

/// A running Late sandbox. Dropping it stops serving; `shutdown` waits until it has.
pub struct LateSandbox {
    shared: Arc<LateShared>,
    listener: Listener,
    /// The simulated customers (`LateSandboxConfig::inbound_every`).
    customers: Option<JoinHandle<()>>,
}

/// The events `add_webhook` subscribes a receiver to.
const INBOX_EVENTS: [&str; 9] = [
    "message.received",
    "message.sent",
    "message.edited",
    "message.deleted",
    "message.delivered",
    "message.read",
    "reaction.received",
    "conversation.started",
    "account.disconnected",
];

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
            config.seed,
        ));
        let listener = Listener::bind(config.port, routes::router(shared.clone())).await?;
        // Set once, before any request can need it.
        let _ = shared.base.set(format!("http://{}/api", listener.addr()));
        let customers = config
            .inbound_every
            .filter(|every| !every.is_zero())
            .map(|every| tokio::spawn(customers::simulate(shared.clone(), every, config.seed)));
        Ok(Self {
            shared,
            listener,
            customers,
        })
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
        self.receive(conversation, Some(text.to_owned()), Vec::new())
    }

    /// The customer sends a file (with an optional caption) into `conversation` now; the new
    /// message's wamid. Its bytes are served by the media route as given.
    pub fn inject_inbound_file(
        &self,
        conversation: &str,
        upload: Upload,
        caption: Option<&str>,
    ) -> Result<String, UnknownConversation> {
        let attachment = self
            .shared
            .state
            .write(|world| sending::stored(world, &upload));
        self.receive(conversation, caption.map(str::to_owned), vec![attachment])
    }

    /// Registers `receiver` for every inbox event, signed with its secret.
    pub fn add_webhook(&self, receiver: &LateWebhookReceiver) -> LateWebhook {
        self.shared.webhooks.add(
            "sandbox".to_owned(),
            receiver.url.clone(),
            Some(receiver.secret.clone()),
            INBOX_EVENTS.iter().map(|e| (*e).to_owned()).collect(),
        )
    }

    /// The webhooks registered now.
    pub fn webhooks(&self) -> Vec<LateWebhook> {
        self.shared.webhooks.all()
    }

    /// Posts `event` about `message` of `conversation`, as it is now, to the webhooks that
    /// want it. False for an unknown message.
    pub fn notify(&self, event: LateWebhookEvent, conversation: &str, message: &str) -> bool {
        customers::notify(&self.shared, event, conversation, message)
    }

    /// Posts `account.disconnected` for `account`. False for an unknown account.
    pub fn notify_disconnected(&self, account: &str, reason: &str) -> bool {
        let now = self.now();
        let id = self.shared.webhooks.next_event_id();
        let body = self.shared.state.read(|world| {
            world
                .account(account)
                .map(|account| webhooks::account_payload(&id, account, reason, now))
        });
        let Some(body) = body else { return false };
        self.shared.courier.post(&id, "account.disconnected", &body);
        true
    }

    fn receive(
        &self,
        conversation: &str,
        text: Option<String>,
        attachments: Vec<LateAttachment>,
    ) -> Result<String, UnknownConversation> {
        customers::receive(&self.shared, conversation, text, attachments)
    }

    /// Something happens to a message already in `conversation` (a receipt arrives, delivery
    /// fails, the customer reacts): the message changes, nothing else does. False for an
    /// unknown message.
    pub fn change_message(
        &self,
        conversation: &str,
        message: &str,
        change: impl FnOnce(&mut LateMessage),
    ) -> bool {
        self.shared.state.write(|world| {
            match world
                .messages_mut(conversation)
                .and_then(|all| all.iter_mut().find(|m| m.id == message))
            {
                Some(found) => {
                    change(found);
                    true
                }
                None => false,
            }
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

    pub async fn shutdown(mut self) {
        if let Some(customers) = self.customers.take() {
            customers.abort();
        }
        self.listener.stop().await;
    }
}

impl Drop for LateSandbox {
    fn drop(&mut self) {
        if let Some(customers) = self.customers.take() {
            customers.abort();
        }
    }
}
