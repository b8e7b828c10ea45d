-- A document a party gives as the source of a measurement (its report, its spreadsheet), kept in
-- the database so every node serves it; public, like the evaluation it backs.
CREATE TABLE measurement_documents (
    measurement_id BIGINT PRIMARY KEY REFERENCES measurements (id),
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data {{BLOB}} NOT NULL
);
