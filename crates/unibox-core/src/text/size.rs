//! A byte count as people read it: `12 B`, `340 KB`, `1.2 MB`, in powers of 1024 like the
//! attachment limits it is compared with. The one spelling for every screen and message.

const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];

/// `12 B`, `340 KB`, `1.2 MB`: tenths below ten units, whole units above.
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
