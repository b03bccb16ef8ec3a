//! `text::sanitize_block` on any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| unibox_fuzz::check_block(text));
