-- Moderation: what anyone reported, why, and how it was handled; what moderators hid, why,
-- and the author's one request for a review. Hiding never changes the content: the original
-- is kept, and restoring it removes the row here.
CREATE TABLE content_reports (
    id {{ID}},
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    details TEXT NOT NULL DEFAULT '',
    reported_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    handled_at BIGINT,
    handled_by BIGINT REFERENCES users (id),
    -- hidden or kept
    outcome TEXT
);
CREATE INDEX content_reports_open ON content_reports (handled_at, kind, target_id);

CREATE TABLE hidden_content (
    kind TEXT NOT NULL,
    target_id BIGINT NOT NULL,
    reason TEXT NOT NULL,
    hidden_by BIGINT NOT NULL REFERENCES users (id),
    hidden_at BIGINT NOT NULL,
    review_asked_at BIGINT,
    review_message TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (kind, target_id)
);
