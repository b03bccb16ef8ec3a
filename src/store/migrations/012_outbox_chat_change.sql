-- A change to a chat itself (mark unread, archive, mute) is an outbox action of its own kind,
-- 'chat_change'. SQLite cannot widen a CHECK in place, so the table is built again with the
-- same columns and rows, and its indexes after it. Ids are kept: the audit log names them.
CREATE TABLE outbox_new (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at        INTEGER NOT NULL,
    kind              TEXT NOT NULL
        CHECK (kind IN ('send', 'start_chat', 'react', 'edit', 'delete', 'mark_read',
                        'chat_change')),
    account_id        TEXT NOT NULL,
    chat_id           TEXT,
    target_message_id TEXT,
    payload           TEXT NOT NULL,
    state             TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unknown')),
    error             TEXT,
    server_message_id TEXT,
    server_chat_id    TEXT,
    attempts          INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    dismissed_at      INTEGER,
    idempotency_key   TEXT
);

INSERT INTO outbox_new (id, created_at, kind, account_id, chat_id, target_message_id, payload,
    state, error, server_message_id, server_chat_id, attempts, updated_at, dismissed_at,
    idempotency_key)
SELECT id, created_at, kind, account_id, chat_id, target_message_id, payload, state, error,
    server_message_id, server_chat_id, attempts, updated_at, dismissed_at, idempotency_key
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_open ON outbox (state) WHERE state IN ('pending', 'unknown');
CREATE INDEX outbox_by_chat ON outbox (chat_id, created_at);
