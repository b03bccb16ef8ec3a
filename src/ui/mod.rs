//! The views: `render` draws `State` and nothing else — no I/O, no clock, no mutation — and
//! builds only what is on screen. One file per pane, modal and bar; `clean` is the way every
//! string from the network reaches a cell.
//!
//! The pane geometry is `app::layout`, shared with the reducer; what only a laid-out text can
//! tell (a message's height, how far a window scrolls) the views answer through
//! `app::Measure` (`VIEWS`), so what the reducer scrolls by is what is drawn.

mod accounts;
mod attendees;
mod chats;
mod clean;
mod composer;
mod composer_text;
mod confirm;
mod editor;
mod glyph;
mod help;
pub mod hyperlink;
mod keys;
mod message;
mod outbox;
mod pane;
mod picker;
mod popup;
mod prompt;
mod reader;
mod reconnect;
mod row;
mod scroll;
mod search;
mod service_window;
mod size;
mod status;
mod templates;
mod theme;
mod thread;
mod time;
mod title;
mod who;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use crate::app::layout;
use crate::app::{Composer, Confirm, Measure, Modal, Pane, Prompt, State, ThreadPane, UiOptions};
use crate::domain::{Message, MessageId};
use crate::text::truncate;

pub use crate::app::layout::{
    ACCOUNT_ROW_HEIGHT, Areas, CHAT_ROW_HEIGHT, areas, thread_rows, thread_text_width,
    visible_account_rows, visible_chat_rows,
};
pub use thread::{body_height, separator_height};
pub use title::{title, title_sequence};

/// Below this size the panes cannot show anything useful.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 5;
const TOO_SMALL: &str = "terminal too small";

pub fn render(frame: &mut Frame<'_>, state: &State) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area);
        return;
    }
    let areas = layout::areas(area, state.focus);
    let focused = |pane: Pane| state.modal.is_none() && state.focus == pane;
    if let Some(rect) = areas.accounts {
        accounts::render(frame, rect, state, focused(Pane::Accounts));
    }
    if let Some(rect) = areas.chats {
        chats::render(frame, rect, state, focused(Pane::Chats));
    }
    let composer = open_composer(state);
    let body = body(area);
    match areas.thread {
        Some(rect) => {
            // The composer sits on the pane's bottom border, its top corners joining the sides.
            let inside = thread_rows(rect);
            let height = composer.map_or(0, |(c, _)| {
                composer::height(c, state, inside + 1, rect.width)
            });
            thread::render(
                frame,
                rect,
                state,
                focused(Pane::Thread),
                height.saturating_sub(1),
            );
            if let Some((c, has_keys)) = composer {
                let place = Rect {
                    y: rect.bottom() - height,
                    height,
                    ..rect
                };
                composer::render(frame, place, c, state, has_keys, true);
            }
        }
        None => {
            // The thread is not on screen (one-pane layout): the composer goes over the body.
            if let Some((c, has_keys)) = composer {
                let height = composer::height(c, state, body.height, body.width);
                let place = Rect {
                    y: body.bottom() - height,
                    height,
                    ..body
                };
                frame.render_widget(Clear, place);
                composer::render(frame, place, c, state, has_keys, false);
            }
        }
    }
    status::render(frame, areas.status, state);
    match &state.modal {
        None | Some(Modal::Composer(_)) => {}
        Some(Modal::Help { scroll }) => help::render(frame, body, state, *scroll),
        Some(Modal::Confirm(confirm)) => confirm::render(frame, body, confirm, state),
        Some(Modal::ConfirmReconnect(confirm)) => {
            reconnect::render_confirm(frame, body, confirm, state);
        }
        Some(Modal::ReconnectLink { account, link }) => {
            reconnect::render_link(frame, body, account, link, state);
        }
        Some(Modal::Prompt(prompt)) => prompt::render(frame, body, prompt, state),
        Some(Modal::Picker(picker)) => picker::render(frame, body, picker, state),
        Some(Modal::Attendees { scroll }) => attendees::render(frame, body, state, *scroll),
        Some(Modal::Outbox { selected, scope }) => {
            outbox::render(frame, body, state, *selected, *scope);
        }
        Some(Modal::Reader {
            message,
            scroll,
            link,
        }) => {
            reader::render(frame, body, state, message, (*scroll, *link));
        }
        Some(Modal::Search) => search::render(frame, body, state),
    }
}

/// The views' answers to the reducer's questions about the drawn screen.
pub struct Views;

/// What `State::new` is given: the views measure for the reducer.
pub static VIEWS: Views = Views;

impl Measure for Views {
    fn body_height(
        &self,
        thread: &ThreadPane,
        message: &Message,
        width: u16,
        options: &UiOptions,
    ) -> u16 {
        thread::body_height(thread, message, width, options)
    }

    fn separator_height(&self, thread: &ThreadPane, index: usize, options: &UiOptions) -> u16 {
        thread::separator_height(thread, index, options)
    }

    fn help_scroll_limit(&self, screen: Rect, state: &State) -> u16 {
        help::scroll_limit(body(screen), state)
    }

    fn confirm_scroll_limit(&self, screen: Rect, confirm: &Confirm, state: &State) -> u16 {
        confirm::scroll_limit(body(screen), confirm, state)
    }

    fn reader_scroll(&self, screen: Rect, state: &State, message: &MessageId) -> (u16, u16) {
        (
            reader::scroll_limit(body(screen), state, message),
            reader::rows(body(screen)),
        )
    }

    fn attendees_scroll_limit(&self, screen: Rect, state: &State) -> u16 {
        attendees::scroll_limit(body(screen), state)
    }
}

/// The terminal without its status line: where windows open.
fn body(area: Rect) -> Rect {
    Rect {
        height: area.height.saturating_sub(1),
        ..area
    }
}

/// The composer on screen, if any, and whether it has the keyboard (it stays visible, without
/// it, under the confirmation of its text and under the attach prompt).
fn open_composer(state: &State) -> Option<(&Composer, bool)> {
    match state.modal.as_ref()? {
        Modal::Composer(composer) => Some((composer, true)),
        Modal::Confirm(Confirm {
            composer: Some(composer),
            ..
        })
        | Modal::Prompt(Prompt {
            composer: Some(composer),
            ..
        }) => Some((composer, false)),
        _ => None,
    }
}

fn too_small(frame: &mut Frame<'_>, area: Rect) {
    if area.area() == 0 {
        return;
    }
    let text = truncate(TOO_SMALL, usize::from(area.width));
    let line = Line::raw(text);
    row::draw(frame.buffer_mut(), area, area.height / 2, &line);
}
