-- Cases, their forms of exploitation and linked countries, the per-OCU
-- reference counters and the status history.

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    operation_id    INTEGER NOT NULL REFERENCES operations (id),
    unit_id         INTEGER NOT NULL REFERENCES units (id),
    seq             INTEGER NOT NULL CHECK (seq > 0),
    reference       TEXT NOT NULL UNIQUE,
    raising_country TEXT NOT NULL REFERENCES countries (iso2),
    title           TEXT NOT NULL,
    summary         TEXT NOT NULL DEFAULT '',
    place           TEXT NOT NULL,
    country_iso2    TEXT NOT NULL REFERENCES countries (iso2),
    raid_at         DATETIME NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('raid', 'screening', 'referred', 'closed')),
    raised_by       TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    UNIQUE (operation_id, unit_id, seq)
);

-- The case list filters by operation, then OCU / country / status, and sorts
-- by raid time or reference; these cover the common shapes.
CREATE INDEX cases_by_unit_status ON cases (operation_id, unit_id, status, raid_at);
CREATE INDEX cases_by_raid ON cases (operation_id, raid_at);
CREATE INDEX cases_by_country ON cases (operation_id, raising_country, raid_at);
CREATE INDEX cases_by_status ON cases (operation_id, status, raid_at);
CREATE INDEX cases_by_updated ON cases (operation_id, updated_at);

-- References are handed out from here, never from MAX(seq), so a number is
-- never reused even if a case were ever removed.
CREATE TABLE case_sequences (
    operation_id INTEGER NOT NULL REFERENCES operations (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    last_seq     INTEGER NOT NULL,
    PRIMARY KEY (operation_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE case_forms (
    case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    form    TEXT NOT NULL,
    PRIMARY KEY (case_id, form)
) WITHOUT ROWID;

CREATE INDEX case_forms_by_form ON case_forms (form, case_id);

CREATE TABLE case_countries (
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2),
    role         TEXT NOT NULL CHECK (role IN ('origin', 'transit', 'destination')),
    PRIMARY KEY (case_id, role, country_iso2)
) WITHOUT ROWID;

CREATE TABLE case_transitions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    actor       TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    at          DATETIME NOT NULL
);

CREATE INDEX case_transitions_by_case ON case_transitions (case_id, id);
