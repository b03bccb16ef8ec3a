//! Files as people read them: `📎 report.pdf · 1.2 MB`, sizes in powers of 1024 like the
//! attachment limit they are compared with.

pub use crate::text::human_size;

use crate::app::UiOptions;

use super::clean;
use super::glyph::glyphs;

/// `📎 report.pdf · 1.2 MB`, the name (network or user text) sanitised and cut to `width`.
pub fn file_label(name: &str, size: u64, width: usize, options: &UiOptions) -> String {
    format!(
        "{} {} · {}",
        clean::glyph(glyphs(options).attachment, options),
        clean::line(name, width, options),
        human_size(size)
    )
}
