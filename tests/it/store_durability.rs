//! Durability: a process holding the cache is killed (SIGKILL) after writing an outbox entry
//! and a draft and in the middle of ingesting; the reopened cache has both, whole batches
//! only, and passes SQLite's integrity check.

use crate::store_support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use store_support::*;
use unibox::domain::ChatId;
use unibox::store::{Draft, NewOutboxEntry, OutboxAction, OutboxState, Store};

const CACHE_ENV: &str = "UNIBOX_STORE_DURABILITY_CACHE";
const BATCH: usize = 100;

fn draft() -> Draft {
    Draft {
        chat_id: "c1".into(),
        text: "do not lose me".into(),
        quote_id: None,
        attachments: vec![],
    }
}

fn entry() -> NewOutboxEntry {
    NewOutboxEntry {
        account_id: "a1".into(),
        chat_id: Some("c1".into()),
        target_message_id: None,
        action: OutboxAction::Send {
            text: "confirmed before the crash".into(),
            quote_id: None,
            attachments: vec![],
            template: None,
        },
    }
}

/// The child process: writes, says so, then ingests batches until it is killed.
#[test]
#[ignore = "run by killed_while_writing_loses_nothing_committed as a child process"]
fn durability_child() {
    let Some(path) = std::env::var_os(CACHE_ENV) else {
        return;
    };
    let store = Store::open(Path::new(&path)).unwrap();
    let c = chat("c1", "a1", Some(t0()));
    store
        .call_blocking(move |db| {
            db.upsert_accounts(&[account("a1")])?;
            db.upsert_chats(&[c])
        })
        .unwrap();
    store.call_blocking(|db| db.outbox_push(&entry())).unwrap();
    store.call_blocking(|db| db.put_draft(&draft())).unwrap();
    // libtest prints the test name on the same line first: the parent matches the end.
    println!("READY");
    let c = chat("c1", "a1", Some(t0()));
    for batch in 0.. {
        let messages: Vec<_> = (0..BATCH)
            .map(|i| {
                let n = batch * BATCH + i;
                message(
                    &format!("m{n}"),
                    &c,
                    minute(n as i64),
                    &format!("message {n}"),
                )
            })
            .collect();
        store
            .call_blocking(move |db| db.upsert_messages(&messages))
            .unwrap();
        println!("BATCH {batch}");
    }
}

#[test]
fn killed_while_writing_loses_nothing_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("cache.db");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            // The child's full name in the one test binary: its module, then its own name.
            "store_durability::durability_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CACHE_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut ready = false;
    let mut batches_done = 0;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.ends_with("READY") {
            ready = true;
        } else if line.starts_with("BATCH ") {
            batches_done += 1;
            if batches_done == 5 {
                break;
            }
        }
    }
    assert!(ready, "the child never got ready");
    // SIGKILL: no destructor, no checkpoint, possibly in the middle of a batch.
    child.kill().unwrap();
    child.wait().unwrap();

    let store = Store::open(&path).unwrap();
    let (open, saved, problems, count) = store
        .call_blocking(|db| {
            Ok((
                db.outbox_open_entries()?,
                db.draft(&ChatId::from("c1"))?,
                db.integrity_problems()?,
                db.message_count(&ChatId::from("c1"))?,
            ))
        })
        .unwrap();
    assert!(problems.is_empty(), "integrity_check: {problems:?}");
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].state, OutboxState::Pending);
    assert_eq!(open[0].action, entry().action);
    assert_eq!(saved.map(|s| s.draft), Some(draft()));
    assert!(count >= (batches_done * BATCH) as u64, "{count} messages");
    assert_eq!(count % BATCH as u64, 0, "a batch was half written: {count}");
    assert!(store.call_blocking(|db| db.fts_integrity_ok()).unwrap());
}
