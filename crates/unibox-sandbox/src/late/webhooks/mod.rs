//! Webhooks, as Zernio delivers them: the registrations (`POST`, `GET`, `DELETE
//! /v1/webhooks/settings`), the payloads of inbox events, and a courier that posts them signed
//! (`X-Zernio-Signature`: HMAC-SHA256 of the body with the webhook's secret), sometimes twice
//! and sometimes out of order, as the seed says.

mod courier;
mod payload;
mod registry;

pub use payload::LateWebhookEvent;
pub use registry::LateWebhook;

pub(crate) use courier::LateCourier;
pub(crate) use payload::{account_payload, message_payload};
pub(crate) use registry::LateWebhooks;

/// A receiver the sandbox posts every inbox event to, signed with `secret`.
#[derive(Clone)]
pub struct LateWebhookReceiver {
    pub url: String,
    pub secret: String,
}

impl std::fmt::Debug for LateWebhookReceiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LateWebhookReceiver")
            .field("url", &self.url)
            .field("secret", &"<redacted>")
            .finish()
    }
}
