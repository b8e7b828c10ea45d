-- A confirmation link carries the password chosen when it was asked for (its hash): confirming
-- a new account sets it and ends every session, so whoever registered an address first cannot
-- keep an account its owner confirms.
ALTER TABLE account_links ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
