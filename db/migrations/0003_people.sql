-- People found in cases and their screening, suspects' charges, seizures,
-- and each participating country's daily activity returns.

-- Per-case figures, recomputed from the case's people in the same
-- transaction as every change to them, so dashboards sum cases (100,000
-- rows) rather than people (1,000,000). raid_day is the raid's date in the
-- OCU's time zone, the bucket every per-day figure uses; screening_since is
-- when the case last entered screening.
ALTER TABLE cases ADD COLUMN raid_day TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN screening_since DATETIME;
ALTER TABLE cases ADD COLUMN last_person_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN people_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN unscreened INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN potential_victims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN minor_victims INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN irregular_migrants INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN suspects INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN arrests INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN arrests_ht_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN referred_suspects INTEGER NOT NULL DEFAULT 0;

UPDATE cases SET screening_since = (
    SELECT MAX(at) FROM case_transitions t WHERE t.case_id = cases.id AND t.to_status = 'screening'
) WHERE status = 'screening';

-- One pass over this index answers every per-OCU, per-country, per-day and
-- per-status figure of a dashboard.
CREATE INDEX cases_tallies ON cases (operation_id, unit_id, raising_country, raid_day, status,
    people_count, unscreened, potential_victims, minor_victims, irregular_migrants,
    suspects, arrests, arrests_ht_ms, referred_suspects);
CREATE INDEX cases_screening_since ON cases (operation_id, status, screening_since);

-- Forms counted per operation and OCU without joining cases.
ALTER TABLE case_forms ADD COLUMN operation_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE case_forms ADD COLUMN unit_id INTEGER NOT NULL DEFAULT 0;
UPDATE case_forms SET
    operation_id = (SELECT operation_id FROM cases WHERE cases.id = case_forms.case_id),
    unit_id = (SELECT unit_id FROM cases WHERE cases.id = case_forms.case_id);
CREATE INDEX case_forms_by_scope ON case_forms (operation_id, unit_id, form);

-- A person found in a case. Victims and migrants are de-identified by
-- design: a pseudonym, never a name; only suspects may carry a name and a
-- date of birth (the CHECK makes that a rule of the database too).
-- operation_id and unit_id are the case's, copied for the dashboard indexes.
CREATE TABLE people (
    id                    INTEGER PRIMARY KEY,
    case_id               INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    operation_id          INTEGER NOT NULL REFERENCES operations (id),
    unit_id               INTEGER NOT NULL REFERENCES units (id),
    seq                   INTEGER NOT NULL CHECK (seq > 0),
    pseudonym             TEXT NOT NULL UNIQUE,
    outcome               TEXT NOT NULL DEFAULT 'unscreened'
        CHECK (outcome IN ('unscreened', 'potential_victim', 'irregular_migrant', 'suspect', 'other')),
    sex                   TEXT NOT NULL DEFAULT 'unknown' CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    age_band              TEXT NOT NULL DEFAULT 'unknown',
    minor                 INTEGER NOT NULL DEFAULT 0 CHECK (minor IN (0, 1)),
    nationality           TEXT NOT NULL DEFAULT '',
    exploitation          TEXT NOT NULL DEFAULT '',
    assistance_org        TEXT NOT NULL DEFAULT '',
    assistance_date       TEXT NOT NULL DEFAULT '',
    name                  TEXT NOT NULL DEFAULT '',
    birth_date            TEXT NOT NULL DEFAULT '',
    arrested              INTEGER NOT NULL DEFAULT 0 CHECK (arrested IN (0, 1)),
    arrested_at           DATETIME,
    prosecution_authority TEXT NOT NULL DEFAULT '',
    prosecution_ref       TEXT NOT NULL DEFAULT '',
    prosecution_date      TEXT NOT NULL DEFAULT '',
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL,
    UNIQUE (case_id, seq),
    CHECK (outcome = 'suspect' OR (name = '' AND birth_date = '' AND arrested = 0 AND prosecution_ref = ''))
);

CREATE INDEX people_by_case ON people (case_id, outcome);

CREATE TABLE charges (
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    charge    TEXT NOT NULL CHECK (charge IN ('human_trafficking', 'migrant_smuggling', 'drug_trafficking',
        'money_laundering', 'firearms', 'document_fraud', 'other')),
    PRIMARY KEY (person_id, charge)
) WITHOUT ROWID;

CREATE TABLE seizures (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    operation_id INTEGER NOT NULL REFERENCES operations (id),
    unit_id      INTEGER NOT NULL REFERENCES units (id),
    kind         TEXT NOT NULL CHECK (kind IN ('cash', 'firearms', 'ammunition', 'drugs', 'phones_devices',
        'vehicles', 'documents', 'other')),
    description  TEXT NOT NULL DEFAULT '',
    quantity     REAL NOT NULL CHECK (quantity > 0),
    unit         TEXT NOT NULL,
    currency     TEXT NOT NULL DEFAULT '',
    value_usd    REAL NOT NULL DEFAULT 0 CHECK (value_usd >= 0),
    recorded_by  TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    CHECK (kind != 'cash' OR length(currency) = 3)
);

CREATE INDEX seizures_by_case ON seizures (case_id);
CREATE INDEX seizures_by_kind ON seizures (operation_id, unit_id, kind, quantity, value_usd);

-- What each participating country did each day of an operation. One return
-- per country and day; a correction replaces the figures and the replaced
-- ones move to daily_return_history.
CREATE TABLE daily_returns (
    id                INTEGER PRIMARY KEY,
    operation_id      INTEGER NOT NULL,
    country_iso2      TEXT NOT NULL,
    day               TEXT NOT NULL,
    database_checks   INTEGER NOT NULL CHECK (database_checks >= 0),
    flights_monitored INTEGER NOT NULL CHECK (flights_monitored >= 0),
    border_points     INTEGER NOT NULL CHECK (border_points >= 0),
    officers_deployed INTEGER NOT NULL CHECK (officers_deployed >= 0),
    filed_by          TEXT NOT NULL,
    filed_at          DATETIME NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (operation_id, country_iso2, day),
    FOREIGN KEY (operation_id, country_iso2) REFERENCES attachments (operation_id, country_iso2)
);

CREATE TABLE daily_return_history (
    id                INTEGER PRIMARY KEY,
    return_id         INTEGER NOT NULL REFERENCES daily_returns (id) ON DELETE CASCADE,
    version           INTEGER NOT NULL,
    database_checks   INTEGER NOT NULL,
    flights_monitored INTEGER NOT NULL,
    border_points     INTEGER NOT NULL,
    officers_deployed INTEGER NOT NULL,
    filed_by          TEXT NOT NULL,
    filed_at          DATETIME NOT NULL,
    replaced_at       DATETIME NOT NULL
);

CREATE INDEX daily_return_history_by_return ON daily_return_history (return_id, version);

-- Aggregates the dashboards read, kept by triggers in the same transaction
-- as every change to people and case forms, whatever code makes it. They
-- turn "victims by nationality" from a scan of every victim into a read of
-- a few hundred rows.
CREATE TABLE people_tallies (
    operation_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    outcome      TEXT NOT NULL,
    nationality  TEXT NOT NULL,
    exploitation TEXT NOT NULL,
    minor        INTEGER NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (operation_id, unit_id, outcome, nationality, exploitation, minor)
) WITHOUT ROWID;

CREATE TRIGGER people_tallies_insert AFTER INSERT ON people BEGIN
    INSERT INTO people_tallies (operation_id, unit_id, outcome, nationality, exploitation, minor, n)
    VALUES (NEW.operation_id, NEW.unit_id, NEW.outcome, NEW.nationality, NEW.exploitation, NEW.minor, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER people_tallies_delete AFTER DELETE ON people BEGIN
    UPDATE people_tallies SET n = n - 1
    WHERE operation_id = OLD.operation_id AND unit_id = OLD.unit_id AND outcome = OLD.outcome
      AND nationality = OLD.nationality AND exploitation = OLD.exploitation AND minor = OLD.minor;
END;

CREATE TRIGGER people_tallies_update AFTER UPDATE OF operation_id, unit_id, outcome, nationality, exploitation, minor ON people BEGIN
    UPDATE people_tallies SET n = n - 1
    WHERE operation_id = OLD.operation_id AND unit_id = OLD.unit_id AND outcome = OLD.outcome
      AND nationality = OLD.nationality AND exploitation = OLD.exploitation AND minor = OLD.minor;
    INSERT INTO people_tallies (operation_id, unit_id, outcome, nationality, exploitation, minor, n)
    VALUES (NEW.operation_id, NEW.unit_id, NEW.outcome, NEW.nationality, NEW.exploitation, NEW.minor, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TABLE form_tallies (
    operation_id INTEGER NOT NULL,
    unit_id      INTEGER NOT NULL,
    form         TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (operation_id, unit_id, form)
) WITHOUT ROWID;

INSERT INTO form_tallies (operation_id, unit_id, form, n)
    SELECT operation_id, unit_id, form, COUNT(*) FROM case_forms GROUP BY operation_id, unit_id, form;

CREATE TRIGGER form_tallies_insert AFTER INSERT ON case_forms BEGIN
    INSERT INTO form_tallies (operation_id, unit_id, form, n) VALUES (NEW.operation_id, NEW.unit_id, NEW.form, 1)
    ON CONFLICT DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER form_tallies_delete AFTER DELETE ON case_forms BEGIN
    UPDATE form_tallies SET n = n - 1
    WHERE operation_id = OLD.operation_id AND unit_id = OLD.unit_id AND form = OLD.form;
END;

-- The attention list's "most people unscreened": only open cases with
-- someone waiting are in this index.
CREATE INDEX cases_unscreened ON cases (operation_id, unscreened, unit_id) WHERE unscreened > 0 AND status != 'closed';
