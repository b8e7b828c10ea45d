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

-- What a party measured for an indicator over a period, with its source, in the name of the
-- party that vouches for it. Measurements are only ever added.
CREATE TABLE measurements (
    id {{ID}},
    indicator_id BIGINT NOT NULL REFERENCES indicators (id),
    value DOUBLE PRECISION NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    method TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,
    vouched_by BIGINT NOT NULL REFERENCES actors (id),
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL,
    CHECK (period_from <= period_to)
);
CREATE INDEX measurements_indicator ON measurements (indicator_id, period_to);
