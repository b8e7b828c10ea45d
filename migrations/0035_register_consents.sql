-- Consent in an association's register: the wording a person consents to, per purpose and
-- version (a changed text is a new version, and a consent to an older one no longer counts),
-- and each consent with who gave it (the person, or a guardian for a child under 15), how,
-- when, who recorded it, and when it was withdrawn.
ALTER TABLE register_purposes ADD COLUMN consent_version INTEGER NOT NULL DEFAULT 0;

CREATE TABLE register_consent_texts (
    purpose_id BIGINT NOT NULL REFERENCES register_purposes (id),
    version INTEGER NOT NULL,
    text TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (purpose_id, version)
);

CREATE TABLE register_consents (
    id {{ID}},
    entry_id BIGINT NOT NULL REFERENCES register_entries (id),
    purpose_id BIGINT NOT NULL REFERENCES register_purposes (id),
    version INTEGER NOT NULL,
    given_by TEXT NOT NULL,
    by_guardian INTEGER NOT NULL DEFAULT 0,
    how TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    given_at BIGINT NOT NULL,
    withdrawn_at BIGINT,
    -- The secret of the link that withdraws it, as a hash: the link works without a login.
    withdraw_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX register_consents_entry ON register_consents (entry_id, purpose_id);
