-- Where each attachment was saved, so saving it again reuses the file (if it is still there,
-- whole) instead of writing "name (1)". The path is stored as the file system's bytes.
CREATE TABLE saved_attachments (
    message_id TEXT NOT NULL,
    attachment_id TEXT NOT NULL,
    path BLOB NOT NULL,
    size INTEGER NOT NULL,
    saved_at INTEGER NOT NULL,
    PRIMARY KEY (message_id, attachment_id)
) WITHOUT ROWID;
