//! `error_from_answer`: the status, Retry-After and body of an error answer.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| unibox_fuzz::check_error_answer(data));
