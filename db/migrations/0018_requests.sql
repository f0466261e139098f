-- Requests between countries and OCUs about a case, their thread, and the
-- items they concern; proposals to move a case to another OCU.

-- A request from one side of a case (a country's officer, or an OCU's
-- supervisor) to another country (its officers) or another OCU (its
-- supervisors). to_unit is always set: for a country it is the OCU that
-- country reports to in the case's operation, whose supervisors the
-- request is escalated to. with_identities says the sender could see the
-- suspects' names and so the extract carries them.
CREATE TABLE requests (
    id              INTEGER PRIMARY KEY,
    operation_id    INTEGER NOT NULL REFERENCES operations (id),
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_unit       INTEGER NOT NULL REFERENCES units (id),
    from_country    TEXT REFERENCES countries (iso2),
    to_unit         INTEGER NOT NULL REFERENCES units (id),
    to_country      TEXT REFERENCES countries (iso2),
    subject         TEXT NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
    question        TEXT NOT NULL CHECK (length(question) BETWEEN 1 AND 4000),
    priority        TEXT NOT NULL CHECK (priority IN ('routine', 'urgent', 'immediate')),
    due_at          DATETIME NOT NULL,
    status          TEXT NOT NULL DEFAULT 'sent'
        CHECK (status IN ('sent', 'acknowledged', 'answered', 'closed', 'declined')),
    decline_reason  TEXT NOT NULL DEFAULT '',
    origin          TEXT NOT NULL DEFAULT '',
    with_identities INTEGER NOT NULL DEFAULT 0 CHECK (with_identities IN (0, 1)),
    escalated_at    DATETIME,
    sent_by         TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (status != 'declined' OR decline_reason != '')
);

CREATE INDEX requests_by_case ON requests (case_id, id);
CREATE INDEX requests_to_country ON requests (to_country, status) WHERE to_country IS NOT NULL;
CREATE INDEX requests_to_unit ON requests (to_unit, status);
CREATE INDEX requests_from_unit ON requests (from_unit, status);
-- The escalation job reads only open requests not yet escalated.
CREATE INDEX requests_due ON requests (due_at) WHERE escalated_at IS NULL AND status IN ('sent', 'acknowledged');

-- The items a request concerns: people, identifiers, seizures of its case.
-- The recipient sees these, read-only, and nothing else of the case.
CREATE TABLE request_items (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('person', 'identifier', 'seizure')),
    item_id    INTEGER NOT NULL,
    PRIMARY KEY (request_id, kind, item_id)
) WITHOUT ROWID;

-- The thread and history of a request: the question, replies, and each
-- step (acknowledged, answered, closed, declined, escalated).
CREATE TABLE request_messages (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    side       TEXT NOT NULL CHECK (side IN ('sender', 'recipient', 'ocu')),
    kind       TEXT NOT NULL CHECK (kind IN ('question', 'reply', 'acknowledge', 'answer', 'close', 'decline', 'escalate')),
    body       TEXT NOT NULL DEFAULT '' CHECK (length(body) <= 4000),
    author     TEXT NOT NULL,
    at         DATETIME NOT NULL
);

CREATE INDEX request_messages_by_request ON request_messages (request_id, id);

-- A proposal to move a case to another OCU, and the receiving OCU's
-- decision. At most one open proposal per case.
CREATE TABLE case_transfers (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_unit       INTEGER NOT NULL REFERENCES units (id),
    to_unit         INTEGER NOT NULL REFERENCES units (id),
    reason          TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    status          TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
    decision_reason TEXT NOT NULL DEFAULT '' CHECK (length(decision_reason) <= 1000),
    proposed_by     TEXT NOT NULL,
    decided_by      TEXT NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL,
    decided_at      DATETIME,
    CHECK (from_unit != to_unit),
    CHECK ((status = 'proposed') = (decided_at IS NULL)),
    CHECK (status != 'rejected' OR decision_reason != '')
);

CREATE UNIQUE INDEX case_transfers_one_open ON case_transfers (case_id) WHERE status = 'proposed';
CREATE INDEX case_transfers_to_unit ON case_transfers (to_unit, status);
