-- The leaders' overview counts in the database, at any size of city, from covering indexes; what
-- it needs of other records is kept beside it, set by the statements that change those records:
-- an initiative keeps when its current status began and when it concluded; a participation keeps
-- its actor's kind and its initiative's conclusion; a need keeps when it was first pledged to.
ALTER TABLE initiatives ADD COLUMN status_since BIGINT NOT NULL DEFAULT 0;
ALTER TABLE initiatives ADD COLUMN concluded_at BIGINT;
UPDATE initiatives SET status_since = COALESCE(
    (SELECT MAX(c.changed_at) FROM initiative_status_changes c WHERE c.initiative_id = initiatives.id),
    created_at);
UPDATE initiatives SET concluded_at = status_since WHERE status = 'concluded';
CREATE INDEX initiatives_overview ON initiatives
    (stage, initiating_side, status, theme, neighbourhood, value_goals, created_at, concluded_at, status_since);
-- Initiatives others started and a municipal unit now owns (the colonisation signal) are found
-- from the units that own them; those a unit started, for its department's overview.
DROP INDEX initiatives_owner;
CREATE INDEX initiatives_owner ON initiatives (owner_id, initiating_side);
CREATE INDEX initiatives_started_by ON initiatives (started_by_id);

ALTER TABLE initiative_participants ADD COLUMN actor_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE initiative_participants ADD COLUMN concluded_at BIGINT;
UPDATE initiative_participants SET
    actor_kind = (SELECT a.kind FROM actors a WHERE a.id = initiative_participants.actor_id),
    concluded_at = (SELECT i.concluded_at FROM initiatives i WHERE i.id = initiative_participants.initiative_id);
CREATE INDEX initiative_participants_overview ON initiative_participants
    (actor_kind, actor_id, joined_at, concluded_at, initiative_id);

ALTER TABLE needs ADD COLUMN first_pledged_at BIGINT;
UPDATE needs SET first_pledged_at = (SELECT MIN(p.pledged_at) FROM pledges p WHERE p.need_id = needs.id);
CREATE INDEX needs_unpledged ON needs (status, first_pledged_at, created_at, id);
