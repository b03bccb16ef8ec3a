//! The composer, in the lower part of the thread pane: what the text will become (reply,
//! edit with the time left, new chat), the quote, the attached files, the text and the keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::border;
use ratatui::text::{Line, Span};

use crate::app::{ComposePurpose, Composer, FileSpec, State};
use crate::domain::policy::Policy;
use crate::domain::rules::{can_edit, human_duration};
use crate::domain::{AccountId, ChatKind, phone_from_provider_id};
use crate::input::{Command, Focus};

use super::composer_text;
use super::glyph::glyphs;
use super::keys::fitting_hint;
use super::row::{self, truncate_spans};
use super::size::{file_label, human_size};
use super::theme::Theme;
use super::{clean, pane, who};
use crate::app::choices::chat_name;

/// Attached files listed one per line; more are summed up in one line.
const MAX_FILE_LINES: usize = 3;
/// The composer never gets smaller than this (when the pane allows), nor bigger than half the
/// pane.
const MIN_HEIGHT: u16 = 5;

/// Rows the composer takes at the bottom of a pane whose inside has `room` rows, drawn
/// `width` columns wide (borders included): the text as wrapped, and the line that says the
/// account cannot send, if it cannot.
pub fn height(composer: &Composer, state: &State, room: u16, width: u16) -> u16 {
    let text_width = width.saturating_sub(2);
    let text =
        usize::from(composer_text::rows(&composer.editor, text_width, room, &state.options).max(1));
    let refusal = usize::from(cannot_send(composer, state).is_some());
    let wanted = 2 + refusal + extra_lines(composer) + text + 1;
    let wanted = u16::try_from(wanted).unwrap_or(u16::MAX);
    let most = (room / 2).max(MIN_HEIGHT).min(room);
    wanted.min(most)
}

fn extra_lines(composer: &Composer) -> usize {
    usize::from(composer.quote.is_some()) + file_lines(&composer.attachments)
}

fn file_lines(files: &[FileSpec]) -> usize {
    if files.len() > MAX_FILE_LINES {
        MAX_FILE_LINES
    } else {
        files.len()
    }
}

/// Draws the composer in `area`; `joined` when its top corners meet the pane borders around it.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    composer: &Composer,
    state: &State,
    focused: bool,
    joined: bool,
) {
    let theme = Theme::new(state.options.color);
    let width = usize::from(area.width.saturating_sub(2));
    let (title, warning) = title(composer, state, width);
    let mut title_spans = vec![Span::raw(title)];
    if let Some(warning) = warning {
        title_spans.push(Span::styled(warning, theme.error()));
    }
    let symbols = if joined { pane::JOINED } else { border::PLAIN };
    let inner = pane::frame_with(frame, area, title_spans, focused, theme, symbols);
    let mut lines: Vec<Line<'static>> = Vec::new();
    if let Some(denied) = cannot_send(composer, state) {
        lines.push(Line::styled(denied, theme.error()));
    }
    if let Some(quote) = &composer.quote {
        let text = format!(
            "↳ {}: {}",
            clean::line(&quote.sender, width, &state.options),
            clean::line(&quote.text, width, &state.options)
        );
        lines.push(Line::styled(text, theme.dim()));
    }
    lines.extend(files(&composer.attachments, width, state));
    let hint_line = Line::styled(
        fitting_hint(
            &state.help,
            Focus::Composer,
            &[
                (Command::Send, "send"),
                (Command::LeaveComposer, "leave"),
                (Command::Newline, "new line"),
                (Command::AttachFile, "attach"),
                (Command::ExternalEditor, "$EDITOR"),
                (Command::Undo, "undo"),
            ],
            " · ",
            width,
        ),
        theme.dim(),
    );
    // The text gets whatever the quote, the files and the hint leave, at least one line.
    let fixed = u16::try_from(lines.len() + 1).unwrap_or(u16::MAX);
    let text_rows = inner.height.saturating_sub(fixed).max(1);
    let buf = frame.buffer_mut();
    let mut y = 0;
    for line in &lines {
        if y + text_rows + 1 > inner.height {
            break;
        }
        row::draw(
            buf,
            inner,
            y,
            &Line::from(truncate_spans(line.spans.clone(), width)),
        );
        y += 1;
    }
    let text_area = Rect {
        y: inner.y + y,
        height: text_rows.min(inner.height.saturating_sub(y)),
        ..inner
    };
    composer_text::render(
        frame.buffer_mut(),
        text_area,
        &composer.editor,
        &state.options,
        focused,
    );
    let hint_row = y + text_area.height;
    if hint_row < inner.height {
        let hint_line = Line::from(truncate_spans(hint_line.spans, width));
        row::draw(frame.buffer_mut(), inner, hint_row, &hint_line);
    }
}

/// Why the account the composer writes from cannot send now, if it cannot.
fn cannot_send(composer: &Composer, state: &State) -> Option<String> {
    let account: &AccountId = match &composer.purpose {
        ComposePurpose::NewChat { account, .. } => account,
        _ => &state.thread.chat.as_ref()?.chat.account_id,
    };
    state
        .cannot_send_from(account)
        .map(|denied| denied.to_string())
}

/// The title by purpose, and a warning when the edit window closed.
fn title(composer: &Composer, state: &State, width: usize) -> (String, Option<String>) {
    let options = &state.options;
    match &composer.purpose {
        ComposePurpose::Reply { chat } => {
            let item = state
                .thread
                .chat
                .as_ref()
                .filter(|item| &item.chat.id == chat);
            let Some(item) = item else {
                return ("Reply".to_owned(), None);
            };
            let account = who::account_name(state, &item.chat.account_id, width);
            let to = if item.chat.kind == ChatKind::Group {
                format!("Reply in {}", clean::line(&chat_name(item), width, options))
            } else {
                let number = item
                    .chat
                    .attendee_provider_id
                    .as_deref()
                    .and_then(phone_from_provider_id);
                let name = who::person(
                    item.chat.name.as_deref(),
                    number.as_deref(),
                    &item.chat.provider_id,
                    width,
                    options,
                );
                format!("Reply to {name}")
            };
            (format!("{to} · as {account}"), None)
        }
        ComposePurpose::Edit { message, .. } => {
            let found = state.thread.messages.iter().find(|m| &m.id == message);
            let policy = state
                .thread
                .chat
                .as_ref()
                .map_or_else(Policy::unipile_whatsapp, |item| {
                    state.account_policy(&item.chat.account_id)
                });
            match found.map(|m| can_edit(m, &policy, state.now)) {
                Some(Ok(Some(left))) => (
                    format!("Edit message · {} left", human_duration(left)),
                    None,
                ),
                Some(Ok(None)) => ("Edit message".to_owned(), None),
                Some(Err(denied)) => ("Edit message · ".to_owned(), Some(denied.to_string())),
                None => ("Edit message".to_owned(), None),
            }
        }
        ComposePurpose::NewChat {
            account,
            attendee,
            existing_chat,
        } => {
            let existing = if existing_chat.is_some() {
                " (existing chat)"
            } else {
                ""
            };
            (
                format!(
                    "New chat with {} · as {}{existing}",
                    who::attendee(attendee, width, options),
                    who::account_name(state, account, width)
                ),
                None,
            )
        }
    }
}

/// `📎 report.pdf · 1.2 MB`, one a line, the rest summed up.
pub fn files(files: &[FileSpec], width: usize, state: &State) -> Vec<Line<'static>> {
    let clip = clean::glyph(glyphs(&state.options).attachment, &state.options).into_owned();
    let shown = file_lines(files);
    let listed = if files.len() > shown {
        shown - 1
    } else {
        shown
    };
    let mut lines: Vec<Line<'static>> = files
        .iter()
        .take(listed)
        .map(|file| Line::raw(file_label(&file.name, file.size, width, &state.options)))
        .collect();
    if files.len() > listed {
        let rest = files.get(listed..).unwrap_or_default();
        let bytes: u64 = rest.iter().map(|f| f.size).sum();
        lines.push(Line::raw(format!(
            "{clip} {} more files · {}",
            rest.len(),
            human_size(bytes)
        )));
    }
    lines
}
