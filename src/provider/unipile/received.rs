//! The sandbox's records as unibox receives them: encoded the way the sandbox answers a list
//! request (`unibox_sandbox::listing`), then read back by the client's own decoder. A cache can
//! so be filled without the network with exactly the values sync would have written (the
//! benchmark's large cache).

use crate::domain::{Account, Attendee, Chat, Message};
use crate::provider::ProviderError;
use crate::provider::unipile::wire::{FromWire, decode_page};
use crate::sandbox::listing;
use crate::sandbox::{AccountRecord, AttendeeRecord, ChatRecord, MessageRecord};

pub fn accounts(records: &[AccountRecord]) -> Result<Vec<Account>, ProviderError> {
    read("AccountList", records.len(), listing::accounts(records))
}

pub fn chats(records: &[ChatRecord]) -> Result<Vec<Chat>, ProviderError> {
    read("ChatList", records.len(), listing::chats(records))
}

pub fn messages(records: &[MessageRecord]) -> Result<Vec<Message>, ProviderError> {
    read("MessageList", records.len(), listing::messages(records))
}

pub fn attendees(records: &[AttendeeRecord]) -> Result<Vec<Attendee>, ProviderError> {
    read(
        "ChatAttendeeList",
        records.len(),
        listing::attendees(records),
    )
}

/// One encoded page of `count` items read back. Every item must come back: the sandbox writes
/// nothing the client would skip.
fn read<T: FromWire>(
    object: &'static str,
    count: usize,
    body: serde_json::Result<Vec<u8>>,
) -> Result<Vec<T>, ProviderError> {
    let body =
        body.map_err(|error| ProviderError::Decode(format!("encoding a {object}: {error}")))?;
    let page = decode_page::<T>(&body, count)?;
    if page.skipped > 0 {
        return Err(ProviderError::Decode(format!(
            "{} of {count} items of a {object} did not decode",
            page.skipped
        )));
    }
    Ok(page.items)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::sandbox::LargeInbox;

    #[test]
    fn records_arrive_as_the_client_reads_them() {
        let anchor = Utc.with_ymd_and_hms(2025, 3, 14, 10, 0, 0).unwrap();
        let inbox = LargeInbox::new(3, anchor, 20, 400);
        let history = inbox.chat(0).unwrap();
        let messages = messages(&history.messages).unwrap();
        assert_eq!(messages.len(), history.messages.len());
        for (message, record) in messages.iter().zip(&history.messages) {
            assert_eq!(message.id, record.id);
            assert_eq!(message.chat_id, history.chat.id);
            assert_eq!(message.text, record.text);
            assert_eq!(message.timestamp, record.timestamp);
            assert_eq!(message.reactions.len(), record.reactions.len());
            assert_eq!(message.attachments.len(), record.attachments.len());
            assert_eq!(message.quoted.is_some(), record.quoted.is_some());
        }
        let chats = chats(std::slice::from_ref(&history.chat)).unwrap();
        assert_eq!(chats[0].id, history.chat.id);
        assert_eq!(chats[0].timestamp, history.chat.timestamp);
        assert_eq!(chats[0].unread_count, history.chat.unread_count);
        let accounts = accounts(inbox.accounts()).unwrap();
        assert_eq!(accounts.len(), inbox.accounts().len());
        let people = attendees(&history.people).unwrap();
        assert_eq!(people[0].provider_id, history.people[0].provider_id);
    }
}
