-- A search for one word reads its best page straight from this index (by weight, newest first
-- among equals), instead of ranking every initiative that contains the word.
CREATE INDEX initiative_terms_ranked ON initiative_terms (term, weight, doc_id);
