-- The leaders' overview counts initiatives going in a period and those stuck in a stage: an
-- initiative keeps when its current status began and when it concluded, set by the statement
-- that changes its status. One covering index answers the city-wide tallies in index order.
ALTER TABLE initiatives ADD COLUMN status_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN concluded_at BIGINT;
UPDATE initiatives SET status_since = COALESCE(
    (SELECT MAX(c.changed_at) FROM initiative_status_changes c WHERE c.initiative_id = initiatives.id),
    created_at);
UPDATE initiatives SET concluded_at = status_since WHERE status = 'concluded';
CREATE INDEX initiatives_overview ON initiatives
    (stage, initiating_side, status, theme, neighbourhood, created_at, concluded_at, status_since);
-- Initiatives others started and a municipal unit now owns (the colonisation signal) are found
-- from the units that own them.
DROP INDEX initiatives_owner;
CREATE INDEX initiatives_owner ON initiatives (owner_id, initiating_side);
