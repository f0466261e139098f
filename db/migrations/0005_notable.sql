-- Cases a supervisor marks as notable, for the debrief report.
ALTER TABLE cases ADD COLUMN notable INTEGER NOT NULL DEFAULT 0 CHECK (notable IN (0, 1));
ALTER TABLE cases ADD COLUMN notable_note TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_notable ON cases (operation_id, unit_id) WHERE notable = 1;
