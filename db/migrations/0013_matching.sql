-- Matching the same person across cases: the index of name keys, which
-- people it holds at which version, and the possible matches found.

-- The blocking keys of each named suspect's name (pairs of consonant
-- skeletons, see matching/names.go). Kept in the transaction that saves the
-- person, so a lookup by key never scans the people table. Derived from a
-- name, so it goes with the person.
CREATE TABLE match_name_keys (
    key       TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (key, person_id)
) WITHOUT ROWID;

CREATE INDEX match_name_keys_by_person ON match_name_keys (person_id);

-- Which version of each person the index holds: people saved by a loader
-- that does not call matching (the demo, an import) are indexed at start.
CREATE TABLE match_indexed (
    person_id INTEGER PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    version   INTEGER NOT NULL
);

-- A possible match between two people of different cases (person_a <
-- person_b, so a pair is recorded once), its score, its reasons (a JSON
-- array of codes, never values), and a supervisor's decision. A confirmed
-- match links the two people as one.
CREATE TABLE matches (
    id           INTEGER PRIMARY KEY,
    person_a     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    person_b     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    reasons      TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
    decided_by   TEXT NOT NULL DEFAULT '',
    decided_unit INTEGER REFERENCES units (id),
    decided_at   DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    CHECK (person_a < person_b),
    CHECK ((status = 'open') = (decided_at IS NULL)),
    UNIQUE (person_a, person_b)
);

CREATE INDEX matches_by_b ON matches (person_b);
CREATE INDEX matches_by_status ON matches (status, id);
