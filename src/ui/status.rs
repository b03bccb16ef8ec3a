//! The last line: mode badges and the flash message or key hints on the left, the sync state
//! on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

use crate::app::{State, SyncView};
use crate::input::{Command, Context};

use super::clean;
use super::glyph::glyphs;
use super::keys::keys_for;
use super::row::{self, spread};
use super::theme::Theme;
use super::time::list_time;

/// The sync state never takes more than this share of the line (in 1/n).
const RIGHT_SHARE: u16 = 2;

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State) {
    let theme = Theme::new(state.options.color);
    let width = usize::from(area.width);
    let mut left = Vec::new();
    if state.is_read_only() {
        left.push(Span::styled(" READ-ONLY ", theme.read_only_badge()));
        left.push(Span::raw(" "));
    }
    if state.status.offline {
        left.push(Span::styled(" OFFLINE ", theme.offline_badge()));
        left.push(Span::raw(" "));
    }
    let flash = state
        .status
        .flash
        .as_ref()
        .filter(|flash| flash.until > state.now);
    match flash {
        Some(flash) => left.push(Span::styled(
            clean::line(&flash.text, width, &state.options),
            theme.level(flash.level),
        )),
        None => left.push(Span::styled(hints(state), theme.dim())),
    }
    let right_room = usize::from(area.width / RIGHT_SHARE);
    let right = row::truncate_spans(sync(state, theme, right_room), right_room);
    let line = spread(left, right, width);
    row::draw(frame.buffer_mut(), area, 0, &line);
}

/// `? help  q quit`
fn hints(state: &State) -> String {
    [(Command::Help, "help"), (Command::Quit, "quit")]
        .iter()
        .filter_map(|&(command, label)| {
            keys_for(&state.help, Context::Global, command).map(|keys| format!("{keys} {label}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

fn sync(state: &State, theme: Theme, room: usize) -> Vec<Span<'static>> {
    let glyph = glyphs(&state.options);
    match &state.status.sync {
        SyncView::Running(progress) => vec![Span::styled(
            format!(
                "{} {}",
                glyph.sync_running,
                clean::line(progress, room, &state.options)
            ),
            theme.warning(),
        )],
        SyncView::Failed(reason) => vec![Span::styled(
            format!(
                "{} {}",
                glyph.failed,
                clean::line(reason, room, &state.options)
            ),
            theme.error(),
        )],
        SyncView::Idle => match state.status.last_sync {
            Some(at) => vec![Span::styled(
                format!(
                    "{} synced {}",
                    glyph.sync_done,
                    list_time(at, state.now, state.options.timezone)
                ),
                theme.success(),
            )],
            None => vec![Span::styled("not synced yet", theme.dim())],
        },
    }
}
