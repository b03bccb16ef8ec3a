//! The response decoders: they never panic, a decoded object holds what was sent byte for
//! byte, and a failure is described in fixed words that never quote the body.

use serde::de::DeserializeOwned;
use serde_json::Value;
use unibox::domain::{Account, Attendee, Chat, Message};
use unibox::provider::ProviderError;
use unibox::provider::unipile::wire::{
    self, ChatStartedReply, ChatWithLastMessage, FromWire, MessageSentReply, SyncReply,
};

/// Small, so that pages over the limit are within the fuzzer's reach.
const MAX_ITEMS: usize = 8;
/// Longer than any description the decoders write, far shorter than a body worth quoting.
const MAX_DESCRIPTION: usize = 120;

/// A decoded object, compared by id with the JSON it came from.
pub trait Identified {
    fn id(&self) -> &str;
}

impl Identified for Account {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}

impl Identified for Chat {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}

impl Identified for Message {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}

impl Identified for Attendee {
    fn id(&self) -> &str {
        self.id.as_str()
    }
}

impl Identified for ChatWithLastMessage {
    fn id(&self) -> &str {
        self.chat.id.as_str()
    }
}

/// `decode_page::<T>`: every item of the page is either decoded or counted as skipped, in
/// order, with its id as sent; the cursor is the one sent.
pub fn check_page<T: FromWire + Identified>(body: &[u8]) {
    let page = match wire::decode_page::<T>(body, MAX_ITEMS) {
        Ok(page) => page,
        Err(error) => return check_decode_error(&error),
    };
    let Some(json) = parse(body) else {
        return;
    };
    let sent: &[Value] = match json.get("items") {
        Some(Value::Array(items)) => items,
        Some(Value::Null) => &[],
        other => panic!("a page decoded from items {other:?}"),
    };
    assert!(sent.len() <= MAX_ITEMS, "a page of {} items", sent.len());
    assert_eq!(page.items.len() + page.skipped, sent.len(), "items lost");
    let mut sent_ids = sent.iter().filter_map(|item| item.get("id")?.as_str());
    for item in &page.items {
        assert!(
            sent_ids.any(|id| id == item.id()),
            "decoded id {:?} is not the next one sent",
            item.id()
        );
    }
    let sent_cursor = match json.get("cursor") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.is_empty() => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(Value::Number(number)) => Some(number.to_string()),
        Some(other) => panic!("a page decoded with the cursor {other:?}"),
    };
    assert_eq!(page.next.map(|cursor| cursor.0), sent_cursor);
}

/// `decode_object::<T>` and the JSON object it was decoded from, whose id it must carry.
/// `None` when the body does not decode (after checking the error) or is not a JSON object.
pub fn decoded_object<T: FromWire + Identified>(body: &[u8]) -> Option<(T, Value)> {
    let object = match wire::decode_object::<T>(body) {
        Ok(object) => object,
        Err(error) => {
            check_decode_error(&error);
            return None;
        }
    };
    // serde also reads a struct from an array of its fields in order: no names to compare.
    let json = parse(body).filter(Value::is_object)?;
    assert_eq!(json.get("id").and_then(Value::as_str), Some(object.id()));
    Some((object, json))
}

/// `decode_reply` for each write acknowledgement: ids are kept as sent.
pub fn check_replies(body: &[u8]) {
    if let Some((reply, json)) = decoded_reply::<MessageSentReply>(body) {
        assert_eq!(reply.message_id.as_deref(), text_field(&json, "message_id"));
    }
    if let Some((reply, json)) = decoded_reply::<ChatStartedReply>(body) {
        assert_eq!(reply.chat_id.as_deref(), text_field(&json, "chat_id"));
        assert_eq!(reply.message_id.as_deref(), text_field(&json, "message_id"));
    }
    if let Some((reply, json)) = decoded_reply::<SyncReply>(body) {
        assert_eq!(Some(reply.status.as_str()), text_field(&json, "status"));
    }
}

fn decoded_reply<R: DeserializeOwned>(body: &[u8]) -> Option<(R, Value)> {
    match wire::decode_reply::<R>(body) {
        Ok(reply) => Some((reply, parse(body).filter(Value::is_object)?)),
        Err(error) => {
            check_decode_error(&error);
            None
        }
    }
}

/// The text of `json[field]`; `None` when absent or `null`.
pub fn text_field<'a>(json: &'a Value, field: &str) -> Option<&'a str> {
    json.get(field).and_then(Value::as_str)
}

/// serde_json skips the values unibox ignores without looking closely: it checks neither the
/// text of their strings (UTF-8, `\u` surrogates), nor the range of their numbers, nor how
/// deep they nest. What it decodes is checked. These are its words for what it let pass.
const UNCHECKED_IN_SKIPPED_VALUES: &[&str] = &[
    "invalid unicode code point",
    "lone leading surrogate in hex escape",
    "unexpected end of hex escape",
    "number out of range",
    "recursion limit exceeded",
];

/// A body the decoder accepted, as JSON: `None` when only a skipped value is out of bounds.
fn parse(body: &[u8]) -> Option<Value> {
    match serde_json::from_slice(body) {
        Ok(json) => Some(json),
        Err(error) => {
            let reason = error.to_string();
            assert!(
                UNCHECKED_IN_SKIPPED_VALUES
                    .iter()
                    .any(|unchecked| reason.starts_with(unchecked)),
                "decoded a body that is not JSON: {reason}"
            );
            None
        }
    }
}

/// What reaches the status bar when a body does not decode: a short description in the
/// decoder's own words, never a piece of the body (serde's messages quote it).
fn check_decode_error(error: &ProviderError) {
    let ProviderError::Decode(description) = error else {
        panic!("a body that does not decode gave {error:?}");
    };
    assert!(
        description.len() <= MAX_DESCRIPTION
            && !description.contains('"')
            && description.bytes().all(|b| (b' '..=b'~').contains(&b)),
        "the description may quote the body: {description:?}"
    );
}
