-- The account's whole life: confirmed e-mail addresses, single-use links sent by mail (confirm
-- an address, reset a password), the browsers a person has logged in from, what a session was
-- started from, and organisation names that are unique.

-- Mail goes only to a confirmed address. Accounts made before addresses were confirmed have
-- been receiving mail at theirs, so they count as confirmed from when they were made.
ALTER TABLE users ADD COLUMN email_confirmed_at BIGINT;
UPDATE users SET email_confirmed_at = created_at;

-- A link sent by mail: only a hash of its secret is kept; it works once, until it expires.
-- `email` is the address a confirmation is for (a new one, when an address is changed).
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    email TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id, purpose);

-- A browser someone has logged in from with their password. Failed logins by strangers slow
-- down logins to an account only from other browsers, so nobody can lock its owner out.
CREATE TABLE login_devices (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL
);
CREATE INDEX login_devices_user ON login_devices (user_id);

-- What a session was started from, for the person's list of their sessions.
ALTER TABLE sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';

-- An organisation's name, trimmed and lower-cased: no two organisations share one, so nobody
-- can found or rename an association to a municipal unit's name. People have none.
ALTER TABLE actors ADD COLUMN name_key TEXT;
UPDATE actors SET name_key = lower(trim(name)) WHERE kind <> 'person';
-- Names that were already shared keep working, unchecked, until one of them is renamed.
UPDATE actors SET name_key = NULL WHERE kind <> 'person' AND id NOT IN (
    SELECT MIN(id) FROM actors WHERE kind <> 'person' GROUP BY name_key
);
CREATE UNIQUE INDEX actors_name_key ON actors (name_key);
