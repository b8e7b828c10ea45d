-- What a person asks of the association that keeps them in its register: to correct or erase
-- their data. The board answers within a month (`due_on`), reminded a week before
-- (`reminded_at`, claimed once however many nodes sweep); a refusal says why (`answer`). What
-- the person wrote, and the board's words in answer, go when their entry is erased; that they
-- asked, when, and whether it was done or refused stay.
CREATE TABLE register_requests (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    entry_id BIGINT NOT NULL REFERENCES register_entries (id),
    kind TEXT NOT NULL,
    details TEXT NOT NULL,
    made_at BIGINT NOT NULL,
    due_on TEXT NOT NULL,
    reminded_at BIGINT,
    answered_at BIGINT,
    outcome TEXT,
    answer TEXT NOT NULL DEFAULT '',
    answered_by BIGINT REFERENCES users (id)
);
CREATE INDEX register_requests_entry ON register_requests (entry_id, made_at);
CREATE INDEX register_requests_open ON register_requests (association_id, due_on) WHERE answered_at IS NULL;
CREATE INDEX register_requests_reminder ON register_requests (due_on) WHERE reminded_at IS NULL AND answered_at IS NULL;
