package exports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"sort"
	"strconv"
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

// exportZip exports everything as ocu itself and returns the zip's files.
func exportZip(t *testing.T, d *db.DB) ([]byte, map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	ctx := ocu.SystemContext(context.Background())
	if _, err := exports.Export(ctx, d, units.NewStore(d), exports.Filter{}, "zip", "", &buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		if f.Name == exports.AnchorFile {
			continue // the audit trail's head, which differs from one database to another
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
	}
	return buf.Bytes(), files
}

// emptyDatabase is migrated with the reference data (countries, OCUs) and
// nothing else.
func emptyDatabase(t *testing.T) *db.DB {
	d := dbtest.New(t)
	if err := units.NewStore(d).SeedReference(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestExportImportExportIsExact(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src := dbtest.New(t)
	if err := demo.Generate(ctx, src, 150, 3); err != nil {
		t.Fatal(err)
	}
	// Awkward values: a title that looks like a formula, a named suspect.
	us := units.NewStore(src)
	cs := cases.NewStore(src, us)
	c, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: `=HYPERLINK("http://x"), "quoted"; semi`,
		Summary: "line one\nline two", Place: "Pier 4", Country: "PH", RaidAt: "2024-10-02T10:00", Forms: []string{"forced_labour"},
		Linked: map[string][]string{"origin": {"CN", "VN"}}, RaisedBy: "Officer, Demo"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.AddPeople(ctx, c.Reference, 1, cases.PersonInput{Outcome: "suspect", Name: "+Juan Demo", BirthDate: "1980-01-02",
		Arrested: true, ArrestedAt: "2024-10-02T11:00", Charges: []string{"human_trafficking", "firearms"}}); err != nil {
		t.Fatal(err)
	}
	_, before := exportZip(t, src)

	dst := emptyDatabase(t)
	raw, _ := exportZip(t, src)
	counts, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if counts["cases"] != 150+19+1 {
		t.Fatalf("counts %v", counts)
	}
	_, after := exportZip(t, dst)
	var names []string
	for n := range before {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if before[n] != after[n] {
			t.Errorf("%s differs after the round trip:\n%s", n, firstDifference(before[n], after[n]))
		}
	}
	if len(after) != len(before) {
		t.Errorf("%d files after, %d before", len(after), len(before))
	}
	// Importing the same file again changes nothing: every record exists.
	if _, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw))); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("second import: %v", err)
	}
}

func firstDifference(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return "line " + strconv.Itoa(i+1) + ":\n  " + la[i] + "\n  " + lb[i]
		}
	}
	return "lengths differ"
}

// rezip rebuilds an export with one file changed.
func rezip(t *testing.T, files map[string]string, name string, edit func(string) string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for n, body := range files {
		if n == name {
			body = edit(body)
		}
		w, _ := zw.Create(n)
		w.Write([]byte(body))
	}
	zw.Close()
	return buf.Bytes()
}

func TestBadFileChangesNothingAndSaysWhere(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, src); err != nil {
		t.Fatal(err)
	}
	_, files := exportZip(t, src)
	for name, tc := range map[string]struct {
		file  string
		edit  func(string) string
		field string
	}{
		"bad outcome": {"people.csv", func(s string) string { return strings.Replace(s, ",potential_victim,", ",zombie,", 1) }, "people.csv:"},
		"bad time":    {"cases.csv", func(s string) string { return strings.Replace(s, "2024-09-30T", "yesterday-T", 1) }, "cases.csv:"},
		"bad header":  {"seizures.csv", func(s string) string { return strings.Replace(s, "kind,", "sort,", 1) }, "seizures.csv:1:header"},
		"no returns":  {"returns.csv", func(string) string { return "nonsense" }, "returns.csv:1:header"},
	} {
		t.Run(name, func(t *testing.T) {
			dst := emptyDatabase(t)
			raw := rezip(t, files, tc.file, tc.edit)
			_, err := exports.Import(ctx, dst, units.NewStore(dst), bytes.NewReader(raw), int64(len(raw)))
			e, ok := err.(*ocu.Error)
			if !ok || e.Kind != ocu.Invalid {
				t.Fatalf("want invalid, got %v", err)
			}
			found := false
			for f := range e.Fields {
				if strings.HasPrefix(f, tc.field) {
					found = true
				}
			}
			if !found {
				t.Fatalf("no error at %s: %v", tc.field, e.Fields)
			}
			var n int64
			for _, table := range []string{"cases", "people", "seizures", "daily_returns", "operations", "attachments"} {
				dst.Read.Table(table).Count(&n)
				if n != 0 {
					t.Errorf("%s: %d rows after a refused import", table, n)
				}
			}
		})
	}
}
