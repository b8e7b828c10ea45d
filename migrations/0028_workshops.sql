-- Workshops: a facilitated session whose ideas are kept with their authors and followed up.
-- Ideas come in from participants' phones (with or without an account, through the session's
-- short code) and from paper post-its typed in by a facilitator; each idea ends with a fate.
CREATE TABLE workshops (
    id {{ID}},
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    agenda TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    -- The short code participants type on their phones; ideas are taken while the session is open.
    code TEXT NOT NULL UNIQUE,
    state TEXT NOT NULL DEFAULT 'planned',
    -- Dots each participant may give; days after the workshop by which every idea has a fate.
    dots INTEGER NOT NULL DEFAULT 3,
    fate_within_days INTEGER NOT NULL DEFAULT 60,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL
);

-- Who frames and facilitates it together; the first host is the one who planned it.
CREATE TABLE workshop_hosts (
    workshop_id BIGINT NOT NULL REFERENCES workshops (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    position INTEGER NOT NULL,
    PRIMARY KEY (workshop_id, actor_id)
);
CREATE INDEX workshop_hosts_actor ON workshop_hosts (actor_id);

CREATE TABLE workshop_questions (
    id {{ID}},
    workshop_id BIGINT NOT NULL REFERENCES workshops (id),
    position INTEGER NOT NULL,
    prompt TEXT NOT NULL,
    UNIQUE (workshop_id, position)
);

-- Someone taking part from a phone: with an account, or known only by the secret kept in their
-- browser; the e-mail address, when given, is how an idea's fate reaches them.
CREATE TABLE workshop_participants (
    id {{ID}},
    workshop_id BIGINT NOT NULL REFERENCES workshops (id),
    user_id BIGINT REFERENCES users (id),
    secret_hash TEXT UNIQUE,
    name TEXT NOT NULL DEFAULT '',
    email TEXT,
    -- The secret of the link in its mails that forgets the address.
    forget_token TEXT UNIQUE,
    -- Dots given so far, never more than the workshop's number (a conditional update).
    dots_given INTEGER NOT NULL DEFAULT 0,
    joined_at BIGINT NOT NULL,
    UNIQUE (workshop_id, user_id)
);

-- The themes facilitators group ideas into.
CREATE TABLE workshop_themes (
    id {{ID}},
    workshop_id BIGINT NOT NULL REFERENCES workshops (id),
    name TEXT NOT NULL,
    UNIQUE (workshop_id, name)
);

CREATE TABLE ideas (
    id {{ID}},
    workshop_id BIGINT NOT NULL REFERENCES workshops (id),
    question_id BIGINT NOT NULL REFERENCES workshop_questions (id),
    text TEXT NOT NULL,
    -- The author's name as written, empty where the author chose to be anonymous.
    author_name TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL,
    participant_id BIGINT REFERENCES workshop_participants (id),
    entered_by BIGINT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    theme_id BIGINT REFERENCES workshop_themes (id),
    -- An idea merged with others into a new one keeps its text and author, and names the idea it
    -- became; the new one's fate is theirs.
    merged_into BIGINT REFERENCES ideas (id),
    dots INTEGER NOT NULL DEFAULT 0,
    -- Its fate: adopted (as what, linked where), parked until a day, or declined; always with a
    -- reason and the person answerable for it.
    fate TEXT,
    adopted_as TEXT,
    adopted_id BIGINT,
    parked_until TEXT,
    fate_reason TEXT NOT NULL DEFAULT '',
    fate_responsible TEXT NOT NULL DEFAULT '',
    fate_set_by BIGINT REFERENCES users (id),
    fate_set_at BIGINT
);
CREATE INDEX ideas_workshop ON ideas (workshop_id, question_id, id);
CREATE INDEX ideas_merged_into ON ideas (merged_into);

-- A participant's dot on an idea: one per idea.
CREATE TABLE idea_dots (
    idea_id BIGINT NOT NULL REFERENCES ideas (id),
    participant_id BIGINT NOT NULL REFERENCES workshop_participants (id),
    given_at BIGINT NOT NULL,
    PRIMARY KEY (idea_id, participant_id)
);
CREATE INDEX idea_dots_participant ON idea_dots (participant_id);
CREATE INDEX ideas_participant ON ideas (participant_id);
CREATE INDEX ideas_adopted ON ideas (adopted_as, adopted_id);
CREATE INDEX workshop_participants_user ON workshop_participants (user_id);
