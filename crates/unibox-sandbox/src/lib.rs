//! The sandbox: an HTTP server speaking the contract (docs/providers/unipile.md) at /api/v1, over a
//! seeded, realistic business inbox, enforcing the contract's rules, with fault injection and a
//! log of every write it received. Used by `unibox --demo`, `unibox sandbox --port N` and the
//! tests. It is a second, independent implementation of the contract: its JSON shapes are its
//! own (`wire`), never the client's.
//!
//! Error types it answers, beyond the contract's usual ones (`resource_not_found`,
//! `invalid_parameters`, `missing_parameters`, `missing_credentials`, `invalid_recipient`,
//! `disconnected_account`, `feature_not_implemented`, `too_many_requests`...):
//! - 422 `errors/edit_window_expired`, `errors/delete_window_expired`, `errors/not_own_message`,
//!   `errors/message_deleted`, `errors/not_text_message`; 422 `errors/cant_send_message` for a
//!   read-only chat or disabled reactions; 403 `errors/account_mismatch` for a chat of another
//!   account; 503 `errors/no_client_session` for an account still connecting.
//! - 401 `errors/checkpoint_error`, `expired_credentials`, `wrong_account`… for every request
//!   about one account, when `Faults::account_refusals` names it.
//! - 413 `errors/file_too_large` for a file over 25 MiB; 413 `errors/content_too_large` for a
//!   whole request over `write_log::MAX_REQUEST_BYTES`.

mod clock;
mod config;
mod data;
mod disorder;
mod errors;
mod faults;
pub mod hostile;
mod hostile_errors;
mod inbound;
pub mod late;
pub mod listing;
mod paging;
mod routes;
mod server;
mod state;
mod webhooks;
mod wire;
mod write_log;

use std::sync::Arc;

use chrono::TimeDelta;
use tokio::task::JoinHandle;

use unibox_core::domain::{self, ChatId, MessageId};

pub use config::{DEMO_API_KEY, SandboxConfig, Scale, random_api_key};
pub use data::channels::{
    LINKEDIN_ACCOUNT_NAME, LINKEDIN_CHAT_NAME, MAIL_ACCOUNTS, TELEGRAM_ACCOUNT_NAME,
};
pub use data::hostile::{HOSTILE_ACCOUNT_NAME, HOSTILE_ACCOUNT_NUMBER, HOSTILE_GROUP_NAME};
pub use data::{ChatHistory, LONG_THREAD, LargeInbox};
pub use faults::{AccountRefusal, FaultControl, Faults, MalformedMode};
pub use hostile_errors::{HOSTILE_DETAIL_PREFIX, HOSTILE_TITLE_PREFIX};
pub use state::{
    AccountRecord, AccountStatus, AttachmentContent, AttachmentKind, AttachmentRecord,
    AttendeeRecord, ChatRecord, ChatType, MessageRecord, MutedUntil, QuotedRecord, ReactionRecord,
    Rejection, ResyncSupport, SandboxState, World,
};
pub use webhooks::{
    MessageEvent, Registration, WebhookReceiver, WebhookSource, account_status_payload,
    message_payload,
};
pub use write_log::{FilePart, RequestRecord, WriteBody, WriteRecord};

use self::clock::Clock;
use self::server::Listener;
use self::webhooks::{Courier, Registry};
use self::write_log::WriteLog;

/// What every request handler shares.
pub(crate) struct Shared {
    api_key: String,
    state: SandboxState,
    faults: FaultControl,
    log: WriteLog,
    /// How long the contact takes to read what we send.
    seen_after: TimeDelta,
    /// Error answers carry hostile text (the hostile preset).
    hostile: bool,
    /// Registered webhooks, and what posts to them.
    webhooks: Arc<Registry>,
    courier: Courier,
}

/// A running sandbox. Dropping it stops serving; `shutdown` waits until it has.
pub struct SandboxServer {
    shared: Arc<Shared>,
    listener: Listener,
    inbound: Option<JoinHandle<()>>,
}

/// Generates the world and starts serving on 127.0.0.1.
pub async fn start(config: SandboxConfig) -> std::io::Result<SandboxServer> {
    let clock = Clock::starting_at(config.anchor);
    let mut world = data::generate(config.seed, clock.anchor(), config.scale);
    if config.hostile {
        data::hostile::add(&mut world, config.seed, clock.anchor());
    }
    if config.mixed_channels {
        data::channels::add(&mut world, config.seed, clock.anchor());
    }
    let state = SandboxState::new(world, clock);
    let webhooks = Arc::new(Registry::default());
    let courier = Courier::start(webhooks.clone(), config.seed);
    let shared = Arc::new(Shared {
        api_key: config.api_key,
        state: state.clone(),
        faults: FaultControl::new(config.seed),
        log: WriteLog::default(),
        seen_after: TimeDelta::from_std(config.seen_after).unwrap_or(TimeDelta::MAX),
        hostile: config.hostile,
        webhooks,
        courier: courier.clone(),
    });
    if let Some(receiver) = &config.webhook {
        register_everything(&shared.webhooks, receiver);
    }
    let listener = Listener::bind(config.port, routes::router(shared.clone())).await?;
    let inbound = config
        .inbound_every
        .filter(|every| !every.is_zero())
        .map(|every| tokio::spawn(inbound::simulate(state, courier, every, config.seed)));
    Ok(SandboxServer {
        shared,
        listener,
        inbound,
    })
}

impl SandboxServer {
    /// `http://127.0.0.1:PORT`; the contract lives under `/api/v1`.
    pub fn url(&self) -> String {
        format!("http://{}", self.listener.addr())
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

    /// Every write received (any non-GET request), in order.
    pub fn writes(&self) -> Vec<WriteRecord> {
        self.shared.log.writes()
    }

    /// Every contract request received, reads included (the most recent 100 000).
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.log.requests()
    }

    /// The most resync requests (`GET …/sync`) the sandbox was answering at the same time.
    pub fn most_resyncs_at_once(&self) -> usize {
        self.shared.log.most_resyncs_at_once()
    }

    /// The most contract requests it was ever answering at the same time (requests waiting
    /// out the latency switch included).
    pub fn most_requests_at_once(&self) -> usize {
        self.shared.log.most_requests_at_once()
    }

    /// Read access to the world.
    pub fn state(&self) -> SandboxState {
        self.shared.state.clone()
    }

    /// A message from the other side arrives in `chat` now. For an unknown chat nothing
    /// arrives and the id returned names no message (see `try_inject_inbound`).
    pub fn inject_inbound(&self, chat: &ChatId, text: &str) -> MessageId {
        self.try_inject_inbound(chat, text)
            .unwrap_or_else(|rejection| {
                tracing::warn!(%rejection, "inject_inbound delivered nothing");
                MessageId::default()
            })
    }

    pub fn try_inject_inbound(&self, chat: &ChatId, text: &str) -> Result<MessageId, Rejection> {
        let now = self.shared.state.now();
        let id = self
            .shared
            .state
            .write(|world| world.receive(chat, text, now))?;
        self.notify_message(MessageEvent::Received, &id);
        Ok(id)
    }

    /// The webhooks registered now.
    pub fn webhooks(&self) -> Vec<Registration> {
        self.shared.webhooks.all()
    }

    /// Registers `receiver` for every event of both sources (as `SandboxConfig::webhook`).
    pub fn add_webhook(&self, receiver: &WebhookReceiver) {
        register_everything(&self.shared.webhooks, receiver);
    }

    /// Posts `event` about message `id`, as it is now, to the webhooks that want it. False
    /// for an unknown message.
    pub fn notify_message(&self, event: MessageEvent, id: &MessageId) -> bool {
        let body = self.shared.state.read(|world| {
            world
                .message(id)
                .map(|message| message_payload(world, event, message))
        });
        let Some(body) = body else {
            return false;
        };
        self.shared
            .courier
            .post(WebhookSource::Messaging, event.as_str(), body);
        true
    }

    /// Posts account `id`'s status, as it is now, to the account-status webhooks.
    pub fn notify_account_status(&self, id: &domain::AccountId) -> bool {
        let Some(account) = self.shared.state.read(|world| world.account(id).cloned()) else {
            return false;
        };
        let name = account_status_event(account.status);
        self.shared.courier.post(
            WebhookSource::AccountStatus,
            name,
            account_status_payload(&account),
        );
        true
    }

    /// A file from the other side arrives in `chat` now (see `World::receive_file`).
    pub fn inject_inbound_file(
        &self,
        chat: &ChatId,
        file_name: Option<&str>,
        mimetype: &str,
        bytes: &[u8],
    ) -> Result<MessageId, Rejection> {
        let now = self.shared.state.now();
        let bytes = bytes::Bytes::copy_from_slice(bytes);
        let id = self
            .shared
            .state
            .write(|world| world.receive_file(chat, file_name, mimetype, bytes, now))?;
        self.notify_message(MessageEvent::Received, &id);
        Ok(id)
    }

    /// Something happens on the other side to a message already sent (the contact reacts,
    /// edits or deletes it; a receipt arrives): the message changes, the chat's activity
    /// time does not. False for an unknown message.
    pub fn change_message(&self, id: &MessageId, change: impl FnOnce(&mut MessageRecord)) -> bool {
        self.shared
            .state
            .write(|world| match world.message_mut(id) {
                Some(message) => {
                    change(message);
                    true
                }
                None => false,
            })
    }

    /// The server goes down: the port closes and open connections break. The world (and
    /// simulated traffic) carries on.
    pub async fn stop_listening(&self) {
        self.listener.stop().await;
    }

    /// Back up on the same port, with the same world.
    pub async fn resume(&self) -> std::io::Result<()> {
        self.listener.resume().await
    }

    pub async fn shutdown(mut self) {
        if let Some(inbound) = self.inbound.take() {
            inbound.abort();
        }
        self.listener.stop().await;
    }
}

impl Drop for SandboxServer {
    fn drop(&mut self) {
        if let Some(inbound) = self.inbound.take() {
            inbound.abort();
        }
    }
}

fn register_everything(registry: &Registry, receiver: &WebhookReceiver) {
    for source in [WebhookSource::Messaging, WebhookSource::AccountStatus] {
        registry.add(
            receiver.url.clone(),
            "sandbox".to_owned(),
            source,
            Vec::new(),
            vec![receiver.header.clone()],
        );
    }
}

/// The account-status event name for a status.
fn account_status_event(status: AccountStatus) -> &'static str {
    match status {
        AccountStatus::Ok => "ok",
        AccountStatus::Credentials => "credentials",
        AccountStatus::Connecting => "connecting",
        AccountStatus::Error => "error",
    }
}

/// `unibox sandbox`: serves until ctrl-c, after printing where and with which key.
pub async fn run_standalone(config: SandboxConfig) -> anyhow::Result<()> {
    let server = start(config).await?;
    println!("unibox sandbox listening on {}", server.url());
    println!("API base URL: {}/api/v1", server.url());
    println!("API key: {}", server.api_key());
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
