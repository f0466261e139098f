-- Accounts, sessions, API tokens, sign-in throttling, case sharing between
-- OCUs, and the tamper-evident audit trail.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'coordinator', 'admin')),
    unit_id       INTEGER REFERENCES units (id),
    country_iso2  TEXT REFERENCES countries (iso2),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    -- An officer belongs to a country and its OCU, a supervisor to an OCU;
    -- coordinators and administrators to neither.
    CHECK ((role = 'officer' AND unit_id IS NOT NULL AND country_iso2 IS NOT NULL)
        OR (role = 'supervisor' AND unit_id IS NOT NULL AND country_iso2 IS NULL)
        OR (role IN ('coordinator', 'admin') AND unit_id IS NULL AND country_iso2 IS NULL))
);

-- A signed-in browser. Only a hash of the cookie's token is stored, so a
-- copy of the database signs nobody in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    last_seen_at DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Failed sign-ins per account and per address: slowed, then locked out.
CREATE TABLE signin_failures (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    last_failure DATETIME NOT NULL,
    locked_until DATETIME
) WITHOUT ROWID;

-- A case shared with another OCU, whose users may then read it.
CREATE TABLE case_shares (
    case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    unit_id   INTEGER NOT NULL REFERENCES units (id),
    shared_by TEXT NOT NULL,
    shared_at DATETIME NOT NULL,
    PRIMARY KEY (case_id, unit_id)
) WITHOUT ROWID;

CREATE INDEX case_shares_by_unit ON case_shares (unit_id, case_id);

-- The audit trail: append-only, each entry hashed together with the hash
-- of the entry before it, so an edited or removed row breaks the chain.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        DATETIME NOT NULL,
    user_id   INTEGER,
    username  TEXT NOT NULL,
    address   TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE INDEX audit_by_action ON audit_log (action, id);
CREATE INDEX audit_by_user ON audit_log (username, id);
CREATE INDEX audit_by_subject ON audit_log (subject, id);

-- Append-only in the database too: ocu never updates or deletes an entry.
-- (Someone with the file can still drop these triggers: the hash chain is
-- what detects that.)
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
