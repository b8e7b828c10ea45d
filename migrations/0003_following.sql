-- Following and notifications: who follows what, the in-app inbox, and the durable outbox of
-- e-mail that the mail worker sends (claimed by one node at a time, retried with back-off).

CREATE TABLE follows (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- initiative, theme, neighbourhood or actor; target is the id, the theme code, or the
    -- neighbourhood's search::sort_key.
    target_kind TEXT NOT NULL,
    target TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, target_kind, target)
);
CREATE INDEX follows_target ON follows (target_kind, target);

CREATE TABLE notification_settings (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email_mode TEXT NOT NULL,
    unsubscribe_token TEXT NOT NULL UNIQUE
);

CREATE TABLE notifications (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    context TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at BIGINT,
    -- When it went out by e-mail, at once or in a digest; NULL while it waits for a digest.
    mailed_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unmailed ON notifications (mailed_at, user_id);

CREATE TABLE mail_outbox (
    id {{ID}},
    -- What the mail is about (e.g. notification:17, digest:4:2026-11-27): a second copy is refused.
    dedupe_key TEXT NOT NULL UNIQUE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    -- Links inside start with {base}, filled in with the public URL when the mail is sent.
    body TEXT NOT NULL,
    unsubscribe_path TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    send_after BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    claimed_by TEXT,
    claimed_until BIGINT,
    sent_at BIGINT,
    failed_at BIGINT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, failed_at, send_after);
