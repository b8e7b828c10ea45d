-- Debate across initiatives: threads on an initiative, a theme or a neighbourhood, with replies
-- that may quote an earlier post; a thread ends with a written outcome, who concluded it, and a
-- day to look at it again.
CREATE TABLE debate_threads (
    id {{ID}},
    -- What it is about, as follows name it: 'initiative', 'theme' or 'neighbourhood', and its key.
    subject_kind TEXT NOT NULL,
    subject_key TEXT NOT NULL,
    -- How the subject reads (a neighbourhood as typed); an initiative is read by its id.
    subject_label TEXT NOT NULL DEFAULT '',
    initiative_id BIGINT REFERENCES initiatives (id),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    started_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    last_post_at BIGINT NOT NULL,
    posts INTEGER NOT NULL DEFAULT 0,
    outcome TEXT,
    concluded_by TEXT,
    review_on TEXT,
    closed_by BIGINT REFERENCES users (id),
    closed_at BIGINT
);
CREATE INDEX debate_threads_subject ON debate_threads (subject_kind, subject_key, last_post_at);
CREATE INDEX debate_threads_recent ON debate_threads (last_post_at);

CREATE TABLE debate_posts (
    id {{ID}},
    thread_id BIGINT NOT NULL REFERENCES debate_threads (id),
    body TEXT NOT NULL,
    quote_of BIGINT REFERENCES debate_posts (id),
    written_by BIGINT NOT NULL REFERENCES users (id),
    written_at BIGINT NOT NULL
);
CREATE INDEX debate_posts_thread ON debate_posts (thread_id, id);
