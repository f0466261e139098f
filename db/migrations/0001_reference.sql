-- Reference data: countries (ISO 3166-1), operations, the operational
-- coordination units (OCUs) and which country reports to which OCU during an
-- operation. Dates are ISO 8601 text; timestamps are UTC.

CREATE TABLE countries (
    iso2 TEXT PRIMARY KEY CHECK (length(iso2) = 2 AND iso2 = upper(iso2)),
    iso3 TEXT NOT NULL UNIQUE CHECK (length(iso3) = 3),
    name TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE units (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 8),
    city         TEXT NOT NULL,
    host_country TEXT NOT NULL REFERENCES countries (iso2),
    time_zone    TEXT NOT NULL
);

CREATE TABLE operations (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 12),
    name       TEXT NOT NULL,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL CHECK (last_day >= first_day),
    created_at DATETIME NOT NULL
);

-- One row per participating country and operation: the OCU it reports to
-- and whether its officers sit in the room or join online.
CREATE TABLE attachments (
    operation_id INTEGER NOT NULL REFERENCES operations (id),
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    mode         TEXT NOT NULL DEFAULT 'in_person' CHECK (mode IN ('in_person', 'online')),
    PRIMARY KEY (operation_id, country_iso2)
) WITHOUT ROWID;

CREATE INDEX attachments_by_unit ON attachments (operation_id, unit_id);
