-- Retention: when each account was last used (a login or a new API token), and when its owner
-- was warned that an unused account will be erased. Accounts made before this was kept start
-- their clock at the first sweep after it.
ALTER TABLE users ADD COLUMN last_active_at BIGINT;
ALTER TABLE users ADD COLUMN inactivity_warned_at BIGINT;
CREATE INDEX users_last_active ON users (last_active_at);
