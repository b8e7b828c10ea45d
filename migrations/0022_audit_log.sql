-- The audit log: every administrative act (roles given and taken, Open311 keys, ownership moved,
-- pool decisions), who did it, when, what and why. Entries are only ever added: the database
-- refuses to change or remove one, and each carries the hash of the one before, so that an entry
-- removed or altered behind the database's back breaks the chain where it was.
CREATE TABLE audit_log (
    id {{ID}},
    at BIGINT NOT NULL,
    -- Who acted, and their name then: the log outlives accounts, so no foreign key.
    by_user_id BIGINT,
    by_name TEXT NOT NULL,
    act TEXT NOT NULL,
    -- What was acted on, as kind:id (user:12, initiative:4, open311_key:2, request:9).
    subject TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT '',
    -- One entry follows each: the chain cannot fork.
    prev_hash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE
);
{{APPEND_ONLY audit_log}}

-- The newest entry's hash and the number of entries: appending locks this row, so entries are
-- chained one at a time, and an entry cut off the end shows too.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL,
    entries BIGINT NOT NULL
);
INSERT INTO audit_head (id, hash, entries) VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', 0);
