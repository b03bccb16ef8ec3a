//! `text::wrap`; the first byte is the width.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some((width, text)) = unibox_fuzz::width_and_text(data) {
        unibox_fuzz::check_wrap(width, text);
    }
});
