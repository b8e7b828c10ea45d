-- Danish full-text search over workshop ideas and debate threads, in the same shape as the
-- initiatives' index: the application's stemmer fills it, so both engines find the same.
-- Ideas and threads written before this migration are indexed when it is applied.
CREATE TABLE idea_terms (
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL REFERENCES ideas (id),
    weight BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
){{WITHOUT_ROWID}};
CREATE INDEX idea_terms_doc ON idea_terms (doc_id);
CREATE INDEX idea_terms_ranked ON idea_terms (term, weight, doc_id);

CREATE TABLE thread_terms (
    term TEXT NOT NULL,
    doc_id BIGINT NOT NULL REFERENCES debate_threads (id),
    weight BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
){{WITHOUT_ROWID}};
CREATE INDEX thread_terms_doc ON thread_terms (doc_id);
CREATE INDEX thread_terms_ranked ON thread_terms (term, weight, doc_id);
