-- Evaluation: the indicators by which an initiative measures each of its value goals. An
-- indicator from the library names its measure (and, when Medspil counts it, is computed from
-- the records); one of the initiative's own has its name and unit as typed.

CREATE TABLE indicators (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    value_goal TEXT NOT NULL,
    measure TEXT,
    name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT '',
    baseline_value DOUBLE PRECISION,
    baseline_on TEXT,
    target_value DOUBLE PRECISION,
    target_on TEXT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    CHECK (measure IS NOT NULL OR (name <> '' AND unit <> ''))
);
CREATE INDEX indicators_initiative ON indicators (initiative_id, id);
