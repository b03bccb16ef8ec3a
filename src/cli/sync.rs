//! `unibox sync [--resync [ACCOUNT]]`: one sync into the cache, progress as it goes, a
//! summary on stdout.

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::anyhow;

use super::failure::Failure;
use super::output::Output;
use super::providers::Providers;
use crate::config::Settings;
use crate::domain::AccountId;
use crate::provider::unipile::RateLimitNotice;
use crate::store::{Store, StoreError};
use crate::sync::{self, ResyncScope, SyncError, SyncEvent, SyncOptions, SyncReport};
use crate::text::sanitize_line;

/// An account left out of the run: its name and why.
type Skipped = (String, String);

pub fn run(
    settings: &Settings,
    store: &Store,
    providers: &Providers,
    resync: Option<Option<String>>,
) -> Result<(), Failure> {
    let options = SyncOptions {
        poll_interval: settings.poll_interval,
        max_chats_per_run: settings.sync_max_chats,
        max_pages_per_list: settings.sync_max_pages,
        // By hand: every chat active lately is read again in full.
        refresh_all: true,
        ..SyncOptions::default()
    };
    let scope = resync.map(|account| match account {
        Some(id) => ResyncScope::Account(AccountId::new(id)),
        None => ResyncScope::All,
    });
    let reader = providers.reader();
    let mut skipped: Vec<Skipped> = Vec::new();
    let mut print = |event: SyncEvent| match event {
        SyncEvent::Started { first: true } => say("First sync: fetching everything…"),
        SyncEvent::Progress(text) => say(&format!("  {}", sanitize_line(&text))),
        SyncEvent::AccountSkipped { account, reason } => skipped.push((account, reason)),
        _ => {}
    };
    let outcome = super::startup::runtime()?.block_on(async {
        match &scope {
            Some(scope) => sync::resync(store, &reader, scope, &options, &mut print).await,
            None => sync::sync_once(store, &reader, &options, &mut print).await,
        }
    });
    let report = outcome.map_err(|error| match error {
        // The cache is the problem, not the server: said once, naming the file.
        SyncError::Store(error) => {
            Failure::runtime(anyhow!(cache_problem(&settings.cache, &error)))
        }
        error => Failure::runtime(
            anyhow!(error).context(format!("cannot sync with {}", providers.describe())),
        ),
    })?;
    let mut out = Output::stdout();
    let written = out.line(&summary(&report, &skipped));
    out.finish(written)
}

/// A progress line. On a terminal it goes to stderr, beside the summary; without one (cron,
/// a log file) to stdout before the summary, so a script's log shows what the sync did and
/// an error stays the one line on stderr.
fn say(line: &str) {
    if io::stderr().is_terminal() {
        eprintln!("{line}");
    } else {
        println!("{line}");
    }
}

/// Says when a read waits because the server is rate limiting (429), so a long quiet spell
/// has its reason on screen.
pub fn rate_limit_notice() -> RateLimitNotice {
    Arc::new(|what: &str, delay: Duration| {
        say(&format!(
            "  the server asked unibox to slow down (429): waiting {}s before retrying ({})",
            delay.as_secs_f64().ceil(),
            sanitize_line(what)
        ));
    })
}

fn cache_problem(path: &Path, error: &StoreError) -> String {
    match error {
        StoreError::ReadOnly => format!(
            "the cache at {} is read-only: unibox cannot write what it fetched; check the \
             permissions of the file and its folder",
            path.display()
        ),
        other => format!("the cache at {}: {other}", path.display()),
    }
}

fn summary(report: &SyncReport, skipped: &[Skipped]) -> String {
    let mut line = format!(
        "Synced {} accounts: {} chats listed ({} written), {} messages received ({} written)",
        report.accounts,
        report.chats_seen,
        report.chats_written,
        report.messages_seen,
        report.messages_written
    );
    for (count, what) in [
        (report.skipped, "items skipped (unreadable)"),
        (report.chats_failed, "chats to retry"),
        (report.lists_cut, "lists stopped at the sync's ceiling"),
    ] {
        if count > 0 {
            line.push_str(&format!(", {count} {what}"));
        }
    }
    if report.accounts_not_messaging > 0 {
        line.push_str(&format!(
            ", {} mail accounts not read (unibox reads messaging accounts only)",
            report.accounts_not_messaging
        ));
    }
    if report.accounts_skipped > 0 {
        let named: Vec<String> = skipped
            .iter()
            .map(|(account, reason)| format!("{account}: {reason}"))
            .collect();
        line.push_str(&format!(", {} accounts skipped", report.accounts_skipped));
        if !named.is_empty() {
            line.push_str(&format!(" ({})", named.join("; ")));
        }
    }
    line.push('.');
    sanitize_line(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_mentions_problems_only_when_there_were_some() {
        let clean = SyncReport {
            accounts: 2,
            chats_seen: 5,
            chats_written: 5,
            messages_seen: 40,
            messages_written: 38,
            ..SyncReport::default()
        };
        assert_eq!(
            summary(&clean, &[]),
            "Synced 2 accounts: 5 chats listed (5 written), 40 messages received (38 written)."
        );
        let troubled = SyncReport {
            chats_failed: 1,
            skipped: 3,
            ..clean
        };
        assert!(
            summary(&troubled, &[]).ends_with("3 items skipped (unreadable), 1 chats to retry."),
            "{}",
            summary(&troubled, &[])
        );
        let skipping = SyncReport {
            accounts_skipped: 2,
            ..clean
        };
        let said = summary(
            &skipping,
            &[
                ("Pop-up Tokyo".into(), "still connecting".into()),
                ("Entrepôt\u{1b}[2J".into(), "sign in again".into()),
            ],
        );
        assert!(
            said.ends_with(
                ", 2 accounts skipped (Pop-up Tokyo: still connecting; Entrepôt␛[2J: sign in again)."
            ),
            "{said}"
        );
    }
}
