//! The accounts pane: "All accounts" then each account with its number, its connection state
//! in words and colour, and its unread total; an account not on WhatsApp has its channel's
//! marker before its name.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::{Loadable, State};
use crate::domain::{Account, AccountStatus, Channel, Provider};
use crate::store::{AccountSummary, UnreadTotals};

use super::clean;
use super::pane;
use super::row::{self, spread};
use super::scroll::first_visible;
use super::theme::Theme;
use crate::app::layout::{ACCOUNT_ROW_HEIGHT, visible_account_rows};

pub fn render(frame: &mut Frame<'_>, area: Rect, state: &State, focused: bool) {
    let theme = Theme::new(state.options.color);
    let inner = pane::frame(frame, area, vec![Span::raw("Accounts")], focused, theme);
    let width = usize::from(inner.width);
    let pane = &state.accounts;
    let visible = visible_account_rows(area);
    let top = first_visible(pane.selected, visible);
    let accounts = pane.overview.ready().map_or(&[][..], |o| &o.accounts[..]);
    let buf = frame.buffer_mut();
    let mut y = 0;
    for index in top..pane.len().min(top + visible) {
        let lines = match index.checked_sub(1) {
            None => all_accounts(&pane.overview, accounts.len(), width, theme),
            Some(n) => match accounts.get(n) {
                Some(summary) => account(summary, width, state, theme),
                None => break,
            },
        };
        let highlight = (index == pane.selected).then(|| theme.selected());
        row::draw_item(buf, inner, y, &lines, highlight);
        y += ACCOUNT_ROW_HEIGHT;
    }
    let notice = match &pane.overview {
        Loadable::Loading => row::wrapped("Loading accounts…", width, theme.dim_italic()),
        Loadable::Failed(reason) => {
            let reason = clean::line(reason, width.saturating_mul(4), &state.options);
            row::wrapped(
                &format!("Could not load the accounts: {reason}"),
                width,
                theme.error(),
            )
        }
        Loadable::Ready(overview) if overview.accounts.is_empty() => {
            row::wrapped("No account connected yet.", width, theme.dim_italic())
        }
        Loadable::Ready(_) => Vec::new(),
    };
    for (offset, line) in (0..).zip(&notice) {
        row::draw(buf, inner, y + offset, line);
    }
}

fn all_accounts(
    overview: &Loadable<crate::store::AccountOverview>,
    count: usize,
    width: usize,
    theme: Theme,
) -> [Line<'static>; 2] {
    let unread = overview.ready().map(|o| o.all).unwrap_or_default();
    let count = match overview {
        Loadable::Ready(_) if count == 1 => "1 account".to_owned(),
        Loadable::Ready(_) => format!("{count} accounts"),
        Loadable::Loading | Loadable::Failed(_) => String::new(),
    };
    [
        spread(
            vec![Span::styled("All accounts", theme.bold())],
            unread_badge(unread, theme),
            width,
        ),
        spread(vec![Span::styled(count, theme.dim())], vec![], width),
    ]
}

fn account<'a>(
    summary: &'a AccountSummary,
    width: usize,
    state: &State,
    theme: Theme,
) -> [Line<'a>; 2] {
    let account = &summary.account;
    let name = clean::line(&account.name, width, &state.options);
    let phone = account
        .phone_number
        .as_deref()
        .map(|phone| clean::line(phone, width, &state.options))
        .unwrap_or_default();
    let title = titled(name, account, theme);
    // The provider's word on this account's own requests outranks its listed status, and the
    // fix matters more than the number.
    if let Some(trouble) = &summary.trouble {
        return [
            spread(title, unread_badge(summary.unread, theme), width),
            spread(
                vec![Span::styled(trouble.label(), theme.error())],
                vec![],
                width,
            ),
        ];
    }
    let status = Span::styled(
        status_words(&account.status, width, state),
        theme.account_status(&account.status),
    );
    [
        spread(title, unread_badge(summary.unread, theme), width),
        spread(vec![Span::styled(phone, theme.dim())], vec![status], width),
    ]
}

/// The name, after the account's marker: none for a linked WhatsApp app (the default), the
/// channel's for Unipile's other channels, and the provider's kind for Late's accounts.
fn titled(name: String, account: &Account, theme: Theme) -> Vec<Span<'static>> {
    match marker(account) {
        Some(marker) => vec![
            Span::styled(marker, theme.channel_marker()),
            Span::raw(" "),
            Span::raw(name),
        ],
        None => vec![Span::raw(name)],
    }
}

/// Short enough for the 30-column pane of an 80-column terminal.
fn marker(account: &Account) -> Option<String> {
    match (account.provider, &account.channel) {
        (Provider::Unipile, channel) => channel.marker().map(str::to_owned),
        (Provider::Late, Channel::WhatsApp) => Some("WA Cloud".to_owned()),
        (Provider::Late, channel) => Some(format!("{} Late", channel.marker().unwrap_or("··"))),
    }
}

fn unread_badge(unread: UnreadTotals, theme: Theme) -> Vec<Span<'static>> {
    if unread.messages == 0 {
        return vec![];
    }
    vec![Span::styled(
        format!("({})", unread.messages),
        theme.unread(),
    )]
}

/// The state in words; a value this build does not know is shown as the provider spells it.
pub fn status_words(status: &AccountStatus, width: usize, state: &State) -> String {
    match status {
        AccountStatus::Ok => "OK",
        AccountStatus::Connected => "connected",
        AccountStatus::Connecting => "connecting…",
        AccountStatus::Credentials => "sign in again",
        AccountStatus::Error => "error",
        AccountStatus::Stopped => "stopped",
        AccountStatus::Permissions => "no permission",
        AccountStatus::Other(raw) => return clean::line(raw, width, &state.options),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fit_inside_the_borders() {
        assert_eq!(visible_account_rows(Rect::new(0, 0, 26, 39)), 18);
        assert_eq!(visible_account_rows(Rect::new(0, 0, 26, 3)), 0);
        assert_eq!(visible_account_rows(Rect::new(0, 0, 26, 0)), 0);
    }
}
