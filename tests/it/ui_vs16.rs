//! Emoji with a presentation selector (`❤️`, `🛠️`) drawn through a real terminal emulator that
//! measures them as tmux 3.3 does (one column: vt100 counts character by character, the
//! selector taking none). What the terminal shows must be what ratatui believes it drew:
//! no character of the previous frame may stay behind.

use crate::ui_support;

use std::cell::RefCell;
use std::io::Write;
use std::rc::Rc;

use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use ui_support::*;
use unibox::app::{Pane, State};
use unibox::text::Vs16Width;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// The inbox with the thread focused and its newest message saying `text`.
fn inbox_saying(text: &str, vs16: Vs16Width) -> State {
    let mut state = focused(inbox(), Pane::Thread);
    state.options.vs16 = vs16;
    state.size = (WIDTH, HEIGHT);
    if let Some(last) = state.thread.messages.last_mut() {
        last.text = Some(text.to_owned());
    }
    state.thread.outbox.clear();
    state
}

/// What the backend wrote, readable while the terminal holds the writer.
#[derive(Clone, Default)]
struct Written(Rc<RefCell<Vec<u8>>>);

impl Write for Written {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Draws `first` then `second` into a terminal emulator; returns each row the emulator shows
/// and each row ratatui's last buffer holds.
fn through_the_terminal(first: &State, second: &State) -> (Vec<String>, Vec<String>) {
    let written = Written::default();
    let backend = CrosstermBackend::new(written.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT));
    let mut terminal =
        Terminal::with_options(backend, TerminalOptions { viewport }).expect("a terminal");
    let mut parser = vt100::Parser::new(HEIGHT, WIDTH, 0);
    let mut buffer = None;
    for state in [first, second] {
        let frame = terminal
            .draw(|frame| unibox::ui::render(frame, state))
            .expect("drawing into memory");
        buffer = Some(frame.buffer.clone());
        parser.process(&written.0.take());
    }
    let buffer = buffer.expect("two frames");
    let shown = parser
        .screen()
        .rows(0, WIDTH)
        .map(|row| row.trim_end().to_owned())
        .collect();
    let drawn = (0..HEIGHT)
        .map(|y| row_text(&buffer, y).trim_end().to_owned())
        .collect();
    (shown, drawn)
}

fn assert_no_stray_cells(vs16: Vs16Width) {
    let before = inbox_saying(&"x".repeat(300), vs16);
    let after = inbox_saying("🛠️ fixed, ❤️ thanks", vs16);
    let (shown, drawn) = through_the_terminal(&before, &after);
    for (y, (shown, drawn)) in shown.iter().zip(&drawn).enumerate() {
        let shown_plain: String = shown.chars().filter(|c| *c != '\u{FE0F}').collect();
        let drawn_plain: String = drawn.chars().filter(|c| *c != '\u{FE0F}').collect();
        assert_eq!(shown_plain, drawn_plain, "row {y}");
    }
    assert!(
        shown
            .iter()
            .any(|row| row.contains("fixed,") && row.contains("thanks")),
        "{shown:#?}"
    );
}

#[test]
fn selector_emoji_leave_nothing_behind_in_tmux() {
    assert_no_stray_cells(Vs16Width::Narrow);
}

/// The same screen where the selector is honoured (as unicode-width says) is what tmux gets
/// wrong: this is the defect the narrow handling exists for.
#[test]
fn without_the_narrow_handling_tmux_keeps_a_stray_character() {
    let result = std::panic::catch_unwind(|| assert_no_stray_cells(Vs16Width::Wide));
    assert!(
        result.is_err(),
        "tmux widths should disagree with ratatui's"
    );
}
