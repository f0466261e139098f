-- Threads between cases: links between two cases, partner countries whose
-- officers contribute to a case, and criminal groups (networks) with their
-- cases and suspects across countries and OCUs.

-- A link between two cases, stored once (case_a < case_b so a pair cannot
-- be linked twice in opposite directions). For "follow_up", case_a and
-- case_b are kept as the user entered them: from_id is the case that
-- follows up on the other. reason is free text shown to readers of both
-- cases; it is never copied into the audit trail.
CREATE TABLE case_links (
    id         INTEGER PRIMARY KEY,
    case_a     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    case_b     INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('same_network', 'joint_investigation', 'follow_up', 'duplicate')),
    reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    linked_by  TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    CHECK (case_a < case_b),
    CHECK (from_id IN (case_a, case_b)),
    UNIQUE (case_a, case_b)
);

CREATE INDEX case_links_by_b ON case_links (case_b);

-- A partner country of a case: its officers read the case and contribute
-- people, screening and seizures to it (access.go's case scope).
CREATE TABLE case_partners (
    case_id      INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    country_iso2 TEXT NOT NULL REFERENCES countries (iso2),
    added_by     TEXT NOT NULL,
    added_at     DATETIME NOT NULL,
    PRIMARY KEY (case_id, country_iso2)
) WITHOUT ROWID;

CREATE INDEX case_partners_by_country ON case_partners (country_iso2, case_id);

-- A criminal group (network) followed across cases, countries and OCUs.
CREATE TABLE criminal_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    summary     TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 2000),
    created_by  TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE UNIQUE INDEX criminal_groups_by_name ON criminal_groups (name COLLATE NOCASE);

CREATE TABLE group_cases (
    group_id INTEGER NOT NULL REFERENCES criminal_groups (id) ON DELETE CASCADE,
    case_id  INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    added_by TEXT NOT NULL,
    added_at DATETIME NOT NULL,
    PRIMARY KEY (group_id, case_id)
) WITHOUT ROWID;

CREATE INDEX group_cases_by_case ON group_cases (case_id, group_id);

-- Suspects named as members of a group. Only suspects: a victim is never a
-- member of the network that exploited them.
CREATE TABLE group_people (
    group_id  INTEGER NOT NULL REFERENCES criminal_groups (id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    added_by  TEXT NOT NULL,
    added_at  DATETIME NOT NULL,
    PRIMARY KEY (group_id, person_id)
) WITHOUT ROWID;

CREATE INDEX group_people_by_person ON group_people (person_id, group_id);

CREATE TRIGGER group_people_only_suspects BEFORE INSERT ON group_people
WHEN (SELECT outcome FROM people WHERE id = NEW.person_id) != 'suspect'
BEGIN
    SELECT RAISE(ABORT, 'only suspects are members of a group');
END;
