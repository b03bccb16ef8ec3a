//! Reading the TUI's screen: the panes' boxes, which one has the focus, their titles. The
//! screen is rebuilt from the raw output with a terminal emulator, so cell attributes (the
//! focused pane's bold border) can be read too.

use super::lab::wait_until;
use super::pty::Pty;

pub const ENTER: &str = "\r";
pub const ESC: &str = "\u{1b}";
pub const TAB: &str = "\t";
pub const SHIFT_TAB: &str = "\u{1b}[Z";

/// The screen the program drew so far, with attributes.
pub fn parse(pty: &Pty, size: (u16, u16)) -> vt100::Parser {
    let mut parser = vt100::Parser::new(size.1, size.0, 0);
    parser.process(&pty.raw_output());
    parser
}

/// A pane's box on screen: its columns and the title in its top border.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaneBox {
    pub left: u16,
    pub right: u16,
    pub title: String,
    pub focused: bool,
}

/// The boxes whose top border is on the first row, left to right.
pub fn panes(screen: &vt100::Screen) -> Vec<PaneBox> {
    let (_, width) = screen.size();
    let symbol = |col: u16| {
        screen
            .cell(0, col)
            .map(vt100::Cell::contents)
            .unwrap_or_default()
    };
    let mut boxes = Vec::new();
    let mut col = 0;
    while col < width {
        if symbol(col) == "┌" {
            let left = col;
            let right = (left + 1..width)
                .find(|&c| symbol(c) == "┐")
                .unwrap_or(width - 1);
            let title: String = (left + 1..right).map(symbol).collect();
            let focused = screen.cell(0, left).is_some_and(vt100::Cell::bold);
            boxes.push(PaneBox {
                left,
                right,
                title: title.trim_matches(|c| c == '─' || c == ' ').to_owned(),
                focused,
            });
            col = right;
        }
        col += 1;
    }
    boxes
}

/// Every pane's left and right border is whole from its top row to the last body row: no
/// text pushed it aside or overwrote it. Call it with no window open over the panes.
pub fn broken_borders(screen: &vt100::Screen) -> Vec<String> {
    let (height, _) = screen.size();
    let body_bottom = height.saturating_sub(2);
    let mut broken = Vec::new();
    for pane in panes(screen) {
        for (col, top, bottom) in [(pane.left, "┌", "└"), (pane.right, "┐", "┘")] {
            for row in 0..=body_bottom {
                let found = screen
                    .cell(row, col)
                    .map(vt100::Cell::contents)
                    .unwrap_or_default();
                let expected: &[&str] = match row {
                    0 => &[top],
                    r if r == body_bottom => &[bottom],
                    _ => &["│", "├", "┤"],
                };
                if !expected.contains(&found.as_str()) {
                    broken.push(format!(
                        "row {row}, column {col} of {:?}: {found:?}",
                        pane.title
                    ));
                }
            }
        }
    }
    broken
}

/// Cells holding a control character (a terminal emulator drops most, but not all).
pub fn control_cells(screen: &vt100::Screen) -> Vec<(u16, u16, String)> {
    let (height, width) = screen.size();
    let mut found = Vec::new();
    for row in 0..height {
        for col in 0..width {
            if let Some(cell) = screen.cell(row, col)
                && cell.contents().chars().any(super::terminal::is_unsafe)
            {
                found.push((row, col, cell.contents()));
            }
        }
    }
    found
}

pub fn focused(pty: &Pty, size: (u16, u16)) -> Option<PaneBox> {
    panes(parse(pty, size).screen())
        .into_iter()
        .find(|p| p.focused)
}

/// Presses tab until the focused pane's title starts with `title`.
pub fn focus(pty: &mut Pty, size: (u16, u16), title: &str) {
    for _ in 0..4 {
        let before = focused(pty, size);
        if before
            .as_ref()
            .is_some_and(|pane| pane.title.starts_with(title))
        {
            return;
        }
        pty.send(TAB);
        wait_until("the focus to move", || {
            let now = focused(pty, size);
            (now != before).then_some(())
        });
    }
    panic!(
        "no pane titled {title:?} takes the focus; the screen shows:\n{}",
        pty.screen()
    );
}

/// The title of the rightmost pane (the thread when it is shown).
pub fn thread_title(pty: &Pty, size: (u16, u16)) -> String {
    panes(parse(pty, size).screen())
        .last()
        .map(|pane| pane.title.clone())
        .unwrap_or_default()
}

/// Opens the newest chat of the list; the focus moves to its thread.
pub fn open_first_chat(pty: &mut Pty, size: (u16, u16)) -> String {
    focus(pty, size, "Chats");
    pty.send("g");
    let before = thread_title(pty, size);
    pty.send(ENTER);
    wait_until("the chat to open", || {
        let title = thread_title(pty, size);
        (title != before && !title.starts_with("Thread")).then_some(title)
    })
}

/// In an open thread: replies `text` and answers the confirmation with yes.
pub fn reply_and_confirm(pty: &mut Pty, text: &str) {
    reply_up_to_the_confirmation(pty, text);
    pty.answer("y");
    pty.wait_for("the confirmation to close", |screen| {
        !screen.contains("y confirm")
    });
}

/// In an open thread: replies `text` and waits for the confirmation, unanswered.
pub fn reply_up_to_the_confirmation(pty: &mut Pty, text: &str) {
    pty.send("r");
    pty.wait_for("the composer", |screen| screen.contains("enter send"));
    pty.send(text);
    pty.send(ENTER);
    pty.wait_for("the confirmation", |screen| screen.contains("y confirm"));
}
