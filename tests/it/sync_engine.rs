//! The background engine: a sync at start, quiet polls, refresh on demand without ever two
//! syncs at once, older history and the opened chat beside it, backing off while the server
//! is down and resuming by itself, and stopping when told.

use crate::sync_support;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use unibox::provider::ProviderRead;
use unibox::sync::{SyncEvent, SyncHandle, SyncOptions, spawn};

use sync_support::{Cache, Client, chat_named, client, message_lists, options, sandbox};

const PATIENCE: Duration = Duration::from_secs(20);

fn start(
    cache: &Cache,
    client: &Client,
    options: SyncOptions,
) -> (SyncHandle, UnboundedReceiver<SyncEvent>) {
    let (events, received) = unbounded_channel();
    let reader: Arc<dyn ProviderRead> = Arc::new(client.reader.clone());
    (
        spawn(cache.store.clone(), reader, options, events),
        received,
    )
}

async fn next(events: &mut UnboundedReceiver<SyncEvent>) -> SyncEvent {
    tokio::time::timeout(PATIENCE, events.recv())
        .await
        .expect("an event in time")
        .expect("the engine is running")
}

/// Events up to and including the next `Finished` or `Failed`.
async fn one_run(events: &mut UnboundedReceiver<SyncEvent>) -> Vec<SyncEvent> {
    let mut run = Vec::new();
    loop {
        let event = next(events).await;
        let end = matches!(event, SyncEvent::Finished { .. } | SyncEvent::Failed { .. });
        run.push(event);
        if end {
            return run;
        }
    }
}

fn polling_every(interval: Duration) -> SyncOptions {
    SyncOptions {
        poll_interval: interval,
        ..options()
    }
}

#[tokio::test]
async fn it_syncs_at_start_then_polls_quietly_until_something_arrives() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let (handle, mut events) = start(&cache, &client, polling_every(Duration::from_millis(50)));

    let first = one_run(&mut events).await;
    assert_eq!(first.first(), Some(&SyncEvent::Started { first: true }));
    assert!(first.iter().any(|e| matches!(e, SyncEvent::Changed(_))));
    assert!(matches!(first.last(), Some(SyncEvent::Finished { .. })));

    let quiet = one_run(&mut events).await;
    assert!(
        matches!(quiet.as_slice(), [SyncEvent::Finished { report, .. }] if report.messages_written == 0),
        "{quiet:?}"
    );

    let marie = chat_named(&server, "Marie Dubois");
    server.inject_inbound(&marie.id, "Any news?");
    let noticed = loop {
        let run = one_run(&mut events).await;
        if run.len() > 1 {
            break run;
        }
    };
    assert_eq!(noticed.first(), Some(&SyncEvent::Started { first: false }));
    let inbound: Vec<_> = noticed
        .iter()
        .filter_map(|e| match e {
            SyncEvent::Changed(change) if change.inbound > 0 => Some(change),
            _ => None,
        })
        .collect();
    assert_eq!(inbound.len(), 1, "{noticed:?}");
    assert_eq!(inbound[0].inbound, 1);
    assert_eq!(inbound[0].chats, [marie.id]);
    handle.stop();
}

#[tokio::test]
async fn refreshes_run_at_once_but_never_beside_a_running_sync() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let (handle, mut events) = start(&cache, &client, polling_every(Duration::from_secs(3600)));
    one_run(&mut events).await;

    // Slow requests, so most refreshes arrive while the sync the first one started runs.
    server.faults().update(|f| f.latency_ms = 20);
    for _ in 0..5 {
        handle.refresh();
    }
    let mut seen = Vec::new();
    while let Ok(Some(event)) = tokio::time::timeout(Duration::from_secs(1), events.recv()).await {
        seen.push(event);
    }
    let mut running = false;
    let mut runs = 0;
    for event in &seen {
        match event {
            SyncEvent::Started { .. } => {
                assert!(!running, "two syncs at once: {seen:?}");
                running = true;
                runs += 1;
            }
            SyncEvent::Finished { .. } | SyncEvent::Failed { .. } => running = false,
            _ => {}
        }
    }
    assert!(!running, "{seen:?}");
    // The first refresh starts a run; those sent during it make one more, not four.
    assert!((1..=2).contains(&runs), "{runs} runs: {seen:?}");
    handle.stop();
}

#[tokio::test]
async fn older_history_and_the_opened_chat_are_fetched_on_demand() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let (handle, mut events) = start(&cache, &client, polling_every(Duration::from_secs(3600)));
    one_run(&mut events).await;

    let team = chat_named(&server, "Équipe SAV 🛠️");
    handle.fetch_older(team.id.clone());
    assert_eq!(
        next(&mut events).await,
        SyncEvent::History {
            chat: team.id.clone(),
            fetched: 100,
            complete: false
        }
    );

    let marie = chat_named(&server, "Marie Dubois");
    let arrived = server.inject_inbound(&marie.id, "Are you there?");
    let lists = message_lists(&server).len();
    handle.chat_opened(marie.id.clone());
    match next(&mut events).await {
        SyncEvent::Changed(change) => {
            assert_eq!(change.chats, std::slice::from_ref(&marie.id));
            assert_eq!(change.inbound, 1);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        message_lists(&server).split_off(lists),
        std::slice::from_ref(&marie.id.0)
    );
    assert_eq!(cache.message_ids(&marie.id).await.first(), Some(&arrived.0));
    handle.stop();
}

#[tokio::test]
async fn while_the_server_is_down_it_reports_offline_and_resumes_by_itself() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    server.stop_listening().await;
    let (handle, mut events) = start(&cache, &client, polling_every(Duration::from_secs(3600)));

    let failed = one_run(&mut events).await;
    assert!(
        matches!(failed.last(), Some(SyncEvent::Failed { offline: true, .. })),
        "{failed:?}"
    );
    // Retried after a backoff, still down.
    let failed_again = one_run(&mut events).await;
    assert!(matches!(
        failed_again.last(),
        Some(SyncEvent::Failed { offline: true, .. })
    ));

    server.resume().await.unwrap();
    let recovered = loop {
        let run = one_run(&mut events).await;
        if matches!(run.last(), Some(SyncEvent::Finished { .. })) {
            break run;
        }
    };
    match recovered.last() {
        Some(SyncEvent::Finished { report, .. }) => {
            assert_eq!(report.chats_written, server.state().chats().len());
        }
        other => panic!("{other:?}"),
    }
    handle.stop();
}

#[tokio::test]
async fn stop_ends_the_engine() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let (handle, mut events) = start(&cache, &client, polling_every(Duration::from_millis(50)));
    one_run(&mut events).await;
    handle.stop();
    let ended =
        tokio::time::timeout(PATIENCE, async { while events.recv().await.is_some() {} }).await;
    assert!(ended.is_ok(), "events kept coming after stop");
}
