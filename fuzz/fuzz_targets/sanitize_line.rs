//! `text::sanitize_line` on any text.
#![no_main]

libfuzzer_sys::fuzz_target!(|text: &str| unibox_fuzz::check_line(text));
