-- A chat-list walk that had to skip items it could not read leaves the cache without them;
-- an incremental walk stops at the first unchanged chat and would never list them again. So
-- the next walks of that account go through every page: how many more, at most.
ALTER TABLE account_sync ADD COLUMN full_listings_owed INTEGER NOT NULL DEFAULT 0;
