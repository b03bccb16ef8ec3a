//! The views: `render` draws `State` and nothing else — no I/O, no clock, no mutation — and
//! builds only what is on screen. One file per pane, modal and bar; `clean` is the way every
//! string from the network reaches a cell.
//!
//! The reducer calls the layout functions re-exported here to know what fits, so what it
//! scrolls by is what is drawn.

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
mod keys;
mod layout;
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
mod size;
mod status;
mod theme;
mod thread;
mod time;
mod title;
mod who;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Clear;

use crate::app::{Composer, Confirm, Modal, Pane, Prompt, State};
use crate::text::truncate;

pub use accounts::{ACCOUNT_ROW_HEIGHT, visible_account_rows};
pub use chats::{CHAT_ROW_HEIGHT, chat_name, visible_chat_rows};
pub use layout::{Areas, areas};
pub use picker::{QUICK_REACTIONS, attendee_choices, emoji_choices};
pub use thread::{
    body_height, separator_height, tall_message_limit, thread_rows, thread_text_width,
};
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
            outbox::render(frame, body, state, *selected, *scope)
        }
        Some(Modal::Reader { message, scroll }) => {
            reader::render(frame, body, state, message, *scroll);
        }
        Some(Modal::Search) => search::render(frame, body, state),
    }
}

/// How far the help overlay scrolls on a terminal of `area` (`frame.area()`, or the state's
/// size): `update` keeps `Modal::Help { scroll }` within it.
pub fn help_scroll_limit(area: Rect, state: &State) -> u16 {
    help::scroll_limit(body(area), state)
}

/// How far a confirmation's content scrolls; `update` keeps `Confirm::scroll` within it.
pub fn confirm_scroll_limit(area: Rect, confirm: &Confirm, state: &State) -> u16 {
    confirm::scroll_limit(body(area), confirm, state)
}

/// How far the reader of `message` scrolls, and the rows it shows at once.
pub fn reader_scroll(area: Rect, state: &State, message: &crate::domain::MessageId) -> (u16, u16) {
    (
        reader::scroll_limit(body(area), state, message),
        reader::rows(body(area)),
    )
}

/// How far the attendees window scrolls.
pub fn attendees_scroll_limit(area: Rect, state: &State) -> u16 {
    attendees::scroll_limit(body(area), state)
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
