//! Files as people read them: `📎 report.pdf · 1.2 MB`, sizes in powers of 1024 like the
//! attachment limit they are compared with.

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

const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];

pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let bytes = u128::from(bytes);
    let mut unit = 0;
    let mut scale: u128 = 1024;
    while bytes >= scale * 1024 && unit + 1 < UNITS.len() {
        scale *= 1024;
        unit += 1;
    }
    // Tenths of the unit, rounded, in integers: no float surprises.
    let tenths = (bytes * 10 + scale / 2) / scale;
    let name = UNITS.get(unit).copied().unwrap_or("TB");
    if tenths >= 100 {
        format!("{} {name}", tenths / 10)
    } else {
        format!("{}.{} {name}", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(human_size(0), "0 B");
        assert_eq!(human_size(1023), "1023 B");
        assert_eq!(human_size(1024), "1.0 KB");
        assert_eq!(human_size(348_160), "340 KB");
        assert_eq!(human_size(1_258_291), "1.2 MB");
        assert_eq!(human_size(25 * 1024 * 1024), "25 MB");
        assert_eq!(human_size(u64::MAX), "16777216 TB");
    }
}
