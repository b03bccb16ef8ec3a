//! Whether a cache that lived through faults and crashes holds what the server has: compared
//! with a clean sync of the same server (the canonical dump of `sync_support`) and with the
//! server's own records.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rusqlite::{Connection, OpenFlags};
use unibox_sandbox::SandboxServer;

use super::sync_support::{dump, rows_lost};

/// Asserts that the cache at `ours` lost nothing and holds nothing twice, compared with the
/// cache at `clean` (one clean sync of `server` as it is now) and with `server`'s records.
pub fn assert_nothing_lost(ours: &Path, clean: &Path, server: &SandboxServer) {
    let lost = rows_lost(&dump(ours), &dump(clean));
    assert!(
        lost.is_empty(),
        "the cache differs from a clean sync:\n{lost:#?}"
    );
    assert_matches_the_server(ours, server);
}

/// Every cached message is one the server has, once, with the text the server has; within
/// each chat, every server message from the oldest cached one on is cached.
pub fn assert_matches_the_server(cache: &Path, server: &SandboxServer) {
    let cached = cached_messages(cache);
    let mut seen = BTreeSet::new();
    for (chat, messages) in &cached {
        for (id, provider_id, text) in messages {
            assert!(seen.insert(id.clone()), "message {id} cached twice");
            let on_server = server
                .state()
                .message(&id.as_str().into())
                .unwrap_or_else(|| panic!("message {id} of chat {chat} is not on the server"));
            assert_eq!(&on_server.provider_id, provider_id, "{id}");
            if !on_server.deleted {
                assert_eq!(&on_server.text, text, "{id}");
            }
        }
        let ids: BTreeSet<&str> = messages.iter().map(|(id, _, _)| id.as_str()).collect();
        let history = server.state().messages(&chat.as_str().into());
        let oldest = history.iter().position(|m| ids.contains(m.id.0.as_str()));
        for message in history.iter().skip(oldest.unwrap_or(history.len())) {
            assert!(
                ids.contains(message.id.0.as_str()),
                "message {} of chat {chat} is on the server but not in the cache",
                message.id
            );
        }
    }
}

type CachedMessage = (String, String, Option<String>);

fn cached_messages(cache: &Path) -> BTreeMap<String, Vec<CachedMessage>> {
    let conn = Connection::open_with_flags(cache, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("the cache opens");
    let mut stmt = conn
        .prepare(
            "SELECT c.id, m.id, m.provider_id, m.text FROM messages m
             JOIN chats c ON c.key = m.chat_key ORDER BY c.id, m.sent_at",
        )
        .expect("a query");
    let mut chats: BTreeMap<String, Vec<CachedMessage>> = BTreeMap::new();
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                (row.get(1)?, row.get(2)?, row.get(3)?),
            ))
        })
        .expect("messages");
    for row in rows {
        let (chat, message) = row.expect("a message row");
        chats.entry(chat).or_default().push(message);
    }
    chats
}
