package exports_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// identitiesSource is the demo's named cases (the United Kingdom's located
// man carries Romania's Red Notice) and a Manila case whose suspect has a
// passport, a phone, an alias and a notice, and whose potential victim has
// a document number: values no export may carry to whoever may not see
// the case's names.
func identitiesSource(t *testing.T) (*db.DB, []string) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatal(err)
	}
	cs := cases.NewStore(d, units.NewStore(d))
	c, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: "Identifiers exported", Place: "Pier 4",
		Country: "PH", RaidAt: "2024-10-02T10:00", Forms: []string{"forced_criminality"}, RaisedBy: "Officer, Demo"})
	if err != nil {
		t.Fatal(err)
	}
	sus, err := cs.AddPeople(ctx, c.Reference, 1, cases.PersonInput{Outcome: "suspect", Name: "Zzname Suspect"})
	if err != nil {
		t.Fatal(err)
	}
	vic, err := cs.AddPeople(ctx, c.Reference, 1, cases.PersonInput{Outcome: "potential_victim", Exploitation: "forced_criminality"})
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range []cases.IdentifierInput{
		{Kind: "document", DocType: "passport", Country: "PH", Value: "ZZP1234567"},
		{Kind: "phone", Value: "+63 917 555 0199"},
		{Kind: "alias", Value: "Zzalias Boss"},
	} {
		if _, err := cs.AddIdentifier(ctx, sus[0].Pseudonym, in); err != nil {
			t.Fatalf("identifier %v: %v", in, err)
		}
	}
	if _, err := cs.AddIdentifier(ctx, vic[0].Pseudonym, cases.IdentifierInput{Kind: "document", DocType: "passport", Country: "TG", Value: "ZZV7654321"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.AddPersonNotice(ctx, sus[0].Pseudonym, cases.NoticeInput{Colour: "red", ControlNumber: "ZZ-1/2024", IssuingCountry: "TH",
		Purpose: "Zzpurpose wanted"}); err != nil {
		t.Fatal(err)
	}
	return d, []string{"ZZP1234567", "639175550199", "Zzalias", "ZZV7654321", "ZZ-1/2024", "Zzpurpose", "DEMO-RED-2024-0001"}
}

// exportAs writes an export of format as the principal in ctx.
func exportAs(t *testing.T, ctx context.Context, d *db.DB, format exports.Format) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := exports.Export(ctx, d, units.NewStore(d), exports.Filter{}, format, "", &b); err != nil {
		t.Fatalf("export %s: %v", format, err)
	}
	return b.Bytes()
}

// Identifiers and notices leave only towards those who may see the case's
// names: a coordinator's export, in every format, holds none of their
// values (the rows are left out); Manila's supervisor's holds Manila's
// but not the UK case's notice; ocu itself holds them all.
func TestIdentifiersLeaveOnlyWithNames(t *testing.T) {
	d, values := identitiesSource(t)
	coordinator := ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "coordinator", Role: ocu.RoleCoordinator, Address: "test"})
	for _, format := range []exports.Format{exports.FormatZip, exports.FormatJSON, exports.FormatXLSX} {
		raw := exportAs(t, coordinator, d, format)
		text := string(raw)
		if format == exports.FormatZip || format == exports.FormatXLSX {
			_, files := unzipAll(t, raw)
			text = strings.Join(files, "\n")
		}
		for _, v := range values {
			if strings.Contains(text, v) {
				t.Errorf("the coordinator's %s export holds %q", format, v)
			}
		}
	}
	var unitID int64
	d.Read.Raw("SELECT id FROM units WHERE code = 'MNL'").Scan(&unitID)
	supervisor := ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "supervisor.mnl", Role: ocu.RoleSupervisor, UnitID: unitID, Address: "test"})
	_, files := unzipAll(t, exportAs(t, supervisor, d, exports.FormatZip))
	ids, notices := files[1], files[2]
	for _, v := range []string{"ZZP1234567", "Zzalias Boss", "ZZV7654321"} {
		if !strings.Contains(ids, v) {
			t.Errorf("Manila's supervisor's identifiers.csv lacks %q:\n%s", v, ids)
		}
	}
	if !strings.Contains(notices, "ZZ-1/2024") || strings.Contains(notices, "DEMO-RED") {
		t.Errorf("Manila's supervisor's notices.csv:\n%s", notices)
	}
	_, files = unzipAll(t, exportAs(t, ocu.SystemContext(context.Background()), d, exports.FormatZip))
	if !strings.Contains(files[2], "DEMO-RED-2024-0001") || !strings.Contains(files[1], "ZZV7654321") {
		t.Errorf("ocu's own export lacks identifiers or notices:\n%s\n%s", files[1], files[2])
	}
}

// unzipAll returns every file of a zip (or workbook) joined, and the
// identifiers.csv and notices.csv files as [all, identifiers, notices].
func unzipAll(t *testing.T, raw []byte) (string, []string) {
	t.Helper()
	out := []string{"", "", ""}
	var all []string
	for name, body := range zipCSVs(t, raw) {
		all = append(all, body)
		switch name {
		case "identifiers.csv":
			out[1] = body
		case "notices.csv":
			out[2] = body
		}
	}
	out[0] = strings.Join(all, "\n")
	return out[0], out
}

// The import restores the identifiers and notices exactly: exporting
// again gives the same files, and the people carry them in the database.
func TestImportRestoresIdentifiersAndNotices(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src, _ := identitiesSource(t)
	raw, before := exportZip(t, src)
	if !strings.Contains(before["identifiers.csv"], "ZZP1234567") || !strings.Contains(before["notices.csv"], "DEMO-RED-2024-0001") {
		t.Fatalf("the export lacks the identifiers or notices:\n%s\n%s", before["identifiers.csv"], before["notices.csv"])
	}
	dst := emptyDatabase(t)
	counts, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if counts["identifiers"] != 4 || counts["notices"] != 2 {
		t.Errorf("imported %d identifiers and %d notices, want 4 and 2", counts["identifiers"], counts["notices"])
	}
	_, after := exportZip(t, dst)
	for _, name := range []string{"identifiers.csv", "notices.csv", "people.csv", "suspects.csv"} {
		if before[name] != after[name] {
			t.Errorf("%s differs after the round trip:\n%s", name, firstDifference(before[name], after[name]))
		}
	}
	var normalized []string
	dst.Read.Raw("SELECT normalized FROM person_identifiers WHERE kind = 'phone'").Scan(&normalized)
	if len(normalized) != 1 || normalized[0] != "+639175550199" {
		t.Errorf("the phone was restored as %v, not normalised as a user's input is", normalized)
	}
}

// An export made before identifiers and notices were exported has neither
// file: it still imports.
func TestImportWithoutIdentifierFiles(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src, _ := identitiesSource(t)
	_, files := exportZip(t, src)
	delete(files, "identifiers.csv")
	delete(files, "notices.csv")
	old := rezip(t, files, "", nil)
	dst := emptyDatabase(t)
	if _, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(old), int64(len(old))); err != nil {
		t.Fatalf("import of an older export: %v", err)
	}
	var n int64
	dst.Read.Raw("SELECT COUNT(*) FROM person_identifiers").Scan(&n)
	if n != 0 {
		t.Errorf("%d identifiers from a zip without any", n)
	}
}
