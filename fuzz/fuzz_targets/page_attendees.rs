//! `decode_page::<Attendee>` (`GET /chats/{id}/attendees`).
#![no_main]

use unibox::domain::Attendee;

libfuzzer_sys::fuzz_target!(|body: &[u8]| unibox_fuzz::check_page::<Attendee>(body));
