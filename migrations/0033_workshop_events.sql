-- A workshop people sign up for beforehand is also an event: its places, waiting list,
-- cancellations, check-in and calendar entry are the event's.
-- One workshop an event.
ALTER TABLE workshops ADD COLUMN event_id BIGINT REFERENCES events (id);
CREATE UNIQUE INDEX workshops_event ON workshops (event_id);
