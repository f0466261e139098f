package exports_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// splitTexts are summaries a spreadsheet would run as a formula once it
// splits the cell on another separator than the comma (';' in much of
// Europe, a tab), or on a line break, and texts that only look close.
var splitTexts = []string{
	"x;=1+1", "x; =1+1", "x,=1+1", "x\t=1+1", "line one\n=1+1", "line one\r+1", "a;-b;@c", "a;;=1",
	"x;'=1", "x;''+1", "x;'plain", "'=1;=2", "=1;'=2", "a;\t=1", "semi;colon", "tab\tonly", "a=b;c=d",
	"x;", ";", ";=", "\t", "-", "1;2;3",
}

// TestCSVNeutralisesEveryPartAndRestoresIt: x;=1+1 was written unquoted
// and as it is, so a spreadsheet reading the file with ';' as its
// separator opened a formula. Every part of a text that some reading
// makes a cell is neutralised, fields holding ';' or a tab are quoted, and
// RestoreText (what the importer applies to every text column) gives back
// each text exactly.
func TestCSVNeutralisesEveryPartAndRestoresIt(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	must(t, us.SeedReference(ctx))
	must(t, demo.Generate(ctx, d, 0, 1))
	cs := cases.NewStore(d, us)
	for _, s := range splitTexts {
		_, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: "T", Summary: s,
			Place: "P", Country: "PH", RaidAt: "2024-10-02T09:00", Forms: []string{"forced_labour", "money_laundering"}, RaisedBy: "R"})
		must(t, err)
	}
	var b bytes.Buffer
	_, err := exports.Export(ctx, d, us, exports.Filter{Country: "PH"}, exports.FormatCSV, exports.TableCases, &b)
	must(t, err)
	raw := bytes.TrimPrefix(b.Bytes(), []byte("\ufeff"))

	// Read with each separator a spreadsheet may pick: no cell starts
	// with a trigger.
	for _, sep := range []rune{',', ';', '\t'} {
		r := csv.NewReader(bytes.NewReader(raw))
		r.Comma, r.LazyQuotes, r.FieldsPerRecord = sep, true, -1
		recs, err := r.ReadAll()
		must(t, err)
		for _, rec := range recs {
			for _, f := range rec {
				// A line break inside a quoted field starts a cell for a
				// reader that splits lines first.
				for _, part := range strings.FieldsFunc(f, func(r rune) bool { return r == '\n' || r == '\r' }) {
					if part != "" && strings.ContainsAny(part[:1], "=+-@") {
						t.Errorf("read with %q as separator, a cell starts a formula: %q", sep, part)
					}
				}
				if f != "" && strings.ContainsAny(f[:1], "=+-@\t\r") {
					t.Errorf("read with %q as separator, a cell starts a formula: %q", sep, f)
				}
			}
		}
	}
	got := map[string]bool{}
	for _, r := range readCSV(t, b.Bytes()).rows {
		got[exports.RestoreText(r["summary"])] = true
		if r["title"] == "T" && exports.RestoreText(r["forms"]) != "forced_labour;money_laundering" {
			t.Errorf("forms = %q", r["forms"])
		}
	}
	for _, s := range splitTexts {
		if want := strings.TrimSpace(s); want != "" && !got[want] { // the store trims surrounding space
			t.Errorf("%q does not come back", want)
		}
	}
	// Fields with ';' or a tab are quoted, lists included.
	for _, want := range []string{`"x;'=1+1"`, `"forced_labour;money_laundering"`, "\"x\t'=1+1\"", `"semi;colon"`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("the CSV lacks the quoted field %s", want)
		}
	}
}

// Invalid UTF-8 and NUL stored before ocu refused them on input (or
// written into the file by hand) went out raw in every export. The CSV
// and XLSX writers replace them with U+FFFD; JSON escapes them as JSON
// requires.
func TestExportsNeverCarryInvalidUTF8OrNUL(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	must(t, us.SeedReference(ctx))
	must(t, demo.Generate(ctx, d, 0, 1))
	c, err := cases.NewStore(d, us).Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: "T", Place: "P",
		Country: "PH", RaidAt: "2024-10-02T09:00", Forms: []string{"forced_labour"}, RaisedBy: "R"})
	must(t, err)
	must(t, d.Write.Exec("UPDATE cases SET title = ?, place = ? WHERE id = ?", "Raid\x00 at\xff\xfe the pier\x1b", "Pier\x00", c.ID).Error)
	export := func(format exports.Format) []byte {
		var b bytes.Buffer
		_, err := exports.Export(ctx, d, us, exports.Filter{Country: "PH"}, format, exports.TableCases, &b)
		must(t, err)
		return b.Bytes()
	}
	csvRaw := export(exports.FormatCSV)
	if !utf8.Valid(csvRaw) || bytes.IndexByte(csvRaw, 0) >= 0 || bytes.IndexByte(csvRaw, 0x1b) >= 0 {
		t.Error("the CSV carries invalid UTF-8 or a control character")
	}
	if !bytes.Contains(csvRaw, []byte("Raid\uFFFD at\uFFFD\uFFFD the pier\uFFFD")) {
		t.Error("the CSV lacks the title with its bad bytes replaced")
	}
	f, err := excelize.OpenReader(bytes.NewReader(export(exports.FormatXLSX)))
	must(t, err)
	defer f.Close()
	rows, err := f.GetRows("cases")
	must(t, err)
	found := false
	for _, r := range rows {
		for _, cell := range r {
			if strings.ContainsRune(cell, 0) || !utf8.ValidString(cell) {
				t.Errorf("an XLSX cell carries invalid UTF-8 or NUL: %q", cell)
			}
			found = found || cell == "Raid\uFFFD at\uFFFD\uFFFD the pier\uFFFD"
		}
	}
	if !found {
		t.Error("the XLSX lacks the title with its bad bytes replaced")
	}
	js := export(exports.FormatJSON)
	if !utf8.Valid(js) || bytes.IndexByte(js, 0) >= 0 || !json.Valid(js) {
		t.Error("the JSON is not valid UTF-8 JSON without raw NUL")
	}
}
