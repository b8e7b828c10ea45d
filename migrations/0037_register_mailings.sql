-- A mail may go out in the name of an actor (an association mailing its volunteers): the name
-- shown as the sender, at the platform's address, and where replies go.
ALTER TABLE mail_outbox ADD COLUMN from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';

-- What an association's board mailed to a group of its register: to whom (an activity, or
-- everyone still active), for which purpose, when, by whom, and to how many. The mails
-- themselves go through the outbox.
CREATE TABLE register_mailings (
    id {{ID}},
    association_id BIGINT NOT NULL REFERENCES actors (id),
    activity_id BIGINT REFERENCES register_activities (id),
    purpose_id BIGINT NOT NULL REFERENCES register_purposes (id),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_by BIGINT NOT NULL REFERENCES users (id),
    sent_at BIGINT NOT NULL,
    recipients INTEGER NOT NULL
);
CREATE INDEX register_mailings_association ON register_mailings (association_id, sent_at);
