-- The front door: requests to the municipality for practical help, permits and grants from
-- pools with budgets. A pool's granted sum never passes its budget: a grant is added by one
-- conditional UPDATE on the pool's row (and a CHECK backs it).

CREATE TABLE pools (
    id {{ID}},
    -- The municipal unit responsible for the pool.
    unit_id BIGINT NOT NULL REFERENCES actors (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    criteria TEXT NOT NULL DEFAULT '',
    budget_ore BIGINT NOT NULL CHECK (budget_ore >= 0),
    granted_ore BIGINT NOT NULL DEFAULT 0,
    max_grant_ore BIGINT,
    -- The least share of the project the applicant pays themself, in per cent.
    own_share_pct BIGINT NOT NULL DEFAULT 0 CHECK (own_share_pct BETWEEN 0 AND 100),
    -- Intake opens and closes on these days (ISO); no deadline is rolling intake.
    opens_on TEXT,
    deadline TEXT,
    -- The promised time from request to decision, in days.
    decision_days BIGINT,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (granted_ore <= budget_ore)
);
CREATE INDEX pools_unit ON pools (unit_id, status);

CREATE TABLE requests (
    id {{ID}},
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    applicant_id BIGINT NOT NULL REFERENCES actors (id),
    initiative_id BIGINT REFERENCES initiatives (id),
    -- The municipal unit that handles it (a grant's pool's unit).
    unit_id BIGINT NOT NULL REFERENCES actors (id),
    pool_id BIGINT REFERENCES pools (id),
    -- For a grant: what is asked, and the whole project's cost (for the own share).
    amount_ore BIGINT,
    project_cost_ore BIGINT,
    needed_on TEXT,
    place TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    handler_id BIGINT REFERENCES users (id),
    outcome TEXT,
    granted_ore BIGINT,
    decision_reason TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users (id),
    received_at BIGINT NOT NULL,
    decided_at BIGINT,
    closed_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    updated_at BIGINT NOT NULL
);
CREATE INDEX requests_queue ON requests (unit_id, status, received_at);
CREATE INDEX requests_applicant ON requests (applicant_id, received_at);
CREATE INDEX requests_pool ON requests (pool_id, status);

-- Questions from the municipality, the applicant's answers, and notes on the case.
CREATE TABLE request_messages (
    id {{ID}},
    request_id BIGINT NOT NULL REFERENCES requests (id),
    author_id BIGINT NOT NULL REFERENCES users (id),
    from_municipality BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX request_messages_request ON request_messages (request_id, id);

-- What a municipal unit gave an initiative through a request (a grant, plants, staff on the
-- day), counted beside the contributions of pledges.
CREATE TABLE unit_contributions (
    id {{ID}},
    request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id),
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    actor_id BIGINT NOT NULL REFERENCES actors (id),
    unit TEXT NOT NULL,
    amount BIGINT NOT NULL CHECK (amount > 0),
    given_on TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX unit_contributions_initiative ON unit_contributions (initiative_id, unit);
CREATE INDEX unit_contributions_actor ON unit_contributions (actor_id, unit);
