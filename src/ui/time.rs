//! Times as people read them, always in the configured offset and against the frozen
//! `state.now`, never the system clock.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate, Utc};

/// The calendar day of `at` in `tz`.
pub fn local_day(at: DateTime<Utc>, tz: FixedOffset) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// `14:05`.
pub fn clock(at: DateTime<Utc>, tz: FixedOffset) -> String {
    at.with_timezone(&tz).format("%H:%M").to_string()
}

/// The chat list's time: `14:05` today, `Yesterday`, the weekday within a week, `12 Nov` this
/// year, `12 Nov 2025` before. A time in the future (clock skew) reads as today's.
pub fn list_time(at: DateTime<Utc>, now: DateTime<Utc>, tz: FixedOffset) -> String {
    let day = local_day(at, tz);
    let today = local_day(now, tz);
    let local = at.with_timezone(&tz);
    if day >= today {
        clock(at, tz)
    } else if Some(day) == today.checked_sub_days(Days::new(1)) {
        "Yesterday".to_owned()
    } else if today
        .checked_sub_days(Days::new(7))
        .is_some_and(|week| day > week)
    {
        local.format("%A").to_string()
    } else if day.year() == today.year() {
        local.format("%-d %b").to_string()
    } else {
        local.format("%-d %b %Y").to_string()
    }
}

/// A thread's day separator: `Today`, `Yesterday`, `Monday 17 November`, with the year when it
/// is not this one.
pub fn day_label(day: NaiveDate, today: NaiveDate) -> String {
    if day == today {
        "Today".to_owned()
    } else if Some(day) == today.checked_sub_days(Days::new(1)) {
        "Yesterday".to_owned()
    } else if day.year() == today.year() {
        day.format("%A %-d %B").to_string()
    } else {
        day.format("%A %-d %B %Y").to_string()
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Offset, TimeZone};

    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).single().unwrap()
    }

    #[test]
    fn list_times_step_from_clock_to_full_date() {
        let now = utc(2025, 11, 20, 14, 30); // a Thursday
        let tz = Utc.fix();
        assert_eq!(list_time(utc(2025, 11, 20, 14, 5), now, tz), "14:05");
        assert_eq!(list_time(utc(2025, 11, 19, 23, 59), now, tz), "Yesterday");
        assert_eq!(list_time(utc(2025, 11, 17, 9, 0), now, tz), "Monday");
        assert_eq!(list_time(utc(2025, 11, 14, 9, 0), now, tz), "Friday");
        assert_eq!(list_time(utc(2025, 11, 13, 9, 0), now, tz), "13 Nov");
        assert_eq!(list_time(utc(2024, 11, 12, 9, 0), now, tz), "12 Nov 2024");
        assert_eq!(list_time(utc(2025, 11, 21, 8, 0), now, tz), "08:00");
    }

    #[test]
    fn the_offset_decides_the_day() {
        let now = utc(2025, 11, 20, 1, 0);
        let paris = FixedOffset::east_opt(3600).unwrap();
        let new_york = FixedOffset::west_opt(5 * 3600).unwrap();
        let at = utc(2025, 11, 19, 23, 30);
        assert_eq!(list_time(at, now, paris), "00:30");
        assert_eq!(list_time(at, now, Utc.fix()), "Yesterday");
        assert_eq!(list_time(at, now, new_york), "18:30");
    }

    #[test]
    fn day_labels() {
        let today = NaiveDate::from_ymd_opt(2025, 11, 20).unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(day_label(today, today), "Today");
        assert_eq!(day_label(day(11, 19), today), "Yesterday");
        assert_eq!(day_label(day(11, 17), today), "Monday 17 November");
        let last_year = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
        assert_eq!(day_label(last_year, today), "Tuesday 31 December 2024");
    }
}
