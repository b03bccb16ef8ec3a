//! The customer-service window of a Cloud API chat, said in the thread's header: how long
//! free-form replies are still accepted, or that only templates are.

use chrono::Duration;
use ratatui::text::Span;

use crate::app::State;
use crate::domain::policy::{WindowState, window_state};

use super::theme::Theme;

/// `window open · 3 h 12 m left` or `window closed — templates only`; nothing for a chat
/// whose account has no such window, or before a chat is open.
pub fn header(state: &State, theme: Theme) -> Option<Span<'static>> {
    let item = state.thread.chat.as_ref()?;
    let policy = state.account_policy(&item.chat.account_id);
    match window_state(state.thread.last_inbound, &policy, state.now) {
        WindowState::Open { left } => Some(Span::styled(
            format!("window open · {}", time_left(left)),
            theme.success(),
        )),
        WindowState::Closed => Some(Span::styled(
            "window closed — templates only",
            theme.warning(),
        )),
        WindowState::NotApplicable => None,
    }
}

/// `3 h 12 m left`, `12 m left`, `under a minute left`: whole minutes, rounded down, so the
/// window is never said to last longer than it does.
fn time_left(left: Duration) -> String {
    let minutes = left.num_minutes();
    match (minutes / 60, minutes % 60) {
        (0, 0) => "under a minute left".to_owned(),
        (0, m) => format!("{m} m left"),
        (h, m) => format!("{h} h {m} m left"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_reads_in_hours_and_whole_minutes() {
        let left = Duration::hours(3) + Duration::minutes(12) + Duration::seconds(59);
        assert_eq!(time_left(left), "3 h 12 m left");
        assert_eq!(time_left(Duration::hours(24)), "24 h 0 m left");
        assert_eq!(time_left(Duration::minutes(12)), "12 m left");
        assert_eq!(time_left(Duration::seconds(59)), "under a minute left");
    }
}
