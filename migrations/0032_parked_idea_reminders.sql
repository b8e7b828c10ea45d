-- The day a parked idea was to be taken up again, once its facilitators were reminded of it:
-- each parking is reminded of once, however many nodes sweep.
ALTER TABLE ideas ADD COLUMN parked_reminded_for TEXT;
