//! `decode_page::<Chat>` (`GET /chats`).
#![no_main]

use unibox::domain::Chat;

libfuzzer_sys::fuzz_target!(|body: &[u8]| unibox_fuzz::check_page::<Chat>(body));
