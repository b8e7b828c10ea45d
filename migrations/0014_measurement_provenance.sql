-- Provenance of measurements: a correction is a new measurement that supersedes the old (both
-- kept, each superseded at most once); a party can question a measurement, and the question
-- stays with it; a partner's system posts measurements with a key limited to one initiative,
-- in the name of one party.

CREATE TABLE measurement_keys (
    id {{ID}},
    token_hash TEXT NOT NULL UNIQUE,
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    party_id BIGINT NOT NULL REFERENCES actors (id),
    label TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX measurement_keys_initiative ON measurement_keys (initiative_id, id);

ALTER TABLE measurements ADD COLUMN supersedes BIGINT REFERENCES measurements (id);
ALTER TABLE measurements ADD COLUMN key_id BIGINT REFERENCES measurement_keys (id);
CREATE UNIQUE INDEX measurements_superseded_once ON measurements (supersedes);

CREATE TABLE measurement_questions (
    id {{ID}},
    measurement_id BIGINT NOT NULL REFERENCES measurements (id),
    asked_by BIGINT NOT NULL REFERENCES actors (id),
    body TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX measurement_questions_measurement ON measurement_questions (measurement_id, id);
