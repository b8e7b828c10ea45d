-- A notice waiting to be told to its audience. The request that caused it writes one row; a
-- worker on any node claims it, writes the audience's inbox entries and mails a few hundred
-- people per transaction, moving `told_through` on in the same transaction, and deletes the
-- row with the last of them. A node that dies mid-way leaves its claim to run out; the next
-- node goes on after `told_through`, so nobody is told twice or not at all.
CREATE TABLE notice_fanouts (
    id {{ID}},
    -- The happening's name, for the log when telling it fails.
    what TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    context TEXT NOT NULL,
    detail TEXT NOT NULL,
    link TEXT NOT NULL,
    -- Who is told, as JSON: the followed targets, users, persons, and the one who acted.
    audience TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    claimed_by TEXT,
    claimed_until BIGINT NOT NULL DEFAULT 0,
    -- The audience is told in ascending user id; everyone up to this id has been told.
    told_through BIGINT NOT NULL DEFAULT 0,
    -- Failed tellings; after a few the notice is set aside (failed_at) for an operator, so one
    -- that cannot be told is not tried for ever.
    attempts BIGINT NOT NULL DEFAULT 0,
    failed_at BIGINT
);
CREATE INDEX notice_fanouts_due ON notice_fanouts (claimed_until, id);
