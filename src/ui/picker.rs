//! Pickers: the reaction picker (a quick row, then emoji by name) and the start-chat picker
//! (known attendees only: nothing typed in can be chosen unless it is in the list).
//!
//! The list a picker shows comes from `app::choices`, which the reducer also asks which entry
//! `selected` is.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::choices::{QUICK_REACTIONS, attendee_choices, listed_emoji, shows_quick_row};
use crate::app::{Picker, PickerKind, State};
use crate::domain::{Attendee, ChatId, MessageId};
use crate::input::{Command, Context};
use crate::text::fit;

use super::editor::find_row;
use super::keys::hint;
use super::row::{self, spread, truncate_spans};
use super::scroll::first_visible;
use super::theme::Theme;
use super::{clean, popup, who};

const WIDTH: u16 = 56;
const HEIGHT: u16 = 18;
/// Columns of the emoji cell in a result row (wide enough for a spelled-out `:+1:`).
const EMOJI_COLUMN: usize = 4;

pub fn render(frame: &mut Frame<'_>, area: Rect, picker: &Picker, state: &State) {
    let theme = Theme::new(state.options.color);
    let rect = popup::centered(area, WIDTH.min(area.width), HEIGHT);
    let title = match &picker.kind {
        PickerKind::Emoji { .. } => "React to the message".to_owned(),
        PickerKind::Attendee { account, .. } => format!(
            "New chat · known contacts of {}",
            who::account_name(state, account, usize::from(rect.width))
        ),
        PickerKind::Snippet { .. } => "Canned replies".to_owned(),
        PickerKind::Template { account, .. } => format!(
            "Templates of {} · the 24-hour window is closed",
            who::account_name(state, account, usize::from(rect.width))
        ),
    };
    let keys = match &picker.kind {
        PickerKind::Template { .. } => hint(
            &state.help,
            Context::Picker,
            &[
                (Command::Choose, "choose"),
                (Command::RefreshTemplates, "refresh"),
                (Command::Close, "close"),
            ],
        ),
        _ => hint(
            &state.help,
            Context::Picker,
            &[(Command::Choose, "choose"), (Command::Close, "close")],
        ),
    };
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(title, theme.bold())],
        Some(Span::styled(keys, theme.dim())),
        theme.border(true),
    );
    if inner.height == 0 {
        return;
    }
    find_row(frame, inner, &picker.filter, theme);
    let list = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let filter = picker.filter.lines().first().map_or("", String::as_str);
    match &picker.kind {
        PickerKind::Emoji { message, .. } => {
            emoji_list(frame, list, filter, picker.selected, message, state, theme);
        }
        PickerKind::Attendee {
            candidates: Some(candidates),
            ..
        } => attendee_list(
            frame,
            list,
            filter,
            picker.selected,
            candidates,
            state,
            theme,
        ),
        PickerKind::Attendee {
            candidates: None, ..
        } => {
            let line = Line::styled("Loading known contacts…", theme.dim_italic());
            row::draw(frame.buffer_mut(), list, 0, &line);
        }
        PickerKind::Snippet { .. } => snippet_list(frame, list, picker, state, theme),
        PickerKind::Template { templates, .. } => {
            super::templates::list(frame, list, filter, picker.selected, templates, state);
        }
    }
}

/// Each canned reply on one row: its name, then the start of its text (placeholders as
/// written; they are filled when it goes in).
fn snippet_list(frame: &mut Frame<'_>, area: Rect, picker: &Picker, state: &State, theme: Theme) {
    let width = usize::from(area.width);
    let options = &state.options;
    let rows = usize::from(area.height);
    let top = first_visible(picker.selected, rows);
    let buf = frame.buffer_mut();
    let candidates = picker.snippet_candidates(&state.snippets);
    if candidates.is_empty() {
        let line = Line::styled("No canned reply has that name", theme.dim_italic());
        row::draw(buf, area, 0, &line);
        return;
    }
    for (y, (index, snippet)) in (0..).zip(candidates.iter().enumerate().skip(top).take(rows)) {
        let name = clean::line(&snippet.name, width, options);
        let text = clean::line(&snippet.text, width, options);
        let line = Line::from(truncate_spans(
            vec![
                Span::styled(name, theme.bold()),
                Span::raw("  "),
                Span::styled(text, theme.dim()),
            ],
            width,
        ));
        let highlight = (index == picker.selected).then(|| theme.selected());
        row::draw_item(buf, area, y, &[line], highlight);
    }
}

fn emoji_list(
    frame: &mut Frame<'_>,
    area: Rect,
    filter: &str,
    selected: usize,
    message: &MessageId,
    state: &State,
    theme: Theme,
) {
    let width = usize::from(area.width);
    let options = &state.options;
    let ours = state
        .thread
        .messages
        .iter()
        .find(|m| &m.id == message)
        .and_then(|m| m.reactions.iter().find(|r| r.is_sender))
        .map(|r| r.value.as_str());
    let buf = frame.buffer_mut();
    let mut y = 0;
    let quick = if shows_quick_row(filter) {
        QUICK_REACTIONS.len()
    } else {
        0
    };
    if quick > 0 {
        let mut spans = Vec::new();
        for (index, emoji) in QUICK_REACTIONS.iter().enumerate() {
            let mut style = if Some(*emoji) == ours {
                theme.own_reaction()
            } else {
                theme.plain()
            };
            if index == selected {
                style = style.patch(theme.selected());
            }
            spans.push(Span::styled(
                format!(" {} ", clean::glyph(emoji, options)),
                style,
            ));
            spans.push(Span::raw(" "));
        }
        row::draw(buf, area, y, &Line::from(truncate_spans(spans, width)));
        y += 1;
        if let Some(ours) = ours {
            let note = format!(
                "Yours: {} (choosing it again removes it)",
                clean::line(ours, width, options)
            );
            let line = Line::from(truncate_spans(
                vec![Span::styled(note, theme.dim_italic())],
                width,
            ));
            row::draw(buf, area, y, &line);
            y += 1;
        }
        let rule = Line::styled("─".repeat(width), theme.dim());
        row::draw(buf, area, y, &rule);
        y += 1;
    }
    let rows = usize::from(area.height.saturating_sub(y));
    let in_list = selected.checked_sub(quick);
    let top = first_visible(in_list.unwrap_or(0), rows);
    let mut shown = 0;
    for (index, emoji) in listed_emoji(filter).enumerate().skip(top).take(rows) {
        let mark = if Some(emoji.as_str()) == ours {
            " · yours"
        } else {
            ""
        };
        let line = Line::from(vec![
            Span::raw(fit(&clean::glyph(emoji.as_str(), options), EMOJI_COLUMN).into_owned()),
            Span::raw(" "),
            Span::raw(emoji.name()),
            Span::styled(mark, theme.dim()),
        ]);
        let line = Line::from(truncate_spans(line.spans, width));
        let highlight = (Some(index) == in_list).then(|| theme.selected());
        row::draw_item(buf, area, y, &[line], highlight);
        y += 1;
        shown += 1;
    }
    if shown == 0 && quick == 0 {
        let line = Line::styled("No emoji has that name", theme.dim_italic());
        row::draw(buf, area, y, &line);
    }
}

fn attendee_list(
    frame: &mut Frame<'_>,
    area: Rect,
    filter: &str,
    selected: usize,
    candidates: &[(Attendee, Option<ChatId>)],
    state: &State,
    theme: Theme,
) {
    let width = usize::from(area.width);
    let options = &state.options;
    let rows = usize::from(area.height);
    let top = first_visible(selected, rows);
    let buf = frame.buffer_mut();
    let mut shown = 0;
    for (y, (index, (attendee, chat))) in (0..).zip(
        attendee_choices(filter, candidates)
            .enumerate()
            .skip(top)
            .take(rows),
    ) {
        let name = clean::line(
            attendee.name.as_deref().unwrap_or("(no name)"),
            width,
            options,
        );
        let number = attendee
            .phone_number()
            .unwrap_or_else(|| clean::line(&attendee.provider_id, width, options));
        let mut right = vec![Span::styled(number, theme.dim())];
        if chat.is_some() {
            right.insert(0, Span::styled("chat exists · ", theme.dim_italic()));
        }
        let line = spread(vec![Span::raw(name)], right, width);
        let highlight = (index == selected).then(|| theme.selected());
        row::draw_item(buf, area, y, &[line], highlight);
        shown += 1;
    }
    if shown == 0 {
        let words = if candidates.iter().all(|(a, _)| a.is_self) {
            "This account knows no contact yet."
        } else {
            "No known contact matches."
        };
        let mut lines = row::wrapped(words, width, theme.bold());
        lines.extend(row::wrapped(
            "Only people this account already talks to can be messaged.",
            width,
            theme.dim(),
        ));
        for (y, line) in (0..).zip(&lines) {
            row::draw(buf, area, y, line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::choices::emoji_choices;

    #[test]
    fn the_quick_row_leads_only_while_nothing_is_typed() {
        let first: Vec<_> = emoji_choices("").take(7).collect();
        assert_eq!(&first[..6], &QUICK_REACTIONS[..]);
        assert!(!QUICK_REACTIONS.contains(&first[6]));
        let fire: Vec<_> = emoji_choices("fire").collect();
        assert!(fire.contains(&"🔥") && !fire.contains(&"👍"));
        assert!(emoji_choices("thumbs up").any(|e| e == "👍"));
    }

    #[test]
    fn only_known_attendees_and_never_ourselves() {
        let person = |id: &str, name: &str, is_self| Attendee {
            id: id.into(),
            account_id: "a".into(),
            provider_id: format!("{id}@s.whatsapp.net"),
            name: Some(name.to_owned()),
            is_self,
            picture_url: None,
        };
        let known = vec![
            (person("33611", "Ana Lopez", false), None),
            (person("33622", "Bruno", false), Some(ChatId::new("c2"))),
            (person("33600", "Me", true), None),
        ];
        let names = |filter| {
            attendee_choices(filter, &known)
                .map(|(a, _)| a.name.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(""), ["Ana Lopez", "Bruno"]);
        assert_eq!(names("ana"), ["Ana Lopez"]);
        assert_eq!(names("3362"), ["Bruno"]);
        assert!(names("3360").is_empty());
        assert!(names("+33 699").is_empty());
        // A number typed with spaces and a plus still finds its person.
        assert_eq!(names("+33 62"), ["Bruno"]);
    }
}
