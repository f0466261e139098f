package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
)

var jdoe = ocu.Principal{UserID: 7, Username: "jdoe", DisplayName: "J. Doe", Role: ocu.RoleOfficer, Address: "192.0.2.7"}

func as(p ocu.Principal) context.Context { return ocu.WithPrincipal(context.Background(), p) }

// record appends e in a write transaction of its own through Record, as a
// store does alongside the change it records.
func record(t *testing.T, d *db.DB, ctx context.Context, e Entry) {
	t.Helper()
	err := d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return Record(ctx, tx, e) })
	if err != nil {
		t.Fatal(err)
	}
}

func rows(t *testing.T, d *db.DB) []row {
	t.Helper()
	var rs []row
	if err := d.Read.Raw("SELECT * FROM audit_log ORDER BY id").Scan(&rs).Error; err != nil {
		t.Fatal(err)
	}
	return rs
}

func verify(t *testing.T, d *db.DB) Result {
	t.Helper()
	res, err := Verify(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// tamper runs SQL as an attacker holding the database file would: the
// append-only triggers are dropped first, since they refuse any UPDATE or
// DELETE on the trail.
func tamper(t *testing.T, d *db.DB, sql string, args ...any) {
	t.Helper()
	for _, s := range []string{"DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete"} {
		if err := d.Write.Exec(s).Error; err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := d.Write.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// trail appends n entries and returns the database.
func trail(t *testing.T, n int) *db.DB {
	t.Helper()
	d := dbtest.New(t)
	l := &Log{DB: d}
	for i := range n {
		if err := l.Append(as(jdoe), Entry{Action: "case.update", Subject: fmt.Sprintf("case:LIB2-MNL-%04d", i+1),
			Details: map[string]any{"before": map[string]any{"title": "old"}, "after": map[string]any{"title": "new"}}}); err != nil {
			t.Fatal(err)
		}
	}
	return d
}

func TestRecordAndAppend(t *testing.T) {
	d := dbtest.New(t)
	record(t, d, as(jdoe), Entry{Action: "case.create", Subject: "case:LIB2-MNL-0001", Details: map[string]any{"title": "Raid in Pasay", "b": 1, "a": 2}})
	l := &Log{DB: d}
	if err := l.Append(as(jdoe), Entry{Action: "suspect.view", Subject: "person:LIB2-MNL-0001-P001"}); err != nil {
		t.Fatal(err)
	}
	// No principal: a failed sign-in before anyone is known.
	if err := l.Append(context.Background(), Entry{Action: "auth.signin_failed", Subject: "user:nobody"}); err != nil {
		t.Fatal(err)
	}
	if err := l.Append(ocu.SystemContext(context.Background()), Entry{Action: "export"}); err != nil {
		t.Fatal(err)
	}

	rs := rows(t, d)
	if len(rs) != 4 {
		t.Fatalf("%d entries, want 4", len(rs))
	}
	first := rs[0]
	if first.Username != "jdoe" || !first.UserID.Valid || first.UserID.Int64 != 7 || first.Address != "192.0.2.7" ||
		first.Action != "case.create" || first.Subject != "case:LIB2-MNL-0001" {
		t.Errorf("first entry: %+v", first)
	}
	if first.Details != `{"a":2,"b":1,"title":"Raid in Pasay"}` {
		t.Errorf("details stored as %s, want sorted keys, compact", first.Details)
	}
	if first.PrevHash != genesis || len(first.Hash) != 64 || strings.ToLower(first.Hash) != first.Hash {
		t.Errorf("first entry's hashes: prev %s, hash %s", first.PrevHash, first.Hash)
	}
	if rs[1].Details != "null" || rs[1].PrevHash != first.Hash {
		t.Errorf("second entry: details %s, prev %s", rs[1].Details, rs[1].PrevHash)
	}
	if anon := rs[2]; anon.Username != "anonymous" || anon.UserID.Valid || anon.Address != "" {
		t.Errorf("entry without a principal: %+v", anon)
	}
	if sys := rs[3]; sys.Username != "system" || sys.UserID.Valid || sys.Address != "local" {
		t.Errorf("entry by ocu itself: %+v", sys)
	}
	if res := verify(t, d); res != (Result{Entries: 4}) {
		t.Errorf("verify: %+v", res)
	}
}

// TestHashSerialisation pins the documented serialisation, so the trail
// can be re-checked outside ocu: a change here breaks every existing trail.
func TestHashSerialisation(t *testing.T) {
	r := row{
		At:       time.Date(2024, 10, 2, 9, 0, 0, 120000000, time.FixedZone("PHT", 8*3600)),
		UserID:   sql.NullInt64{Int64: 7, Valid: true},
		Username: "jdoe", Address: "192.0.2.7", Action: "case.create", Subject: "case:LIB2-MNL-0001", Details: `{"a":1}`,
	}
	// Computed independently (Python's hashlib) from the package comment:
	// sha256(genesis + "30:2024-10-02T01:00:00.120000000Z,1:7,4:jdoe,9:192.0.2.7,11:case.create,18:case:LIB2-MNL-0001,7:{"a":1},")
	const want = "68c28dcbe8cc97af0ec8d06a7f670148a1e15762a92c381fbc10ac99cad57745"
	got := chainHash(genesis, &r)
	if got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
	// No field boundary can move without changing the hash.
	moved := r
	moved.Username, moved.Address = "jdoe1", "92.0.2.7"
	if chainHash(genesis, &moved) == got {
		t.Error("moving a byte between fields keeps the hash")
	}
}

// TestTimeRoundTrips proves that a time bound as the driver binds it comes
// back from a DATETIME column as the same instant, so the hash of an entry
// read back is the hash computed before it was written.
func TestTimeRoundTrips(t *testing.T) {
	d := dbtest.New(t)
	if err := d.Write.Exec("CREATE TABLE times (id INTEGER PRIMARY KEY, at DATETIME NOT NULL)").Error; err != nil {
		t.Fatal(err)
	}
	times := []time.Time{
		time.Date(2024, 9, 29, 0, 0, 0, 0, time.UTC),                                      // no fraction
		time.Date(2024, 10, 4, 23, 59, 59, 999999999, time.UTC),                           // nanoseconds
		time.Date(2024, 10, 1, 12, 30, 0, 100000000, time.UTC),                            // trailing zeros the driver trims
		time.Date(2024, 10, 1, 20, 30, 0, 123456000, time.FixedZone("PHT", 8*3600)).UTC(), // from another zone
		time.Now().UTC().Truncate(time.Microsecond),
	}
	for i, at := range times {
		if err := d.Write.Exec("INSERT INTO times (id, at) VALUES (?, ?)", i+1, at).Error; err != nil {
			t.Fatal(err)
		}
		var back time.Time
		if err := d.Read.Raw("SELECT at FROM times WHERE id = ?", i+1).Row().Scan(&back); err != nil {
			t.Fatal(err)
		}
		if !back.Equal(at) || back.Location() != time.UTC || back.Format(atLayout) != at.Format(atLayout) {
			t.Errorf("%s came back as %s (%s)", at.Format(atLayout), back.Format(atLayout), back.Location())
		}
	}

	// And through the trail itself: the stored text is the driver's UTC
	// format, and Verify (which re-reads it) agrees with the hash.
	fixed := time.Date(2024, 10, 2, 9, 15, 30, 250000000, time.UTC)
	now = func() time.Time { return fixed }
	defer func() { now = time.Now }()
	record(t, d, as(jdoe), Entry{Action: "case.create"})
	var text string
	if err := d.Read.Raw("SELECT CAST(at AS TEXT) FROM audit_log").Row().Scan(&text); err != nil {
		t.Fatal(err)
	}
	if text != "2024-10-02 09:15:30.25+00:00" {
		t.Errorf("stored at as %q", text)
	}
	if rs := rows(t, d); !rs[0].At.Equal(fixed) || chainHash(rs[0].PrevHash, &rs[0]) != rs[0].Hash {
		t.Errorf("read back at %s; hash recomputes: %v", rs[0].At, chainHash(rs[0].PrevHash, &rs[0]) == rs[0].Hash)
	}
	if res := verify(t, d); res != (Result{Entries: 1}) {
		t.Errorf("verify: %+v", res)
	}
}

func TestRolledBackTransactionLeavesNoEntry(t *testing.T) {
	d := dbtest.New(t)
	refused := errors.New("the change failed")
	err := d.Write.Transaction(func(tx *gorm.DB) error {
		if err := Record(as(jdoe), tx, Entry{Action: "case.create", Subject: "case:LIB2-MNL-0001"}); err != nil {
			return err
		}
		return refused
	})
	if !errors.Is(err, refused) {
		t.Fatalf("transaction: %v", err)
	}
	if rs := rows(t, d); len(rs) != 0 {
		t.Fatalf("%d entries after rollback", len(rs))
	}
	// The chain still starts from the genesis hash.
	record(t, d, as(jdoe), Entry{Action: "case.create"})
	if res := verify(t, d); res != (Result{Entries: 1}) {
		t.Errorf("verify: %+v", res)
	}
}

func TestRecordRefusesWhatItCannotChain(t *testing.T) {
	d := dbtest.New(t)
	if err := Record(as(jdoe), d.Write, Entry{Action: "case.create"}); err == nil {
		t.Error("Record outside a transaction: no error")
	}
	err := d.Write.Transaction(func(tx *gorm.DB) error {
		return Record(as(jdoe), tx, Entry{Action: "case.create", Details: map[string]any{"f": func() {}}})
	})
	if err == nil {
		t.Error("details that are not JSON: no error")
	}
	if err := (&Log{DB: d}).Append(as(jdoe), Entry{}); err == nil {
		t.Error("entry without an action: no error")
	}
	if rs := rows(t, d); len(rs) != 0 {
		t.Fatalf("%d entries written", len(rs))
	}
}

func TestVerifyEmptyTrail(t *testing.T) {
	if res := verify(t, dbtest.New(t)); res != (Result{}) || !res.Intact() {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsEditedRow(t *testing.T) {
	d := trail(t, 5)
	tamper(t, d, `UPDATE audit_log SET details = '{"after":{"title":"forged"}}' WHERE id = 3`)
	if res := verify(t, d); res.FirstBroken != 3 || res.Reason != reasonAltered || res.Entries != 3 {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsEditedTime(t *testing.T) {
	d := trail(t, 3)
	tamper(t, d, `UPDATE audit_log SET at = '2024-10-01 00:00:00+00:00' WHERE id = 2`)
	if res := verify(t, d); res.FirstBroken != 2 || res.Reason != reasonAltered {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsUnreadableRow(t *testing.T) {
	d := trail(t, 3)
	tamper(t, d, `UPDATE audit_log SET user_id = 'seven' WHERE id = 2`)
	if res := verify(t, d); res.FirstBroken != 2 || res.Reason != reasonUnreadable {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsRemovedRow(t *testing.T) {
	d := trail(t, 5)
	tamper(t, d, "DELETE FROM audit_log WHERE id = 3")
	if res := verify(t, d); res.FirstBroken != 4 || res.Reason != reasonLink || res.Entries != 3 {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsRemovedFirstRow(t *testing.T) {
	d := trail(t, 3)
	tamper(t, d, "DELETE FROM audit_log WHERE id = 1")
	if res := verify(t, d); res.FirstBroken != 2 || res.Reason != reasonFirst {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsEditWithRecomputedHash(t *testing.T) {
	d := trail(t, 5)
	rs := rows(t, d)
	forged := rs[2]
	forged.Subject = "case:LIB2-MNL-9999"
	forged.Hash = chainHash(forged.PrevHash, &forged)
	tamper(t, d, "UPDATE audit_log SET subject = ?, hash = ? WHERE id = 3", forged.Subject, forged.Hash)
	// Entry 3 is self-consistent now; entry 4 still links to its old hash.
	if res := verify(t, d); res.FirstBroken != 4 || res.Reason != reasonLink {
		t.Errorf("verify: %+v", res)
	}
}

func TestVerifyFindsSwappedRows(t *testing.T) {
	d := trail(t, 4)
	tamper(t, d, "UPDATE audit_log SET id = -2 WHERE id = 2")
	tamper(t, d, "UPDATE audit_log SET id = 2 WHERE id = 3")
	tamper(t, d, "UPDATE audit_log SET id = 3 WHERE id = -2")
	if res := verify(t, d); res.FirstBroken != 2 || res.Reason != reasonLink {
		t.Errorf("verify: %+v", res)
	}
}

// TestVerifyCannotSeeTruncation documents the chain's limit: removing the
// newest entries leaves an intact, shorter chain.
func TestVerifyCannotSeeTruncation(t *testing.T) {
	d := trail(t, 5)
	tamper(t, d, "DELETE FROM audit_log WHERE id >= 4")
	if res := verify(t, d); res != (Result{Entries: 3}) {
		t.Errorf("verify: %+v", res)
	}
}

func TestConcurrentAppendsKeepTheChain(t *testing.T) {
	d := dbtest.New(t)
	l := &Log{DB: d}
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			ctx := as(ocu.Principal{UserID: int64(i + 1), Username: fmt.Sprintf("user%02d", i), Role: ocu.RoleOfficer})
			if i%2 == 0 {
				errs <- l.Append(ctx, Entry{Action: "suspect.view", Subject: fmt.Sprintf("person:P%03d", i)})
				return
			}
			errs <- d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				return Record(ctx, tx, Entry{Action: "case.update", Subject: fmt.Sprintf("case:C%03d", i)})
			})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if res := verify(t, d); res != (Result{Entries: 50}) {
		t.Errorf("verify: %+v", res)
	}
}

func TestTriggersRefuseChanges(t *testing.T) {
	d := trail(t, 2)
	for _, sql := range []string{
		"UPDATE audit_log SET details = '{}' WHERE id = 1",
		"DELETE FROM audit_log WHERE id = 2",
		"DELETE FROM audit_log",
	} {
		err := d.Write.Exec(sql).Error
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", sql, err)
		}
	}
	if res := verify(t, d); res != (Result{Entries: 2}) {
		t.Errorf("verify: %+v", res)
	}
}

func TestList(t *testing.T) {
	d := dbtest.New(t)
	admin := ocu.Principal{UserID: 1, Username: "admin", Role: ocu.RoleAdmin, Address: "198.51.100.1"}
	day := func(dd int) func() time.Time {
		return func() time.Time { return time.Date(2024, 10, dd, 12, 0, 0, 0, time.UTC) }
	}
	defer func() { now = time.Now }()
	add := func(p ocu.Principal, dd int, action, subject string) {
		now = day(dd)
		record(t, d, as(p), Entry{Action: action, Subject: subject})
	}
	add(jdoe, 1, "case.create", "case:LIB2-MNL-0001")       // 1
	add(jdoe, 1, "case.update", "case:LIB2-MNL-0001")       // 2
	add(admin, 2, "user.create", "user:jdoe")               // 3
	add(jdoe, 2, "casework.other", "case:LIB2-SKP-0001")    // 4: "case." must not match it
	add(jdoe, 3, "suspect.view", "person:LIB2-MNL-0001-P1") // 5
	add(admin, 4, "case.transition", "case:LIB2-MNL-0002")  // 6
	// The last instant of 3 October belongs to it.
	now = func() time.Time { return time.Date(2024, 10, 3, 23, 59, 59, 999999000, time.UTC) }
	record(t, d, as(admin), Entry{Action: "export"}) // 7

	ids := func(f Filter) []int64 {
		t.Helper()
		p, err := List(context.Background(), d, f)
		if err != nil {
			t.Fatal(err)
		}
		out := []int64{}
		for _, e := range p.Entries {
			out = append(out, e.ID)
		}
		if p.Total != int64(len(out)) {
			t.Errorf("%+v: total %d, %d listed", f, p.Total, len(out))
		}
		return out
	}
	oct := func(dd int) time.Time { return time.Date(2024, 10, dd, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		f    Filter
		want []int64
	}{
		{Filter{}, []int64{7, 6, 5, 4, 3, 2, 1}},
		{Filter{User: "admin"}, []int64{7, 6, 3}},
		{Filter{User: "nobody"}, []int64{}},
		{Filter{Action: "case."}, []int64{6, 2, 1}},
		{Filter{Action: "case*"}, []int64{6, 4, 2, 1}},
		{Filter{Action: "case.update"}, []int64{2}},
		{Filter{Action: "case"}, []int64{}},
		{Filter{Subject: "case:"}, []int64{6, 4, 2, 1}},
		{Filter{Subject: "case:LIB2-MNL-*"}, []int64{6, 2, 1}},
		{Filter{Subject: "case:LIB2-MNL-0001"}, []int64{2, 1}},
		{Filter{From: oct(2), To: oct(3)}, []int64{7, 5, 4, 3}},
		{Filter{From: oct(4)}, []int64{6}},
		{Filter{To: oct(1)}, []int64{2, 1}},
		{Filter{User: "jdoe", Action: "case.", From: oct(1), To: oct(1)}, []int64{2, 1}},
	} {
		if got := ids(c.f); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%+v: got %v, want %v", c.f, got, c.want)
		}
	}

	p, err := List(context.Background(), d, Filter{User: "jdoe"})
	if err != nil {
		t.Fatal(err)
	}
	e := p.Entries[len(p.Entries)-1]
	if e.UserID != 7 || e.Username != "jdoe" || e.Address != "192.0.2.7" || e.Details != "null" || len(e.Hash) != 64 ||
		!e.At.Equal(day(1)()) || e.At.Location() != time.UTC {
		t.Errorf("entry 1 as listed: %+v", e)
	}
}

func TestListPages(t *testing.T) {
	d := trail(t, 120)
	for _, c := range []struct{ page, n, first int }{{0, 50, 120}, {1, 50, 120}, {2, 50, 70}, {3, 20, 20}, {4, 0, 0}} {
		p, err := List(context.Background(), d, Filter{Page: c.page})
		if err != nil {
			t.Fatal(err)
		}
		if p.Total != 120 || p.Pages() != 3 || len(p.Entries) != c.n {
			t.Errorf("page %d: total %d, pages %d, %d entries", c.page, p.Total, p.Pages(), len(p.Entries))
		}
		if c.n > 0 && p.Entries[0].ID != int64(c.first) {
			t.Errorf("page %d starts at %d, want %d", c.page, p.Entries[0].ID, c.first)
		}
	}
}
