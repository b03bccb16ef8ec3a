-- A chat-list walk that had to skip items it could not read leaves the cache without them;
-- an incremental walk stops at the first unchanged chat and would never list them again, so
-- the next walk of that account goes through every page.
ALTER TABLE account_sync ADD COLUMN full_listing_owed INTEGER NOT NULL DEFAULT 0;
