-- Events: a gathering, part of an initiative or standalone, with a programme, sign-ups against a
-- capacity with a waiting list, and limited items ordered per household.
-- Times are Unix seconds. Sign-ups and orders carry `accepted_order`, the position in which the
-- server accepted them: it is taken from a counter on the event's (or item's) row while that row
-- is locked, so it is gap-free, unique and follows commit order on both engines.

CREATE TABLE events (
    id {{ID}},
    initiative_id BIGINT REFERENCES initiatives (id),
    organiser_id BIGINT NOT NULL REFERENCES actors (id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    latitude_e6 BIGINT,
    longitude_e6 BIGINT,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    -- Places for sign-ups; NULL when anyone may come without signing up for a place.
    capacity BIGINT,
    -- Participants may cancel until then; NULL means until the event starts.
    cancel_until BIGINT,
    status TEXT NOT NULL,
    confirmed_count BIGINT NOT NULL DEFAULT 0,
    signups_accepted BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    CHECK (ends_at > starts_at),
    CHECK (capacity IS NULL OR (capacity >= 0 AND confirmed_count <= capacity))
);
CREATE INDEX events_upcoming ON events (status, ends_at, starts_at, id);
CREATE INDEX events_initiative ON events (initiative_id, starts_at);

CREATE TABLE programme_items (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events (id),
    starts_at BIGINT NOT NULL,
    ends_at BIGINT,
    title TEXT NOT NULL,
    place TEXT NOT NULL DEFAULT ''
);
CREATE INDEX programme_items_event ON programme_items (event_id, starts_at, id);

CREATE TABLE event_signups (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events (id),
    person_id BIGINT NOT NULL REFERENCES actors (id),
    status TEXT NOT NULL,
    accepted_order BIGINT NOT NULL,
    signed_up_at BIGINT NOT NULL,
    promoted_at BIGINT,
    cancelled_at BIGINT,
    checked_in_at BIGINT,
    UNIQUE (event_id, accepted_order)
);
-- One live sign-up per person and event, whatever the timing of requests.
CREATE UNIQUE INDEX event_signups_live ON event_signups (event_id, person_id) WHERE status <> 'cancelled';
CREATE INDEX event_signups_queue ON event_signups (event_id, status, accepted_order);
CREATE INDEX event_signups_person ON event_signups (person_id, status);

CREATE TABLE event_items (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events (id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- In øre; paid on site, recorded at hand-out.
    price_ore BIGINT NOT NULL DEFAULT 0,
    stock BIGINT NOT NULL,
    remaining BIGINT NOT NULL,
    -- At most this many per household (a building entrance: the address without floor and door).
    household_limit BIGINT,
    orders_accepted BIGINT NOT NULL DEFAULT 0,
    CHECK (remaining >= 0 AND remaining <= stock)
);
CREATE INDEX event_items_event ON event_items (event_id, id);

CREATE TABLE item_orders (
    id {{ID}},
    item_id BIGINT NOT NULL REFERENCES event_items (id),
    event_id BIGINT NOT NULL REFERENCES events (id),
    person_id BIGINT NOT NULL REFERENCES actors (id),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    address TEXT NOT NULL,
    household TEXT NOT NULL,
    status TEXT NOT NULL,
    accepted_order BIGINT NOT NULL,
    ordered_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    handed_out_at BIGINT,
    paid_ore BIGINT,
    UNIQUE (item_id, accepted_order)
);
CREATE INDEX item_orders_household ON item_orders (item_id, household, status);
CREATE INDEX item_orders_event ON item_orders (event_id, status, accepted_order);
CREATE INDEX item_orders_person ON item_orders (person_id, status);

-- The municipality's access addresses (street, house number, postcode), keyed like households.
-- Where a postcode has addresses here, an order's address must be one of them.
CREATE TABLE access_addresses (
    household TEXT PRIMARY KEY,
    street TEXT NOT NULL,
    house_number TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL DEFAULT ''
){{WITHOUT_ROWID}};
CREATE INDEX access_addresses_postcode ON access_addresses (postcode);

-- The secret address of a person's calendar feed; a new one replaces the old.
CREATE TABLE calendar_feeds (
    user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
