-- The key a provider that keeps idempotency keys (Late) sees for an outbox entry: random, made
-- when the entry is recorded, and carried over when the user sends the entry again, so a
-- resend of an action whose outcome was unknown is answered with the first answer instead of
-- arriving twice. Entries recorded before this step have none (their key is derived).
ALTER TABLE outbox ADD COLUMN idempotency_key TEXT;
