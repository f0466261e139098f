package main

import (
	"bytes"
	"cmp"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/exports/importtest"
	"github.com/ocu-project/ocu/units"
)

// exportFiles is the files of a zip export of everything in the app's
// database (the demo's named cases), made as ocu itself.
func (a *testApp) exportFiles() map[string]string {
	a.t.Helper()
	var buf bytes.Buffer
	ctx := ocu.SystemContext(context.Background())
	if _, err := exports.Export(ctx, a.db, units.NewStore(a.db), exports.Filter{}, exports.FormatZip, "", &buf); err != nil {
		a.t.Fatal(err)
	}
	files, err := importtest.Files(buf.Bytes())
	if err != nil {
		a.t.Fatal(err)
	}
	return files
}

// upload posts the zip at path to /imports as the page's form does.
func (a *testApp) upload(path string) response {
	a.t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		a.t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "export.zip")
	if err != nil {
		a.t.Fatal(err)
	}
	fw.Write(b)
	mw.Close()
	return a.do("POST", "/imports", mw.FormDataContentType(), body.String())
}

// Hostile zips uploaded by a supervisor: each is refused with 422 naming
// the limit it went past, and the server answers the next request. The
// gigabyte line used to exhaust the server's memory and kill it.
func TestUploadRefusesDecompressionBombs(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	files := a.exportFiles()
	returnRow := "LIB2,PH,2024-10-01,1,1,1,1,x,2024-10-01T00:00:00Z,1\n"
	for name, tc := range map[string]struct {
		build func(path string) error
		lim   exports.Limits // lowered for the test, else DefaultLimits
		want  string
	}{
		"a 1 GiB line": {build: func(p string) error {
			return importtest.Write(p, files, "people.csv", importtest.Repeat('a', 1<<30))
		}, want: "people.csv:2:row: Line 2 is longer than 65,536 bytes"},
		"100,000 entries": {build: func(p string) error { return importtest.Entries(p, 100_000) },
			want: "The zip holds 100,000 entries, more than the 32"},
		"entries hidden from the end record": {build: func(p string) error { return importtest.HiddenEntries(p, 8) },
			want: "directory is larger than the 65,536 bytes"},
		"too many rows": {build: func(p string) error {
			return importtest.Write(p, files, "returns.csv", importtest.Rows(returnRow, 1001))
		}, lim: exports.Limits{Rows: 1000}, want: "returns.csv:1002:row: This file has more than 1,000 rows"},
		"too many bytes in all": {build: func(p string) error {
			return importtest.Write(p, files, "returns.csv", importtest.Rows(returnRow, 20_000))
		}, lim: exports.Limits{TotalBytes: 1 << 20}, want: "returns.csv:0:file: The files decompress to more than 1,048,576 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			a.t = t
			if tc.lim != (exports.Limits{}) {
				saved := exports.DefaultLimits
				t.Cleanup(func() { exports.DefaultLimits = saved })
				exports.DefaultLimits.Rows = cmp.Or(tc.lim.Rows, saved.Rows)
				exports.DefaultLimits.TotalBytes = cmp.Or(tc.lim.TotalBytes, saved.TotalBytes)
			}
			path := filepath.Join(t.TempDir(), "bomb.zip")
			if err := tc.build(path); err != nil {
				t.Fatal(err)
			}
			r := a.upload(path)
			if r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("status %d: %.500s", r.Status, r.Body)
			}
			if !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, "limit of what an import accepts") {
				t.Fatalf("the page does not say %q: %s", tc.want, pageText(r.Body))
			}
			if r := a.get("/imports"); r.Status != http.StatusOK {
				t.Fatalf("the server answers %d after the bomb", r.Status)
			}
			var n int64
			a.db.Read.Table("cases").Count(&n)
			if n != 19 {
				t.Fatalf("%d cases after a refused import", n)
			}
		})
	}
}

// pageText is the refusal's list, for failure messages.
func pageText(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 1500)]
}

// The two files that crashed the importer answer 422 on upload, naming
// file, line and field, instead of 500.
func TestUploadRefusesWhatCrashedTheImporter(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	files := a.exportFiles()
	people := strings.Split(files["people.csv"], "\n")
	for name, tc := range map[string]struct {
		row, want string
	}{
		"an unterminated quote":  {`"` + people[len(people)-2][:20], "people.csv:" + strconv.Itoa(len(people)-1) + ":row: This row is not valid CSV"},
		"a pseudonym without -P": {strings.Replace(people[1], "-P001,", ",", 1), "people.csv:2:pseudonym"},
		// Left open early, a quote runs the row on past the row limit.
		"a quote left open": {`"` + people[1][:20], "people.csv:2:row: The row from line 2 runs past 65,536 bytes"},
	} {
		t.Run(name, func(t *testing.T) {
			a.t = t
			edited := map[string]string{}
			for n, c := range files {
				edited[n] = c
			}
			ls := append([]string(nil), people...)
			if strings.HasSuffix(name, "unterminated quote") {
				ls[len(ls)-2] = tc.row // the last row: the file ends inside it
			} else {
				ls[1] = tc.row
			}
			edited["people.csv"] = strings.Join(ls, "\n")
			path := filepath.Join(t.TempDir(), "bad.zip")
			if err := importtest.Write(path, edited, "", nil); err != nil {
				t.Fatal(err)
			}
			r := a.upload(path)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) {
				t.Fatalf("want 422 with %q, got %d: %s", tc.want, r.Status, pageText(r.Body))
			}
		})
	}
}

// `ocu import` refuses the gigabyte line with the limit named and a
// non-zero exit (an error from run), in bounded memory (the exports tests
// measure it).
func TestImportCommandRefusesABomb(t *testing.T) {
	a := newTestApp(t)
	path := filepath.Join(t.TempDir(), "bomb.zip")
	if err := importtest.Write(path, a.exportFiles(), "people.csv", importtest.Repeat('a', 1<<30)); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	dbPath := filepath.Join(t.TempDir(), "copy.db")
	err := run(context.Background(), []string{"import", "--db", dbPath, path}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "people.csv:2:row: Line 2 is longer than 65,536 bytes, the longest row an import accepts") {
		t.Fatalf("want the row limit named, got %v (%s)", err, out.String())
	}
}

// A supervisor's upload imports their OCU's new cases, read in place from
// the multipart file, and refuses another OCU's.
func TestUploadImportsOwnCasesOnly(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	// The same demo elsewhere, with one more case in Manila and one in Dakar.
	ctx := ocu.SystemContext(context.Background())
	src := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, src); err != nil {
		t.Fatal(err)
	}
	cs := cases.NewStore(src, units.NewStore(src))
	var refs []string
	for _, country := range []string{"PH", "SN"} {
		c, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: country, Title: "Imported raid", Place: "Port",
			Country: country, RaidAt: "2024-10-02T10:00", Forms: []string{"forced_labour"}, RaisedBy: "Officer"})
		if err != nil {
			t.Fatal(err)
		}
		refs = append(refs, c.Reference)
	}
	var buf bytes.Buffer
	if _, err := exports.Export(ctx, src, units.NewStore(src), exports.Filter{}, exports.FormatZip, "", &buf); err != nil {
		t.Fatal(err)
	}
	all, err := importtest.Files(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// Keep one case's rows; the returns are here already.
	only := func(ref string) map[string]string {
		out := map[string]string{}
		for n, c := range all {
			ls := strings.SplitAfter(c, "\n")
			kept := ls[0]
			for _, l := range ls[1:] {
				if n == "operation.csv" || n == "attachments.csv" || strings.Contains(l, ref+",") {
					kept += l
				}
			}
			out[n] = kept
		}
		return out
	}
	for i, want := range []struct {
		status int
		text   string
	}{
		{http.StatusOK, "Imported: 1 cases, 1 history"},
		{http.StatusUnprocessableEntity, "cases.csv:2:unit: This case belongs to OCU DKR"},
	} {
		path := filepath.Join(t.TempDir(), "own.zip")
		if err := importtest.Write(path, only(refs[i]), "", nil); err != nil {
			t.Fatal(err)
		}
		r := a.upload(path)
		if r.Status != want.status || !strings.Contains(r.Body, want.text) {
			t.Fatalf("%s: want %d with %q, got %d: %s", refs[i], want.status, want.text, r.Status, pageText(r.Body))
		}
	}
	if r := a.get("/cases/" + refs[0]); r.Status != http.StatusOK || !strings.Contains(r.Body, "Imported raid") {
		t.Fatalf("the imported case: %d", r.Status)
	}
	if r := a.as("supervisor.dkr").get("/cases/" + refs[1]); r.Status != http.StatusNotFound {
		t.Fatalf("the refused case: %d", r.Status)
	}
}
