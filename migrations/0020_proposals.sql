-- Proposals between an initiative and another actor, each waiting for the other side's answer:
-- an invitation in, an offer of support, a plan to scale up or take over, a change of status,
-- an anchoring in a department. Answered or not, every proposal stays as the initiative's history.
CREATE TABLE proposals (
    id {{ID}},
    initiative_id BIGINT NOT NULL REFERENCES initiatives (id),
    kind TEXT NOT NULL,
    -- Who proposes and who answers: the initiative's owner is one of them.
    from_actor_id BIGINT NOT NULL REFERENCES actors (id),
    to_actor_id BIGINT NOT NULL REFERENCES actors (id),
    -- The role the newcomer would take part in, what is asked for or offered and how much (in the
    -- unit of its kind), the status proposed.
    role TEXT,
    ask TEXT,
    what TEXT NOT NULL DEFAULT '',
    amount BIGINT,
    status_to TEXT,
    message TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'open',
    reason TEXT NOT NULL DEFAULT '',
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users (id),
    answered_at BIGINT
);
CREATE INDEX proposals_initiative ON proposals (initiative_id, created_at);
CREATE INDEX proposals_to ON proposals (to_actor_id, state, created_at);
CREATE INDEX proposals_from ON proposals (from_actor_id, state, created_at);
-- The same proposal is open once between the same two actors, however fast the button is pressed.
CREATE UNIQUE INDEX proposals_one_open ON proposals (initiative_id, kind, from_actor_id, to_actor_id)
    WHERE state = 'open';
