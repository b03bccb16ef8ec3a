//! Webhooks, as Unipile delivers them: the registrations (`POST`, `GET`, `DELETE /webhooks`),
//! the payloads of message and account-status events, and a courier that posts them to every
//! matching registration, sometimes twice and sometimes out of order, as the seed says.

mod courier;
mod payload;
mod registry;

pub use payload::{MessageEvent, account_status_payload, message_payload};
pub use registry::{Registration, WebhookSource};

pub(crate) use courier::Courier;
pub(crate) use registry::Registry;

/// A receiver the sandbox posts to from the start, as if registered for every event of both
/// sources: where, and the header (name, value) it proves itself with.
#[derive(Clone)]
pub struct WebhookReceiver {
    pub url: String,
    pub header: (String, String),
}

impl std::fmt::Debug for WebhookReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookReceiver")
            .field("url", &self.url)
            .field("header", &(&self.header.0, "<redacted>"))
            .finish()
    }
}
