//! Two inboxes (one read-only), a `unibox listen` and `unibox sync` now and then, all on one
//! cache, while the customers of both providers write, react, edit, delete and read: every
//! event's effect reaches the cache and both screens, no screen or log ever says "locked", the
//! cache passes `PRAGMA integrity_check`. The short version runs in CI; the five-minute one is
//! ignored (`UNIBOX_SOAK_SECS=300 cargo test --test it e2e_soak -- --ignored --nocapture`).

use std::time::Duration;

use crate::soak_support::traffic::Kind;
use crate::soak_support::verdict::{self, spread};
use crate::soak_support::{Plan, Soak};

/// A guard against a hang once traffic stops, not a measure.
const PATIENCE: Duration = Duration::from_secs(60);

fn soak(plan: Plan) {
    let mut soak = Soak::start();
    let customers = soak.run(plan);
    let acts = &customers.acts;

    let differences = verdict::wait_for_cache(&soak.inbox, &soak.late, acts, PATIENCE);
    let screens: Vec<_> = soak
        .inboxes
        .iter()
        .map(|ui| verdict::wait_for_screen(ui, acts, PATIENCE))
        .collect();
    let syncs = soak.finish_syncs();
    let ended_well = soak.stop_programs();

    println!(
        "soak: {:?} at one act per {:?}: {} acts ({}); {} `unibox sync` runs",
        plan.duration,
        plan.pace,
        acts.len(),
        customers.tally(),
        syncs.len()
    );
    for ((reach, seen), who) in screens.iter().zip(["inbox", "read-only inbox"]) {
        println!(
            "soak: {who}: {} frames, {} of {} shown acts seen, missed {:?}; act to screen {}",
            seen.frames,
            reach.lags.len(),
            reach.lags.len() + reach.missed.len(),
            reach.missed,
            spread(&reach.lags)
        );
    }
    println!("soak: cache differences left: {}", differences.len());

    assert!(
        acts.iter().any(|a| a.kind == Kind::Inbound),
        "the customers wrote"
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    for ((reach, seen), who) in screens.iter().zip(["the inbox", "the read-only inbox"]) {
        assert!(
            reach.missed.is_empty(),
            "{who} never showed {:?}",
            reach.missed
        );
        assert!(
            seen.locked.is_empty(),
            "{who} showed a lock error:\n{}",
            seen.locked[0]
        );
    }
    for sync in &syncs {
        assert!(sync.status.success(), "{sync:?}");
        let stderr = String::from_utf8_lossy(&sync.stderr).to_lowercase();
        assert!(!stderr.contains("locked"), "{stderr}");
    }
    assert_eq!(
        ended_well,
        [true, true, true],
        "inbox, read-only inbox, listener"
    );
    let log = std::fs::read_to_string(soak.inbox.root().join("state/unibox/unibox.log"))
        .unwrap_or_default();
    let locked: Vec<&str> = log
        .lines()
        .filter(|line| line.to_lowercase().contains("locked"))
        .collect();
    assert!(locked.is_empty(), "{}", locked.join("\n"));

    let store = unibox::store::Store::open(&soak.inbox.cache()).expect("open the cache");
    let problems = store
        .call_blocking(|db| db.integrity_problems())
        .expect("check the cache");
    assert!(problems.is_empty(), "{problems:?}");
}

/// About 20 s of traffic, one `unibox sync` in the middle.
#[test]
fn a_short_soak_reaches_the_cache_and_both_inboxes_without_a_lock_error() {
    soak(Plan {
        duration: Duration::from_secs(20),
        pace: Duration::from_millis(400),
        sync_every: Duration::from_secs(10),
        seed: 14,
    });
}

/// Five minutes unless `UNIBOX_SOAK_SECS` says otherwise; `unibox sync` every 30 s.
#[test]
#[ignore]
fn soak_two_inboxes_and_a_listener_for_five_minutes() {
    soak(Plan::from_env(300, Duration::from_secs(30)));
}
