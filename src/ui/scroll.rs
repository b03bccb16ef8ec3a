//! Scrolling: a column of lines in a window (clamping, the position hint) and a list that
//! keeps its selected row on screen.

/// The first row on screen that keeps `selected` visible in `visible` rows.
pub fn first_visible(selected: usize, visible: usize) -> usize {
    (selected + 1).saturating_sub(visible.max(1))
}

/// `scroll` clamped so the last page is full.
pub fn clamp(scroll: u16, total: usize, rows: u16) -> usize {
    usize::from(scroll).min(total.saturating_sub(usize::from(rows)))
}

/// The largest useful `scroll` for `total` lines in `rows`.
pub fn limit(total: usize, rows: u16) -> u16 {
    u16::try_from(total.saturating_sub(usize::from(rows))).unwrap_or(u16::MAX)
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
    fn the_selected_row_stays_on_screen() {
        assert_eq!(first_visible(0, 5), 0);
        assert_eq!(first_visible(4, 5), 0);
        assert_eq!(first_visible(5, 5), 1);
        assert_eq!(first_visible(3, 0), 3);
    }

    #[test]
    fn scrolling_stops_at_the_last_full_page() {
        assert_eq!(clamp(0, 100, 20), 0);
        assert_eq!(clamp(50, 100, 20), 50);
        assert_eq!(clamp(95, 100, 20), 80);
        assert_eq!(clamp(5, 10, 20), 0);
        assert_eq!(limit(100, 20), 80);
        assert_eq!(limit(10, 20), 0);
        assert_eq!(position(0, 20, 63).as_deref(), Some("lines 1–20 of 63"));
        assert_eq!(position(43, 20, 63).as_deref(), Some("lines 44–63 of 63"));
        assert_eq!(position(0, 20, 20), None);
    }
}
