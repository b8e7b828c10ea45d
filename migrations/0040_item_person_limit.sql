-- A limited item may also be limited per person, beside (or instead of) per household: "at most
-- two per person" for a plant sale where one stairwell holds many households' worth of people.
ALTER TABLE event_items ADD COLUMN person_limit BIGINT;
