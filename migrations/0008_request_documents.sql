-- Documents attached to a request (a budget, a drawing, a permit application), kept in the
-- database so every node serves them; only the applicant and the handlers can read them.

CREATE TABLE request_documents (
    id {{ID}},
    request_id BIGINT NOT NULL REFERENCES requests (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data {{BLOB}} NOT NULL,
    uploaded_by BIGINT NOT NULL REFERENCES users (id),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX request_documents_request ON request_documents (request_id, id);
