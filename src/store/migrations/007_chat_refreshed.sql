-- When the chat's newest page was last read in full: re-reading it brings the reactions,
-- edits, deletions and receipts on messages already cached, which an incremental fetch of
-- newer messages never sees. The stalest active chats are re-read first.
ALTER TABLE chat_sync ADD COLUMN refreshed_at INTEGER;
