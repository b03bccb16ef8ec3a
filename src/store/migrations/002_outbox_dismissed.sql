-- A failed or unknown action the user chose to give up on: kept for the audit trail, no
-- longer shown in the thread.
ALTER TABLE outbox ADD COLUMN dismissed_at INTEGER;
