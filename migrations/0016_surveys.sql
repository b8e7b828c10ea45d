-- Experience surveys: questions fixed when the survey is sent, a personal secret link for each
-- person asked (answered once), and answers kept apart from who gave them.

CREATE TABLE surveys (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    title TEXT NOT NULL,
    audience TEXT NOT NULL,
    event_id BIGINT REFERENCES events (id),
    questions TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);
CREATE INDEX surveys_initiative ON surveys (initiative_id, id);

CREATE TABLE survey_invitations (
    token_hash TEXT PRIMARY KEY,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    person_id BIGINT NOT NULL REFERENCES actors (id),
    answered BIGINT NOT NULL DEFAULT 0 CHECK (answered IN (0, 1)),
    UNIQUE (survey_id, person_id)
);

-- An answer knows its survey and its day, not its person or its link.
CREATE TABLE survey_responses (
    id {{ID}},
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    answers TEXT NOT NULL,
    answered_on TEXT NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id);
