//! `decode_page::<Account>` (`GET /accounts`).
#![no_main]

use unibox::domain::Account;

libfuzzer_sys::fuzz_target!(|body: &[u8]| unibox_fuzz::check_page::<Account>(body));
