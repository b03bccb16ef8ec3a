//! A one-line question: search the chats, or the path of a file to attach.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Prompt, PromptKind, State};
use crate::domain::fill_template;
use crate::input::{Command, Context};

use super::editor::shown_editor;
use super::keys::hint;
use super::row::{self, truncate_spans};
use super::theme::Theme;
use super::{clean, popup};

const WIDTH: u16 = 64;
/// Border, input, hint, keys, border.
const HEIGHT: u16 = 5;

pub fn render(frame: &mut Frame<'_>, area: Rect, prompt: &Prompt, state: &State) {
    let theme = Theme::new(state.options.color);
    let label = match (prompt.kind, &prompt.template) {
        (PromptKind::SearchChats, _) => "Search chats (name or number)".to_owned(),
        (PromptKind::AttachPath, _) => "Attach a file: its path".to_owned(),
        (PromptKind::TemplateValue, Some(form)) => format!(
            "{}: value of {{{{{n}}}}} ({n} of {})",
            clean::line(&form.template.name, usize::from(WIDTH), &state.options),
            form.template.variables,
            n = form.values.len() + 1,
        ),
        (PromptKind::TemplateValue, None) => "Template value".to_owned(),
    };
    let rect = popup::centered(area, WIDTH.min(area.width), HEIGHT);
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(label, theme.bold())],
        None,
        theme.border(true),
    );
    let width = usize::from(inner.width);
    frame.render_widget(
        &*shown_editor(&prompt.input),
        Rect {
            height: inner.height.min(1),
            ..inner
        },
    );
    let buf = frame.buffer_mut();
    if let Some(text) = &prompt.hint {
        let line = Line::styled(clean::line(text, width, &state.options), theme.warning());
        row::draw(buf, inner, 1, &line);
    } else if let Some(form) = &prompt.template {
        // The text so far, so each value is typed knowing where it goes.
        let body = form.template.body.as_deref().unwrap_or_default();
        let so_far = fill_template(body, &form.values);
        let line = Line::styled(clean::line(&so_far, width, &state.options), theme.dim());
        row::draw(buf, inner, 1, &line);
    }
    let keys = hint(
        &state.help,
        Context::Prompt,
        &[(Command::Submit, "accept"), (Command::Close, "close")],
    );
    let keys = Line::from(truncate_spans(vec![Span::styled(keys, theme.dim())], width));
    row::draw(buf, inner, 2, &keys);
}
