//! `decode_object::<ChatWithLastMessage>` (`GET /chats/{id}`).
#![no_main]

use serde_json::Value;
use unibox::provider::unipile::wire::ChatWithLastMessage;
use unibox_fuzz::{decoded_object, text_field};

libfuzzer_sys::fuzz_target!(|body: &[u8]| {
    let Some((found, sent)) = decoded_object::<ChatWithLastMessage>(body) else {
        return;
    };
    assert_eq!(found.chat.name.as_deref(), text_field(&sent, "name"));
    if let Some(message) = &found.last_message {
        let sent_id = sent.pointer("/lastMessage/id").and_then(Value::as_str);
        assert_eq!(sent_id, Some(message.id.as_str()));
    }
});
