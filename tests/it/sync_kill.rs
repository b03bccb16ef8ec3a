//! The real `unibox sync`, killed with SIGKILL halfway through a first sync and run again,
//! leaves exactly the cache an uninterrupted run leaves.

use crate::cli_support;
use crate::sync_support;

use std::process::Stdio;
use std::time::Duration;

use cli_support::{Home, assert_success, run};
use sync_support::{cached_message_count, dump, sandbox};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_halfway_then_rerun_equals_an_uninterrupted_one() {
    let reference_server = sandbox().await;
    let reference_home = Home::new();
    assert_success(&run(reference_home.unibox_for(&reference_server), &["sync"]).await);
    let reference = dump(&reference_home.cache());
    let all_messages = cached_message_count(&reference_home.cache()).expect("a cache");

    let server = sandbox().await;
    // Slow answers, so the run is long enough to be caught in the middle.
    server.faults().update(|f| f.latency_ms = 100);
    let home = Home::new();
    let mut sync = home.unibox_for(&server);
    let mut child = sync
        .arg("sync")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if cached_message_count(&home.cache()).is_some_and(|n| n > 0) {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sync ended before any message was written"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.start_kill().unwrap();
    let status = child.wait().await.unwrap();
    assert!(!status.success(), "it finished before the kill: {status:?}");
    let written = cached_message_count(&home.cache()).expect("the cache survives");
    assert!(
        0 < written && written < all_messages,
        "{written} of {all_messages} messages"
    );

    server.faults().reset();
    assert_success(&run(home.unibox_for(&server), &["sync"]).await);
    assert_eq!(dump(&home.cache()), reference);
}
