//! `decode_object::<Message>` (`GET /messages/{id}`).
#![no_main]

use unibox::domain::Message;
use unibox_fuzz::{decoded_object, text_field};

libfuzzer_sys::fuzz_target!(|body: &[u8]| {
    if let Some((found, sent)) = decoded_object::<Message>(body) {
        assert_eq!(found.text.as_deref(), text_field(&sent, "text"));
    }
});
