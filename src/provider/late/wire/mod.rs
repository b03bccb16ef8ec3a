//! Late's JSON (camelCase, `FIELDS.md` of the contract) and its conversion into
//! `crate::domain`. Tolerant like the Unipile wire: unknown fields are ignored, absent ones
//! default, a list is decoded item by item so one bad item is skipped (and counted) instead of
//! failing the page. What reaches the user on failure is a short description, never the body.

mod account;
mod conversation;
mod message;
mod replies;
mod template;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::provider::lenient::{WireError, short};
use crate::provider::{Cursor, Page, ProviderError};

pub use account::WireAccount;
pub use conversation::{WireConversation, WireConversationDetail};
pub use message::WireMessage;
pub use replies::{AttachmentLink, ConversationStarted, MessageSentReply};
pub use template::WireTemplate;

/// A wire item and what it becomes, given what the request already knows (the account and
/// conversation asked about: Late leaves them out of some items).
pub trait IntoDomain<T> {
    /// What one item is called in logs and errors.
    const NAME: &'static str;
    type Context;
    fn into_domain(self, context: &Self::Context) -> Result<T, WireError>;
}

/// How a list says there is more: Late uses `pagination.nextCursor`, with `hasMore` on
/// some lists; a `hasMore: false` ends the list whatever the cursor says.
fn next_cursor(envelope: &Map<String, Value>) -> Option<Cursor> {
    let pagination = envelope.get("pagination")?;
    if pagination.get("hasMore").and_then(Value::as_bool) == Some(false) {
        return None;
    }
    match pagination.get("nextCursor")? {
        Value::String(text) if !text.is_empty() => Some(Cursor(text.clone())),
        Value::Number(n) => Some(Cursor(n.to_string())),
        _ => None,
    }
}

/// One page of the list held in `field` (`accounts`, `data`, `messages`, `templates`).
/// Items that do not decode are skipped and counted; the envelope itself must be sound.
pub fn decode_page<W, T>(
    body: &[u8],
    field: &str,
    max_items: usize,
    context: &W::Context,
) -> Result<Page<T>, ProviderError>
where
    W: DeserializeOwned + IntoDomain<T>,
{
    let envelope: Map<String, Value> =
        serde_json::from_slice(body).map_err(|error| ProviderError::Decode(describe(&error)))?;
    let raw = match envelope.get(field) {
        Some(Value::Array(items)) => items.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => {
            return Err(ProviderError::Decode(format!(
                "`{field}` is not a list of {}s",
                W::NAME
            )));
        }
    };
    if raw.len() > max_items {
        return Err(ProviderError::Decode(format!(
            "a page of {}s holds more than {max_items} items",
            W::NAME
        )));
    }
    let items: Vec<T> = raw
        .iter()
        .enumerate()
        .filter_map(|(index, item)| match decode_item::<W, T>(item, context) {
            Ok(item) => Some(item),
            Err(reason) => {
                tracing::warn!(kind = W::NAME, index, %reason, "skipping an item that does not decode");
                None
            }
        })
        .collect();
    Ok(Page {
        skipped: raw.len() - items.len(),
        items,
        next: next_cursor(&envelope),
    })
}

/// A single object, found under `data` when the answer wraps it (`{"data": {...}}`).
pub fn decode_object<W, T>(body: &[u8], context: &W::Context) -> Result<T, ProviderError>
where
    W: DeserializeOwned + IntoDomain<T>,
{
    let value: Value =
        serde_json::from_slice(body).map_err(|error| ProviderError::Decode(describe(&error)))?;
    let inner = match value.get("data") {
        Some(data @ Value::Object(_)) => data,
        _ => &value,
    };
    decode_item::<W, T>(inner, context)
        .map_err(|reason| ProviderError::Decode(format!("{} {reason}", W::NAME)))
}

/// A small reply (a write's acknowledgement, a resolved link).
pub fn decode_reply<R: DeserializeOwned>(body: &[u8]) -> Result<R, ProviderError> {
    serde_json::from_slice(body).map_err(|error| ProviderError::Decode(describe(&error)))
}

fn decode_item<W, T>(item: &Value, context: &W::Context) -> Result<T, String>
where
    W: DeserializeOwned + IntoDomain<T>,
{
    let wire = W::deserialize(item).map_err(|error| short(&error))?;
    wire.into_domain(context).map_err(|error| error.to_string())
}

/// What went wrong, in words for the status bar: never a piece of the body.
fn describe(error: &serde_json::Error) -> String {
    use serde_json::error::Category;
    match error.classify() {
        Category::Io => "the answer could not be read",
        Category::Syntax => "the answer is not valid JSON",
        Category::Eof => "the answer is cut short",
        Category::Data => "the answer does not have the expected shape",
    }
    .to_owned()
}

#[cfg(test)]
mod tests;
