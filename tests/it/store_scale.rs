//! The cache at the size the targets name: 100 000 chats, 1 000 000 messages. Ignored by
//! default (it takes minutes); run with `cargo test --test store_scale -- --ignored
//! --nocapture` to print ingest rates, query latencies and plans. It checks results, never
//! times: speed is for the benchmarks to judge.

use crate::store_support;

use std::time::{Duration, Instant};

use store_support::*;
use unibox::domain::{Chat, ChatId, Message};
use unibox::store::{ChatFilter, Db, MessageAnchor};

const CHATS: usize = 100_000;
const BIG_CHATS: usize = 1_000;
const BIG_CHAT_MESSAGES: usize = 500;
const SMALL_CHAT_MESSAGES: usize = 5;
const PAGE: usize = 250;
/// Messages per ingest transaction: sync gathers pages of several chats into one write.
const BATCH: usize = 5_000;

/// Deterministic pseudo-random numbers (xorshift64*), enough for test data.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Words with a skewed frequency: a few very common, many rare.
fn sentence(noise: &mut Noise) -> String {
    const COMMON: [&str; 12] = [
        "the", "order", "thanks", "hello", "price", "delivery", "ok", "tomorrow", "café",
        "invoice", "please", "when",
    ];
    let words = 3 + noise.below(12);
    (0..words)
        .map(|_| {
            if noise.below(3) == 0 {
                COMMON[noise.below(COMMON.len())].to_owned()
            } else {
                format!("w{}", noise.below(50_000))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn chats() -> Vec<Chat> {
    (0..CHATS)
        .map(|i| {
            let mut c = chat(
                &format!("c{i:06}"),
                &format!("a{}", i % 3),
                Some(minute(i as i64)),
            );
            c.name = Some(format!("Customer {i}"));
            c.attendee_provider_id = Some(format!("336{i:08}@s.whatsapp.net"));
            c.unread_count = u32::from(i % 17 == 0) * 3;
            c.archived = i % 50 == 0;
            c
        })
        .collect()
}

/// Messages in batches of whole pages, about `BATCH` each.
fn batches(chats: &[Chat]) -> impl Iterator<Item = Vec<Message>> + '_ {
    let mut pages = pages(chats);
    std::iter::from_fn(move || {
        let mut batch = pages.next()?;
        while batch.len() < BATCH {
            match pages.next() {
                Some(page) => batch.extend(page),
                None => break,
            }
        }
        Some(batch)
    })
}

/// Messages page by page, as sync delivers them.
fn pages(chats: &[Chat]) -> impl Iterator<Item = Vec<Message>> + '_ {
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    chats.iter().enumerate().flat_map(move |(i, c)| {
        let count = if i < BIG_CHATS {
            BIG_CHAT_MESSAGES
        } else {
            SMALL_CHAT_MESSAGES
        };
        let messages: Vec<Message> = (0..count)
            .map(|n| {
                let mut m = message(
                    &format!("{}-m{n:04}", c.id),
                    c,
                    minute((i * 10 + n) as i64),
                    &sentence(&mut noise),
                );
                m.is_sender = n % 3 == 0;
                if n % 40 == 0 {
                    m.reactions = vec![reaction("👍", "them", false)];
                }
                if n % 25 == 0 {
                    m.attachments = vec![image(&format!("{}-a{n}", c.id))];
                }
                m
            })
            .collect();
        messages
            .chunks(PAGE)
            .map(<[Message]>::to_vec)
            .collect::<Vec<_>>()
    })
}

fn total_messages() -> usize {
    BIG_CHATS * BIG_CHAT_MESSAGES + (CHATS - BIG_CHATS) * SMALL_CHAT_MESSAGES
}

fn ingest(db: &mut Db, chats: &[Chat]) -> Duration {
    let started = Instant::now();
    let mut inserted = 0;
    for batch in batches(chats) {
        inserted += db.upsert_messages(&batch).unwrap().inserted;
    }
    assert_eq!(inserted, total_messages());
    started.elapsed()
}

/// Median and worst of `runs` calls of `f`.
fn timed<R>(runs: usize, mut f: impl FnMut() -> R) -> (Duration, Duration, R) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let started = Instant::now();
        last = Some(f());
        times.push(started.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], last.unwrap())
}

fn fresh(dir: &std::path::Path, name: &str) -> (Db, Vec<Chat>) {
    let mut db = Db::open(&dir.join(name)).unwrap();
    db.upsert_accounts(&[account("a0"), account("a1"), account("a2")])
        .unwrap();
    let chats = chats();
    let started = Instant::now();
    for page in chats.chunks(PAGE) {
        db.upsert_chats(page).unwrap();
    }
    println!("chats: {CHATS} in {:?}", started.elapsed());
    (db, chats)
}

#[test]
#[ignore = "minutes long; prints the cache's numbers at full size"]
fn a_million_messages() {
    let dir = tempfile::tempdir().unwrap();
    let n = total_messages() as f64;

    let (mut bulk, chats) = fresh(dir.path(), "bulk.db");
    bulk.pause_search_index().unwrap();
    let plain = ingest(&mut bulk, &chats);
    let started = Instant::now();
    bulk.rebuild_search_index().unwrap();
    let rebuild = started.elapsed();
    println!(
        "ingest without index: {:.0} msg/s ({plain:?}); index rebuild {rebuild:?}",
        n / plain.as_secs_f64()
    );
    drop(bulk);

    let (mut db, chats) = fresh(dir.path(), "cache.db");
    let indexed = ingest(&mut db, &chats);
    println!(
        "ingest with index: {:.0} msg/s ({indexed:?})",
        n / indexed.as_secs_f64()
    );
    let before = db.total_changes();
    let started = Instant::now();
    for batch in batches(&chats).take(20) {
        assert_eq!(db.upsert_messages(&batch).unwrap().written(), 0);
    }
    println!(
        "re-ingest of 100 000 unchanged messages: {:?}",
        started.elapsed()
    );
    assert_eq!(db.total_changes(), before);
    drop(db);

    // Start-up: open, account pane, first chat window, newest thread window.
    let (startup, _, first_chat) = timed(5, || {
        let db = Db::open(&dir.path().join("cache.db")).unwrap();
        let overview = db.account_overview().unwrap();
        let window = db.chat_window(&ChatFilter::default(), 0, 50).unwrap();
        let chat = window[0].chat.id.clone();
        let thread = db.messages_before(&chat, None, 50).unwrap();
        assert_eq!(overview.accounts.len(), 3);
        assert_eq!(window.len(), 50);
        assert!(!thread.is_empty());
        chat
    });
    println!("start-up to first frame's data: {startup:?} (first chat {first_chat})");

    let db = Db::open(&dir.path().join("cache.db")).unwrap();
    let filters = [
        ("all", ChatFilter::default()),
        (
            "all incl. archived",
            ChatFilter {
                include_archived: true,
                ..ChatFilter::default()
            },
        ),
        (
            "archived view",
            ChatFilter {
                archived_only: true,
                ..ChatFilter::default()
            },
        ),
        (
            "account a1",
            ChatFilter {
                account: Some("a1".into()),
                ..ChatFilter::default()
            },
        ),
        (
            "unread",
            ChatFilter {
                unread_only: true,
                ..ChatFilter::default()
            },
        ),
        (
            "search 'customer 4242'",
            ChatFilter {
                search: "customer 4242".into(),
                ..ChatFilter::default()
            },
        ),
        (
            "search number '+33 6 0000 42'",
            ChatFilter {
                search: "+33 6 0000 42".into(),
                ..ChatFilter::default()
            },
        ),
    ];
    for (name, filter) in &filters {
        let (count_median, count_worst, count) = timed(21, || db.chat_count(filter).unwrap());
        let (w0, w0_worst, first) = timed(21, || db.chat_window(filter, 0, 50).unwrap());
        let offset = (count / 2).min(50_000);
        let (wdeep, wdeep_worst, deep) = timed(21, || db.chat_window(filter, offset, 50).unwrap());
        assert!(count == 0 || !first.is_empty());
        assert!(deep.len() as u64 <= count.saturating_sub(offset));
        println!(
            "chats [{name}]: count {count} in {count_median:?} (worst {count_worst:?}); \
             window@0 {w0:?} ({w0_worst:?}); window@{offset} {wdeep:?} ({wdeep_worst:?})"
        );
        println!(
            "  plan: {}",
            db.chat_window_plan(filter).unwrap().join(" | ")
        );
    }

    let big = ChatId::from("c000000");
    let (count_time, _, count) = timed(21, || db.message_count(&big).unwrap());
    assert_eq!(count, BIG_CHAT_MESSAGES as u64);
    let newest = db.messages_before(&big, None, 50).unwrap();
    let anchor = MessageAnchor::of(newest.last().unwrap());
    let (older, older_worst, window) =
        timed(101, || db.messages_before(&big, Some(&anchor), 50).unwrap());
    assert_eq!(window.len(), 50);
    println!(
        "thread: count {count} in {count_time:?}; window of 50 {older:?} (worst of 101 {older_worst:?})"
    );
    println!("  plan: {}", db.thread_plan().unwrap().join(" | "));

    for query in ["w12345", "invoice", "the", "deliv", "café price", "w1"] {
        let (median, worst, hits) = timed(11, || db.search(query, 50).unwrap());
        println!(
            "search {query:?}: {} hits in {median:?} (worst {worst:?})",
            hits.len()
        );
    }
    println!("  plan: {}", db.search_plan().unwrap().join(" | "));
    let size = std::fs::metadata(dir.path().join("cache.db"))
        .unwrap()
        .len();
    println!("cache file: {} MiB", size / (1024 * 1024));
}
