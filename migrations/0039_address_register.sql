-- The official address register: every access address (a house number's entrance) by its id in
-- the Danish address register, with its street, number, postcode, town and place (WGS84, in
-- millionths of a degree). `lookup` is the entrance as people type it, normalised
-- (`addresses::model::entrance_key`). An import replaces the whole register in one transaction.
CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    street TEXT NOT NULL,
    house_number TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    lookup TEXT NOT NULL,
    latitude_e6 BIGINT,
    longitude_e6 BIGINT
){{WITHOUT_ROWID}};
CREATE INDEX addresses_lookup ON addresses (lookup);
CREATE INDEX addresses_place ON addresses (latitude_e6, longitude_e6);

-- What a database held before keeps working: its addresses, keyed by their typed entrance, as
-- orders placed so far name their household.
INSERT INTO addresses (id, street, house_number, postcode, city, lookup, latitude_e6, longitude_e6)
SELECT household, street, house_number, postcode, city, household, latitude_e6, longitude_e6
FROM access_addresses;
DROP TABLE access_addresses;
