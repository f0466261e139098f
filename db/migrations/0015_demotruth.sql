-- A seizure whose amount was not published, and checks against police
-- databases with their results.

-- Seizures: the reporting often says "cash seized" without an amount
-- (Serbia, Montenegro). Such a seizure is recorded with amount_unknown = 1
-- and no quantity, unit or value: NULL, never 0, so that no sum counts it
-- as nothing and no reader mistakes it for a figure. Its currency may be
-- unknown too. SQLite cannot alter a CHECK, so the table is rebuilt; no
-- trigger, view or foreign key refers to it.
CREATE TABLE seizures_0012 (
    id             INTEGER PRIMARY KEY,
    case_id        INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    operation_id   INTEGER NOT NULL REFERENCES operations (id),
    unit_id        INTEGER NOT NULL REFERENCES units (id),
    kind           TEXT NOT NULL CHECK (kind IN ('cash', 'firearms', 'ammunition', 'drugs', 'phones_devices',
        'vehicles', 'documents', 'other')),
    description    TEXT NOT NULL DEFAULT '',
    quantity       REAL CHECK (quantity > 0),
    unit           TEXT NOT NULL DEFAULT '',
    currency       TEXT NOT NULL DEFAULT '',
    value_usd      REAL CHECK (value_usd >= 0),
    recorded_by    TEXT NOT NULL,
    created_at     DATETIME NOT NULL,
    amount_unknown INTEGER NOT NULL DEFAULT 0 CHECK (amount_unknown IN (0, 1)),
    -- A known amount has its quantity and unit; an unknown one neither,
    -- nor a value in US dollars.
    CHECK ((amount_unknown = 0) = (quantity IS NOT NULL)),
    CHECK (amount_unknown = 0 OR value_usd IS NULL),
    CHECK (amount_unknown = 1 OR unit != ''),
    CHECK (kind != 'cash' OR amount_unknown = 1 OR (length(currency) = 3 AND value_usd IS NOT NULL)),
    CHECK (kind != 'cash' OR currency = '' OR length(currency) = 3)
);

-- Rows are copied as they are (a non-cash seizure keeps its value_usd of
-- 0, which every reader ignores for non-cash).
INSERT INTO seizures_0012 (id, case_id, operation_id, unit_id, kind, description, quantity, unit,
    currency, value_usd, recorded_by, created_at, amount_unknown)
SELECT id, case_id, operation_id, unit_id, kind, description, quantity, unit, currency, value_usd,
    recorded_by, created_at, 0
FROM seizures;

DROP TABLE seizures;
ALTER TABLE seizures_0012 RENAME TO seizures;
CREATE INDEX seizures_by_case ON seizures (case_id);
CREATE INDEX seizures_by_kind ON seizures (operation_id, unit_id, kind, quantity, value_usd);

-- A demo operation: its records are partly generated (cases that carry the
-- published totals, the split of the daily returns). Every page of it and
-- every export of it says so.
ALTER TABLE operations ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));

-- A check of a person, a document or a vehicle against a named police
-- database, and its result. What was checked is pointed at, never copied:
-- a person found in the case (person_id), one of their identifiers
-- (identifier_id: a document, or a vehicle's plate), or a seized vehicle
-- (seizure_id). A hit is a lead and carries the database's reference for
-- the record it matched; it shows on the case, in the OCU's attention list
-- and on the dashboards.
CREATE TABLE database_checks (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    operation_id  INTEGER NOT NULL REFERENCES operations (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    subject       TEXT NOT NULL CHECK (subject IN ('person', 'document', 'vehicle')),
    person_id     INTEGER REFERENCES people (id) ON DELETE CASCADE,
    identifier_id INTEGER REFERENCES person_identifiers (id) ON DELETE CASCADE,
    seizure_id    INTEGER REFERENCES seizures (id) ON DELETE CASCADE,
    database      TEXT NOT NULL CHECK (database IN ('nominal', 'sltd', 'smv', 'fingerprints', 'faces', 'firearms')),
    result        TEXT NOT NULL CHECK (result IN ('no_hit', 'hit')),
    hit_reference TEXT NOT NULL DEFAULT '' CHECK (length(hit_reference) <= 100),
    checked_by    TEXT NOT NULL,
    checked_at    DATETIME NOT NULL,
    created_at    DATETIME NOT NULL,
    CHECK ((result = 'hit') = (hit_reference != '')),
    CHECK (subject != 'person' OR (person_id IS NOT NULL AND identifier_id IS NULL AND seizure_id IS NULL)),
    CHECK (subject != 'document' OR (identifier_id IS NOT NULL AND seizure_id IS NULL)),
    CHECK (subject != 'vehicle' OR ((identifier_id IS NULL) != (seizure_id IS NULL)))
);

CREATE INDEX database_checks_by_case ON database_checks (case_id, id);
CREATE INDEX database_checks_hits ON database_checks (operation_id, unit_id, database) WHERE result = 'hit';
