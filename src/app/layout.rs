//! Where each pane goes for a terminal size and a focus, and how many rows and columns each
//! shows. Pure and cheap: the reducer uses it to scroll by what is drawn, the views to draw.

use ratatui::layout::Rect;

use super::state::Pane;

/// From this width on, the three panes stand side by side.
pub const THREE_PANES: u16 = 120;
/// From this width on, two panes: the chat list (or the accounts when focused) and the thread.
pub const TWO_PANES: u16 = 70;
pub const ACCOUNTS_WIDTH: u16 = 26;
/// The chat list takes a third of the width within these bounds in the three-pane layout.
const CHATS_WIDTH_WIDE: (u16, u16) = (38, 44);
/// ...and two fifths within these in the two-pane layout.
const CHATS_WIDTH_NARROW: (u16, u16) = (28, 40);

/// Lines of one account row in the accounts pane.
pub const ACCOUNT_ROW_HEIGHT: u16 = 2;
/// Lines of one chat row in the chat list.
pub const CHAT_ROW_HEIGHT: u16 = 2;
/// Columns left of the messages: the selection bar and a space.
pub const GUTTER: u16 = 2;

/// Account rows ("All accounts" included) that fit inside the borders.
pub fn visible_account_rows(accounts_area: Rect) -> usize {
    usize::from(accounts_area.height.saturating_sub(2) / ACCOUNT_ROW_HEIGHT)
}

/// Chats that fit inside the borders.
pub fn visible_chat_rows(chats_area: Rect) -> usize {
    usize::from(chats_area.height.saturating_sub(2) / CHAT_ROW_HEIGHT)
}

/// The width messages are laid out at.
pub fn thread_text_width(thread_area: Rect) -> u16 {
    thread_area.width.saturating_sub(2 + GUTTER)
}

/// Lines available for messages (inside the borders).
pub fn thread_rows(thread_area: Rect) -> u16 {
    thread_area.height.saturating_sub(2)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub accounts: Option<Rect>,
    pub chats: Option<Rect>,
    pub thread: Option<Rect>,
    /// The last line.
    pub status: Rect,
}

pub fn areas(area: Rect, focus: Pane) -> Areas {
    let body_height = area.height.saturating_sub(1);
    let status = Rect::new(area.x, area.y + body_height, area.width, area.height.min(1));
    let none = Areas {
        accounts: None,
        chats: None,
        thread: None,
        status,
    };
    if body_height == 0 || area.width == 0 {
        return none;
    }
    let column = |x: u16, width: u16| Some(Rect::new(x, area.y, width, body_height));
    if area.width >= THREE_PANES {
        let chats = (area.width / 3).clamp(CHATS_WIDTH_WIDE.0, CHATS_WIDTH_WIDE.1);
        let thread_x = area.x + ACCOUNTS_WIDTH + chats;
        Areas {
            accounts: column(area.x, ACCOUNTS_WIDTH),
            chats: column(area.x + ACCOUNTS_WIDTH, chats),
            thread: column(thread_x, area.width - ACCOUNTS_WIDTH - chats),
            status,
        }
    } else if area.width >= TWO_PANES {
        let list = (area.width * 2 / 5).clamp(CHATS_WIDTH_NARROW.0, CHATS_WIDTH_NARROW.1);
        let thread = column(area.x + list, area.width - list);
        match focus {
            Pane::Accounts => Areas {
                accounts: column(area.x, list),
                thread,
                ..none
            },
            Pane::Chats | Pane::Thread => Areas {
                chats: column(area.x, list),
                thread,
                ..none
            },
        }
    } else {
        let whole = column(area.x, area.width);
        match focus {
            Pane::Accounts => Areas {
                accounts: whole,
                ..none
            },
            Pane::Chats => Areas {
                chats: whole,
                ..none
            },
            Pane::Thread => Areas {
                thread: whole,
                ..none
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covered_width(areas: &Areas) -> u16 {
        [areas.accounts, areas.chats, areas.thread]
            .iter()
            .flatten()
            .map(|r| r.width)
            .sum()
    }

    #[test]
    fn three_panes_from_120_columns() {
        let a = areas(Rect::new(0, 0, 120, 40), Pane::Thread);
        assert_eq!(a.accounts, Some(Rect::new(0, 0, 26, 39)));
        assert_eq!(a.chats, Some(Rect::new(26, 0, 40, 39)));
        assert_eq!(a.thread, Some(Rect::new(66, 0, 54, 39)));
        assert_eq!(a.status, Rect::new(0, 39, 120, 1));
        let wide = areas(Rect::new(0, 0, 300, 100), Pane::Chats);
        assert_eq!(wide.chats.map(|r| r.width), Some(44));
        assert_eq!(covered_width(&wide), 300);
    }

    #[test]
    fn two_panes_with_the_accounts_in_the_list_column_when_focused() {
        let chats = areas(Rect::new(0, 0, 80, 24), Pane::Chats);
        assert_eq!(chats.accounts, None);
        assert_eq!(chats.chats, Some(Rect::new(0, 0, 32, 23)));
        assert_eq!(chats.thread, Some(Rect::new(32, 0, 48, 23)));
        let accounts = areas(Rect::new(0, 0, 80, 24), Pane::Accounts);
        assert_eq!(accounts.accounts, chats.chats);
        assert_eq!(accounts.chats, None);
        assert_eq!(
            covered_width(&areas(Rect::new(0, 0, 119, 30), Pane::Thread)),
            119
        );
    }

    #[test]
    fn one_pane_below_70_columns() {
        for focus in Pane::ORDER {
            let a = areas(Rect::new(0, 0, 50, 20), focus);
            let shown: Vec<_> = [a.accounts, a.chats, a.thread]
                .into_iter()
                .flatten()
                .collect();
            assert_eq!(shown, vec![Rect::new(0, 0, 50, 19)], "{focus:?}");
        }
    }

    #[test]
    fn tiny_terminals_get_only_a_status_line() {
        let a = areas(Rect::new(0, 0, 1, 1), Pane::Chats);
        assert_eq!((a.accounts, a.chats, a.thread), (None, None, None));
        assert_eq!(a.status, Rect::new(0, 0, 1, 1));
        let empty = areas(Rect::new(0, 0, 0, 0), Pane::Chats);
        assert_eq!(empty.status.area(), 0);
    }
}
