//! The open chat: messages drawn from `thread.bottom` upwards until the pane is full, day
//! separators between days, our unsettled outbox entries under the newest message, and what
//! the top of the history is doing.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{History, State, ThreadPane, UiOptions};
use crate::domain::{ChatKind, Message};
use crate::input::{Command, Context};

use super::glyph::glyphs;
use super::keys::keys_for;
use super::message::{self, MessageLine};
use super::row::{self, center, rule, spread};
use super::theme::Theme;
use super::time::{day_label, local_day};
use super::{clean, pane, scroll, service_window, who};
use crate::app::Measure;
use crate::app::choices::chat_name;
use crate::app::layout::{GUTTER, thread_text_width};

/// Header, quote, text, attachments, reactions and the spacer; not the day separator.
pub fn body_height(thread: &ThreadPane, message: &Message, width: u16, options: &UiOptions) -> u16 {
    let lines = message::lines(thread, message, width, options).len();
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// The rules above `messages[index]`: 1 when it starts a new day in the timezone (the first
/// loaded one always does), and 1 more when it is the first unread message.
pub fn separator_height(thread: &ThreadPane, index: usize, options: &UiOptions) -> u16 {
    let Some(message) = thread.messages.get(index) else {
        return 0;
    };
    u16::from(starts_a_day(thread, index, message, options))
        + u16::from(is_unread_marker(thread, message))
}

fn starts_a_day(thread: &ThreadPane, index: usize, message: &Message, options: &UiOptions) -> bool {
    let previous = index.checked_sub(1).and_then(|i| thread.messages.get(i));
    match previous {
        None => true,
        Some(previous) => {
            let day = |m: &Message| local_day(m.timestamp, options.timezone);
            day(previous) != day(message)
        }
    }
}

fn is_unread_marker(thread: &ThreadPane, message: &Message) -> bool {
    thread.unread_marker.as_ref() == Some(&message.id)
}

/// Draws the pane; `reserved` rows at the bottom of its inside are left for the composer.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, focused: bool, reserved: u16) {
    let theme = Theme::new(state.options.color);
    let inner = pane::frame(frame, area, title(state, theme), focused, theme);
    let room = Rect {
        height: inner.height.saturating_sub(reserved),
        ..inner
    };
    let thread = &state.thread;
    if thread.messages.is_empty() {
        let lines = empty_notice(state, usize::from(room.width), theme);
        let top = room
            .height
            .saturating_sub(lines.len().try_into().unwrap_or(0))
            / 2;
        let buf = frame.buffer_mut();
        for (y, line) in (top..).zip(lines) {
            row::draw(buf, room, y, &center(line.spans, usize::from(room.width)));
        }
        return;
    }
    let width = thread_text_width(area);
    let text_area = Rect {
        x: room.x + GUTTER.min(room.width),
        width,
        ..room
    };
    if let Some(message) = thread.selected_message()
        && super::VIEWS
            .tall_message_limit(thread, message, width, room.height, &state.options)
            .is_some()
    {
        draw_tall(frame.buffer_mut(), (room, text_area), message, state, theme);
        return;
    }
    // The history's state or an error takes the top row when there is one to tell.
    let top_rows = u16::from(loading_older(thread) || thread.error.is_some());
    let stack = stack(state, width, room.height.saturating_sub(top_rows));
    let buf = frame.buffer_mut();
    let top = draw_stack(buf, (room, text_area), &stack, top_rows, state, theme);
    let text_width = usize::from(width);
    let notice = |text: &str, style| center(vec![Span::styled(text.to_owned(), style)], text_width);
    if let Some(error) = &thread.error {
        let error = clean::line(error, text_width, &state.options);
        row::draw(buf, text_area, 0, &Line::styled(error, theme.error()));
    } else if loading_older(thread) {
        row::draw(
            buf,
            text_area,
            0,
            &notice("Loading older messages…", theme.dim_italic()),
        );
    } else if thread.history == History::Complete && stack.first_whole && top > 0 {
        let beginning = notice("— beginning of the conversation —", theme.dim_italic());
        row::draw(buf, text_area, top - 1, &beginning);
    }
}

/// The selected message alone, taller than the pane: its header stays on the top row with
/// where the reading is (`lines 12–30 of 64`), its other lines scroll under it.
fn draw_tall(
    buf: &mut Buffer,
    (room, text_area): (Rect, Rect),
    message: &Message,
    state: &State,
    theme: Theme,
) {
    let thread = &state.thread;
    let mut lines = message::lines(thread, message, text_area.width, &state.options);
    lines.pop();
    if lines.is_empty() {
        return;
    }
    let header = lines.remove(0);
    let shown = room.height.saturating_sub(1);
    let last_first = lines.len().saturating_sub(usize::from(shown));
    let first = usize::from(thread.scrolled_lines()).min(last_first);
    let position = scroll::position(first, shown, lines.len()).unwrap_or_default();
    let header_line = spread(
        header.line.spans,
        vec![Span::styled(position, theme.dim())],
        usize::from(text_area.width),
    );
    let bar = Line::styled(glyphs(&state.options).selection, theme.selection_bar());
    row::paint(buf, text_area, 0, theme.selected());
    row::draw(buf, room, 0, &bar);
    row::draw(buf, text_area, 0, &header_line);
    for (y, line) in (1..room.height).zip(lines.iter().skip(first)) {
        if line.marked {
            row::draw(buf, room, y, &bar);
        }
        row::draw(buf, text_area, y, &line.line);
    }
}

fn loading_older(thread: &ThreadPane) -> bool {
    matches!(thread.history, History::LoadingCache | History::Fetching)
}

/// Draws the stack from the bottom of `room` up to row `top_rows`; returns the highest row
/// drawn. `text_area` is `room` without the selection gutter.
fn draw_stack(
    buf: &mut Buffer,
    (room, text_area): (Rect, Rect),
    stack: &Stack,
    top_rows: u16,
    state: &State,
    theme: Theme,
) -> u16 {
    let bar = Line::styled(glyphs(&state.options).selection, theme.selection_bar());
    let mut y = room.height;
    let lines = stack.blocks.iter().flat_map(|block| block.iter().rev());
    for line in lines {
        if y <= top_rows {
            break;
        }
        y -= 1;
        if line.header && line.selected {
            row::paint(buf, text_area, y, theme.selected());
        }
        if line.selected && line.marked {
            row::draw(buf, room, y, &bar);
        }
        row::draw(buf, text_area, y, &line.line);
    }
    y
}

/// A drawn line and whether it belongs to the selected message.
struct StackLine {
    line: Line<'static>,
    marked: bool,
    header: bool,
    selected: bool,
}

/// What fits, from the bottom up: each block's lines top to bottom, the lowest block first.
struct Stack {
    blocks: Vec<Vec<StackLine>>,
    /// The first loaded message is drawn whole, separator included.
    first_whole: bool,
}

fn stack(state: &State, width: u16, rows: u16) -> Stack {
    let thread = &state.thread;
    let options = &state.options;
    let mut blocks = Vec::new();
    let mut used: usize = 0;
    let rows = usize::from(rows);
    let last = thread.messages.len().saturating_sub(1);
    let bottom = thread.bottom.min(last);
    if bottom == last && !thread.newer_in_cache {
        for entry in thread.outbox.iter().rev() {
            if used >= rows {
                break;
            }
            let lines = message::outbox_lines(entry, width, options);
            used += lines.len();
            blocks.push(lines.into_iter().map(|l| stack_line(l, false)).collect());
        }
    }
    let mut first_whole = false;
    for index in (0..=bottom).rev() {
        if used >= rows {
            break;
        }
        let Some(message) = thread.messages.get(index) else {
            break;
        };
        let selected = thread.selected == Some(index);
        let mut block: Vec<StackLine> = Vec::new();
        let theme = Theme::new(options.color);
        if starts_a_day(thread, index, message, options) {
            let today = local_day(state.now, options.timezone);
            let day = local_day(message.timestamp, options.timezone);
            let label = day_label(day, today);
            block.push(rule_line(rule(&label, usize::from(width), theme.dim())));
        }
        if is_unread_marker(thread, message) {
            block.push(rule_line(rule(
                "unread",
                usize::from(width),
                theme.unread(),
            )));
        }
        block.extend(
            message::lines(thread, message, width, options)
                .into_iter()
                .map(|l| stack_line(l, selected)),
        );
        used += block.len();
        first_whole = index == 0 && used <= rows;
        blocks.push(block);
    }
    Stack {
        blocks,
        first_whole,
    }
}

fn rule_line(line: Line<'static>) -> StackLine {
    StackLine {
        line,
        marked: false,
        header: false,
        selected: false,
    }
}

fn stack_line(line: MessageLine, selected: bool) -> StackLine {
    StackLine {
        line: line.line,
        marked: line.marked,
        header: line.header,
        selected,
    }
}

/// `Team Lisbon · Support · 5 attendees`; a Cloud API chat says its window right after the
/// name, where a narrow pane still shows it.
fn title(state: &State, theme: Theme) -> Vec<Span<'static>> {
    let thread = &state.thread;
    let Some(item) = &thread.chat else {
        return vec![Span::raw("Thread")];
    };
    let wide = usize::from(state.size.0);
    let name = clean::line(&chat_name(item), wide, &state.options);
    let mut parts = Vec::new();
    parts.extend(who::known_account_name(state, &item.chat.account_id, wide));
    if item.chat.kind == ChatKind::Group && !thread.attendees.is_empty() {
        parts.push(format!("{} attendees", thread.attendees.len()));
    }
    let mut spans = vec![Span::raw(name)];
    if let Some(window) = service_window::header(state, theme) {
        spans.extend([Span::raw(" · "), window]);
    }
    for part in parts {
        spans.extend([Span::raw(" · "), Span::raw(part)]);
    }
    spans
}

/// What the pane says when it has no message to show.
fn empty_notice(state: &State, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let thread = &state.thread;
    if thread.chat.is_none() && thread.request.is_none() {
        let open = keys_for(&state.help, Context::Lists, Command::Open).map_or_else(
            || "Select a chat and open it".to_owned(),
            |k| format!("Select a chat and press {}", capitalised(&k)),
        );
        return row::wrapped(&open, width, theme.dim());
    }
    if let Some(error) = &thread.error {
        let reason = clean::line(error, width.saturating_mul(4), &state.options);
        let mut lines = row::wrapped("Could not load the messages", width, theme.error());
        lines.extend(row::wrapped(&reason, width, theme.plain()));
        return lines;
    }
    let loading = matches!(thread.history, History::LoadingCache | History::Fetching);
    if thread.request.is_some() || loading {
        return row::wrapped("Loading messages…", width, theme.dim_italic());
    }
    row::wrapped("No messages in this chat yet.", width, theme.dim())
}

/// `enter` → `Enter`: key names read as words in a sentence.
fn capitalised(keys: &str) -> String {
    let mut chars = keys.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::layout::thread_rows;

    #[test]
    fn message_room_is_inside_borders_and_gutter() {
        let area = Rect::new(66, 0, 54, 39);
        assert_eq!(thread_text_width(area), 50);
        assert_eq!(thread_rows(area), 37);
        assert_eq!(thread_text_width(Rect::new(0, 0, 3, 3)), 0);
        assert_eq!(thread_rows(Rect::new(0, 0, 3, 1)), 0);
    }

    #[test]
    fn key_names_start_sentences_capitalised() {
        assert_eq!(capitalised("enter"), "Enter");
        assert_eq!(capitalised(""), "");
    }
}
