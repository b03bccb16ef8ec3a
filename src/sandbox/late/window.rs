//! WhatsApp's customer-service window: free-form messages may be sent only within 24 hours of
//! the customer's last message to the business.

use chrono::{DateTime, TimeDelta, Utc};

use super::records::LateMessage;

pub const CUSTOMER_SERVICE_WINDOW: TimeDelta = TimeDelta::hours(24);

/// When the window of a conversation with these messages closes; `None` when the customer
/// never wrote (the window was never open).
pub fn closes_at(messages: &[LateMessage]) -> Option<DateTime<Utc>> {
    messages
        .iter()
        .filter(|m| m.is_incoming())
        .map(|m| m.created_at)
        .max()
        .map(|last_inbound| last_inbound + CUSTOMER_SERVICE_WINDOW)
}

pub fn is_open(messages: &[LateMessage], now: DateTime<Utc>) -> bool {
    closes_at(messages).is_some_and(|closes| now < closes)
}
