//! `decode_reply` for `MessageSent`, `ChatStarted` and the sync replies.
#![no_main]

libfuzzer_sys::fuzz_target!(|body: &[u8]| unibox_fuzz::check_replies(body));
