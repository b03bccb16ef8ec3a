//! The full-screen reader: one message whole, wrapped to the screen, scrollable, with the web
//! addresses it holds listed under it.

use std::ops::Range;

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

/// What the reader draws: its lines, and where in them each listed link is.
struct Content {
    lines: Vec<Line<'static>>,
    links: Vec<ListedLink>,
}

/// A listed link as drawn: its row among the lines and the columns its address takes.
struct ListedLink {
    row: usize,
    columns: Range<usize>,
    address: String,
}

/// The reader's window and what it holds, for `message` over `area`.
fn layout(area: Rect, state: &State, message: &Message, link: usize) -> (Rect, Content) {
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
    let (rect, content) = layout(area, state, message, 0);
    scroll::limit(content.lines.len(), rows(rect))
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
    let (rect, Content { lines, links }) = layout(area, state, message, link);
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
        link_rows(buf, inner, &links, first);
    }
}

/// The listed links drawn on screen, made OSC 8 hyperlinks where their address is a safe web
/// address (`text::osc8_open` of `app::links::openable`); `first` is the top row shown.
fn link_rows(buf: &mut ratatui::buffer::Buffer, inner: Rect, links: &[ListedLink], first: usize) {
    let column = |offset: usize| {
        inner
            .x
            .saturating_add(u16::try_from(offset.min(usize::from(inner.width))).unwrap_or(u16::MAX))
    };
    for link in links {
        let Some(y) = link
            .row
            .checked_sub(first)
            .and_then(|y| u16::try_from(y).ok())
            .filter(|y| *y < inner.height)
        else {
            continue;
        };
        let Some(open) = crate::app::links::openable(&link.address).and_then(|url| osc8_open(&url))
        else {
            continue;
        };
        let columns = column(link.columns.start)..column(link.columns.end);
        link_cells(buf, inner.y + y, columns, &open);
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
fn content(state: &State, message: &Message, width: usize, selected: usize) -> Content {
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
    let mut listed = Vec::with_capacity(found.len());
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
            let start = number.chars().count();
            let shown = clean::line(link, width.saturating_sub(start), options);
            let style = if chosen {
                theme.selected()
            } else {
                theme.plain()
            };
            listed.push(ListedLink {
                row: lines.len(),
                columns: start..start + display_width(&shown),
                address: link.to_owned(),
            });
            lines.push(Line::from(vec![
                Span::styled(number, style),
                Span::styled(shown, style),
            ]));
        }
    }
    Content {
        lines,
        links: listed,
    }
}
