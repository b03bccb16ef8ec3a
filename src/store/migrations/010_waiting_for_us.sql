-- "Waiting for us": chats whose last message is the customer's. Small partial indexes in the
-- chat list's order serve the filter's count and windows without reading the table.
CREATE INDEX chats_waiting ON chats (archived, activity_at, key) WHERE last_is_sender = 0;
CREATE INDEX chats_waiting_by_account ON chats (account_key, archived, activity_at, key)
    WHERE last_is_sender = 0;
