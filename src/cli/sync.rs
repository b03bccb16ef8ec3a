//! `unibox sync [--resync [ACCOUNT]]`: one sync into the cache, progress on stderr, a summary
//! on stdout.

use std::io::{self, IsTerminal};

use anyhow::anyhow;

use super::failure::Failure;
use super::output::Output;
use crate::config::Settings;
use crate::domain::AccountId;
use crate::provider::unipile::Unipile;
use crate::store::Store;
use crate::sync::{self, ResyncScope, SyncEvent, SyncOptions, SyncReport};
use crate::text::sanitize_line;

pub fn run(
    settings: &Settings,
    store: &Store,
    unipile: &Unipile,
    resync: Option<Option<String>>,
) -> Result<(), Failure> {
    let options = SyncOptions {
        poll_interval: settings.poll_interval,
        // By hand: every chat active lately is read again in full.
        refresh_all: true,
        ..SyncOptions::default()
    };
    let scope = resync.map(|account| match account {
        Some(id) => ResyncScope::Account(AccountId::new(id)),
        None => ResyncScope::All,
    });
    let reader = unipile.reader();
    // Progress is for someone watching; a script or a log gets the summary or the error.
    let watched = io::stderr().is_terminal();
    let mut print = |event: SyncEvent| match event {
        SyncEvent::Started { first: true } if watched => {
            eprintln!("First sync: fetching everything…");
        }
        SyncEvent::Progress(text) if watched => eprintln!("  {}", sanitize_line(&text)),
        _ => {}
    };
    let outcome = super::startup::runtime()?.block_on(async {
        match &scope {
            Some(scope) => sync::resync(store, &reader, scope, &options, &mut print).await,
            None => sync::sync_once(store, &reader, &options, &mut print).await,
        }
    });
    let report = outcome.map_err(|error| {
        Failure::runtime(anyhow!(error).context(format!("cannot sync with {}", unipile.base_url())))
    })?;
    let mut out = Output::stdout();
    let written = out.line(&summary(&report));
    out.finish(written)
}

fn summary(report: &SyncReport) -> String {
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
        (report.accounts_skipped, "accounts skipped"),
    ] {
        if count > 0 {
            line.push_str(&format!(", {count} {what}"));
        }
    }
    line.push('.');
    line
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
            summary(&clean),
            "Synced 2 accounts: 5 chats listed (5 written), 40 messages received (38 written)."
        );
        let troubled = SyncReport {
            chats_failed: 1,
            skipped: 3,
            ..clean
        };
        assert!(
            summary(&troubled).ends_with("3 items skipped (unreadable), 1 chats to retry."),
            "{}",
            summary(&troubled)
        );
    }
}
