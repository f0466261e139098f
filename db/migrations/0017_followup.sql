-- After the operation week (issue 15, point 6): the follow-up period, the
-- prosecutions of referred suspects, and the operation's final results.

-- The last day of the follow-up period ('' when the operation has none).
-- A case whose raid falls after the last operational day, up to this day,
-- is a follow-up case: its figures are follow-up results.
ALTER TABLE operations ADD COLUMN followup_until TEXT NOT NULL DEFAULT '';

-- What happened to a referred suspect after the week: a later arrest, and
-- the prosecution's steps. One row per suspect and kind: each happens once.
-- Only codes and a date: nothing personal beyond the person's row.
CREATE TABLE prosecution_events (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    case_id     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('arrested', 'charged', 'convicted', 'acquitted', 'dropped')),
    day         TEXT NOT NULL CHECK (length(day) = 10),
    recorded_by TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    UNIQUE (person_id, kind)
);

CREATE INDEX prosecution_events_by_case ON prosecution_events (case_id, kind);

-- An operation's results declared final by a coordinator: the figures as
-- published then (JSON, by scope and measure), kept as they were. Later
-- changes to the records show as amendments against them, never by
-- rewriting this row.
CREATE TABLE operation_results (
    operation_id INTEGER PRIMARY KEY REFERENCES operations (id),
    finalised_by TEXT NOT NULL,
    finalised_at DATETIME NOT NULL,
    figures      TEXT NOT NULL
);
