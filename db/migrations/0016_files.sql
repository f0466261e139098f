-- Evidence files (photos, scans, PDFs) attached to a case or, later, to a
-- request between countries. The bytes live outside the database, in the
-- files directory, named by their SHA-256 (files/blobs.go); a row says who
-- holds which file under which name. The owner is a kind and an id rather
-- than a foreign key so one table serves every kind of record that takes
-- files: who may see a file is who may see its owner (files/owner.go).
CREATE TABLE evidence_files (
    id           INTEGER PRIMARY KEY,
    owner_kind   TEXT NOT NULL CHECK (owner_kind IN ('case', 'request')),
    owner_id     INTEGER NOT NULL CHECK (owner_id > 0),
    sha256       TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    uploaded_by  TEXT NOT NULL,
    uploaded_at  DATETIME NOT NULL
);

-- A record's files, in the order they came.
CREATE INDEX evidence_files_owner ON evidence_files (owner_kind, owner_id, id);
