-- The provider's account type (WHATSAPP, LINKEDIN, MAIL…): the accounts pane marks the
-- channel, and mail and calendar accounts are kept out of the inbox. Accounts cached before
-- were all WhatsApp.
ALTER TABLE accounts ADD COLUMN account_type TEXT NOT NULL DEFAULT 'WHATSAPP';
