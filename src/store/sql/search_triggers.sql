-- Keep `message_search` in step with `messages.text`. Dropped for a bulk ingest without the
-- index (see search.rs) and created again by the rebuild that follows it.
CREATE TRIGGER IF NOT EXISTS message_search_insert AFTER INSERT ON messages
WHEN new.text IS NOT NULL
BEGIN
    INSERT INTO message_search (rowid, text) VALUES (new.key, new.text);
END;

CREATE TRIGGER IF NOT EXISTS message_search_delete AFTER DELETE ON messages
WHEN old.text IS NOT NULL
BEGIN
    INSERT INTO message_search (message_search, rowid, text) VALUES ('delete', old.key, old.text);
END;

CREATE TRIGGER IF NOT EXISTS message_search_update AFTER UPDATE OF text ON messages
WHEN old.text IS NOT new.text
BEGIN
    INSERT INTO message_search (message_search, rowid, text)
        SELECT 'delete', old.key, old.text WHERE old.text IS NOT NULL;
    INSERT INTO message_search (rowid, text)
        SELECT new.key, new.text WHERE new.text IS NOT NULL;
END;
