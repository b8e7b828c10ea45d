-- A person's right to erasure: an erased account keeps its row (what others rely on points to
-- it) but nothing that identifies the person, and says when it was erased. A decided case is
-- kept as the municipality must keep it, with the reason it was kept.
ALTER TABLE users ADD COLUMN erased_at BIGINT;
ALTER TABLE requests ADD COLUMN kept_because TEXT NOT NULL DEFAULT '';
