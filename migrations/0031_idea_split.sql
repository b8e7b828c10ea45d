-- An idea split into several parts keeps its text and author and has no fate of its own
-- (`split_at` says when it was split); each part names the idea it came from and gets its own
-- fate.
ALTER TABLE ideas ADD COLUMN split_from BIGINT REFERENCES ideas (id);
ALTER TABLE ideas ADD COLUMN split_at BIGINT;
CREATE INDEX ideas_split_from ON ideas (split_from);
