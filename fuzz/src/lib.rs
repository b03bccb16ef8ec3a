//! The checks behind the targets in `fuzz_targets/`. Each target hands its input to one of
//! these; a panic is a finding: unibox panicked, or broke one of its documented promises.

mod decode;
mod error_answer;
mod input;
mod layout;
mod sanitize;

pub use decode::{Identified, check_page, check_replies, decoded_object, text_field};
pub use error_answer::check_error_answer;
pub use input::width_and_text;
pub use layout::{check_truncate_and_fit, check_wrap};
pub use sanitize::{check_block, check_line};
