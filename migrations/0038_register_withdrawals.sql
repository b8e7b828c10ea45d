-- A consent is withdrawn by its link (no login), by the person on their own entry, or by the
-- board recording what the person told it (in person, on paper, by e-mail): who recorded it and
-- how, for the proof. Both stay empty for a withdrawal by the link.
ALTER TABLE register_consents ADD COLUMN withdrawn_by BIGINT REFERENCES users (id);
ALTER TABLE register_consents ADD COLUMN withdrawn_how TEXT;

-- A group mail is sent once per form the board filled in: sending the same form again (a double
-- click, a reload that posts again, two tabs) finds the mailing and sends nothing.
ALTER TABLE register_mailings ADD COLUMN form_key TEXT;
CREATE UNIQUE INDEX register_mailings_form ON register_mailings (association_id, form_key);
