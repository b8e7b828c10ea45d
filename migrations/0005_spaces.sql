-- Spaces that actors (most often the municipality) lend out — rooms, empty shops, lots, streets,
-- gardens — and bookings of them. Two confirmed bookings of one space never overlap: every
-- transaction that confirms or moves a booking locks the space's row first and checks the
-- confirmed bookings under that lock.

CREATE TABLE spaces (
    id {{ID}},
    owner_id BIGINT NOT NULL REFERENCES actors (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    neighbourhood TEXT NOT NULL DEFAULT '',
    -- search::sort_key of the neighbourhood, for filtering.
    neighbourhood_key TEXT NOT NULL DEFAULT '',
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    capacity BIGINT,
    area_m2 BIGINT,
    -- Accessibility facts and facilities as codes between spaces (" step_free kitchen "), so a
    -- facility is a LIKE '% code %'.
    features TEXT NOT NULL DEFAULT ' ',
    house_rules TEXT NOT NULL DEFAULT '',
    -- Who may book: actor kinds between spaces (" person association ").
    bookable_by TEXT NOT NULL,
    needs_approval BIGINT NOT NULL DEFAULT 0,
    price_ore_per_hour BIGINT NOT NULL DEFAULT 0,
    -- Opening hours per weekday as typed-and-checked text (model::OpeningHours); '' is always open.
    opening_hours TEXT NOT NULL DEFAULT '',
    -- Weekdays it is open (Monday = 1 … Sunday = 64), for searching by date.
    open_weekdays BIGINT NOT NULL,
    -- A temporary space is available only between these days (ISO dates).
    available_from TEXT,
    available_until TEXT,
    status TEXT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX spaces_status ON spaces (status, neighbourhood_key, id);
CREATE INDEX spaces_owner ON spaces (owner_id);

CREATE TABLE space_blocks (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES spaces (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    CHECK (ends_at > starts_at)
);
CREATE INDEX space_blocks_space ON space_blocks (space_id, starts_at);

CREATE TABLE bookings (
    id {{ID}},
    space_id BIGINT NOT NULL REFERENCES spaces (id),
    booker_id BIGINT NOT NULL REFERENCES actors (id),
    initiative_id BIGINT REFERENCES initiatives (id),
    purpose TEXT NOT NULL,
    attendees BIGINT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    decided_by BIGINT REFERENCES users (id),
    decided_at BIGINT,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX bookings_space ON bookings (space_id, status, starts_at, ends_at);
CREATE INDEX bookings_booker ON bookings (booker_id, starts_at);
