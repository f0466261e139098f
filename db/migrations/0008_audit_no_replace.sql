-- The audit trail refuses REPLACE INTO, INSERT OR REPLACE and every other
-- insert that would take the place of an existing entry.
--
-- Migration 0004's triggers refuse UPDATE and DELETE. But when an INSERT
-- with the REPLACE conflict resolution meets an id already taken, SQLite
-- deletes the old row without firing DELETE triggers (unless the
-- connection has turned on recursive_triggers), and writes the new row in
-- its place: an entry rewritten with the triggers in place. An UPSERT (ON
-- CONFLICT DO UPDATE) would fire the UPDATE trigger and be refused, and
-- INSERT OR IGNORE changes nothing, but all three are refused here before
-- any conflict is looked at.
--
-- ocu never gives an id: SQLite assigns the next one, and NEW.id is then
-- -1 in a BEFORE INSERT trigger. So an entry may only be appended: an id
-- given explicitly must be free and after the last one. The id is the
-- table's only unique key (TestAuditLogHasNoOtherUniqueKey), so no other
-- conflict can make REPLACE delete a row.
CREATE TRIGGER audit_log_append_only BEFORE INSERT ON audit_log
WHEN EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
  OR (NEW.id <> -1 AND NEW.id <= (SELECT MAX(id) FROM audit_log))
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an entry can only be added after the last one, never in place of one');
END;
