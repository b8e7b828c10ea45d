-- Agreements between two or more parties, usually about an initiative: versioned texts, each
-- version accepted per party by a person authorised to act for it. A version with any
-- acceptance is never changed again; a change becomes the next version.

CREATE TABLE agreements (
    id {{ID}},
    initiative_id BIGINT REFERENCES initiatives (id),
    title TEXT NOT NULL,
    template TEXT NOT NULL,
    current_version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX agreements_initiative ON agreements (initiative_id);

CREATE TABLE agreement_parties (
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (agreement_id, actor_id)
);
CREATE INDEX agreement_parties_actor ON agreement_parties (actor_id);

CREATE TABLE agreement_versions (
    id {{ID}},
    agreement_id BIGINT NOT NULL REFERENCES agreements (id),
    number BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    contributions TEXT NOT NULL,
    ownership TEXT NOT NULL,
    commitment TEXT NOT NULL,
    binding_terms TEXT NOT NULL DEFAULT '',
    data_roles TEXT NOT NULL,
    duration TEXT NOT NULL,
    evaluation TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    proposed_by BIGINT NOT NULL REFERENCES users (id),
    proposed_at BIGINT NOT NULL,
    UNIQUE (agreement_id, number)
);

CREATE TABLE agreement_acceptances (
    version_id BIGINT NOT NULL REFERENCES agreement_versions (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    accepted_by BIGINT NOT NULL REFERENCES users (id),
    accepted_at BIGINT NOT NULL,
    PRIMARY KEY (version_id, actor_id)
);

CREATE TABLE agreement_comments (
    id {{ID}},
    version_id BIGINT NOT NULL REFERENCES agreement_versions (id),
    section TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX agreement_comments_version ON agreement_comments (version_id, id);
