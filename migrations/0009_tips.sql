-- Tips about public space (BorgerTIP): a hole in the road, a broken bench, a flower bed that
-- wants care. A tip has a place, a category that routes it to a municipal unit, photos, and
-- a public history of updates beside the employees' internal notes. The categories are the
-- services of the Open311 GeoReport v2 interface; tips made there and on the web are one kind
-- of record.

CREATE TABLE tip_categories (
    id {{ID}},
    -- The Open311 service_code: short, stable, lower case.
    code TEXT NOT NULL UNIQUE,
    name_da TEXT NOT NULL,
    name_en TEXT NOT NULL,
    description_da TEXT NOT NULL DEFAULT '',
    description_en TEXT NOT NULL DEFAULT '',
    -- The unit a new tip of this category goes to.
    unit_id BIGINT NOT NULL REFERENCES actors (id),
    -- A retired category keeps its tips but takes no new ones.
    active BIGINT NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Extra questions a category asks (Open311 service definition attributes).
CREATE TABLE tip_category_questions (
    id {{ID}},
    category_id BIGINT NOT NULL REFERENCES tip_categories (id),
    code TEXT NOT NULL,
    -- string, text, number or singlevaluelist
    datatype TEXT NOT NULL,
    required BIGINT NOT NULL DEFAULT 0,
    question_da TEXT NOT NULL,
    question_en TEXT NOT NULL,
    -- For a list: one "key=Danish name=English name" per line.
    choices TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL,
    UNIQUE (category_id, code)
);

-- Keys of the systems allowed to post tips through Open311; only a hash of the key is kept.
CREATE TABLE open311_keys (
    id {{ID}},
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE tips (
    id {{ID}},
    category_id BIGINT NOT NULL REFERENCES tip_categories (id),
    -- The unit handling it now: the category's at first, another after re-assignment.
    unit_id BIGINT NOT NULL REFERENCES actors (id),
    description TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    -- WGS84 in millionths of a degree, always set: a tip is about a place.
    latitude_e6 BIGINT NOT NULL,
    longitude_e6 BIGINT NOT NULL,
    status TEXT NOT NULL,
    close_reason TEXT,
    -- Who reported it: an account, or a name and e-mail given by an anonymous reporter (both
    -- optional). Never shown publicly.
    reporter_user_id BIGINT REFERENCES users (id),
    reporter_name TEXT NOT NULL DEFAULT '',
    reporter_email TEXT NOT NULL DEFAULT '',
    -- web or open311, and the key that posted it.
    channel TEXT NOT NULL,
    open311_key_id BIGINT REFERENCES open311_keys (id),
    -- The Open311 token, also the reporter's secret link to follow an anonymous tip.
    token TEXT NOT NULL UNIQUE,
    -- The initiative citizens started to take care of it (its provenance).
    initiative_id BIGINT REFERENCES initiatives (id),
    received_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX tips_queue ON tips (unit_id, status, received_at);
CREATE INDEX tips_nearby ON tips (category_id, latitude_e6, longitude_e6);
CREATE INDEX tips_place ON tips (latitude_e6, longitude_e6);
CREATE INDEX tips_updated ON tips (updated_at, id);
CREATE INDEX tips_received ON tips (received_at, id);
CREATE INDEX tips_reporter ON tips (reporter_user_id, received_at);
CREATE INDEX tips_initiative ON tips (initiative_id);

CREATE TABLE tip_answers (
    tip_id BIGINT NOT NULL REFERENCES tips (id),
    code TEXT NOT NULL,
    answer TEXT NOT NULL,
    PRIMARY KEY (tip_id, code)
){{WITHOUT_ROWID}};

-- Photos after re-encoding: downscaled JPEG without camera, place or device metadata.
CREATE TABLE tip_photos (
    id {{ID}},
    tip_id BIGINT NOT NULL REFERENCES tips (id),
    width BIGINT NOT NULL,
    height BIGINT NOT NULL,
    size BIGINT NOT NULL,
    data {{BLOB}} NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX tip_photos_tip ON tip_photos (tip_id, id);

-- The tip's history: public updates (a new status, reason, unit or adopting initiative) and
-- internal notes.
CREATE TABLE tip_updates (
    id {{ID}},
    tip_id BIGINT NOT NULL REFERENCES tips (id),
    author_id BIGINT REFERENCES users (id),
    internal BIGINT NOT NULL DEFAULT 0,
    status TEXT,
    close_reason TEXT,
    unit_id BIGINT REFERENCES actors (id),
    -- The initiative started to take care of it.
    initiative_id BIGINT REFERENCES initiatives (id),
    body TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX tip_updates_tip ON tip_updates (tip_id, id);

-- Where each access address is, so a typed address finds its place on the map.
ALTER TABLE access_addresses ADD COLUMN latitude_e6 BIGINT;
ALTER TABLE access_addresses ADD COLUMN longitude_e6 BIGINT;
