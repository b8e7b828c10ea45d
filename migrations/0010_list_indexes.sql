-- The list of open needs, most recently changed first, is read in order from this index: with
-- two statuses in an IN list, the (status, updated_at) index gave every open need to a sort.
CREATE INDEX needs_open_updated ON needs (updated_at, id) WHERE status IN ('open', 'partly_met');
-- That index served only this list; left in place, SQLite still preferred it.
DROP INDEX needs_updated;
-- SQLite's planner picks the new index only with statistics that know it.
ANALYZE needs;

-- The tip an initiative was started from: most tips have none, which made the planner think
-- the index on every tip's initiative too coarse to use.
DROP INDEX tips_initiative;
CREATE INDEX tips_initiative ON tips (initiative_id) WHERE initiative_id IS NOT NULL;
ANALYZE tips;
