-- Identifiers people carry (documents, phone numbers, vehicle plates,
-- aliases), the keys cross-border matching looks people up by, and alerts:
-- what ocu tells a country's officers or an OCU's supervisors (a located
-- subject of their notice, a possible match, a hit).

-- An identifier on a person found in a case. value is as entered;
-- normalized is the key matching compares (E.164 for a phone number, upper
-- case letters and digits for a document number or a plate, a folded form
-- for an alias). case_id and unit_id are the person's, copied so that a
-- lookup by key can be scoped without joining people and cases.
-- Only suspects carry phones, plates and aliases; a potential victim may
-- carry a document number (to find a missing person) and nothing that
-- names them. The trigger below makes that a rule of the database too.
CREATE TABLE person_identifiers (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    kind       TEXT NOT NULL CHECK (kind IN ('document', 'phone', 'plate', 'alias')),
    doc_type   TEXT NOT NULL DEFAULT '',
    country    TEXT NOT NULL DEFAULT '',
    value      TEXT NOT NULL CHECK (length(value) BETWEEN 1 AND 200),
    normalized TEXT NOT NULL CHECK (length(normalized) BETWEEN 1 AND 200),
    added_by   TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    CHECK (kind != 'document' OR doc_type != ''),
    CHECK (kind != 'alias' OR country = ''),
    UNIQUE (person_id, kind, country, normalized)
);

CREATE INDEX person_identifiers_by_key ON person_identifiers (kind, normalized);
CREATE INDEX person_identifiers_by_person ON person_identifiers (person_id);

CREATE TRIGGER person_identifiers_only_suspects_named BEFORE INSERT ON person_identifiers
WHEN NEW.kind != 'document' AND (SELECT outcome FROM people WHERE id = NEW.person_id) != 'suspect'
BEGIN
    SELECT RAISE(ABORT, 'only suspects carry phones, plates and aliases');
END;

-- Something ocu tells a country's officers (country_iso2) or an OCU's
-- supervisors (unit_id), or both. subject names what it is about the way
-- the audit trail does (case:LIB2-MNL-0007, person:LIB2-MNL-0007-P003,
-- match:12); details hold codes and counts only, never a name or a
-- number a person carries, so an alert can be shown to everyone it is for
-- without disclosing what their scope does not cover.
CREATE TABLE alerts (
    id           INTEGER PRIMARY KEY,
    operation_id INTEGER REFERENCES operations (id),
    unit_id      INTEGER REFERENCES units (id),
    country_iso2 TEXT REFERENCES countries (iso2),
    kind         TEXT NOT NULL,
    subject      TEXT NOT NULL,
    details      TEXT NOT NULL DEFAULT '{}',
    created_at   DATETIME NOT NULL,
    CHECK (unit_id IS NOT NULL OR country_iso2 IS NOT NULL)
);

CREATE INDEX alerts_by_unit ON alerts (unit_id, id) WHERE unit_id IS NOT NULL;
CREATE INDEX alerts_by_country ON alerts (country_iso2, id) WHERE country_iso2 IS NOT NULL;

-- Who has seen which alert, so that each user's count of new ones is theirs.
CREATE TABLE alert_reads (
    alert_id INTEGER NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    read_at  DATETIME NOT NULL,
    PRIMARY KEY (user_id, alert_id)
) WITHOUT ROWID;
