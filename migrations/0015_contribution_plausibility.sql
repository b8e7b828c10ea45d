-- A contribution beyond what was pledged is recorded only when whoever records it confirms it,
-- and stays marked so.
ALTER TABLE contributions ADD COLUMN beyond_pledge BIGINT NOT NULL DEFAULT 0 CHECK (beyond_pledge IN (0, 1));
