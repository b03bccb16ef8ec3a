//! Actions that did not go through, the open chat's or every chat's (each naming its chat):
//! what each was, what happened, and what the user can do about it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{OutboxScope, State};
use crate::input::{Command, Context};
use crate::store::{ChatListItem, OutboxAction, OutboxEntry, OutboxState};

use super::keys::hint;
use super::row::{self, truncate_spans};
use super::scroll::first_visible;
use super::theme::Theme;
use super::{clean, popup};
use crate::app::choices::chat_name;

const WIDTH: u16 = 72;
/// Lines per entry: what it was, then what happened.
const ENTRY_LINES: u16 = 2;

/// Entries of the review, each with the chat it names (every chat's review only).
fn listed(state: &State, scope: OutboxScope) -> Vec<(&OutboxEntry, Option<&ChatListItem>)> {
    match scope {
        OutboxScope::OpenChat => state.thread.unsettled().map(|e| (e, None)).collect(),
        OutboxScope::AllChats => state
            .unsent
            .entries
            .iter()
            .map(|u| (&u.entry, u.chat.as_ref()))
            .collect(),
    }
}

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &State,
    selected: usize,
    scope: OutboxScope,
) {
    let theme = Theme::new(state.options.color);
    let entries = listed(state, scope);
    let any_unknown = entries.iter().any(|(e, _)| e.state == OutboxState::Unknown);
    let intro = if any_unknown { 2 } else { 0 };
    let wanted = u16::try_from(entries.len())
        .unwrap_or(u16::MAX)
        .saturating_mul(ENTRY_LINES)
        .saturating_add(intro + 2);
    let rect = popup::centered(area, WIDTH.min(area.width), wanted);
    let keys = hint(
        &state.help,
        Context::Outbox,
        &[
            (Command::Retry, "send again"),
            (Command::MarkSent, "it arrived"),
            (Command::Dismiss, "dismiss"),
            (Command::Close, "close"),
        ],
    );
    let title = match scope {
        OutboxScope::OpenChat => format!("Not sent · {}", entries.len()),
        OutboxScope::AllChats => format!("Not sent · all chats · {}", entries.len()),
    };
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(title, theme.bold())],
        Some(Span::styled(keys, theme.dim())),
        theme.attention_border(),
    );
    let width = usize::from(inner.width);
    let buf = frame.buffer_mut();
    let mut y = 0;
    if any_unknown {
        for line in row::wrapped(
            "The server did not answer for some of these: they may have arrived. Check before sending again.",
            width,
            theme.warning(),
        )
        .into_iter()
        .take(2)
        {
            row::draw(buf, inner, y, &line);
            y += 1;
        }
    }
    let rows = usize::from(inner.height.saturating_sub(y) / ENTRY_LINES);
    let selected = selected.min(entries.len().saturating_sub(1));
    let top = first_visible(selected, rows);
    for (index, (entry, chat)) in entries.iter().enumerate().skip(top).take(rows) {
        let (badge, style) = match entry.state {
            OutboxState::Unknown => ("unknown", theme.warning()),
            _ => ("failed", theme.error()),
        };
        let mut what = vec![Span::styled(format!("{badge:<8}"), style)];
        if scope == OutboxScope::AllChats {
            let name = match chat {
                Some(item) => chat_name(item),
                None => "new chat".into(),
            };
            what.push(Span::styled(
                clean::line(&name, width, &state.options),
                theme.bold(),
            ));
            what.push(Span::raw(" · "));
        }
        what.push(Span::raw(describe(entry, width, state)));
        let what = Line::from(truncate_spans(what, width));
        let why = entry.error.as_deref().unwrap_or("no answer recorded");
        let why = Line::from(truncate_spans(
            vec![
                Span::raw("        "),
                Span::styled(clean::line(why, width, &state.options), theme.dim()),
            ],
            width,
        ));
        let highlight = (index == selected).then(|| theme.selected());
        row::draw_item(buf, inner, y, &[what, why], highlight);
        y += ENTRY_LINES;
    }
}

/// "message: see you at 9", "reaction 👍", "edit: new text", "delete".
fn describe(entry: &OutboxEntry, width: usize, state: &State) -> String {
    let options = &state.options;
    match &entry.action {
        OutboxAction::Send {
            text, attachments, ..
        }
        | OutboxAction::StartChat {
            text, attachments, ..
        } => {
            let files = match attachments.len() {
                0 => String::new(),
                1 => " + 1 file".to_owned(),
                n => format!(" + {n} files"),
            };
            format!("message: {}{files}", clean::line(text, width, options))
        }
        OutboxAction::React { reaction } if reaction.is_empty() => "remove your reaction".into(),
        OutboxAction::React { reaction } => {
            format!("reaction {}", clean::glyph(reaction, options))
        }
        OutboxAction::Edit { text } => format!("edit: {}", clean::line(text, width, options)),
        OutboxAction::Delete => "delete for everyone".into(),
        OutboxAction::ChatChange { change } => change.task().into(),
    }
}
