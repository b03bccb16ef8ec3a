-- The provider that serves the account (unipile, late): with the account type it chooses the
-- account's policy. Accounts cached before were all Unipile's.
ALTER TABLE accounts ADD COLUMN provider TEXT NOT NULL DEFAULT 'unipile';
