//! The message search window: the query, where it looks, how the answer stands, and the hits
//! (chat · account and time, then sender and the snippet with the matched words marked).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::{MessageSearch, SearchPlace, SearchStatus, State};
use crate::domain::phone_from_provider_id;
use crate::input::{Command, Context};
use crate::store::SearchHit;

use super::editor::find_row;
use super::keys::hint;
use super::row::{self, spread, truncate_spans};
use super::scroll::first_visible;
use super::theme::Theme;
use super::time::list_time;
use super::{clean, popup};

const WIDTH: u16 = 110;
/// Rows of one hit.
const HIT_HEIGHT: u16 = 2;
/// What the line under the query says before anything is typed.
const SYNTAX: &str = "words, \"a phrase\", pre*, from:me from:NAME in:CHAT account:NAME has:file \
     before:/after:YYYY-MM-DD";

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let Some(search) = state.search.as_ref() else {
        return;
    };
    let theme = Theme::new(state.options.color);
    let rect = popup::centered(area, WIDTH.min(area.width), area.height);
    let keys = hint(
        &state.help,
        Context::Search,
        &[
            (Command::Choose, "open"),
            (Command::SwitchScope, "where"),
            (Command::Close, "close"),
        ],
    );
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(title(search, state), theme.bold())],
        Some(Span::styled(keys, theme.dim())),
        theme.border(true),
    );
    if inner.height == 0 {
        return;
    }
    find_row(frame, inner, &search.input, theme);
    let width = usize::from(inner.width);
    let status = status_line(search, width, state, theme);
    row::draw(frame.buffer_mut(), inner, 1, &status);
    let list = Rect {
        y: inner.y + 2.min(inner.height),
        height: inner.height.saturating_sub(2),
        ..inner
    };
    hit_list(frame, list, search, state, theme);
}

fn title(search: &MessageSearch, state: &State) -> String {
    let room = usize::from(WIDTH);
    match &search.place {
        SearchPlace::Everywhere => "Search messages · every account".to_owned(),
        SearchPlace::Account { name, .. } => format!(
            "Search messages · account {}",
            clean::line(name, room, &state.options)
        ),
        SearchPlace::Chat { name, .. } => format!(
            "Search messages · in {}",
            clean::line(name, room, &state.options)
        ),
    }
}

fn status_line(search: &MessageSearch, width: usize, state: &State, theme: Theme) -> Line<'static> {
    let (text, style) = match &search.status {
        SearchStatus::Idle => (SYNTAX.to_owned(), theme.dim()),
        SearchStatus::Searching if search.hits.is_empty() => {
            ("searching…".to_owned(), theme.dim_italic())
        }
        SearchStatus::Searching | SearchStatus::Done => match search.hits.len() {
            0 => ("no message matches".to_owned(), theme.warning()),
            1 => ("1 message".to_owned(), theme.dim()),
            n => (format!("{n} messages, newest first"), theme.dim()),
        },
        SearchStatus::Problem(problem) => (problem.clone(), theme.warning()),
    };
    Line::styled(clean::line(&text, width, &state.options), style)
}

fn hit_list(
    frame: &mut Frame<'_>,
    area: Rect,
    search: &MessageSearch,
    state: &State,
    theme: Theme,
) {
    let visible = usize::from(area.height / HIT_HEIGHT);
    if visible == 0 {
        return;
    }
    let first = first_visible(search.selected, visible);
    let width = usize::from(area.width);
    let buf = frame.buffer_mut();
    for (slot, (index, hit)) in search
        .hits
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .enumerate()
    {
        let y = u16::try_from(slot).unwrap_or(u16::MAX) * HIT_HEIGHT;
        let lines = [
            heading(hit, width, state, theme),
            body(hit, width, state, theme),
        ];
        let highlight = (index == search.selected).then(|| theme.selected());
        row::draw_item(buf, area, y, &lines, highlight);
    }
}

/// `Chat · Account        12 Nov`.
fn heading(hit: &SearchHit, width: usize, state: &State, theme: Theme) -> Line<'static> {
    let options = &state.options;
    let chat = hit
        .chat_name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(hit.chat_id.as_str());
    let when = list_time(hit.at, state.now, options.timezone);
    let left = vec![
        Span::styled(clean::line(chat, width, options), theme.bold()),
        Span::styled(" · ", theme.dim()),
        Span::styled(clean::line(&hit.account_name, width, options), theme.dim()),
    ];
    spread(left, vec![Span::styled(when, theme.dim())], width)
}

/// `  Sender: …the snippet with the match marked…`.
fn body(hit: &SearchHit, width: usize, state: &State, theme: Theme) -> Line<'static> {
    let options = &state.options;
    let sender = if hit.is_sender {
        "You".to_owned()
    } else {
        let number = phone_from_provider_id(&hit.sender_id);
        let name = hit.sender_name.as_deref().or(number.as_deref());
        clean::line(name.unwrap_or(hit.sender_id.as_str()), width, options)
    };
    let mut spans = vec![
        Span::raw("  "),
        Span::styled(format!("{sender}: "), theme.sender(&hit.sender_id)),
    ];
    if hit.snippet.is_empty() && hit.has_attachment {
        spans.push(Span::styled("(attachment)", theme.dim_italic()));
    }
    for part in &hit.snippet {
        let style = if part.matched {
            matched(theme)
        } else {
            theme.plain()
        };
        spans.push(Span::styled(clean::line(&part.text, width, options), style));
    }
    Line::from(truncate_spans(spans, width))
}

/// The matched words: bold and underlined, so they read without colours too.
fn matched(theme: Theme) -> Style {
    theme.bold().add_modifier(Modifier::UNDERLINED)
}
