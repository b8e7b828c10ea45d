-- Foundation: actors, memberships, accounts, sessions, initiatives, search index.
-- Shared by SQLite and PostgreSQL; {{ID}} is the engine's generated primary key, and
-- {{WITHOUT_ROWID}} clusters a table on its primary key where the engine can (SQLite), and
-- {{BYTEWISE}} makes a column compare byte by byte (PostgreSQL's COLLATE "C"; SQLite's default).
-- Times are Unix seconds (BIGINT).

CREATE TABLE actors (
    id {{ID}},
    kind TEXT NOT NULL CHECK (kind IN ('person', 'association', 'business', 'institution', 'municipal_unit')),
    name TEXT NOT NULL,
    -- Danish alphabetical order by byte comparison (search::sort_key).
    sort_name TEXT{{BYTEWISE}} NOT NULL DEFAULT '',
    about TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    parent_id BIGINT REFERENCES actors (id),
    department_id BIGINT REFERENCES actors (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX actors_kind_name ON actors (kind, sort_name, id);
CREATE INDEX actors_parent ON actors (parent_id);
CREATE INDEX actors_department ON actors (department_id);

CREATE TABLE users (
    id {{ID}},
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    person_id BIGINT NOT NULL UNIQUE REFERENCES actors (id),
    platform_role TEXT NOT NULL DEFAULT 'citizen' CHECK (platform_role IN ('citizen', 'moderator', 'admin')),
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    organisation_id BIGINT NOT NULL REFERENCES actors (id),
    person_id BIGINT NOT NULL REFERENCES actors (id),
    role TEXT NOT NULL CHECK (role IN ('member', 'admin', 'employee', 'leader')),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, person_id)
);
CREATE INDEX memberships_person ON memberships (person_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('web', 'api')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE initiatives (
    id {{ID}},
    title TEXT NOT NULL,
    sort_title TEXT{{BYTEWISE}} NOT NULL DEFAULT '',
    purpose TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    theme TEXT NOT NULL,
    address TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    -- WGS84 in millionths of a degree (about 11 cm): integers compare and bind alike everywhere.
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    provenance TEXT NOT NULL,
    started_by_id BIGINT NOT NULL REFERENCES actors (id),
    owner_id BIGINT NOT NULL REFERENCES actors (id),
    department_id BIGINT REFERENCES actors (id),
    stage TEXT NOT NULL,
    initiating_side TEXT NOT NULL,
    commitment TEXT NOT NULL,
    value_goals TEXT NOT NULL DEFAULT '',
    leadership_mode TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX initiatives_updated ON initiatives (updated_at, id);
CREATE INDEX initiatives_created ON initiatives (created_at, id);
CREATE INDEX initiatives_title ON initiatives (sort_title, id);
CREATE INDEX initiatives_theme ON initiatives (theme, updated_at);
CREATE INDEX initiatives_status ON initiatives (status, updated_at);
CREATE INDEX initiatives_neighbourhood ON initiatives (neighbourhood, updated_at);
CREATE INDEX initiatives_department ON initiatives (department_id, updated_at);
CREATE INDEX initiatives_owner ON initiatives (owner_id);

CREATE TABLE initiative_participants (
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    role TEXT NOT NULL,
    expectations TEXT NOT NULL DEFAULT '',
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (initiative_id, actor_id)
);
CREATE INDEX initiative_participants_actor ON initiative_participants (actor_id);

-- Every owner an initiative has had; the row with to_at NULL is the current one.
CREATE TABLE initiative_ownership (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    owner_id BIGINT NOT NULL REFERENCES actors (id),
    from_at BIGINT NOT NULL,
    to_at BIGINT,
    changed_by BIGINT REFERENCES users (id),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX initiative_ownership_initiative ON initiative_ownership (initiative_id, from_at);

CREATE TABLE initiative_status_changes (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    changed_by BIGINT REFERENCES users (id),
    changed_at BIGINT NOT NULL
);
CREATE INDEX initiative_status_changes_initiative ON initiative_status_changes (initiative_id);

-- Inverted indexes for Danish full-text search, one per searchable kind, filled by the
-- application's own stemmer so both engines return the same results.
CREATE TABLE initiative_terms (
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL REFERENCES initiatives (id),
    weight BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
){{WITHOUT_ROWID}};
CREATE INDEX initiative_terms_doc ON initiative_terms (doc_id);

CREATE TABLE actor_terms (
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL REFERENCES actors (id),
    weight BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
){{WITHOUT_ROWID}};
CREATE INDEX actor_terms_doc ON actor_terms (doc_id);

-- Events counted for rate limits (failed logins, anonymous posts), shared by all nodes.
CREATE TABLE rate_events (
    id {{ID}},
    bucket TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, at);
