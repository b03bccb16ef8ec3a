//! `decode_page::<Message>` (`GET /chats/{id}/messages`).
#![no_main]

use unibox::domain::Message;

libfuzzer_sys::fuzz_target!(|body: &[u8]| unibox_fuzz::check_page::<Message>(body));
