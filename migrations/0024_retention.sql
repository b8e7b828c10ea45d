-- Retention: when each account was last used (a login or a new API token), and when its owner
-- was warned that an unused account will be erased.
ALTER TABLE users ADD COLUMN last_active_at BIGINT;
UPDATE users SET last_active_at = COALESCE(
    (SELECT MAX(s.created_at) FROM sessions s WHERE s.user_id = users.id), created_at);
ALTER TABLE users ADD COLUMN inactivity_warned_at BIGINT;
CREATE INDEX users_last_active ON users (last_active_at);
