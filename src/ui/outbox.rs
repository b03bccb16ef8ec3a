//! The open chat's actions that did not go through: what each was, what happened, and what
//! the user can do about it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::State;
use crate::input::{Command, Context};
use crate::store::{OutboxAction, OutboxEntry, OutboxState};

use super::keys::hint;
use super::row::{self, truncate_spans};
use super::scroll::first_visible;
use super::theme::Theme;
use super::{clean, popup};

const WIDTH: u16 = 72;
/// Lines per entry: what it was, then what happened.
const ENTRY_LINES: u16 = 2;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, selected: usize) {
    let theme = Theme::new(state.options.color);
    let entries: Vec<&OutboxEntry> = state.thread.unsettled().collect();
    let any_unknown = entries.iter().any(|e| e.state == OutboxState::Unknown);
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
    let title = format!("Not sent · {}", entries.len());
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
    for (index, entry) in entries.iter().enumerate().skip(top).take(rows) {
        let (badge, style) = match entry.state {
            OutboxState::Unknown => ("unknown", theme.warning()),
            _ => ("failed", theme.error()),
        };
        let what = Line::from(truncate_spans(
            vec![
                Span::styled(format!("{badge:<8}"), style),
                Span::raw(describe(entry, width, state)),
            ],
            width,
        ));
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
        OutboxAction::MarkRead => "mark read".into(),
    }
}
