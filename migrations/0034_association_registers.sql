-- An association's register of its members and volunteers, kept on the platform for the
-- association: the municipality processes it and reads none of it unless the association grants
-- a named person access for a purpose and a period.

-- Why the association keeps data, on what legal basis, and how many days after someone's
-- involvement ends it keeps them.
CREATE TABLE register_purposes (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    name TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    retention_days INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (association_id, name)
);

-- What it keeps about a person beside their name: every field for a purpose.
CREATE TABLE register_fields (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    purpose_id BIGINT NOT NULL REFERENCES register_purposes (id),
    UNIQUE (association_id, label)
);

-- Its activities (Besøgsven, Følgeven), which people take part in.
CREATE TABLE register_activities (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    name TEXT NOT NULL,
    UNIQUE (association_id, name)
);

CREATE TABLE register_entries (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    -- With an account, the person sees their own entry.
    user_id BIGINT REFERENCES users (id),
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    -- The state of the child-protection certificate declaration; never the certificate itself.
    certificate TEXT NOT NULL DEFAULT 'not_needed',
    certificate_valid_until TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- When retention made it anonymous: every purpose's period after `ends_on` had passed.
    anonymised_at BIGINT
);
CREATE INDEX register_entries_association ON register_entries (association_id, name);
CREATE INDEX register_entries_user ON register_entries (user_id);

CREATE INDEX register_entries_ended ON register_entries (ends_on) WHERE anonymised_at IS NULL;

CREATE TABLE register_values (
    entry_id BIGINT NOT NULL REFERENCES register_entries (id),
    field_id BIGINT NOT NULL REFERENCES register_fields (id),
    value TEXT NOT NULL,
    PRIMARY KEY (entry_id, field_id)
);

CREATE TABLE register_roles (
    entry_id BIGINT NOT NULL REFERENCES register_entries (id),
    activity_id BIGINT NOT NULL REFERENCES register_activities (id),
    PRIMARY KEY (entry_id, activity_id)
);
CREATE INDEX register_roles_activity ON register_roles (activity_id);

-- Access the association grants a named person, for a stated purpose, ending by itself.
CREATE TABLE register_grants (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    granted_by BIGINT NOT NULL REFERENCES users (id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX register_grants_user ON register_grants (user_id, association_id, ends_at);

-- Every look at the register by anyone but the person it is about: who, when, why, and under
-- which grant; an entry's own looks name it.
CREATE TABLE register_access_log (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    entry_id BIGINT REFERENCES register_entries (id),
    user_id BIGINT REFERENCES users (id),
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    grant_id BIGINT REFERENCES register_grants (id),
    at BIGINT NOT NULL
);
CREATE INDEX register_access_entry ON register_access_log (entry_id, at);
CREATE INDEX register_access_association ON register_access_log (association_id, at);

-- What retention removed and when: the data kept for a purpose (`purpose_id`), or the whole
-- entry made anonymous (none); never what it was.
CREATE TABLE register_erasures (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    entry_id BIGINT NOT NULL REFERENCES register_entries (id),
    purpose_id BIGINT REFERENCES register_purposes (id),
    at BIGINT NOT NULL
);
CREATE INDEX register_erasures_association ON register_erasures (association_id, at);
