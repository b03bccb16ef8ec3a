//! A list page encoded exactly as the sandbox answers a list request, for callers that fill a
//! cache without the network (the benchmark's large cache) by reading it with the client's own
//! decoder.

use serde::Serialize;

use crate::state::{AccountRecord, AttendeeRecord, ChatRecord, MessageRecord};
use crate::wire::{self, List};

pub fn accounts(records: &[AccountRecord]) -> serde_json::Result<Vec<u8>> {
    page("AccountList", records.iter().map(wire::account).collect())
}

pub fn chats(records: &[ChatRecord]) -> serde_json::Result<Vec<u8>> {
    page("ChatList", records.iter().map(wire::chat).collect())
}

pub fn messages(records: &[MessageRecord]) -> serde_json::Result<Vec<u8>> {
    page("MessageList", records.iter().map(wire::message).collect())
}

pub fn attendees(records: &[AttendeeRecord]) -> serde_json::Result<Vec<u8>> {
    page(
        "ChatAttendeeList",
        records.iter().map(wire::attendee).collect(),
    )
}

/// One page holding every item, with no cursor.
fn page<W: Serialize>(object: &'static str, items: Vec<W>) -> serde_json::Result<Vec<u8>> {
    serde_json::to_vec(&List {
        object,
        items,
        cursor: None,
    })
}
