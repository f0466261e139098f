package audit

import (
	"strings"
	"testing"
)

// TestTrailRefusesEveryRewrite tries, through the real database, each SQL
// statement that could put a new row in place of an entry or change one:
// all are refused, the trail is as it was, and appends carry on.
func TestTrailRefusesEveryRewrite(t *testing.T) {
	d := trail(t, 3)
	before := rows(t, d)
	const cols = "(id, at, user_id, username, address, action, subject, details, prev_hash, hash)"
	// A forged entry 2: same id, other content, and a hash that would
	// pass a check of its own content.
	forged := before[1]
	forged.Details = `{"changed":["title"]}`
	forged.Hash = chainHash(forged.PrevHash, &forged)
	vals := []any{forged.ID, forged.At, forged.UserID, forged.Username, forged.Address, forged.Action, forged.Subject, forged.Details, forged.PrevHash, forged.Hash}
	const q = "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

	for name, sql := range map[string]string{
		"REPLACE INTO":               "REPLACE INTO audit_log " + cols + " " + q,
		"INSERT OR REPLACE":          "INSERT OR REPLACE INTO audit_log " + cols + " " + q,
		"INSERT OR IGNORE":           "INSERT OR IGNORE INTO audit_log " + cols + " " + q,
		"UPSERT":                     "INSERT INTO audit_log " + cols + " " + q + " ON CONFLICT (id) DO UPDATE SET details = excluded.details, hash = excluded.hash",
		"UPSERT DO NOTHING":          "INSERT INTO audit_log " + cols + " " + q + " ON CONFLICT DO NOTHING",
		"plain INSERT of a taken id": "INSERT INTO audit_log " + cols + " " + q,
		"INSERT OR REPLACE by rowid": "INSERT OR REPLACE INTO audit_log (rowid, at, user_id, username, address, action, subject, details, prev_hash, hash) " + q,
	} {
		err := d.Write.Exec(sql, vals...).Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Moving an entry by id, or rewriting one, stays refused by 0004.
	for name, sql := range map[string]string{
		"UPDATE OR REPLACE of the id": "UPDATE OR REPLACE audit_log SET id = 2 WHERE id = 3",
		"UPDATE":                      "UPDATE audit_log SET details = '{}' WHERE id = 2",
		"DELETE":                      "DELETE FROM audit_log WHERE id = 3",
	} {
		if err := d.Write.Exec(sql).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Even with recursive triggers on, where REPLACE's delete would fire
	// the DELETE trigger, the insert trigger refuses first.
	if err := d.Write.Exec("PRAGMA recursive_triggers = ON").Error; err != nil {
		t.Fatal(err)
	}
	err := d.Write.Exec("REPLACE INTO audit_log "+cols+" "+q, vals...).Error
	d.Write.Exec("PRAGMA recursive_triggers = OFF")
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("REPLACE with recursive triggers: %v", err)
	}
	// An entry slipped in before the last one, at an id that was never
	// used: refused too.
	if err := d.Write.Exec("INSERT INTO audit_log "+cols+" "+q, append([]any{int64(0)}, vals[1:]...)...).Error; err == nil {
		t.Error("an insert before the first entry was accepted")
	}

	after := rows(t, d)
	if len(after) != len(before) {
		t.Fatalf("%d entries, was %d", len(after), len(before))
	}
	for i := range before {
		if after[i] != before[i] {
			t.Errorf("entry %d changed:\n%+v\n%+v", before[i].ID, before[i], after[i])
		}
	}
	// ocu's own appends go on, and the chain holds.
	record(t, d, as(jdoe), Entry{Action: "case.create", Subject: "case:LIB2-MNL-0009"})
	if res := verify(t, d); !res.Intact() || res.Entries != 4 {
		t.Errorf("verify after the attempts: %+v", res)
	}
	// An id given explicitly after the last one is an append like any.
	next := rows(t, d)[3]
	next.ID, next.PrevHash = 10, next.Hash
	next.Hash = chainHash(next.PrevHash, &next)
	if err := d.Write.Exec("INSERT INTO audit_log "+cols+" "+q, next.ID, next.At, next.UserID, next.Username, next.Address,
		next.Action, next.Subject, next.Details, next.PrevHash, next.Hash).Error; err != nil {
		t.Errorf("append with an explicit id after the last: %v", err)
	}
	if res := verify(t, d); !res.Intact() || res.Entries != 5 {
		t.Errorf("verify: %+v", res)
	}
}

// TestAuditLogHasNoOtherUniqueKey pins what migration 0008 relies on: the
// id is the trail's only unique key, so REPLACE can only conflict on it. A
// unique index added later must extend the trigger to its columns.
func TestAuditLogHasNoOtherUniqueKey(t *testing.T) {
	d := trail(t, 0)
	var unique []string
	if err := d.Read.Raw("SELECT name FROM pragma_index_list('audit_log') WHERE \"unique\" = 1").Scan(&unique).Error; err != nil {
		t.Fatal(err)
	}
	if len(unique) != 0 {
		t.Errorf("audit_log has unique indexes %v: make audit_log_append_only refuse conflicts on them", unique)
	}
}
