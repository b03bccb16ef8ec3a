//! Scrolling a column of lines in a window: clamping and the position hint.

/// `scroll` clamped so the last page is full.
pub fn clamp(scroll: u16, total: usize, rows: u16) -> usize {
    usize::from(scroll).min(total.saturating_sub(usize::from(rows)))
}

/// `lines 21–40 of 63`, or nothing when everything shows.
pub fn position(first: usize, rows: u16, total: usize) -> Option<String> {
    let rows = usize::from(rows);
    if total <= rows || rows == 0 {
        return None;
    }
    let last = (first + rows).min(total);
    Some(format!("lines {}–{last} of {total}", first + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_last_full_page() {
        assert_eq!(clamp(0, 100, 20), 0);
        assert_eq!(clamp(50, 100, 20), 50);
        assert_eq!(clamp(95, 100, 20), 80);
        assert_eq!(clamp(5, 10, 20), 0);
        assert_eq!(position(0, 20, 63).as_deref(), Some("lines 1–20 of 63"));
        assert_eq!(position(43, 20, 63).as_deref(), Some("lines 44–63 of 63"));
        assert_eq!(position(0, 20, 20), None);
    }
}
