package units_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
)

// demoStore is a database holding the demo operation, a fresh Store on it
// and the operation.
func demoStore(t *testing.T) (context.Context, *db.DB, *units.Store, units.Operation) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	s := units.NewStore(d)
	op, err := s.Operation(ctx, demo.Operation.Code)
	if err != nil {
		t.Fatal(err)
	}
	return ctx, d, s, op
}

func asError(t *testing.T, err error, kind ocu.Kind) *ocu.Error {
	t.Helper()
	var e *ocu.Error
	if !errors.As(err, &e) || e.Kind != kind {
		t.Fatalf("want a %s error, got %v", kind, err)
	}
	return e
}

func auditActions(t *testing.T, d *db.DB, subject string) []string {
	t.Helper()
	var actions []string
	if err := d.Read.Raw("SELECT action FROM audit_log WHERE subject = ? ORDER BY id", subject).Scan(&actions).Error; err != nil {
		t.Fatal(err)
	}
	return actions
}

func TestSetAttachmentMovesACountryAndTheSnapshotSeesIt(t *testing.T) {
	ctx, d, s, op := demoStore(t)
	snap, err := s.Snapshot(ctx) // cached now: the write must drop it
	if err != nil {
		t.Fatal(err)
	}
	skp, _ := snap.Unit("SKP")
	if a, ok := snap.Attachment(op.ID, "PH"); !ok || snap.UnitByID(a.UnitID).Code != "MNL" {
		t.Fatalf("demo attaches PH to %+v", a)
	}

	if err := s.SetAttachment(ctx, op.ID, "ph", "skp", units.Online); err != nil {
		t.Fatal(err)
	}
	snap, _ = s.Snapshot(ctx)
	if a, ok := snap.Attachment(op.ID, "PH"); !ok || a.UnitID != skp.ID || a.Mode != units.Online {
		t.Fatalf("after the move PH is %+v (attached %v)", a, ok)
	}
	if got := auditActions(t, d, "attachment:LIB2:PH"); len(got) != 1 || got[0] != "attachment.update" {
		t.Fatalf("audit: %v", got)
	}
	// Saving the same again changes nothing and records nothing.
	if err := s.SetAttachment(ctx, op.ID, "PH", "SKP", units.Online); err != nil {
		t.Fatal(err)
	}
	if got := auditActions(t, d, "attachment:LIB2:PH"); len(got) != 1 {
		t.Fatalf("a repeated save was audited: %v", got)
	}

	// A country without records joins and leaves.
	if _, ok := snap.Attachment(op.ID, "IS"); ok {
		t.Fatal("Iceland is not a demo participant")
	}
	if err := s.SetAttachment(ctx, op.ID, "IS", "SKP", units.InPerson); err != nil {
		t.Fatal(err)
	}
	if snap, _ = s.Snapshot(ctx); len(snap.Attached(op.ID)) != 117 {
		t.Fatalf("%d participants after adding Iceland", len(snap.Attached(op.ID)))
	}
	if err := s.Detach(ctx, op.ID, "is"); err != nil {
		t.Fatal(err)
	}
	if snap, _ = s.Snapshot(ctx); len(snap.Attached(op.ID)) != 116 {
		t.Fatalf("%d participants after Iceland left", len(snap.Attached(op.ID)))
	}
	if got := auditActions(t, d, "attachment:LIB2:IS"); len(got) != 2 || got[1] != "attachment.delete" {
		t.Fatalf("audit: %v", got)
	}
}

func TestSetAttachmentRefusesBadInputAndNonAdministrators(t *testing.T) {
	ctx, _, s, op := demoStore(t)
	e := asError(t, s.SetAttachment(ctx, op.ID, "XX", "NOPE", "by_post"), ocu.Invalid)
	for _, f := range []string{"country", "unit", "mode"} {
		if _, ok := e.Fields[f]; !ok {
			t.Errorf("no message for %s: %v", f, e)
		}
	}
	asError(t, s.SetAttachment(ctx, 999, "PH", "MNL", units.InPerson), ocu.NotFound)

	officer := ocu.WithPrincipal(context.Background(), ocu.Principal{UserID: 7, Username: "cruz", Role: ocu.RoleOfficer, Country: "PH"})
	asError(t, s.SetAttachment(officer, op.ID, "PH", "SKP", units.InPerson), ocu.Forbidden)
	asError(t, s.Detach(officer, op.ID, "PH"), ocu.Forbidden)
	_, err := s.CreateOperation(officer, units.Operation{Code: "X1", Name: "X", FirstDay: "2025-01-01", LastDay: "2025-01-02"})
	asError(t, err, ocu.Forbidden)
}

func TestDetachIsRefusedWhileTheCountryHasCases(t *testing.T) {
	ctx, d, s, op := demoStore(t)
	var cases int64
	d.Read.Raw("SELECT COUNT(*) FROM cases WHERE operation_id = ? AND raising_country = 'PH'", op.ID).Scan(&cases)
	if cases == 0 {
		t.Fatal("the demo should have cases raised by PH")
	}
	e := asError(t, s.Detach(ctx, op.ID, "PH"), ocu.Conflict)
	if e.Message.Key != "error.detach_has_records" || e.Message.Args[2] != cases {
		t.Fatalf("refusal %s %v, want the %d cases named", e.Message.Key, e.Message.Args, cases)
	}
	snap, _ := s.Snapshot(ctx)
	if _, ok := snap.Attachment(op.ID, "PH"); !ok {
		t.Fatal("PH was detached anyway")
	}
	if got := auditActions(t, d, "attachment:LIB2:PH"); len(got) != 0 {
		t.Fatalf("a refusal was audited: %v", got)
	}
	asError(t, s.Detach(ctx, op.ID, "IS"), ocu.NotFound)
}

func TestCreateOperationRefusesADuplicateCode(t *testing.T) {
	ctx, d, s, _ := demoStore(t)
	if _, err := s.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	op, err := s.CreateOperation(ctx, units.Operation{Code: " lib3 ", Name: " Liberterra III ", FirstDay: "2025-09-28", LastDay: "2025-10-03"})
	if err != nil {
		t.Fatal(err)
	}
	if op.ID == 0 || op.Code != "LIB3" || op.Name != "Liberterra III" {
		t.Fatalf("created %+v", op)
	}
	snap, _ := s.Snapshot(ctx)
	if _, ok := snap.Operation("LIB3"); !ok {
		t.Fatal("the snapshot does not see LIB3")
	}
	if got := auditActions(t, d, "operation:LIB3"); len(got) != 1 || got[0] != "operation.create" {
		t.Fatalf("audit: %v", got)
	}

	_, err = s.CreateOperation(ctx, units.Operation{Code: "LIB3", Name: "Again", FirstDay: "2026-01-01", LastDay: "2026-01-02"})
	if e := asError(t, err, ocu.Conflict); e.Fields["code"].Key != "error.operation_code_taken" {
		t.Fatalf("duplicate refused with %v", e)
	}
	_, err = s.CreateOperation(ctx, units.Operation{Code: "LIB-4", Name: "", FirstDay: "2026-01-02", LastDay: "2026-01-01"})
	e := asError(t, err, ocu.Invalid)
	for f, key := range map[string]string{"code": "error.operation_code_format", "name": "error.required", "last_day": "error.last_before_first"} {
		if e.Fields[f].Key != key {
			t.Errorf("%s: got %q, want %q", f, e.Fields[f].Key, key)
		}
	}
}

func TestUpdateOperationRefusesToStrandCases(t *testing.T) {
	ctx, d, s, op := demoStore(t)
	var first, last string
	d.Read.Raw("SELECT MIN(raid_day) FROM cases WHERE operation_id = ?", op.ID).Scan(&first)
	d.Read.Raw("SELECT MAX(raid_day) FROM cases WHERE operation_id = ?", op.ID).Scan(&last)
	dayAfter := func(day string, n int) string {
		t0, err := time.Parse(time.DateOnly, day)
		if err != nil {
			t.Fatalf("raid day %q: %v", day, err)
		}
		return t0.AddDate(0, 0, n).Format(time.DateOnly)
	}

	_, err := s.UpdateOperation(ctx, op.Code, op.Name, dayAfter(first, 1), dayAfter(last, -1))
	e := asError(t, err, ocu.Conflict)
	for _, f := range []string{"first_day", "last_day"} {
		m, ok := e.Fields[f]
		if !ok || m.Args[0].(int64) == 0 {
			t.Fatalf("%s: %v, want the stranded cases counted", f, e)
		}
	}
	if m := e.Fields["first_day"]; m.Args[3] != first {
		t.Fatalf("earliest record %v, want %s", m.Args[3], first)
	}
	if got, _ := s.Operation(ctx, op.Code); got.FirstDay != op.FirstDay || got.LastDay != op.LastDay {
		t.Fatalf("days moved anyway: %+v", got)
	}

	// Renaming and widening strand nothing; the snapshot sees the change.
	if _, err := s.Snapshot(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := s.UpdateOperation(ctx, "lib2", "Liberterra II (extended)", dayAfter(op.FirstDay, -1), dayAfter(op.LastDay, 1))
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := s.Snapshot(ctx)
	if o, _ := snap.Operation("LIB2"); o.Name != got.Name || o.LastDay != got.LastDay || o.Name != "Liberterra II (extended)" || o.FirstDay != "2024-09-28" {
		t.Fatalf("snapshot %+v, stored %+v", o, got)
	}
	// The demo's Orange Notice (notice.add) is on the operation's subject
	// too; the update is recorded once, after it.
	if actions := auditActions(t, d, "operation:LIB2"); len(actions) != 2 || actions[0] != "notice.add" || actions[1] != "operation.update" {
		t.Fatalf("audit: %v", actions)
	}
	_, err = s.UpdateOperation(ctx, "NOPE", "x", "2024-01-01", "2024-01-02")
	asError(t, err, ocu.NotFound)
}
