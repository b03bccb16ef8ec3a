//! The confirmation: exactly what will leave, from whom, to whom, before anything does.
//! Cancel has the focus until the user moves it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Button, Confirm, FileSpec, Outbound, OutboundKind, QuotePreview, State};
use crate::domain::ChatChange;
use crate::domain::policy::Window;
use crate::domain::rules::{ReactionChange, human_duration};
use crate::input::{Command, Context};
use crate::text::wrap;

use super::keys::hint;
use super::row::{self, center, truncate_spans};
use super::size::file_label;
use super::theme::Theme;
use super::time::{clock, list_time};
use super::{clean, popup, scroll, who};

const WIDTH: u16 = 72;
/// Rows around the scrolled content: From, To, a blank line; a blank line, the buttons, the keys.
const FIXED_ROWS: u16 = 6;

/// The largest useful scroll of the content over `area`.
pub fn scroll_limit(area: Rect, confirm: &Confirm, state: &State) -> u16 {
    let (rect, content) = layout(area, confirm, state, Theme::new(state.options.color));
    let rows = rect.height.saturating_sub(2).saturating_sub(FIXED_ROWS);
    scroll::limit(content.len(), rows)
}

/// The window's place and the lines of its scrolled part.
fn layout(
    area: Rect,
    confirm: &Confirm,
    state: &State,
    theme: Theme,
) -> (Rect, Vec<Line<'static>>) {
    let width = WIDTH.min(area.width.saturating_sub(2));
    let content = content(confirm, state, usize::from(width.saturating_sub(2)), theme);
    let wanted = u16::try_from(content.len())
        .unwrap_or(u16::MAX)
        .saturating_add(FIXED_ROWS + 2);
    let height = wanted.min(area.height.saturating_sub(2).max(3));
    (popup::centered(area, width, height), content)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, confirm: &Confirm, state: &State) {
    let theme = Theme::new(state.options.color);
    let (rect, content) = layout(area, confirm, state, theme);
    let text_width = usize::from(rect.width.saturating_sub(2));
    let total = content.len();
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(confirm.action.verb(), theme.bold())],
        None,
        theme.attention_border(),
    );
    let buf = frame.buffer_mut();
    for (y, line) in (0..).zip(parties(&confirm.action, text_width, state, theme)) {
        row::draw(buf, inner, y, &line);
    }
    // The content scrolls between the parties and the buttons.
    let rows = inner.height.saturating_sub(FIXED_ROWS);
    let first = scroll::clamp(confirm.scroll, total, rows);
    let content_area = Rect {
        y: inner.y + 3,
        height: rows,
        ..inner
    };
    for (y, line) in (0..rows).zip(content.into_iter().skip(first)) {
        row::draw(buf, content_area, y, &line);
    }
    if let Some(position) = scroll::position(first, rows, total) {
        let keys = hint(
            &state.help,
            Context::Confirm,
            &[(Command::ScrollDown, "scroll")],
        );
        let more = Span::styled(format!("{position} · {keys}"), theme.dim_italic());
        row::draw(buf, inner, 3 + rows, &center(vec![more], text_width));
    }
    let buttons = vec![
        Span::styled("[ Cancel ]", theme.button(confirm.focus == Button::Cancel)),
        Span::raw("  "),
        Span::styled(
            "[ Confirm ]",
            theme.button(confirm.focus == Button::Confirm),
        ),
    ];
    let keys = hint(
        &state.help,
        Context::Confirm,
        &[
            (Command::Confirm, "confirm"),
            (Command::Cancel, "cancel"),
            (Command::SwitchButton, "switch"),
        ],
    );
    let bottom = inner.height.saturating_sub(2);
    row::draw(buf, inner, bottom, &center(buttons, text_width));
    let keys = match typed_ahead_hint(confirm, state) {
        Some(again) => center(vec![Span::styled(again, theme.warning())], text_width),
        None => center(vec![Span::styled(keys, theme.dim())], text_width),
    };
    row::draw(buf, inner, bottom + 1, &keys);
}

/// After keys typed before it appeared were dropped: `typed-ahead keys ignored · press y to
/// send`, with the key the keymap binds.
fn typed_ahead_hint(confirm: &Confirm, state: &State) -> Option<String> {
    if !confirm.typed_ahead {
        return None;
    }
    let verb = confirm.action.short_verb();
    Some(
        match super::keys::keys_for(&state.help, Context::Confirm, Command::Confirm) {
            Some(key) => format!("typed-ahead keys ignored · press {key} to {verb}"),
            None => "typed-ahead keys ignored".to_owned(),
        },
    )
}

/// `From: Support (+33…)` and `To: Ana Lopez (+33…)`.
fn parties(action: &Outbound, width: usize, state: &State, theme: Theme) -> [Line<'static>; 2] {
    let options = &state.options;
    let account = &action.account;
    let from = who::person(
        Some(&account.name),
        account.phone.as_deref(),
        account.id.as_str(),
        width,
        options,
    );
    let to = match (&action.kind, &action.chat) {
        (OutboundKind::StartChat { attendee, .. }, _) => who::attendee(attendee, width, options),
        (_, Some(chat)) => who::person(
            Some(&chat.name),
            Some(&chat.recipient),
            chat.id.as_str(),
            width,
            options,
        ),
        (_, None) => "a new chat".to_owned(),
    };
    // A change to a chat goes to nobody: it is done as the account, to the chat.
    let labels = match &action.kind {
        OutboundKind::ChatChange { .. } => ["Account: ", "Chat:    "],
        _ => ["From: ", "To:   "],
    };
    [(labels[0], from), (labels[1], to)].map(|(label, who)| {
        let spans = vec![Span::styled(label, theme.dim()), Span::raw(who)];
        Line::from(truncate_spans(spans, width))
    })
}

/// Everything about the action that may need scrolling.
fn content(confirm: &Confirm, state: &State, width: usize, theme: Theme) -> Vec<Line<'static>> {
    let options = &state.options;
    let mut lines = Vec::new();
    if let Some(denied) = state.cannot_send_from(&confirm.action.account.id) {
        let refused = format!("{denied}. Nothing will be sent.");
        lines.extend(row::wrapped(&refused, width, theme.error()));
    }
    match &confirm.action.kind {
        OutboundKind::Send {
            text,
            quote,
            attachments,
        } => {
            if let Some(quote) = quote {
                lines.push(quote_line(quote, width, state, theme));
            }
            lines.extend(text_lines(text, width, state, theme));
            lines.extend(file_lines(attachments, width, state));
            lines.extend(sent_once_line(confirm, state, theme));
        }
        OutboundKind::StartChat {
            existing_chat,
            text,
            attachments,
            ..
        } => {
            if existing_chat.is_some() {
                lines.extend(row::wrapped(
                    "You already have a chat with this person: the message goes there.",
                    width,
                    theme.warning(),
                ));
            }
            lines.extend(text_lines(text, width, state, theme));
            lines.extend(file_lines(attachments, width, state));
            lines.extend(sent_once_line(confirm, state, theme));
        }
        OutboundKind::Template { template, text } => {
            let name = format!(
                "Template: {} ({})",
                clean::line(&template.name, width, options),
                clean::line(&template.language, width, options)
            );
            lines.push(Line::styled(name, theme.dim()));
            lines.extend(text_lines(text, width, state, theme));
            lines.extend(sent_once_line(confirm, state, theme));
        }
        OutboundKind::React {
            excerpt, change, ..
        } => {
            let shown = |value: &str| clean::line(value, width, options);
            let what = match change {
                ReactionChange::Add(new) => format!("Reaction: {}", shown(new)),
                ReactionChange::Replace { old, new } => {
                    format!("Reaction: {} (replaces your {})", shown(new), shown(old))
                }
                ReactionChange::Remove(old) => format!("Removes your {}", shown(old)),
            };
            lines.push(Line::styled(what, theme.bold()));
            lines.push(Line::styled("On the message:", theme.dim()));
            lines.extend(text_lines(excerpt, width, state, theme));
        }
        OutboundKind::Edit {
            sent_at,
            old_text,
            new_text,
            ..
        } => {
            lines.push(Line::styled("Old text:", theme.dim()));
            lines.extend(
                text_lines(old_text, width, state, theme)
                    .into_iter()
                    .map(|line| line.style(theme.dim())),
            );
            lines.push(Line::styled("New text:", theme.dim()));
            lines.extend(text_lines(new_text, width, state, theme));
            lines.push(Line::default());
            let policy = state.account_policy(&confirm.action.account.id);
            if let Some(window) = policy.edit {
                let left = window.left(*sent_at, state.now);
                lines.extend(window_lines(
                    left,
                    window,
                    "edit",
                    &policy.channel,
                    width,
                    theme,
                ));
            }
        }
        OutboundKind::ChatChange { change } => {
            lines.extend(chat_change_lines(*change, width, state, theme));
        }
        OutboundKind::Delete {
            sent_at, excerpt, ..
        } => {
            lines.push(Line::styled(
                format!("Sent {}:", when(*sent_at, state)),
                theme.dim(),
            ));
            lines.extend(text_lines(excerpt, width, state, theme));
            lines.push(Line::default());
            let policy = state.account_policy(&confirm.action.account.id);
            if let Some(window) = policy.delete {
                let left = window.left(*sent_at, state.now);
                lines.extend(window_lines(
                    left,
                    window,
                    "delete",
                    &policy.channel,
                    width,
                    theme,
                ));
            }
        }
    }
    lines
        .into_iter()
        .map(|line| Line::from(truncate_spans(line.spans, width)).style(line.style))
        .collect()
}

/// What a change to a chat does, where, and who hears of it.
fn chat_change_lines(
    change: ChatChange,
    width: usize,
    state: &State,
    theme: Theme,
) -> Vec<Line<'static>> {
    let archived_view = super::keys::keys_for(&state.help, Context::Chats, Command::ToggleArchived)
        .map(|key| format!(" ({key})"))
        .unwrap_or_default();
    let what = match change {
        ChatChange::MarkUnread => {
            "The chat is marked unread for the account, at the provider. Its messages do not \
             change."
                .to_owned()
        }
        ChatChange::Archive => format!(
            "The chat is archived for the account, at the provider: it leaves the chat list \
             and shows in the archived view{archived_view}."
        ),
        ChatChange::Unarchive => format!(
            "The chat is brought back from the archive, at the provider: it leaves the \
             archived view{archived_view} for the chat list."
        ),
        ChatChange::Mute => {
            "The chat is muted for the account, at the provider, until you unmute it.".to_owned()
        }
        ChatChange::Unmute => {
            "The chat is unmuted for the account, at the provider: it notifies again.".to_owned()
        }
    };
    let mut lines = row::wrapped(&what, width, theme.plain());
    lines.push(Line::default());
    lines.extend(row::wrapped(
        "The contact is not told. Nothing is sent to them.",
        width,
        theme.dim(),
    ));
    lines
}

/// A quiet promise under a message from an account whose provider keeps each send's key: a
/// retry after a lost answer is answered with the first send, never a second message.
fn sent_once_line(confirm: &Confirm, state: &State, theme: Theme) -> Vec<Line<'static>> {
    if !state
        .account_policy(&confirm.action.account.id)
        .idempotent_sends
    {
        return vec![];
    }
    vec![
        Line::default(),
        Line::styled("sent once even if retried", theme.dim_italic()),
    ]
}

/// `Time left to edit: 12 min`, or that the window closed; nothing for a change with no limit.
fn window_lines(
    left: Result<Option<chrono::Duration>, chrono::Duration>,
    window: Window,
    verb: &str,
    channel: &str,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    match left {
        Ok(Some(left)) => vec![Line::styled(
            format!("Time left to {verb}: {}", human_duration(left)),
            theme.warning(),
        )],
        Ok(None) => vec![],
        Err(_) => row::wrapped(
            &format!(
                "The {} {verb} window has closed: {channel} will refuse it.",
                window.words()
            ),
            width,
            theme.error(),
        ),
    }
}

/// `today at 14:05`, `Yesterday at 09:12`, `17 Nov at 09:12`.
fn when(at: chrono::DateTime<chrono::Utc>, state: &State) -> String {
    let tz = state.options.timezone;
    let day = list_time(at, state.now, tz);
    let time = clock(at, tz);
    if day == time {
        format!("today at {time}")
    } else {
        format!("{day} at {time}")
    }
}

fn quote_line(quote: &QuotePreview, width: usize, state: &State, theme: Theme) -> Line<'static> {
    let text = format!(
        "│ {}: {}",
        clean::line(&quote.sender, width, &state.options),
        clean::line(&quote.text, width, &state.options)
    );
    Line::styled(text, theme.dim())
}

/// The whole text, sanitised and wrapped: nothing of what is sent is hidden.
fn text_lines(text: &str, width: usize, state: &State, theme: Theme) -> Vec<Line<'static>> {
    if text.trim().is_empty() {
        return vec![Line::styled("(no text)", theme.dim_italic())];
    }
    let shown = clean::block_whole(text, &state.options);
    wrap(&shown, width)
        .into_iter()
        .map(|range| Line::raw(shown.get(range).unwrap_or_default().to_owned()))
        .collect()
}

/// Every file, one a line: nothing of what is sent is summed up.
fn file_lines(files: &[FileSpec], width: usize, state: &State) -> Vec<Line<'static>> {
    files
        .iter()
        .map(|file| Line::raw(file_label(&file.name, file.size, width, &state.options)))
        .collect()
}
