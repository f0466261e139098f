-- INTERPOL notices and diffusions: on a person found in a case (the person
-- is located, and the notice's issuing country is told), or on the
-- operation (a warning every user sees, such as an Orange Notice; a Yellow
-- Notice for a missing person, with the document number ocu looks for
-- among potential victims).
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    operation_id    INTEGER NOT NULL REFERENCES operations (id),
    person_id       INTEGER REFERENCES people (id) ON DELETE CASCADE,
    case_id         INTEGER REFERENCES cases (id) ON DELETE CASCADE,
    colour          TEXT NOT NULL CHECK (colour IN ('red', 'yellow', 'blue', 'green', 'black', 'orange', 'purple', 'un_special', 'diffusion')),
    control_number  TEXT NOT NULL CHECK (length(control_number) BETWEEN 1 AND 40),
    issuing_country TEXT NOT NULL REFERENCES countries (iso2),
    purpose         TEXT NOT NULL DEFAULT '' CHECK (length(purpose) <= 1000),
    -- A Yellow Notice on the operation may carry the missing person's
    -- document number, normalised as person_identifiers.normalized is.
    document_number TEXT NOT NULL DEFAULT '' CHECK (length(document_number) <= 200),
    added_by        TEXT NOT NULL,
    created_at      DATETIME NOT NULL,
    CHECK ((person_id IS NULL) = (case_id IS NULL)),
    CHECK (document_number = '' OR (person_id IS NULL AND colour = 'yellow'))
);

CREATE UNIQUE INDEX notices_once_per_person ON notices (person_id, colour, control_number) WHERE person_id IS NOT NULL;
CREATE UNIQUE INDEX notices_once_per_operation ON notices (operation_id, colour, control_number) WHERE person_id IS NULL;
CREATE INDEX notices_by_case ON notices (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX notices_missing_documents ON notices (document_number) WHERE document_number != '';

-- A potential victim whose document number is that of a Yellow Notice's
-- missing person: found when either is recorded.
CREATE TABLE notice_matches (
    notice_id     INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    person_id     INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    identifier_id INTEGER NOT NULL REFERENCES person_identifiers (id) ON DELETE CASCADE,
    created_at    DATETIME NOT NULL,
    PRIMARY KEY (notice_id, person_id)
) WITHOUT ROWID;

CREATE INDEX notice_matches_by_person ON notice_matches (person_id);
