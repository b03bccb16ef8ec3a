//! The chat list: two lines a chat (name, markers and time; preview and unread badge), only
//! the rows on screen, a dim placeholder for rows not loaded yet.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::app::{ChatsPane, State};
use crate::domain::{ChatKind, phone_from_provider_id};
use crate::input::{Command, Context};
use crate::store::{ChatFilter, ChatListItem, LastMessage, Unsent};
use crate::text::display_width;

use super::glyph::glyphs;
use super::keys::keys_for;
use super::row::{self, spread};
use super::theme::Theme;
use super::{clean, pane, time, who};
use crate::app::choices::chat_name;
use crate::app::layout::{CHAT_ROW_HEIGHT, visible_chat_rows};

/// Columns before the name: the unread marker and a space; the preview lines up with the name.
const INDENT: usize = 2;
/// Below this many columns for the name, the group / muted / archived marks are left out.
const MIN_NAME_WIDTH: usize = 16;
/// The most a group sender's name takes of a preview.
const SENDER_WIDTH: usize = 16;
/// The most an account's label takes of a row in "All accounts".
const ACCOUNT_LABEL_WIDTH: usize = 10;
/// From this many columns on, a row in "All accounts" also shows the person's number.
const WIDE_ROW: usize = 44;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, focused: bool) {
    let theme = Theme::new(state.options.color);
    let inner = pane::frame(frame, area, title(state), focused, theme);
    let width = usize::from(inner.width);
    let pane = &state.chats;
    if let Some(lines) = notice(pane, state, width, theme) {
        let buf = frame.buffer_mut();
        for (y, line) in (0..).zip(lines) {
            row::draw(buf, inner, y, &line);
        }
        return;
    }
    let visible = visible_chat_rows(area);
    let top = pane.top.min(pane.len());
    let buf = frame.buffer_mut();
    for (slot, index) in (0..).zip(top..pane.len().min(top + visible)) {
        let y = slot * CHAT_ROW_HEIGHT;
        let lines = match pane.rows.get(index) {
            Some(item) => chat_row(item, width, state, theme),
            None => placeholder(width, theme),
        };
        let highlight = (index == pane.selected).then(|| theme.selected());
        row::draw_item(buf, inner, y, &lines, highlight);
    }
}

/// `Chats · Support · unread · waiting · “ana”`, `Chats · archived · All accounts`: what the
/// list is filtered to.
fn title(state: &State) -> Vec<Span<'static>> {
    let filter: &ChatFilter = &state.chats.filter;
    let mut parts = vec!["Chats".to_owned()];
    // First, so that a narrow pane still says which list this is.
    if filter.archived_only {
        parts.push("archived".to_owned());
    }
    parts.push(match &filter.account {
        None => "All accounts".to_owned(),
        Some(id) => who::account_name(state, id, usize::from(state.size.0)),
    });
    if filter.unread_only {
        parts.push("unread".to_owned());
    }
    if filter.waiting_only {
        parts.push("waiting".to_owned());
    }
    if filter.include_archived && !filter.archived_only {
        parts.push("with archived".to_owned());
    }
    if !filter.search.trim().is_empty() {
        let search = clean::line(&filter.search, usize::from(state.size.0), &state.options);
        parts.push(format!("“{search}”"));
    }
    vec![Span::raw(parts.join(" · "))]
}

/// What replaces the list when there is no list to show.
fn notice(
    pane: &ChatsPane,
    state: &State,
    width: usize,
    theme: Theme,
) -> Option<Vec<Line<'static>>> {
    let key = |context, command, what: &str| {
        keys_for(&state.help, context, command)
            .map(|k| format!("{k} {what}"))
            .unwrap_or_default()
    };
    let arrives = "They appear as sync brings them in.";
    let (headline, style, detail) = if let Some(error) = &pane.error {
        let reason = clean::line(error, width.saturating_mul(4), &state.options);
        let mut lines = row::wrapped("Could not load the chats", width, theme.error());
        lines.extend(row::wrapped(&reason, width, theme.plain()));
        lines.extend(row::wrapped(
            &key(Context::Global, Command::Refresh, "tries again"),
            width,
            theme.dim(),
        ));
        return Some(lines);
    } else if pane.total.is_none() {
        ("Loading chats…", theme.dim_italic(), String::new())
    } else if !pane.is_empty() {
        return None;
    } else if !pane.filter.search.trim().is_empty() {
        let again = key(Context::Global, Command::Search, "searches again");
        ("No chat matches the search.", theme.bold(), again)
    } else if pane.filter.archived_only {
        let all = key(
            Context::Chats,
            Command::ToggleArchived,
            "shows the chat list again",
        );
        ("No archived chats.", theme.bold(), all)
    } else if pane.filter.unread_only {
        let all = key(Context::Chats, Command::ToggleUnread, "shows every chat");
        ("No unread chats.", theme.bold(), all)
    } else if pane.filter.waiting_only {
        let all = key(Context::Chats, Command::ToggleWaiting, "shows every chat");
        ("No chat is waiting for an answer.", theme.bold(), all)
    } else if pane.filter.account.is_some() {
        (
            "No chats for this account yet.",
            theme.bold(),
            arrives.to_owned(),
        )
    } else {
        ("No chats yet.", theme.bold(), arrives.to_owned())
    };
    let mut lines = row::wrapped(headline, width, style);
    lines.extend(row::wrapped(&detail, width, theme.dim()));
    Some(lines)
}

fn chat_row(item: &ChatListItem, width: usize, state: &State, theme: Theme) -> [Line<'static>; 2] {
    let chat = &item.chat;
    let glyph = glyphs(&state.options);
    let unread = chat.unread_count > 0;
    let muted = chat.muted.is_muted(state.now);
    let marker = if unread {
        Span::styled(glyph.unread, theme.unread())
    } else {
        Span::raw(" ")
    };
    let name_style = if unread { theme.bold() } else { theme.plain() };
    let name = Span::styled(
        clean::line(&chat_name(item), width, &state.options),
        name_style,
    );
    let at = item.last_message.as_ref().map(|m| m.at).or(chat.timestamp);
    let time = at.map(|at| {
        Span::styled(
            time::list_time(at, state.now, state.options.timezone),
            if unread { theme.unread() } else { theme.dim() },
        )
    });
    let mut marks: Vec<Span<'static>> = [
        (chat.kind == ChatKind::Group, glyph.group),
        (muted, glyph.muted),
        (chat.archived, glyph.archived),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .flat_map(|(_, mark)| [Span::styled(mark, theme.dim()), Span::raw(" ")])
    .collect();
    // The name matters more than the marks: they step aside before it is cut short.
    let room_for_name = width.saturating_sub(INDENT + 1).saturating_sub(
        row::width(&marks)
            + time
                .as_ref()
                .map_or(0, |t| row::width(std::slice::from_ref(t))),
    );
    if room_for_name < MIN_NAME_WIDTH && display_width(&name.content) > room_for_name {
        marks.clear();
    }
    let mut right = marks;
    // Actions that did not go through are the one mark that never steps aside.
    if let Some(unsent) = item.unsent {
        let (mark, style) = match unsent {
            Unsent::Failed => (glyph.failed, theme.error()),
            Unsent::Unknown => (glyph.unknown, theme.warning().add_modifier(Modifier::BOLD)),
        };
        right.extend([Span::styled(mark, style), Span::raw(" ")]);
    }
    match time {
        Some(time) => right.push(time),
        None => {
            right.pop();
        }
    }
    let mut name_spans = vec![marker, Span::raw(" "), name];
    // Right of the preview: the account in "All accounts", then the unread badge.
    let mut badge = Vec::new();
    if let Some(label) = account_label(item, state, theme) {
        badge.push(label);
        if width >= WIDE_ROW
            && let Some(number) = distinct_number(item)
        {
            name_spans.push(Span::styled(format!("  {number}"), theme.dim()));
        }
    }
    if unread {
        let style = if muted { theme.dim() } else { theme.unread() };
        if !badge.is_empty() {
            badge.push(Span::raw(" "));
        }
        badge.push(Span::styled(format!("({})", chat.unread_count), style));
    }
    let mut preview_spans = vec![row::spaces(INDENT)];
    preview_spans.extend(preview(item, width, state, theme));
    [
        spread(name_spans, right, width),
        spread(preview_spans, badge, width),
    ]
}

/// In "All accounts" with more than one account: the chat's account, short and in a colour
/// of its own, so two chats with one name on two accounts can be told apart.
fn account_label(item: &ChatListItem, state: &State, theme: Theme) -> Option<Span<'static>> {
    let several = state
        .accounts
        .overview
        .ready()
        .is_some_and(|o| o.accounts.len() > 1);
    if state.chats.filter.account.is_some() || !several {
        return None;
    }
    let account = &item.chat.account_id;
    let name = who::account_name(state, account, ACCOUNT_LABEL_WIDTH);
    Some(Span::styled(name, theme.sender(account.as_str())))
}

/// The person's number, when the row shows a name rather than the number itself.
fn distinct_number(item: &ChatListItem) -> Option<String> {
    let chat = &item.chat;
    if chat.kind == ChatKind::Group || chat.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        return None;
    }
    chat.attendee_provider_id
        .as_deref()
        .and_then(phone_from_provider_id)
}

/// `You: see you`, `Ana: ok`, `📎 image`, `message deleted`.
fn preview(item: &ChatListItem, width: usize, state: &State, theme: Theme) -> Vec<Span<'static>> {
    let Some(last) = &item.last_message else {
        return vec![Span::styled("no messages yet", theme.dim_italic())];
    };
    let mut spans = Vec::new();
    if let Some(who) = sender_prefix(item, last, state) {
        spans.push(Span::styled(who, theme.dim()));
    }
    if last.deleted {
        spans.push(Span::styled("message deleted", theme.dim_italic()));
        return spans;
    }
    let text = last
        .text
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| clean::line(t, width, &state.options));
    if let Some(kind) = &last.attachment_kind {
        let clip = clean::glyph(glyphs(&state.options).attachment, &state.options);
        let label = text.unwrap_or_else(|| clean::line(kind.label(), width, &state.options));
        spans.push(Span::raw(format!("{clip} {label}")));
    } else if let Some(text) = text {
        spans.push(Span::raw(text));
    }
    spans
}

fn sender_prefix(item: &ChatListItem, last: &LastMessage, state: &State) -> Option<String> {
    if last.is_sender {
        return Some("You: ".to_owned());
    }
    if item.chat.kind != ChatKind::Group {
        return None;
    }
    let name = last.sender_name.as_deref()?;
    Some(format!(
        "{}: ",
        clean::line(name, SENDER_WIDTH, &state.options)
    ))
}

fn placeholder(width: usize, theme: Theme) -> [Line<'static>; 2] {
    [
        spread(
            vec![row::spaces(INDENT), Span::styled("…", theme.dim())],
            vec![],
            width,
        ),
        Line::default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_lines_per_chat_inside_the_borders() {
        assert_eq!(visible_chat_rows(Rect::new(0, 0, 40, 39)), 18);
        assert_eq!(visible_chat_rows(Rect::new(0, 0, 40, 4)), 1);
        assert_eq!(visible_chat_rows(Rect::new(0, 0, 40, 3)), 0);
        assert_eq!(visible_chat_rows(Rect::new(0, 0, 40, 1)), 0);
    }
}
