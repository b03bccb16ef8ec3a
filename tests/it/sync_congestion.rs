//! A first sync against a rate-limited server, with the real clock: the reads in flight are
//! as many as the congestion window allows (eight at first), a 429 halves the window once
//! and pauses every read until its `Retry-After`, and successes grow it back. The server's
//! own records show no storm: it never answers more than the window at once, and refuses
//! only the reads that were already on their way when it started refusing.

use crate::sync_support;

use std::collections::BTreeSet;
use std::sync::Arc;

use unibox::provider::congestion::Congestion;
use unibox::provider::retry::TokioSleeper;
use unibox_sandbox::RequestRecord;

use sync_support::{
    Cache, client_with, large_sandbox, messages_listed_of, options, percent_decode,
    sandbox_chat_ids, sync, until,
};

const CEILING: usize = 8;

/// Chats whose messages the server answered (200).
fn chats_listed(requests: &[RequestRecord]) -> BTreeSet<String> {
    requests
        .iter()
        .filter(|r| r.status == Some(200))
        .filter_map(messages_listed_of)
        .map(percent_decode)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_halves_the_reads_in_flight_waits_out_retry_after_and_grows_back_without_a_storm() {
    let server = large_sandbox(120, 1_200).await;
    // Every answer takes a while, so the reads really overlap at the server.
    server.faults().update(|f| f.latency_ms = 30);
    let congestion = Arc::new(Congestion::new(CEILING));
    let client = client_with(&server, |config| {
        config.retry.sleeper = Arc::new(TokioSleeper);
        config.retry.congestion = congestion.clone();
    });
    let cache = Cache::new();
    // Once the chats' messages are being read, the server starts refusing: every request
    // for one second is answered 429 with `Retry-After: 1`.
    let limit_mid_run = async {
        until(&server, |requests| chats_listed(requests).len() >= 16).await;
        server.faults().update(|f| {
            f.rate_limited = 1;
            f.retry_after_secs = Some(1);
            f.rate_limit_hold_ms = 1_000;
        });
    };
    let options = options();
    let ((outcome, _), ()) = tokio::join!(sync(&cache, &client.reader, &options), limit_mid_run);
    let report = outcome.unwrap();

    assert_eq!(report.chats_failed, 0);
    let requests = server.requests();
    assert_eq!(
        chats_listed(&requests),
        sandbox_chat_ids(&server),
        "every chat's messages were read"
    );
    let refused = requests.iter().filter(|r| r.status == Some(429)).count();
    let record = congestion.record();
    // The server refused only what was already on its way: no retry came back before the
    // `Retry-After` was over, and no new read started during it.
    assert!(
        (1..=CEILING).contains(&refused),
        "{refused} requests refused: {record:?}"
    );
    assert!(
        server.most_requests_at_once() <= CEILING,
        "{} requests at once at the server",
        server.most_requests_at_once()
    );
    // The window was full, halved once for the whole burst, and grew back.
    assert_eq!(record.most_in_flight, CEILING, "{record:?}");
    assert_eq!(record.halvings, 1, "{record:?}");
    assert_eq!(record.lowest, CEILING / 2, "{record:?}");
    assert!(record.window > record.lowest, "never grew back: {record:?}");
}
