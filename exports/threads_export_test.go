package exports_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/groups"
	"github.com/ocu-project/ocu/units"
)

// threadsSource is identitiesSource's database with, on its Manila case,
// database checks of the suspect, of their passport and of a seized
// vehicle, the suspect named a member of the demo's pyramid-scheme group,
// and a Yellow Notice on the operation with a missing person's document.
func threadsSource(t *testing.T) *db.DB {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d, _ := identitiesSource(t)
	cs := cases.NewStore(d, units.NewStore(d))
	var ref, pseudonym string
	var identifierID int64
	d.Read.Raw("SELECT reference FROM cases WHERE title = 'Identifiers exported'").Scan(&ref)
	d.Read.Raw("SELECT pseudonym FROM people p JOIN cases c ON c.id = p.case_id WHERE c.reference = ? AND p.outcome = 'suspect'", ref).Scan(&pseudonym)
	d.Read.Raw("SELECT i.id FROM person_identifiers i JOIN people p ON p.id = i.person_id WHERE p.pseudonym = ? AND i.kind = 'document'", pseudonym).Scan(&identifierID)
	sz, err := cs.AddSeizure(ctx, ref, cases.SeizureInput{Kind: "vehicles", Description: "Van", Quantity: "1", Unit: "vehicles", RecordedBy: "Officer, Demo"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []cases.CheckInput{
		{Target: "person:" + pseudonym, Database: "nominal", Result: "hit", HitReference: "ZZHIT-NOMINAL-1", CheckedBy: "Officer, Demo"},
		{Target: "identifier:" + strconv.FormatInt(identifierID, 10), Database: "sltd", Result: "hit", HitReference: "ZZHIT-SLTD-2", CheckedBy: "Officer, Demo"},
		{Target: "seizure:" + strconv.FormatInt(sz.ID, 10), Database: "smv", Result: "no_hit", CheckedBy: "Officer, Demo"},
	} {
		if _, err := cs.AddCheck(ctx, ref, in); err != nil {
			t.Fatalf("check %v: %v", in, err)
		}
	}
	var gid int64
	d.Read.Raw("SELECT id FROM criminal_groups WHERE name LIKE 'West and Central African%'").Scan(&gid)
	gs := groups.NewStore(d)
	if err := gs.AddCase(ctx, gid, ref); err != nil {
		t.Fatal(err)
	}
	if err := gs.AddPerson(ctx, gid, pseudonym); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.AddOperationNotice(ctx, "LIB2", cases.NoticeInput{Colour: "yellow", ControlNumber: "ZZY-1/2024", IssuingCountry: "TG",
		Purpose: "Missing", DocumentNumber: "ZZMISSING99"}); err != nil {
		t.Fatal(err)
	}
	return d
}

var threadFiles = []string{"checks.csv", "partners.csv", "links.csv", "groups.csv", "group_members.csv", "operation_notices.csv"}

// Checks, partners, links, groups with their cases and suspects, and the
// operation's notices go into the export and come back from the import
// exactly: exporting again gives the same files.
func TestImportRestoresTheThreads(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src := threadsSource(t)
	raw, before := exportZip(t, src)
	for _, want := range []struct{ file, value string }{
		{"checks.csv", "ZZHIT-SLTD-2"}, {"checks.csv", "seizure:1"}, {"partners.csv", "PY"},
		{"links.csv", "same_network"}, {"groups.csv", "Serbian smuggling group A"}, {"group_members.csv", "-P"},
		{"operation_notices.csv", "DEMO-ORANGE-2024-0001"}, {"operation_notices.csv", "ZZMISSING99"},
	} {
		if !strings.Contains(before[want.file], want.value) {
			t.Errorf("%s lacks %q:\n%s", want.file, want.value, before[want.file])
		}
	}
	dst := emptyDatabase(t)
	counts, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if counts["checks"] != 3 || counts["links"] != 1 || counts["groups"] != 3 || counts["operation_notices"] != 2 {
		t.Errorf("imported %v", counts)
	}
	_, after := exportZip(t, dst)
	for _, name := range threadFiles {
		if before[name] != after[name] {
			t.Errorf("%s differs after the round trip:\n%s", name, firstDifference(before[name], after[name]))
		}
	}
	var hits int64
	dst.Read.Raw("SELECT COUNT(*) FROM database_checks WHERE result = 'hit' AND identifier_id IS NOT NULL").Scan(&hits)
	if hits != 1 {
		t.Errorf("the document check points at no restored identifier (%d)", hits)
	}
}

// A coordinator's export carries the checks of people and vehicles but
// not of documents (the identifier is not theirs to hold), and no missing
// person's document number; Manila's supervisor's holds no link reaching
// a case outside the export.
func TestThreadsLeaveWithinScope(t *testing.T) {
	d := threadsSource(t)
	coordinator := ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "coordinator", Role: ocu.RoleCoordinator, Address: "test"})
	files := zipCSVs(t, exportAs(t, coordinator, d, exports.FormatZip))
	if !strings.Contains(files["checks.csv"], "ZZHIT-NOMINAL-1") || strings.Contains(files["checks.csv"], "ZZHIT-SLTD-2") {
		t.Errorf("the coordinator's checks.csv:\n%s", files["checks.csv"])
	}
	if strings.Contains(files["operation_notices.csv"], "ZZMISSING99") || !strings.Contains(files["operation_notices.csv"], "ZZY-1/2024") {
		t.Errorf("the coordinator's operation_notices.csv:\n%s", files["operation_notices.csv"])
	}
	var unitID int64
	d.Read.Raw("SELECT id FROM units WHERE code = 'MNL'").Scan(&unitID)
	supervisor := ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "supervisor.mnl", Role: ocu.RoleSupervisor, UnitID: unitID, Address: "test"})
	files = zipCSVs(t, exportAs(t, supervisor, d, exports.FormatZip))
	if lines := strings.Count(strings.TrimSpace(files["links.csv"]), "\n"); lines != 0 {
		t.Errorf("Manila's links.csv holds links between cases it does not export:\n%s", files["links.csv"])
	}
	// The group holds Manila's case: it is exported with Manila's members
	// only, never the Dakar cases Manila does not read.
	if !strings.Contains(files["groups.csv"], "pyramid") || strings.Contains(files["group_members.csv"], "LIB2-DKR") {
		t.Errorf("Manila's groups:\n%s\n%s", files["groups.csv"], files["group_members.csv"])
	}
}
