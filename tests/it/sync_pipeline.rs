//! A first sync as one pipeline, against a sandbox that answers every request a little late:
//! the messages of the first chats are read while the chat list is still being walked, every
//! chat's messages exactly once, and never more requests at the server at once than the
//! congestion window allows. The sandbox records each request when it answers it, so the
//! record's order is the order of the answers.

use crate::sync_support;

use std::collections::{BTreeMap, BTreeSet};

use unibox::provider::congestion::DEFAULT_CEILING;
use unibox::sync::SyncOptions;
use unibox_sandbox::RequestRecord;

use sync_support::{
    Cache, client, large_sandbox, messages_listed_of, options, percent_decode, sandbox_chat_ids,
    sync,
};

/// The chat list: `GET /api/v1/chats` (a chat's own paths go on below it).
fn is_chat_list(request: &RequestRecord) -> bool {
    request.path == "/api/v1/chats"
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_first_sync_reads_messages_while_the_chat_list_is_still_walked_within_the_window() {
    let server = large_sandbox(200, 1_000).await;
    // Every answer takes a while, so requests really overlap at the server.
    server.faults().update(|f| f.latency_ms = 20);
    let client = client(&server);
    let cache = Cache::new();
    // Small pages: the list takes several pages, so there is a walk to overlap with.
    let options = SyncOptions {
        page_size: 10,
        ..options()
    };
    let (outcome, _) = sync(&cache, &client.reader, &options).await;
    let report = outcome.unwrap();
    assert_eq!(report.chats_failed, 0);
    assert_eq!(report.accounts_skipped, 0);

    let requests = server.requests();
    // Each account's chat-list answers, by position in the record.
    let mut walks: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (index, request) in requests.iter().enumerate() {
        if is_chat_list(request) {
            let account = query_param(request, "account_id").expect("the list names its account");
            walks.entry(account).or_default().push(index);
        }
    }
    let (account, walk) = walks
        .iter()
        .max_by_key(|(_, walk)| walk.len())
        .expect("chats were listed");
    assert!(walk.len() >= 3, "{account}: {} chat-list pages", walk.len());
    let (first_page, last_page) = (walk[0], walk[walk.len() - 1]);
    // Sequential lists then chats would answer nothing but that account's list pages in
    // between; a pipeline answers chats' messages while the walk goes on.
    let during_walk = requests[first_page..last_page]
        .iter()
        .filter(|r| messages_listed_of(r).is_some())
        .count();
    assert!(
        during_walk >= 10,
        "{account}: {during_walk} chats' messages answered between its first chat-list page \
         (answer {first_page}) and its last (answer {last_page})"
    );

    // Every chat's messages read, each once.
    let mut reads: BTreeMap<&str, usize> = BTreeMap::new();
    for chat in requests.iter().filter_map(messages_listed_of) {
        *reads.entry(chat).or_default() += 1;
    }
    assert!(
        reads.values().all(|&n| n == 1),
        "chats read twice: {:?}",
        reads.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
    let read: BTreeSet<String> = reads.keys().map(|chat| percent_decode(chat)).collect();
    assert_eq!(read, sandbox_chat_ids(&server));
    assert!(report.messages_written > 0);

    // The window bounds the list, the people and the chats together.
    let at_once = server.most_requests_at_once();
    assert!(
        at_once <= DEFAULT_CEILING,
        "{at_once} requests at once at the server"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pipelined_first_sync_leaves_nothing_for_the_next_run() {
    let server = large_sandbox(90, 450).await;
    let client = client(&server);
    let cache = Cache::new();
    let options = SyncOptions {
        page_size: 20,
        ..options()
    };
    let (first, _) = sync(&cache, &client.reader, &options).await;
    assert!(first.unwrap().messages_written > 0);
    let requests_before = server.requests().len();
    let (again, _) = sync(&cache, &client.reader, &options).await;
    let again = again.unwrap();
    assert_eq!(again.messages_written, 0);
    assert_eq!(again.chats_written, 0);
    let messages_read_again = server.requests()[requests_before..]
        .iter()
        .filter(|r| messages_listed_of(r).is_some())
        .count();
    assert_eq!(
        messages_read_again, 0,
        "every chat was synced by the first run"
    );
}

/// A query parameter's value, as sent (account ids are plain in the sandbox).
fn query_param(request: &RequestRecord, name: &str) -> Option<String> {
    request.query.as_deref()?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| percent_decode(value))
    })
}
