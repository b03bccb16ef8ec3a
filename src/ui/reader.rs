//! The full-screen reader: one message whole, wrapped to the screen, scrollable, with the web
//! addresses it holds listed under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::State;
use crate::domain::{Message, MessageId};
use crate::input::{Command, Context};
use crate::text::{display_width, links, osc8_open, wrap};

use super::hyperlink::link_cells;
use super::keys::hint;
use super::message::{attachment_line, sender_label};
use super::row::{self, truncate_spans};
use super::theme::Theme;
use super::time::{clock, day_label, local_day};
use super::{clean, popup, scroll};

/// The reader's window and its lines, for `message` over `area`.
fn layout(area: Rect, state: &State, message: &Message, link: usize) -> (Rect, Vec<Line<'static>>) {
    let width = usize::from(area.width.saturating_sub(2));
    (area, content(state, message, width, link))
}

fn find<'a>(state: &'a State, id: &MessageId) -> Option<&'a Message> {
    state.thread.messages.iter().find(|m| &m.id == id)
}

/// Rows of text the reader shows at once over `area`.
pub fn rows(area: Rect) -> u16 {
    area.height.saturating_sub(2)
}

/// The largest useful scroll of the reader of `message` over `area`.
pub fn scroll_limit(area: Rect, state: &State, id: &MessageId) -> u16 {
    let Some(message) = find(state, id) else {
        return 0;
    };
    let (rect, lines) = layout(area, state, message, 0);
    scroll::limit(lines.len(), rows(rect))
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    id: &MessageId,
    (scroll_by, link): (u16, usize),
) {
    let theme = Theme::new(state.options.color);
    let Some(message) = find(state, id) else {
        return;
    };
    let (rect, lines) = layout(area, state, message, link);
    let total = lines.len();
    let rows = rows(rect);
    let first = scroll::clamp(scroll_by, total, rows);
    let keys = hint(
        &state.help,
        Context::Reader,
        &[
            (Command::ScrollDown, "scroll"),
            (Command::CopyText, "copy"),
            (Command::Close, "close"),
        ],
    );
    let footer = match scroll::position(first, rows, total) {
        Some(position) => format!("{position} · {keys}"),
        None => keys,
    };
    let inner = popup::open(
        frame,
        rect,
        vec![Span::raw(title(state, message, usize::from(rect.width)))],
        Some(Span::styled(footer, theme.dim())),
        theme.border(true),
    );
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    for (y, line) in (0..inner.height).zip(lines.into_iter().skip(first)) {
        row::draw(
            buf,
            inner,
            y,
            &Line::from(truncate_spans(line.spans, width)),
        );
    }
    if state.options.hyperlinks {
        link_rows(buf, inner, state, message, (first, total));
    }
}

/// The listed links drawn on screen, made OSC 8 hyperlinks where their address is a safe web
/// address (`text::osc8_open` of `app::links::openable`). The list ends the content: its
/// `n`th entry is row `total - links + n`.
fn link_rows(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    state: &State,
    message: &Message,
    (first, total): (usize, usize),
) {
    if message.deleted {
        return;
    }
    let found = links(message.text.as_deref().unwrap_or_default());
    let listed_from = total.saturating_sub(found.len());
    let width = usize::from(inner.width);
    for y in 0..inner.height {
        let Some(index) = (first + usize::from(y)).checked_sub(listed_from) else {
            continue;
        };
        let Some(link) = found.get(index) else {
            break;
        };
        let Some(open) = crate::app::links::openable(link).and_then(|url| osc8_open(&url)) else {
            continue;
        };
        // As `content` lays the entry out: the number, then the link cut to the room left.
        let number = link_number(index, false).chars().count();
        let room = width.saturating_sub(number);
        let shown = display_width(&clean::line(link, room, &state.options));
        let start = inner
            .x
            .saturating_add(u16::try_from(number).unwrap_or(u16::MAX));
        let end = inner
            .x
            .saturating_add(u16::try_from((number + shown).min(width)).unwrap_or(u16::MAX));
        link_cells(buf, inner.y + y, start..end, &open);
    }
}

/// `>1. ` for the chosen link, ` 1. ` for the others.
fn link_number(index: usize, chosen: bool) -> String {
    let marker = if chosen { ">" } else { " " };
    format!("{marker}{}. ", index + 1)
}

/// `Bruno Costa · Today 14:22`
fn title(state: &State, message: &Message, width: usize) -> String {
    let options = &state.options;
    let who = if message.is_sender {
        "You".to_owned()
    } else {
        clean::line(
            &sender_label(&state.thread, &message.sender_id),
            width,
            options,
        )
    };
    let day = day_label(
        local_day(message.timestamp, options.timezone),
        local_day(state.now, options.timezone),
    );
    format!(
        "{who} · {day} {}",
        clock(message.timestamp, options.timezone)
    )
}

/// The text wrapped at `width`, what was left out, the attachments, then the links, numbered,
/// the `selected` one marked.
fn content(state: &State, message: &Message, width: usize, selected: usize) -> Vec<Line<'static>> {
    let options = &state.options;
    let theme = Theme::new(options.color);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let text = message.text.as_deref().unwrap_or_default();
    if message.deleted {
        lines.push(Line::styled("message deleted", theme.dim_italic()));
    } else if !text.is_empty() && width > 0 {
        let shown = clean::long_block(text, options);
        lines.extend(
            wrap(&shown.text, width)
                .into_iter()
                .map(|range| Line::raw(shown.text.get(range).unwrap_or_default().to_owned())),
        );
        if shown.cut {
            lines.extend(row::wrapped(
                "… the message is longer than the reader shows: copy it to read it all",
                width,
                theme.dim_italic(),
            ));
        }
    }
    for attachment in &message.attachments {
        lines.push(attachment_line(attachment, width, options, theme));
    }
    let found = if message.deleted {
        Vec::new()
    } else {
        links(text)
    };
    if !found.is_empty() {
        lines.push(Line::default());
        let keys = hint(
            &state.help,
            Context::Reader,
            &[(Command::NextLink, "next"), (Command::OpenLink, "open")],
        );
        lines.push(Line::from(vec![
            Span::styled("Links", theme.bold()),
            Span::styled(format!("  {keys}"), theme.dim()),
        ]));
        for (index, link) in found.into_iter().enumerate() {
            let chosen = index == selected;
            let number = link_number(index, chosen);
            let room = width.saturating_sub(number.chars().count());
            let style = if chosen {
                theme.selected()
            } else {
                theme.plain()
            };
            lines.push(Line::from(vec![
                Span::styled(number, style),
                Span::styled(clean::line(link, room, options), style),
            ]));
        }
    }
    lines
}
