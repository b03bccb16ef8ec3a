//! The template picker's list: every template of the account, the approved ones choosable,
//! the others greyed with their status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::choices::{template_choices, template_status_words};
use crate::app::{Loadable, State};
use crate::domain::Template;

use super::clean;
use super::row::{self, spread};
use super::scroll::first_visible;
use super::theme::Theme;

pub fn list(
    frame: &mut Frame<'_>,
    area: Rect,
    filter: &str,
    selected: usize,
    templates: &Loadable<Vec<Template>>,
    state: &State,
) {
    let theme = Theme::new(state.options.color);
    let width = usize::from(area.width);
    let options = &state.options;
    let buf = frame.buffer_mut();
    let templates = match templates {
        Loadable::Loading => {
            let line = Line::styled("Loading templates…", theme.dim_italic());
            row::draw(buf, area, 0, &line);
            return;
        }
        Loadable::Failed(error) => {
            let mut lines = row::wrapped("Could not load the templates", width, theme.error());
            lines.extend(row::wrapped(
                &clean::line(error, width.saturating_mul(4), options),
                width,
                theme.plain(),
            ));
            for (y, line) in (0..).zip(&lines) {
                row::draw(buf, area, y, line);
            }
            return;
        }
        Loadable::Ready(templates) => templates,
    };
    let rows = usize::from(area.height);
    let top = first_visible(selected, rows);
    let mut shown = 0;
    for (y, (index, template)) in (0..).zip(
        template_choices(filter, templates)
            .enumerate()
            .skip(top)
            .take(rows),
    ) {
        let sendable = template.status.can_send();
        let style = if sendable { theme.plain() } else { theme.dim() };
        let name = format!(
            "{} ({})",
            clean::line(&template.name, width, options),
            clean::line(&template.language, width, options)
        );
        let body = template
            .body
            .as_deref()
            .map(|body| format!(" · {}", clean::line(body, width, options)))
            .unwrap_or_default();
        let status = if sendable {
            String::new()
        } else {
            format!(" {}", template_status_words(&template.status))
        };
        let line = spread(
            vec![Span::styled(name, style), Span::styled(body, theme.dim())],
            vec![Span::styled(status, theme.dim_italic())],
            width,
        );
        let highlight = (index == selected).then(|| theme.selected());
        row::draw_item(buf, area, y, &[line], highlight);
        shown += 1;
    }
    if shown == 0 {
        let words = if templates.is_empty() {
            "This account has no templates."
        } else {
            "No template matches."
        };
        row::draw(buf, area, 0, &Line::styled(words, theme.dim_italic()));
    }
}
