//! One message as lines of the thread: header, quote, wrapped body, attachments, reactions and
//! a spacer. The same function gives the reducer its height, so what is measured is what is
//! drawn. Lines hold the message's own columns; the thread adds the selection gutter.

use std::borrow::Cow;

use ratatui::text::{Line, Span};

use crate::app::{ThreadPane, UiOptions};
use crate::domain::{Attachment, ChatKind, Message, Quoted};
use crate::store::{OutboxAction, OutboxEntry, OutboxState};
use crate::text::wrap;

use super::clean;
use super::glyph::glyphs;
use super::row::{self, center, truncate_spans};
use super::size::{file_label, human_size};
use super::theme::Theme;
use super::time::clock;

/// The most wrapped lines a body shows; a longer one ends with a "continues" line.
pub const MAX_BODY_LINES: usize = 200;
/// Ours are pushed right by a quarter of the width, at most this much.
const MAX_OURS_INDENT: u16 = 12;
/// The most columns one reaction's value may take (it is network text like any other).
const MAX_REACTION_WIDTH: usize = 8;

/// A line of a message and whether it belongs to the message proper (the selection bar runs
/// along those) rather than being the spacer after it.
pub struct MessageLine {
    pub line: Line<'static>,
    pub marked: bool,
    pub header: bool,
}

/// How far our messages are indented in a thread `width` columns wide.
pub fn ours_indent(width: u16) -> u16 {
    (width / 4).min(MAX_OURS_INDENT)
}

pub fn lines(
    thread: &ThreadPane,
    message: &Message,
    width: u16,
    options: &UiOptions,
) -> Vec<MessageLine> {
    let theme = Theme::new(options.color);
    if message.is_event {
        let text = message.text.as_deref().unwrap_or("event");
        let shown = clean::line(text, usize::from(width), options);
        return vec![
            marked(center(
                vec![Span::styled(shown, theme.dim_italic())],
                usize::from(width),
            )),
            spacer(),
        ];
    }
    let indent = if message.is_sender {
        ours_indent(width)
    } else {
        0
    };
    let bubble = usize::from(width - indent);
    let mut out = vec![MessageLine {
        header: true,
        ..marked(Line::from(header(thread, message, bubble, options, theme)))
    }];
    if let Some(quoted) = &message.quoted {
        out.push(marked(quote_line(thread, quoted, bubble, options, theme)));
    }
    if message.deleted {
        out.push(marked(Line::styled("message deleted", theme.dim_italic())));
    } else {
        if let Some(text) = message.text.as_deref() {
            out.extend(body(text, bubble, options, theme).into_iter().map(marked));
        }
        for attachment in &message.attachments {
            out.push(marked(attachment_line(attachment, bubble, options, theme)));
        }
        if !message.reactions.is_empty() {
            out.push(marked(reactions(message, bubble, options, theme)));
        }
    }
    indented(&mut out, indent);
    out.push(spacer());
    out
}

/// An action of ours not settled yet, drawn like our message with its state instead of ticks.
pub fn outbox_lines(entry: &OutboxEntry, width: u16, options: &UiOptions) -> Vec<MessageLine> {
    let theme = Theme::new(options.color);
    let glyph = glyphs(options);
    let indent = ours_indent(width);
    let bubble = usize::from(width - indent);
    let state = match entry.state {
        OutboxState::Pending => Span::styled(
            format!("{} sending…", clean::glyph(glyph.pending, options)),
            theme.warning(),
        ),
        OutboxState::Failed => Span::styled(format!("{} not sent", glyph.failed), theme.error()),
        OutboxState::Unknown => Span::styled(
            format!("{} not confirmed yet", glyph.unknown),
            theme.warning(),
        ),
        // Settled entries are not in the thread's outbox; shown plainly if one slips in.
        OutboxState::Sent => Span::styled(glyph.delivered, theme.dim()),
    };
    let mut head = vec![Span::styled("You", theme.ours()), Span::raw("  "), state];
    let mut out = Vec::new();
    let mut content = Vec::new();
    match &entry.action {
        OutboxAction::Send {
            text, attachments, ..
        }
        | OutboxAction::StartChat {
            text, attachments, ..
        } => {
            content.extend(body(text, bubble, options, theme));
            for file in attachments {
                let name = file
                    .path
                    .file_name()
                    .map_or_else(|| file.path.to_string_lossy(), |n| n.to_string_lossy());
                let label = file_label(&name, file.size, bubble, options);
                content.push(Line::from(truncate_spans(vec![Span::raw(label)], bubble)));
            }
        }
        OutboxAction::React { reaction } if reaction.is_empty() => {
            content.push(Line::raw("remove your reaction"));
        }
        OutboxAction::React { reaction } => {
            let shown = clean::line(reaction, MAX_REACTION_WIDTH, options);
            content.push(Line::raw(format!("react {shown}")));
        }
        OutboxAction::Edit { text } => {
            head.push(Span::styled(" · edit", theme.dim()));
            content.extend(body(text, bubble, options, theme));
        }
        OutboxAction::Delete => content.push(Line::raw("delete for everyone")),
        OutboxAction::ChatChange { change } => content.push(Line::raw(change.task())),
    }
    out.push(MessageLine {
        header: true,
        ..marked(Line::from(truncate_spans(head, bubble)))
    });
    out.extend(content.into_iter().map(marked));
    if let Some(error) = &entry.error {
        let reason = clean::line(error, bubble, options);
        let style = match entry.state {
            OutboxState::Failed => theme.error(),
            _ => theme.warning(),
        };
        out.push(marked(Line::styled(reason, style)));
    }
    indented(&mut out, indent);
    out.push(spacer());
    out
}

/// Who sent a message, as the thread names them: `You`, the attendee's name, their number, or
/// the raw id. Raw network text.
pub fn sender_label<'a>(thread: &'a ThreadPane, sender_id: &'a str) -> Cow<'a, str> {
    thread.sender_name(sender_id)
}

fn header(
    thread: &ThreadPane,
    message: &Message,
    width: usize,
    options: &UiOptions,
    theme: Theme,
) -> Vec<Span<'static>> {
    let glyph = glyphs(options);
    let mut spans = Vec::new();
    let is_group = thread
        .chat
        .as_ref()
        .is_some_and(|item| item.chat.kind == ChatKind::Group);
    if message.is_sender {
        spans.push(Span::styled("You", theme.ours()));
    } else if is_group {
        let name = clean::line(&sender_label(thread, &message.sender_id), width, options);
        spans.push(Span::styled(name, theme.sender(&message.sender_id)));
    }
    if !spans.is_empty() {
        spans.push(Span::raw("  "));
    }
    spans.push(Span::styled(
        clock(message.timestamp, options.timezone),
        theme.dim(),
    ));
    if message.is_sender && !message.deleted {
        if message.seen {
            spans.push(Span::styled(format!(" {}", glyph.seen), theme.ours()));
        } else if message.delivered {
            spans.push(Span::styled(format!(" {}", glyph.delivered), theme.dim()));
        }
    }
    if message.edited && !message.deleted {
        spans.push(Span::styled(" · edited", theme.dim_italic()));
    }
    truncate_spans(spans, width)
}

/// `│ Ana: first line of the quote…`
fn quote_line(
    thread: &ThreadPane,
    quoted: &Quoted,
    width: usize,
    options: &UiOptions,
    theme: Theme,
) -> Line<'static> {
    let who = clean::line(&sender_label(thread, &quoted.sender_id), width, options);
    let first_line = quoted
        .text
        .as_deref()
        .and_then(|t| t.lines().find(|l| !l.trim().is_empty()));
    let what = match (first_line, quoted.attachments.first()) {
        (Some(text), _) => clean::line(text, width, options),
        (None, Some(attachment)) => format!(
            "{} {}",
            clean::glyph(glyphs(options).attachment, options),
            clean::line(attachment.kind.label(), width, options)
        ),
        (None, None) => "…".to_owned(),
    };
    let spans = vec![Span::styled(format!("│ {who}: {what}"), theme.dim())];
    Line::from(truncate_spans(spans, width))
}

/// The text wrapped at `width`, capped at [`MAX_BODY_LINES`].
pub fn body(text: &str, width: usize, options: &UiOptions, theme: Theme) -> Vec<Line<'static>> {
    if text.is_empty() || width == 0 {
        return Vec::new();
    }
    let shown = clean::block(text, options);
    let ranges = wrap(&shown.text, width);
    let cut = shown.cut || ranges.len() > MAX_BODY_LINES;
    let mut lines: Vec<Line<'static>> = ranges
        .into_iter()
        .take(MAX_BODY_LINES)
        .map(|range| Line::raw(shown.text.get(range).unwrap_or_default().to_owned()))
        .collect();
    if cut {
        let more = "… the message continues: read it whole in the reader";
        lines.push(Line::from(truncate_spans(
            vec![Span::styled(more, theme.dim_italic())],
            width,
        )));
    }
    lines
}

/// `📎 image · IMG_2031.jpg · 1.2 MB (unavailable)`
pub fn attachment_line(
    attachment: &Attachment,
    width: usize,
    options: &UiOptions,
    theme: Theme,
) -> Line<'static> {
    let mut label = format!(
        "{} {}",
        clean::glyph(glyphs(options).attachment, options),
        clean::line(attachment.kind.label(), width, options)
    );
    if let Some(name) = attachment.file_name.as_deref() {
        label.push_str(" · ");
        label.push_str(&clean::line(name, width, options));
    }
    if let Some(size) = attachment.file_size {
        label.push_str(" · ");
        label.push_str(&human_size(size));
    }
    let mut spans = vec![Span::raw(label)];
    if attachment.unavailable {
        spans.push(Span::styled(" (unavailable)", theme.dim_italic()));
    }
    // The state matters more than the end of a long name: keep it.
    if attachment.unavailable && row::width(&spans) > width {
        let tail = " (unavailable)".len();
        let head = spans.remove(0);
        let mut cut = truncate_spans(vec![head], width.saturating_sub(tail));
        cut.extend(spans);
        return Line::from(truncate_spans(cut, width));
    }
    Line::from(truncate_spans(spans, width))
}

/// `👍 2  ❤️`, ours emphasised.
fn reactions(message: &Message, width: usize, options: &UiOptions, theme: Theme) -> Line<'static> {
    let mut groups: Vec<(&str, usize, bool)> = Vec::new();
    for reaction in &message.reactions {
        match groups
            .iter_mut()
            .find(|(value, ..)| *value == reaction.value)
        {
            Some((_, count, ours)) => {
                *count += 1;
                *ours |= reaction.is_sender;
            }
            None => groups.push((&reaction.value, 1, reaction.is_sender)),
        }
    }
    let mut spans = Vec::new();
    for (value, count, ours) in groups {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        let mut shown = clean::line(value, MAX_REACTION_WIDTH, options);
        if count > 1 {
            shown.push_str(&format!(" {count}"));
        }
        let style = if ours {
            theme.own_reaction()
        } else {
            theme.plain()
        };
        spans.push(Span::styled(shown, style));
    }
    Line::from(truncate_spans(spans, width))
}

fn marked(line: Line<'static>) -> MessageLine {
    MessageLine {
        line,
        marked: true,
        header: false,
    }
}

fn spacer() -> MessageLine {
    MessageLine {
        line: Line::default(),
        marked: false,
        header: false,
    }
}

fn indented(lines: &mut [MessageLine], indent: u16) {
    if indent == 0 {
        return;
    }
    for line in lines {
        line.line.spans.insert(0, row::spaces(usize::from(indent)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_are_indented_by_a_bounded_quarter() {
        assert_eq!(ours_indent(8), 2);
        assert_eq!(ours_indent(40), 10);
        assert_eq!(ours_indent(200), MAX_OURS_INDENT);
        assert_eq!(ours_indent(0), 0);
    }

    #[test]
    fn long_bodies_are_capped_with_a_note() {
        let options = UiOptions::default();
        let text = "line\n".repeat(MAX_BODY_LINES * 2);
        let lines = body(&text, 20, &options, Theme::new(true));
        assert_eq!(lines.len(), MAX_BODY_LINES + 1);
        let last: String = lines
            .last()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .unwrap_or_default();
        assert!(last.starts_with("… the message"), "{last}");
    }
}
