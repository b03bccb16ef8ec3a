//! A server cannot grow the cache without end in one run: a sync stops listing chats once it
//! reached its ceiling and follows at most its ceiling of pages per list, says so in words,
//! and a first sync goes on where it stopped in the next run.

use crate::cli_support;
use crate::sync_support;

use unibox::store::ChatFilter;
use unibox::sync::{SyncEvent, SyncOptions};

use cli_support::{Home, assert_success, run, stdout};
use sync_support::{Cache, client, options, sandbox, sandbox_chat_ids, sync};

async fn cached_chats(cache: &Cache) -> usize {
    let all = ChatFilter {
        include_archived: true,
        ..ChatFilter::default()
    };
    cache
        .store
        .call(move |db| db.chat_count(&all))
        .await
        .unwrap() as usize
}

fn progress(events: &[SyncEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|event| match event {
            SyncEvent::Progress(text) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[tokio::test]
async fn a_run_lists_no_more_chats_than_its_ceiling_and_the_next_goes_on() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let ceiling = SyncOptions {
        page_size: 3,
        max_chats_per_run: 5,
        ..options()
    };
    let (outcome, events) = sync(&cache, &client.reader, &ceiling).await;
    let report = outcome.unwrap();
    // Checked between pages: the ceiling, rounded up to the page it was reached in.
    assert_eq!(report.chats_written, 6);
    assert!(report.lists_cut >= 1, "{report:?}");
    assert_eq!(cached_chats(&cache).await, 6);
    let said = progress(&events);
    assert!(
        said.iter().any(|line| {
            line.contains("stopped listing chats at 6 new or changed chats (the sync's ceiling)")
        }),
        "{said:#?}"
    );

    // Run after run, the cache fills up to the whole inbox.
    let total = sandbox_chat_ids(&server).len();
    for _ in 0..total {
        let (outcome, _) = sync(&cache, &client.reader, &ceiling).await;
        outcome.unwrap();
        if cached_chats(&cache).await == total {
            break;
        }
    }
    assert_eq!(cached_chats(&cache).await, total);
}

#[tokio::test]
async fn a_list_is_followed_no_further_than_its_ceiling_of_pages() {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    let ceiling = SyncOptions {
        page_size: 1,
        max_pages_per_list: 2,
        ..options()
    };
    let (outcome, events) = sync(&cache, &client.reader, &ceiling).await;
    let report = outcome.unwrap();
    assert_eq!(report.accounts, 2, "{report:?}");
    assert!(report.lists_cut >= 1, "{report:?}");
    let said = progress(&events);
    assert!(
        said.iter()
            .any(|line| line == "stopped listing accounts after 2 pages (the sync's ceiling)"),
        "{said:#?}"
    );
    assert!(
        said.iter()
            .any(|line| line.contains("stopped listing chats at 2 pages")),
        "{said:#?}"
    );
}

#[tokio::test]
async fn the_ceiling_is_a_setting_and_unibox_sync_says_when_it_was_reached() {
    let server = sandbox().await;
    let home = Home::new();
    let mut command = home.unibox_for(&server);
    command.env("UNIBOX_SYNC_MAX_CHATS", "3");
    let output = run(command, &["sync"]).await;
    assert_success(&output);
    let summary = stdout(&output);
    assert!(
        summary.contains("lists stopped at the sync's ceiling"),
        "{summary}"
    );
    let total = sandbox_chat_ids(&server).len();
    assert!(
        !summary.contains(&format!("{total} chats listed")),
        "{summary}"
    );

    let mut command = home.unibox_for(&server);
    command.env("UNIBOX_SYNC_MAX_CHATS", "0");
    let output = run(command, &["sync"]).await;
    let line = cli_support::one_line_failure(&output, 2);
    assert!(
        line.contains("UNIBOX_SYNC_MAX_CHATS: must be at least 1"),
        "{line}"
    );
}
