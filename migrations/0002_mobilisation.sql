-- Mobilisation: what initiatives need, what actors offer, pledges from one to the other, and
-- the contributions actually given (facts counted for evaluation, never just a status).
-- Dates are ISO text (YYYY-MM-DD), which sorts and compares the same on both engines.
-- match_weekdays (Monday = 1 … Sunday = 64) and match_day_parts (morning = 1, afternoon = 2,
-- evening = 4) are derived from the availability as typed, with "any" as all bits, so two
-- availabilities overlap exactly when both ANDs are non-zero. skill_terms holds the stems of
-- the skills (search::stems), each between spaces, so a shared stem is a LIKE '% stem %'.

CREATE TABLE needs (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    skill_terms TEXT NOT NULL DEFAULT '',
    quantity BIGINT,
    weekdays BIGINT NOT NULL DEFAULT 0,
    day_parts BIGINT NOT NULL DEFAULT 0,
    from_date TEXT,
    to_date TEXT,
    match_weekdays BIGINT NOT NULL,
    match_day_parts BIGINT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX needs_initiative ON needs (initiative_id, status);
-- Covers everything the matching query filters and scores on, so candidates are ranked from
-- the index alone and only the best few rows are read.
CREATE INDEX needs_matching ON needs (status, kind, latitude_e6, longitude_e6, match_weekdays, match_day_parts, from_date, to_date, skill_terms);
CREATE INDEX needs_updated ON needs (status, updated_at, id);

CREATE TABLE offers (
    id {{ID}},
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    skills TEXT NOT NULL DEFAULT '',
    skill_terms TEXT NOT NULL DEFAULT '',
    quantity BIGINT,
    weekdays BIGINT NOT NULL DEFAULT 0,
    day_parts BIGINT NOT NULL DEFAULT 0,
    from_date TEXT,
    to_date TEXT,
    match_weekdays BIGINT NOT NULL,
    match_day_parts BIGINT NOT NULL,
    neighbourhood TEXT NOT NULL DEFAULT '',
    -- Where the offer applies: within radius_m of the point, or anywhere when no point is given.
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    radius_m BIGINT,
    conditions TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX offers_actor ON offers (actor_id, status);
CREATE INDEX offers_matching ON offers (status, kind, latitude_e6, longitude_e6, radius_m, match_weekdays, match_day_parts, from_date, to_date, skill_terms);
CREATE INDEX offers_updated ON offers (status, updated_at, id);

CREATE TABLE pledges (
    id {{ID}},
    need_id BIGINT NOT NULL REFERENCES needs (id),
    offer_id BIGINT REFERENCES offers (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    amount BIGINT,
    message TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    pledged_by BIGINT NOT NULL REFERENCES users (id),
    pledged_at BIGINT NOT NULL,
    decided_by BIGINT REFERENCES users (id),
    decided_at BIGINT
);
CREATE INDEX pledges_need ON pledges (need_id, status);
CREATE INDEX pledges_actor ON pledges (actor_id, pledged_at);
-- An actor has at most one live pledge per need, however fast the button is pressed.
CREATE UNIQUE INDEX pledges_live ON pledges (need_id, actor_id) WHERE status IN ('pledged', 'accepted', 'fulfilled');

CREATE TABLE contributions (
    id {{ID}},
    pledge_id BIGINT NOT NULL REFERENCES pledges (id),
    need_id BIGINT NOT NULL REFERENCES needs (id),
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    unit TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    given_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX contributions_initiative ON contributions (initiative_id, unit);
CREATE INDEX contributions_actor ON contributions (actor_id, unit);
CREATE INDEX contributions_pledge ON contributions (pledge_id);

-- Calls for help ("opråb"): an initiative's public call, made of its open needs at any time.
CREATE TABLE calls (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    title TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    published_by BIGINT NOT NULL REFERENCES users (id),
    published_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX calls_open ON calls (closed_at, published_at);
CREATE INDEX calls_initiative ON calls (initiative_id);
