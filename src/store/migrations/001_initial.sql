-- unibox cache, schema 1.
--
-- Times are milliseconds since the Unix epoch (UTC). Provider ids are kept as TEXT; every
-- table that other tables point at also has a small INTEGER key, so the large indexes (chat
-- list, threads, links) hold integers instead of long strings.
--
-- `revision` counts updates of a row. Upserts return it: 0 means the row was just inserted,
-- more means it was updated, no row returned means nothing differed and nothing was written.

CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Whether the full-text index follows every message write ('maintained') or was switched off
-- for a bulk ingest and needs a rebuild ('stale').
INSERT INTO store_meta (key, value) VALUES ('search_index', 'maintained');

CREATE TABLE accounts (
    key          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    phone_number TEXT,
    status       TEXT NOT NULL,
    created_at   INTEGER,
    revision     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chats (
    key                  INTEGER PRIMARY KEY,
    id                   TEXT NOT NULL UNIQUE,
    account_key          INTEGER NOT NULL REFERENCES accounts (key) ON DELETE CASCADE,
    provider_id          TEXT NOT NULL,
    attendee_provider_id TEXT,
    name                 TEXT,
    kind                 INTEGER NOT NULL,
    -- The provider's last-activity time, as received.
    timestamp            INTEGER,
    unread_count         INTEGER NOT NULL,
    archived             INTEGER NOT NULL,
    -- 0 not muted, 1 muted forever, 2 muted until `muted_until`.
    muted                INTEGER NOT NULL,
    muted_until          INTEGER,
    read_only            INTEGER NOT NULL,
    reactions_disabled   INTEGER NOT NULL,
    reply_disabled       INTEGER NOT NULL,
    -- Lower-cased name and phone digits: what "search chats" matches against.
    search_text          TEXT NOT NULL,
    -- The newest cached message, copied here so the chat list never joins messages.
    last_message_id      TEXT,
    last_text            TEXT,
    last_at              INTEGER,
    last_is_sender       INTEGER,
    last_sender_name     TEXT,
    last_attachment_kind TEXT,
    last_deleted         INTEGER,
    -- max(timestamp, last_at), 0 when neither is known: the chat list's order.
    activity_at          INTEGER NOT NULL,
    revision             INTEGER NOT NULL DEFAULT 0
);

-- Chat list windows. Every index ends with the implicit rowid (`key`), which breaks ties, and
-- holds every column the filters test, so counting and skipping rows never reads the table.
CREATE INDEX chats_by_activity ON chats (activity_at);
CREATE INDEX chats_open_by_activity ON chats (archived, activity_at);
CREATE INDEX chats_by_account ON chats (account_key, activity_at);
CREATE INDEX chats_open_by_account ON chats (account_key, archived, activity_at);
-- Unread chats are few: small partial indexes serve the unread filter and the unread totals
-- (`key` named before `unread_count` so the list order stays the index order).
CREATE INDEX chats_unread ON chats (archived, activity_at, key, unread_count)
    WHERE unread_count > 0;
CREATE INDEX chats_unread_by_account ON chats (account_key, archived, activity_at, key, unread_count)
    WHERE unread_count > 0;
-- "Search chats" tests every row's name and number: one covering index holds them with every
-- other filter column, in list order, so the scan never reads the table.
CREATE INDEX chats_search ON chats (activity_at, key, archived, account_key, unread_count,
    search_text);
-- Finding the one-to-one chat with a person.
CREATE INDEX chats_by_attendee ON chats (account_key, attendee_provider_id)
    WHERE attendee_provider_id IS NOT NULL;

CREATE TABLE messages (
    key                INTEGER PRIMARY KEY,
    id                 TEXT NOT NULL UNIQUE,
    chat_key           INTEGER NOT NULL REFERENCES chats (key) ON DELETE CASCADE,
    provider_id        TEXT NOT NULL,
    sender_id          TEXT NOT NULL,
    sender_attendee_id TEXT,
    text               TEXT,
    sent_at            INTEGER NOT NULL,
    is_sender          INTEGER NOT NULL,
    seen               INTEGER NOT NULL,
    delivered          INTEGER NOT NULL,
    hidden             INTEGER NOT NULL,
    deleted            INTEGER NOT NULL,
    edited             INTEGER NOT NULL,
    is_event           INTEGER NOT NULL,
    event_type         INTEGER,
    -- The quoted block as JSON (rare, nested, only ever read whole).
    quoted             TEXT,
    attachment_count   INTEGER NOT NULL,
    reaction_count     INTEGER NOT NULL,
    -- Digest of everything received for the message: equal means nothing to write.
    fingerprint        INTEGER NOT NULL,
    revision           INTEGER NOT NULL DEFAULT 0
);

-- Thread windows: (chat, time, key) keyset scans, newest first.
CREATE INDEX messages_by_chat ON messages (chat_key, sent_at);

CREATE TABLE reactions (
    message_key INTEGER NOT NULL REFERENCES messages (key) ON DELETE CASCADE,
    sender_id   TEXT NOT NULL,
    position    INTEGER NOT NULL,
    value       TEXT NOT NULL,
    is_sender   INTEGER NOT NULL,
    PRIMARY KEY (message_key, sender_id)
) WITHOUT ROWID;

CREATE TABLE attachments (
    message_key INTEGER NOT NULL REFERENCES messages (key) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    mimetype    TEXT,
    file_size   INTEGER,
    file_name   TEXT,
    unavailable INTEGER NOT NULL,
    PRIMARY KEY (message_key, position)
) WITHOUT ROWID;

-- External content: the text lives once, in `messages`; the index is kept in step by the
-- triggers of `sql/search_triggers.sql`, or rebuilt after a bulk ingest without them.
CREATE VIRTUAL TABLE message_search USING fts5 (
    text,
    content = 'messages',
    content_rowid = 'key',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- People are identified per account by their provider id: that is what start-chat sends and
-- what the warm-only rule checks.
CREATE TABLE attendees (
    key         INTEGER PRIMARY KEY,
    account_key INTEGER NOT NULL REFERENCES accounts (key) ON DELETE CASCADE,
    provider_id TEXT NOT NULL,
    id          TEXT NOT NULL,
    name        TEXT,
    is_self     INTEGER NOT NULL,
    picture_url TEXT,
    -- Listed by the account's known-attendees operation.
    known       INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL,
    revision    INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_key, provider_id)
);

CREATE TABLE chat_attendees (
    chat_key     INTEGER NOT NULL REFERENCES chats (key) ON DELETE CASCADE,
    attendee_key INTEGER NOT NULL REFERENCES attendees (key) ON DELETE CASCADE,
    PRIMARY KEY (chat_key, attendee_key)
) WITHOUT ROWID;

CREATE INDEX chat_attendees_by_attendee ON chat_attendees (attendee_key);

CREATE TABLE chat_sync (
    chat_key           INTEGER PRIMARY KEY REFERENCES chats (key) ON DELETE CASCADE,
    newest_at          INTEGER,
    newest_id          TEXT,
    older_cursor       TEXT,
    history_complete   INTEGER NOT NULL,
    synced_activity_at INTEGER,
    updated_at         INTEGER NOT NULL
);

CREATE TABLE account_sync (
    account_key     INTEGER PRIMARY KEY REFERENCES accounts (key) ON DELETE CASCADE,
    chats_cursor    TEXT,
    first_sync_done INTEGER NOT NULL,
    last_success_at INTEGER,
    resync_status   TEXT,
    updated_at      INTEGER NOT NULL
);

-- Drafts are keyed by the chat id itself, with no foreign key: a draft outlives its chat row.
CREATE TABLE drafts (
    chat_id     TEXT PRIMARY KEY,
    text        TEXT NOT NULL,
    quote_id    TEXT,
    attachments TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Every confirmed action, written before its request. AUTOINCREMENT: an entry id is never
-- reused, so an audit line or a log line names one action forever.
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at        INTEGER NOT NULL,
    kind              TEXT NOT NULL
        CHECK (kind IN ('send', 'start_chat', 'react', 'edit', 'delete', 'mark_read')),
    account_id        TEXT NOT NULL,
    chat_id           TEXT,
    target_message_id TEXT,
    payload           TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unknown')),
    error             TEXT,
    server_message_id TEXT,
    server_chat_id    TEXT,
    attempts          INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);

CREATE INDEX outbox_open ON outbox (state) WHERE state IN ('pending', 'unknown');
CREATE INDEX outbox_by_chat ON outbox (chat_id, created_at);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    account_id TEXT,
    chat_id    TEXT,
    action     TEXT NOT NULL,
    outbox_id  INTEGER,
    digest     TEXT,
    outcome    TEXT NOT NULL,
    detail     TEXT
);
