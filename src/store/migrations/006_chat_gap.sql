-- Messages a chat is known to miss: a catch-up that stopped at its page budget skipped the
-- ones between the newest it had (gap_after) and the oldest it fetched (gap_before), both
-- exclusive, in epoch milliseconds. Healed by later runs, and what a chat resync is for.
ALTER TABLE chat_sync ADD COLUMN gap_after INTEGER;
ALTER TABLE chat_sync ADD COLUMN gap_before INTEGER;
