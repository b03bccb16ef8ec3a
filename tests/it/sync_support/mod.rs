//! A sandbox, the real client and a cache on disk, for the `sync_*` and `cli_*` tests; and a
//! canonical dump of everything sync writes, to compare caches filled in different ways.

use crate::client_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};
use tempfile::TempDir;
use unibox::domain::ChatId;
use unibox::provider::ProviderRead;
use unibox::store::Store;
use unibox::sync::{SyncError, SyncEvent, SyncOptions, SyncReport};
use unibox_sandbox::{RequestRecord, SandboxConfig, SandboxServer};

pub use client_support::{Client, anchor, chat_named, client, client_with};

/// The demo world at the test anchor, quiet: no simulated customers, and read receipts that
/// never flip during a test (so two runs see the same data).
pub async fn sandbox() -> SandboxServer {
    sandbox_with(|_| {}).await
}

pub async fn sandbox_with(adjust: impl FnOnce(&mut SandboxConfig)) -> SandboxServer {
    let mut config = SandboxConfig {
        anchor: anchor(),
        port: 0,
        inbound_every: None,
        seen_after: Duration::from_secs(24 * 3600),
        ..SandboxConfig::default()
    };
    adjust(&mut config);
    unibox_sandbox::start(config).await.expect("sandbox starts")
}

/// A quiet sandbox of generated data: `chats` chats and `messages` messages across them.
pub async fn large_sandbox(chats: usize, messages: usize) -> SandboxServer {
    sandbox_with(|config| config.scale = unibox_sandbox::Scale::Large { chats, messages }).await
}

/// Fast waits for resync polls and the engine's backoff; everything else as shipped.
pub fn options() -> SyncOptions {
    SyncOptions {
        resync_poll_interval: Duration::from_millis(5),
        first_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(200),
        ..SyncOptions::default()
    }
}

/// A cache file in its own directory.
pub struct Cache {
    pub dir: TempDir,
    pub store: Store,
}

impl Cache {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.sqlite3")).unwrap();
        Self { dir, store }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("cache.sqlite3")
    }

    pub async fn total_changes(&self) -> u64 {
        self.store.call(|db| Ok(db.total_changes())).await.unwrap()
    }

    pub async fn message_ids(&self, chat: &ChatId) -> Vec<String> {
        let chat = chat.clone();
        self.store
            .call(move |db| db.messages_before(&chat, None, u32::MAX))
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id.0)
            .collect()
    }

    pub fn dump(&self) -> Vec<String> {
        dump(&self.path())
    }
}

/// Runs one sync and returns its outcome with every event it reported.
pub async fn sync(
    cache: &Cache,
    reader: &dyn ProviderRead,
    options: &SyncOptions,
) -> (Result<SyncReport, SyncError>, Vec<SyncEvent>) {
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();
    let outcome = unibox::sync::sync_once(&cache.store, reader, options, &mut |event| {
        seen.lock().unwrap().push(event);
    })
    .await;
    let events = events.lock().unwrap().clone();
    (outcome, events)
}

/// Chats whose messages were listed, in request order (the sandbox's request log).
pub fn message_lists(server: &SandboxServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter_map(messages_listed_of)
        .map(str::to_owned)
        .collect()
}

/// The chat whose messages `request` lists, as its path names it (percent-encoded).
pub fn messages_listed_of(request: &RequestRecord) -> Option<&str> {
    request
        .path
        .strip_prefix("/api/v1/chats/")?
        .strip_suffix("/messages")
}

/// An id as a recorded path or query names it, decoded.
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Requests whose path is exactly `path`.
pub fn requests_to(server: &SandboxServer, path: &str) -> usize {
    server.requests().iter().filter(|r| r.path == path).count()
}

pub fn sandbox_chat_ids(server: &SandboxServer) -> BTreeSet<String> {
    server.state().chats().into_iter().map(|c| c.id.0).collect()
}

/// The ids of the newest `n` messages of `chat` in the sandbox, newest first.
pub fn newest_sandbox_ids(server: &SandboxServer, chat: &ChatId, n: usize) -> Vec<String> {
    server
        .state()
        .messages(chat)
        .into_iter()
        .rev()
        .take(n)
        .map(|m| m.id.0)
        .collect()
}

/// Every row sync writes, with provider ids instead of the cache's own integer keys and
/// without bookkeeping that depends on when a row was written (revisions, `updated_at`,
/// `last_success_at`), in a fixed order: equal dumps mean equal caches.
pub fn dump(path: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut rows = Vec::new();
    for sql in DUMP_QUERIES {
        let mut stmt = conn.prepare(sql).unwrap();
        let columns = stmt.column_count();
        let found = stmt
            .query_map([], |row| {
                (0..columns)
                    .map(|i| row.get::<_, Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in found {
            rows.push(row.unwrap().join(" | "));
        }
    }
    rows
}

const DUMP_QUERIES: &[&str] = &[
    "SELECT 'account', id, name, phone_number, status, created_at FROM accounts ORDER BY id",
    "SELECT 'chat', c.id, a.id, c.provider_id, c.attendee_provider_id, c.name, c.kind,
         c.timestamp, c.unread_count, c.archived, c.muted, c.muted_until, c.read_only,
         c.reactions_disabled, c.reply_disabled, c.search_text, c.last_message_id, c.last_text,
         c.last_at, c.last_is_sender, c.last_sender_name, c.last_attachment_kind,
         c.last_deleted, c.activity_at
     FROM chats c JOIN accounts a ON a.key = c.account_key ORDER BY c.id",
    "SELECT 'message', m.id, c.id, m.provider_id, m.sender_id, m.sender_attendee_id, m.text,
         m.sent_at, m.is_sender, m.seen, m.delivered, m.hidden, m.deleted, m.edited,
         m.is_event, m.event_type, m.quoted, m.attachment_count, m.reaction_count,
         m.fingerprint
     FROM messages m JOIN chats c ON c.key = m.chat_key ORDER BY m.id",
    "SELECT 'reaction', m.id, r.position, r.sender_id, r.value, r.is_sender
     FROM reactions r JOIN messages m ON m.key = r.message_key ORDER BY m.id, r.position",
    "SELECT 'attachment', m.id, t.position, t.id, t.kind, t.mimetype, t.file_size, t.file_name,
         t.unavailable
     FROM attachments t JOIN messages m ON m.key = t.message_key ORDER BY m.id, t.position",
    "SELECT 'attendee', a.id, p.provider_id, p.id, p.name, p.is_self, p.picture_url, p.known,
         p.search_text
     FROM attendees p JOIN accounts a ON a.key = p.account_key ORDER BY a.id, p.provider_id",
    "SELECT 'member', c.id, p.provider_id FROM chat_attendees ca
     JOIN chats c ON c.key = ca.chat_key JOIN attendees p ON p.key = ca.attendee_key
     ORDER BY c.id, p.provider_id",
    "SELECT 'chat_sync', c.id, s.newest_at, s.newest_id, s.older_cursor, s.history_complete,
         s.synced_activity_at
     FROM chat_sync s JOIN chats c ON c.key = s.chat_key ORDER BY c.id",
    "SELECT 'account_sync', a.id, s.chats_cursor, s.first_sync_done, s.resync_status
     FROM account_sync s JOIN accounts a ON a.key = s.account_key ORDER BY a.id",
    "SELECT 'meta', key, value FROM store_meta ORDER BY key",
];

/// Rows that must be the same whatever way the cache was filled: what the server says about
/// accounts, chats, people and memberships.
const SAME_ROWS: &[&str] = &["account", "chat", "attendee", "member"];
/// Rows of which a clean sync has a window: a cache that lived longer may hold older ones too
/// (a chat's history is fetched a page at a time), never fewer, never different.
const WINDOW_ROWS: &[&str] = &["message", "reaction", "attachment"];

fn kind(row: &str) -> &str {
    row.split(" | ")
        .next()
        .and_then(|first| first.strip_prefix("Text(\""))
        .and_then(|rest| rest.strip_suffix("\")"))
        .unwrap_or_default()
}

fn of_kind<'a>(rows: &'a [String], wanted: &str) -> BTreeSet<&'a str> {
    rows.iter()
        .filter(|row| kind(row) == wanted)
        .map(String::as_str)
        .collect()
}

/// What the dump `ours` lacks or holds wrongly, compared with `clean` (the dump of one clean
/// sync of the same server as it is now), one line per difference: rows of accounts, chats,
/// people and memberships must be equal, and no message row of `clean` may be missing. Paging
/// state is not compared: where older history resumes depends on the pages a chat was read in.
pub fn rows_lost(ours_rows: &[String], clean_rows: &[String]) -> Vec<String> {
    let mut lost = Vec::new();
    for kind in SAME_ROWS {
        let (a, b) = (of_kind(ours_rows, kind), of_kind(clean_rows, kind));
        lost.extend(b.difference(&a).map(|row| format!("missing {row}")));
        lost.extend(a.difference(&b).map(|row| format!("extra {row}")));
    }
    for kind in WINDOW_ROWS {
        let (a, b) = (of_kind(ours_rows, kind), of_kind(clean_rows, kind));
        lost.extend(b.difference(&a).map(|row| format!("missing {row}")));
    }
    lost
}

/// Messages in a cache file right now, for a test watching another process fill it; `None`
/// while the file cannot be read (not created yet, or locked for a moment).
pub fn cached_message_count(path: &Path) -> Option<i64> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    conn.query_row("SELECT count(*) FROM messages", [], |row| row.get(0))
        .ok()
}

/// Waits until what the sandbox received satisfies `ready` (polling its request log).
pub async fn until(server: &SandboxServer, ready: impl Fn(&[RequestRecord]) -> bool) {
    while !ready(&server.requests()) {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// True once a chat's messages have been asked for.
pub fn messages_listed(requests: &[RequestRecord]) -> bool {
    requests.iter().any(|r| r.path.ends_with("/messages"))
}

/// The dump of a cache filled by one clean sync of a fresh sandbox with `options`: what any
/// other way of filling it must end up equal to.
pub async fn reference_dump(options: &SyncOptions) -> Vec<String> {
    let server = sandbox().await;
    let client = client(&server);
    let cache = Cache::new();
    sync(&cache, &client.reader, options).await.0.unwrap();
    cache.dump()
}
