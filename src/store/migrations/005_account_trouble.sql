-- What the provider last said was wrong with one account (a 401 about that account, not the
-- API key), so the accounts pane can say how to fix it; cleared when the account syncs again.
ALTER TABLE accounts ADD COLUMN trouble TEXT;
