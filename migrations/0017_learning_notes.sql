-- What an initiative's leaders learned, written when it is evaluated or concluded: it makes the
-- initiative a case others can learn from.
CREATE TABLE learning_notes (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    worked TEXT NOT NULL DEFAULT '',
    did_not_work TEXT NOT NULL DEFAULT '',
    advice TEXT NOT NULL DEFAULT '',
    themes TEXT NOT NULL,
    written_by BIGINT NOT NULL REFERENCES users (id),
    written_at BIGINT NOT NULL
);
CREATE INDEX learning_notes_initiative ON learning_notes (initiative_id, id);
