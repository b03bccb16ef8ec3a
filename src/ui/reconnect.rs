//! Reconnecting an account: the question before the link is asked for, then the window that
//! shows the link (copied to the clipboard) or why there is none.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{AccountLabel, Button, Confirm, Loadable, State};
use crate::input::{Command, Context};

use super::keys::{hint, keys_for};
use super::row::{self, center};
use super::theme::Theme;
use super::{popup, who};

const WIDTH: u16 = 64;

fn account_words(account: &AccountLabel, width: usize, state: &State) -> String {
    who::person(
        Some(&account.name),
        account.phone.as_deref(),
        account.id.as_str(),
        width,
        &state.options,
    )
}

/// Draws `lines` in a window titled `title`, with `bottom` lines pinned under them.
fn window(
    frame: &mut Frame<'_>,
    area: Rect,
    title: String,
    lines: &[Line<'static>],
    bottom: &[Line<'static>],
    theme: Theme,
) {
    let width = WIDTH.min(area.width.saturating_sub(2));
    let rows = lines.len() + 1 + bottom.len();
    let height = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let rect = popup::centered(
        area,
        width,
        height.min(area.height.saturating_sub(2).max(3)),
    );
    let inner = popup::open(
        frame,
        rect,
        vec![Span::styled(title, theme.bold())],
        None,
        theme.attention_border(),
    );
    let buf = frame.buffer_mut();
    for (y, line) in (0..).zip(lines) {
        row::draw(buf, inner, y, line);
    }
    let first_bottom = inner
        .height
        .saturating_sub(u16::try_from(bottom.len()).unwrap_or(u16::MAX));
    for (y, line) in (first_bottom..).zip(bottom) {
        row::draw(buf, inner, y, line);
    }
}

/// "Ask Unipile for a link to reconnect Support (+33…)?" with Cancel focused.
pub fn render_confirm(
    frame: &mut Frame<'_>,
    area: Rect,
    confirm: &Confirm<AccountLabel>,
    state: &State,
) {
    let theme = Theme::new(state.options.color);
    let text_width = usize::from(WIDTH.min(area.width.saturating_sub(2)).saturating_sub(2));
    let account = account_words(&confirm.action, text_width, state);
    let mut lines = row::wrapped(
        &format!("Ask Unipile for a link to reconnect {account}?"),
        text_width,
        theme.bold(),
    );
    lines.push(Line::default());
    lines.extend(row::wrapped(
        "The link opens Unipile's sign-in page for this account, valid for an hour. \
         Nothing changes until someone signs in there.",
        text_width,
        theme.dim(),
    ));
    let buttons = vec![
        Span::styled("[ Cancel ]", theme.button(confirm.focus == Button::Cancel)),
        Span::raw("  "),
        Span::styled(
            "[ Confirm ]",
            theme.button(confirm.focus == Button::Confirm),
        ),
    ];
    let keys = if confirm.typed_ahead {
        let again = match keys_for(&state.help, Context::Confirm, Command::Confirm) {
            Some(key) => format!("typed-ahead keys ignored · press {key} to ask for the link"),
            None => "typed-ahead keys ignored".to_owned(),
        };
        Span::styled(again, theme.warning())
    } else {
        let keys = hint(
            &state.help,
            Context::Confirm,
            &[
                (Command::Confirm, "confirm"),
                (Command::Cancel, "cancel"),
                (Command::SwitchButton, "switch"),
            ],
        );
        Span::styled(keys, theme.dim())
    };
    let bottom = [center(buttons, text_width), center(vec![keys], text_width)];
    window(
        frame,
        area,
        "Reconnect an account".to_owned(),
        &lines,
        &bottom,
        theme,
    );
}

/// The link (already sanitised by `update`), or that it is on its way, or why it is not.
pub fn render_link(
    frame: &mut Frame<'_>,
    area: Rect,
    account: &AccountLabel,
    link: &Loadable<String>,
    state: &State,
) {
    let theme = Theme::new(state.options.color);
    let text_width = usize::from(WIDTH.min(area.width.saturating_sub(2)).saturating_sub(2));
    let name = account_words(account, text_width, state);
    let lines = match link {
        Loadable::Loading => row::wrapped(
            &format!("Asking Unipile for a link to reconnect {name}…"),
            text_width,
            theme.dim_italic(),
        ),
        Loadable::Ready(url) => {
            let mut lines = row::wrapped(
                &format!("Open this link to sign {name} in again:"),
                text_width,
                theme.bold(),
            );
            lines.push(Line::default());
            lines.extend(row::wrapped(url, text_width, theme.bold()));
            lines.push(Line::default());
            let copied = if state.options.clipboard_tool {
                "Copied to the clipboard. It expires in an hour."
            } else {
                "Sent to the terminal's clipboard (OSC 52). It expires in an hour."
            };
            lines.extend(row::wrapped(copied, text_width, theme.dim()));
            lines
        }
        Loadable::Failed(reason) => row::wrapped(
            &format!(
                "Unipile gave no link: {}",
                super::clean::line(reason, text_width.saturating_mul(4), &state.options)
            ),
            text_width,
            theme.error(),
        ),
    };
    let keys = hint(&state.help, Context::Help, &[(Command::Close, "close")]);
    let bottom = [center(vec![Span::styled(keys, theme.dim())], text_width)];
    window(
        frame,
        area,
        "Reconnect an account".to_owned(),
        &lines,
        &bottom,
        theme,
    );
}
