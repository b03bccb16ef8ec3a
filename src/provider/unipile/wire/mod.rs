//! The contract's JSON objects as they travel, and their conversion into `crate::domain`.
//!
//! Decoding is tolerant: unknown fields are ignored, unknown enum values are kept as text or
//! numbers, integer booleans are read as booleans, and a list is decoded item by item so one
//! bad item is skipped (and counted) instead of failing the page. What reaches the user on
//! failure is a short description, never the body.

mod account;
mod attendee;
mod chat;
mod envelope;
mod message;
mod replies;

use crate::provider::lenient;
use crate::provider::{Cursor, Page, ProviderError};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub use crate::provider::lenient::WireError;

pub use chat::ChatWithLastMessage;
pub use replies::{
    ChatStartedReply, ErrorBody, HostedAuthUrlReply, MessageSentReply, SyncReply, sync_status,
};

/// A domain type that has a wire form in the contract.
pub trait FromWire: Sized {
    type Wire: DeserializeOwned;
    /// What one item is called in logs and errors.
    const NAME: &'static str;
    fn from_wire(wire: Self::Wire) -> Result<Self, WireError>;
}

/// One page of a list. Items that do not decode are skipped, counted in `Page::skipped` and
/// logged; the envelope itself must be sound.
pub fn decode_page<T: FromWire>(body: &[u8], max_items: usize) -> Result<Page<T>, ProviderError> {
    let raw = envelope::read(body, max_items).map_err(|error| {
        ProviderError::Decode(match error {
            envelope::EnvelopeError::TooManyItems(max) => {
                format!("a page of {}s holds more than {max} items", T::NAME)
            }
            envelope::EnvelopeError::NoItems => format!("a list of {}s without items", T::NAME),
            envelope::EnvelopeError::BadCursor => "the paging cursor is not text".to_owned(),
            envelope::EnvelopeError::Json(error) => describe(&error),
        })
    })?;
    let total = raw.items.len();
    let items: Vec<T> = raw
        .items
        .into_iter()
        .enumerate()
        .filter_map(|(index, item)| match decode_item::<T>(item) {
            Ok(item) => Some(item),
            Err(reason) => {
                tracing::warn!(kind = T::NAME, index, %reason, "skipping an item that does not decode");
                None
            }
        })
        .collect();
    Ok(Page {
        skipped: total - items.len(),
        items,
        next: raw.cursor.map(Cursor),
    })
}

/// A single object (`GET /chats/{id}`, `GET /messages/{id}`...).
pub fn decode_object<T: FromWire>(body: &[u8]) -> Result<T, ProviderError> {
    let wire = serde_json::from_slice::<T::Wire>(body).map_err(|error| {
        tracing::warn!(kind = T::NAME, error = %short(&error), "an object does not decode");
        ProviderError::Decode(format!("{} ({})", describe(&error), T::NAME))
    })?;
    T::from_wire(wire).map_err(|error| ProviderError::Decode(format!("{} {error}", T::NAME)))
}

/// A small reply object (`MessageSent`, `AccountResync`...).
pub fn decode_reply<R: DeserializeOwned>(body: &[u8]) -> Result<R, ProviderError> {
    serde_json::from_slice(body).map_err(|error| ProviderError::Decode(describe(&error)))
}

fn decode_item<T: FromWire>(item: Value) -> Result<T, String> {
    let wire = serde_json::from_value::<T::Wire>(item).map_err(|error| short(&error))?;
    T::from_wire(wire).map_err(|error| error.to_string())
}

/// What went wrong, in words for the status bar: never a piece of the body.
fn describe(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let what = match error.classify() {
        Category::Io => "the answer could not be read",
        Category::Syntax => "the answer is not valid JSON",
        Category::Eof => "the answer is cut short",
        Category::Data => "the answer does not have the expected shape",
    };
    if error.line() == 0 {
        what.to_owned()
    } else {
        format!("{what} (line {}, column {})", error.line(), error.column())
    }
}

fn short(error: &serde_json::Error) -> String {
    lenient::short(error)
}

#[cfg(test)]
mod tests;
