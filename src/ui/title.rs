//! The terminal's title: `unibox`, with the unread messages of every account once there are
//! any (`unibox (3)`), so a minimised or tabbed inbox still says something waits.

use crate::app::State;
use crate::text::sanitize_line;

pub fn title(state: &State) -> String {
    let unread = state
        .accounts
        .overview
        .ready()
        .map_or(0, |overview| overview.all.messages);
    let title = if unread == 0 {
        "unibox".to_owned()
    } else {
        format!("unibox ({unread})")
    };
    // Only our own words and a number, but a title is a terminal sequence: never raw.
    sanitize_line(&title).into_owned()
}

/// The sequence that sets the window and tab title (OSC 0).
pub fn title_sequence(title: &str) -> String {
    format!("\x1b]0;{}\x07", sanitize_line(title))
}

#[cfg(test)]
mod tests {
    use chrono::Utc;

    use super::*;
    use crate::app::{Access, Loadable, UiOptions};
    use crate::store::{AccountOverview, UnreadTotals};

    fn state_with_unread(messages: Option<u64>) -> State {
        let mut state = State::new(
            Utc::now(),
            Access::ReadOnly,
            UiOptions::default(),
            vec![],
            &crate::ui::VIEWS,
        );
        if let Some(messages) = messages {
            state.accounts.overview = Loadable::Ready(AccountOverview {
                accounts: vec![],
                all: UnreadTotals { messages, chats: 1 },
                not_messaging: 0,
            });
        }
        state
    }

    #[test]
    fn the_title_counts_unread_messages_once_there_are_any() {
        assert_eq!(title(&state_with_unread(None)), "unibox");
        assert_eq!(title(&state_with_unread(Some(0))), "unibox");
        assert_eq!(title(&state_with_unread(Some(3))), "unibox (3)");
    }

    #[test]
    fn the_sequence_carries_no_control_character_of_the_title() {
        assert_eq!(title_sequence("unibox (3)"), "\x1b]0;unibox (3)\x07");
        let hostile = title_sequence("a\x07\x1b]0;pwned");
        assert_eq!(hostile.matches('\x07').count(), 1);
        assert_eq!(hostile.matches('\x1b').count(), 1);
    }
}
