package exports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
)

// fixture is the Liberterra II demo plus 300 generated cases, with the
// records the tests look for: a named suspect in a Manila case, a Skopje
// case with a named suspect shared with Manila, and a case whose text
// would be formulas in a spreadsheet.
type fixture struct {
	t        *testing.T
	d        *db.DB
	us       *units.Store
	op       units.Operation
	mnl, skp units.Unit
	named    string // pseudonym of the named suspect in a Manila case
	shared   string // reference of the Skopje case shared with Manila
	sharedP  string // pseudonym of the named suspect in it
	formula  string // reference of the case with formula-like text
}

const (
	suspectName = "Juan Dela Cruz"
	formulaText = `=HYPERLINK("http://x")`
)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	fx := &fixture{t: t, d: dbtest.New(t)}
	fx.us = units.NewStore(fx.d)
	must(t, fx.us.SeedReference(ctx))
	must(t, demo.Generate(ctx, fx.d, 300, 1))
	var err error
	fx.op, err = fx.us.Operation(ctx, "LIB2")
	must(t, err)
	fx.mnl, err = fx.us.Unit(ctx, "MNL")
	must(t, err)
	fx.skp, err = fx.us.Unit(ctx, "SKP")
	must(t, err)

	cs := cases.NewStore(fx.d, fx.us)
	suspect := cases.PersonInput{Outcome: "suspect", Sex: "male", Name: suspectName, BirthDate: "1980-05-01",
		Arrested: true, ArrestedAt: "2024-10-02T10:00", Charges: []string{"migrant_smuggling", "human_trafficking"}}
	openCase := func(unitID int64, country string) string {
		var ref string
		must(t, fx.d.Read.Raw(`SELECT reference FROM cases WHERE unit_id = ? AND raising_country LIKE ? AND status != 'closed'
			ORDER BY seq LIMIT 1`, unitID, country).Scan(&ref).Error)
		return ref
	}
	ps, err := cs.AddPeople(ctx, openCase(fx.mnl.ID, "PH"), 1, suspect)
	must(t, err)
	fx.named = ps[0].Pseudonym
	fx.shared = openCase(fx.skp.ID, "%")
	ps, err = cs.AddPeople(ctx, fx.shared, 1, suspect)
	must(t, err)
	fx.sharedP = ps[0].Pseudonym
	must(t, cs.Share(ctx, fx.shared, "MNL"))
	c, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: formulaText,
		Summary: "+1+1", Place: "@Pasay", Country: "PH", RaidAt: "2024-10-02T09:00",
		Forms: []string{"forced_criminality"}, RaisedBy: "-Officer"})
	must(t, err)
	fx.formula = c.Reference
	return fx
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Principals the tests export as.
func (fx *fixture) coordinator() context.Context {
	return ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "coordinator", Role: ocu.RoleCoordinator, Address: "test"})
}

func (fx *fixture) supervisor() context.Context {
	return ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "supervisor.mnl", DisplayName: "Sgt Cruz",
		Role: ocu.RoleSupervisor, UnitID: fx.mnl.ID, Address: "test"})
}

func (fx *fixture) officer(country string) context.Context {
	return ocu.WithPrincipal(context.Background(), ocu.Principal{Username: "officer." + strings.ToLower(country),
		Role: ocu.RoleOfficer, UnitID: fx.mnl.ID, Country: country, Address: "test"})
}

func (fx *fixture) system() context.Context { return ocu.SystemContext(context.Background()) }

func (fx *fixture) export(ctx context.Context, f exports.Filter, format exports.Format, table exports.Table) ([]byte, exports.Counts) {
	fx.t.Helper()
	var b bytes.Buffer
	n, err := exports.Export(ctx, fx.d, fx.us, f, format, table, &b)
	if err != nil {
		fx.t.Fatalf("export %s %s: %v", format, table, err)
	}
	return b.Bytes(), n
}

// sqlCounts counts each table straight from the database, for the cases
// of the operation that where selects (SQL on cases aliased c), and the
// returns returnWhere selects (on daily_returns aliased r).
func (fx *fixture) sqlCounts(where, returnWhere string) exports.Counts {
	fx.t.Helper()
	q := map[exports.Table]string{
		exports.TableCases:    "SELECT COUNT(*) FROM cases c WHERE ",
		exports.TableHistory:  "SELECT COUNT(*) FROM case_transitions t JOIN cases c ON c.id = t.case_id WHERE ",
		exports.TablePeople:   "SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id WHERE ",
		exports.TableSuspects: "SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id WHERE p.outcome = 'suspect' AND ",
		exports.TableSeizures: "SELECT COUNT(*) FROM seizures s JOIN cases c ON c.id = s.case_id WHERE ",
	}
	out := exports.Counts{}
	for t, sql := range q {
		var n int
		must(fx.t, fx.d.Read.Raw(sql+"c.operation_id = ? AND "+where, fx.op.ID).Scan(&n).Error)
		out[t] = n
	}
	var n int
	must(fx.t, fx.d.Read.Raw("SELECT COUNT(*) FROM daily_returns r WHERE r.operation_id = ? AND "+returnWhere, fx.op.ID).Scan(&n).Error)
	out[exports.TableReturns] = n
	return out
}

func (fx *fixture) mnlScope() string {
	return "(c.unit_id = " + strconv.FormatInt(fx.mnl.ID, 10) +
		" OR c.id IN (SELECT case_id FROM case_shares WHERE unit_id = " + strconv.FormatInt(fx.mnl.ID, 10) + "))"
}

func (fx *fixture) mnlReturns() string {
	return "r.country_iso2 IN (SELECT country_iso2 FROM attachments WHERE operation_id = " + strconv.FormatInt(fx.op.ID, 10) +
		" AND unit_id = " + strconv.FormatInt(fx.mnl.ID, 10) + ")"
}

// table is a CSV file read back: header and rows by column name.
type table struct {
	header []string
	rows   []map[string]string
}

func readCSV(t *testing.T, b []byte) table {
	t.Helper()
	// Every CSV starts with a UTF-8 byte-order mark, so that a
	// spreadsheet opening it by double-click reads UTF-8.
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatalf("CSV without a byte-order mark: %.40q", b)
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(recs) == 0 {
		t.Fatal("CSV without a header")
	}
	tb := table{header: recs[0]}
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range tb.header {
			m[h] = r[i]
		}
		tb.rows = append(tb.rows, m)
	}
	return tb
}

func readZip(t *testing.T, b []byte) ([]string, map[string]table, []*zip.File) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("zip does not open: %v", err)
	}
	var names []string
	tables := map[string]table{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasSuffix(f.Name, ".csv") {
			continue
		}
		r, err := f.Open()
		must(t, err)
		body, err := io.ReadAll(r)
		must(t, err)
		tables[strings.TrimSuffix(f.Name, ".csv")] = readCSV(t, body)
	}
	return names, tables, zr.File
}

func TestExport(t *testing.T) {
	fx := newFixture(t)
	all := fx.sqlCounts("1", "1")
	if all[exports.TableCases] < 300 || all[exports.TablePeople] < 1000 || all[exports.TableSeizures] == 0 || all[exports.TableReturns] == 0 {
		t.Fatalf("fixture too small to test anything: %v", all)
	}

	t.Run("each CSV table has its header and every row in scope", func(t *testing.T) {
		for _, tb := range append([]exports.Table{exports.TableOperation, exports.TableAttachments}, exports.Tables...) {
			b, n := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatCSV, tb)
			got := readCSV(t, b)
			if !slices.Equal(got.header, exports.Columns(tb)) {
				t.Errorf("%s header = %v, want %v", tb, got.header, exports.Columns(tb))
			}
			if len(got.rows) != n[tb] || len(n) != 1 {
				t.Errorf("%s: %d rows, counts say %v", tb, len(got.rows), n)
			}
			if want, ok := all[tb]; ok && len(got.rows) != want {
				t.Errorf("%s: %d rows, the database holds %d", tb, len(got.rows), want)
			}
			if !bytes.HasSuffix(b, []byte("\n")) || bytes.Contains(b, []byte("\r\n")) {
				t.Errorf("%s: lines must end in \\n", tb)
			}
		}
	})

	t.Run("zip holds every table, dated the last day, scoped to the supervisor's OCU", func(t *testing.T) {
		b, n := fx.export(fx.supervisor(), exports.Filter{}, exports.FormatZip, "")
		names, tables, files := readZip(t, b)
		want := []string{"operation.csv", "attachments.csv", "cases.csv", "history.csv", "people.csv", "suspects.csv", "seizures.csv", "returns.csv", "identifiers.csv", "notices.csv",
			"checks.csv", "partners.csv", "links.csv", "groups.csv", "group_members.csv", "operation_notices.csv", exports.CodesFile, exports.AnchorFile}
		if !slices.Equal(names, want) {
			t.Fatalf("zip files = %v, want %v", names, want)
		}
		lastDay := time.Date(2024, 10, 4, 0, 0, 0, 0, time.UTC)
		for _, f := range files {
			if !f.Modified.Equal(lastDay) {
				t.Errorf("%s dated %s, want %s", f.Name, f.Modified, lastDay)
			}
		}
		scope := fx.sqlCounts(fx.mnlScope(), fx.mnlReturns())
		for _, tb := range exports.Tables {
			if w, ok := scope[tb]; len(tables[string(tb)].rows) != n[tb] || (ok && n[tb] != w) { // threads' tables: threads_export_test.go
				t.Errorf("%s: %d rows, counts %d, want %d in Manila's scope", tb, len(tables[string(tb)].rows), n[tb], scope[tb])
			}
		}
		refs := map[string]bool{}
		for _, r := range tables["cases"].rows {
			refs[r["reference"]] = true
			if r["unit"] != "MNL" && r["reference"] != fx.shared {
				t.Errorf("supervisor of Manila exported %s of %s", r["reference"], r["unit"])
			}
		}
		if !refs[fx.shared] {
			t.Errorf("the case shared with Manila, %s, is missing", fx.shared)
		}
		for _, tb := range []string{"history", "people", "suspects", "seizures"} {
			for _, r := range tables[tb].rows {
				if !refs[r["case"]] {
					t.Fatalf("%s.csv holds a row of %s, a case outside the export", tb, r["case"])
				}
			}
		}
		attached := fx.attached(fx.mnl.ID)
		for _, r := range tables["returns"].rows {
			if !attached[r["country"]] {
				t.Fatalf("supervisor of Manila exported the returns of %s", r["country"])
			}
		}
		if len(tables["attachments"].rows) != 116 || tables["operation"].rows[0]["code"] != "LIB2" {
			t.Errorf("reference data: %d attachments, operation %v", len(tables["attachments"].rows), tables["operation"].rows)
		}
	})

	t.Run("filters select cases, and returns by OCU and country", func(t *testing.T) {
		f := exports.Filter{Unit: "dkr", Status: "screening", Form: "forced_labour"}
		b, n := fx.export(fx.coordinator(), f, exports.FormatZip, "")
		_, tables, _ := readZip(t, b)
		dkr := strconv.FormatInt(fx.unitID("DKR"), 10)
		want := fx.sqlCounts("c.unit_id = "+dkr+" AND c.status = 'screening' AND c.id IN (SELECT case_id FROM case_forms WHERE form = 'forced_labour')",
			"r.country_iso2 IN (SELECT country_iso2 FROM attachments WHERE unit_id = "+dkr+")")
		for _, tb := range exports.Tables {
			if w, ok := want[tb]; ok && n[tb] != w { // the threads' tables: identities_export_test.go, threads_export_test.go
				t.Errorf("%s: %d rows, want %d", tb, n[tb], want[tb])
			}
		}
		if n[exports.TableCases] == 0 {
			t.Fatal("the filter selects nothing: the test proves nothing")
		}
		for _, r := range tables["cases"].rows {
			if r["unit"] != "DKR" || r["status"] != "screening" || !slices.Contains(strings.Split(r["forms"], ";"), "forced_labour") {
				t.Fatalf("case outside the filter: %v", r)
			}
		}
		b, _ = fx.export(fx.coordinator(), exports.Filter{Country: "ph"}, exports.FormatCSV, exports.TableReturns)
		for _, r := range readCSV(t, b).rows {
			if r["country"] != "PH" {
				t.Fatalf("country filter let through %s", r["country"])
			}
		}
	})

	t.Run("officers export their OCU's cases, and names of their own country's only", func(t *testing.T) {
		b, _ := fx.export(fx.officer("TH"), exports.Filter{}, exports.FormatCSV, exports.TableSuspects)
		for _, r := range readCSV(t, b).rows {
			if r["pseudonym"] == fx.named && r["name"] != "" {
				t.Error("an officer of Thailand got the name of a suspect in a Philippine case")
			}
		}
		b, _ = fx.export(fx.officer("PH"), exports.Filter{}, exports.FormatCSV, exports.TableSuspects)
		if !fx.hasName(readCSV(t, b), fx.named) {
			t.Error("the officer of the raising country lacks the name")
		}
	})

	t.Run("people are de-identified; suspects named only where the user may see it", func(t *testing.T) {
		b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatCSV, exports.TablePeople)
		people := readCSV(t, b)
		if slices.Contains(people.header, "name") || slices.Contains(people.header, "birth_date") {
			t.Fatalf("people.csv has identity columns: %v", people.header)
		}
		if bytes.Contains(b, []byte(suspectName)) {
			t.Fatal("a name is in people.csv")
		}
		b, _ = fx.export(fx.coordinator(), exports.Filter{}, exports.FormatCSV, exports.TableSuspects)
		if bytes.Contains(b, []byte(suspectName)) || bytes.Contains(b, []byte("1980-05-01")) {
			t.Fatal("a coordinator's export names a suspect")
		}
		b, _ = fx.export(fx.system(), exports.Filter{}, exports.FormatCSV, exports.TableSuspects)
		s := readCSV(t, b)
		if !fx.hasName(s, fx.named) || !fx.hasName(s, fx.sharedP) {
			t.Fatal("ocu's own export lacks suspects' names")
		}
		for _, r := range s.rows {
			if r["pseudonym"] == fx.named && (r["birth_date"] != "1980-05-01" || r["charges"] != "human_trafficking;migrant_smuggling" ||
				r["arrested"] != "1" || r["arrested_at"] != "2024-10-02T02:00:00Z") {
				t.Errorf("suspect row = %v", r)
			}
		}
		b, _ = fx.export(fx.supervisor(), exports.Filter{}, exports.FormatCSV, exports.TableSuspects)
		s = readCSV(t, b)
		if !fx.hasName(s, fx.named) {
			t.Error("the supervisor of the case's OCU lacks the name")
		}
		if fx.hasName(s, fx.sharedP) || !fx.hasRow(s, fx.sharedP) {
			t.Error("a case shared with Manila must come without its suspects' names")
		}
		for _, format := range []exports.Format{exports.FormatJSON, exports.FormatXLSX} {
			b, _ = fx.export(fx.coordinator(), exports.Filter{}, format, "")
			if bytes.Contains(b, []byte(suspectName)) {
				t.Errorf("a coordinator's %s export names a suspect", format)
			}
		}
	})

	t.Run("text that a spreadsheet would run is neutralised", func(t *testing.T) {
		b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatCSV, exports.TableCases)
		var row map[string]string
		for _, r := range readCSV(t, b).rows {
			if r["reference"] == fx.formula {
				row = r
			}
		}
		if row == nil {
			t.Fatal("formula case missing")
		}
		for col, want := range map[string]string{"title": "'" + formulaText, "summary": "'+1+1", "place": "'@Pasay"} {
			if row[col] != want {
				t.Errorf("%s = %q, want %q", col, row[col], want)
			}
			if exports.RestoreText(row[col]) != want[1:] {
				t.Errorf("RestoreText(%q) does not give back the text", row[col])
			}
		}
		if row["potential_victims"] != "0" || row["raid_at"] != "2024-10-02T01:00:00Z" {
			t.Errorf("numbers and times must not be touched: %v", row)
		}

		b, _ = fx.export(fx.coordinator(), exports.Filter{}, exports.FormatXLSX, "")
		f, err := excelize.OpenReader(bytes.NewReader(b))
		must(t, err)
		defer f.Close()
		rows, err := f.GetRows("cases")
		must(t, err)
		title := slices.Index(rows[0], "title")
		for i, r := range rows[1:] {
			if r[0] == fx.formula {
				cell := cellName(title+1, i+2)
				if ty, err := f.GetCellType("cases", cell); err != nil || ty != excelize.CellTypeInlineString {
					t.Errorf("xlsx title cell %s is of type %v (%v), want an inline string", cell, ty, err)
				}
				if fo, _ := f.GetCellFormula("cases", cell); fo != "" {
					t.Errorf("xlsx title cell %s holds a formula %q", cell, fo)
				}
			}
		}
		found := false
		for _, r := range rows[1:] {
			if r[0] == fx.formula {
				found = true
				// A workbook's text cell is never run: it holds the text
				// as typed, with no apostrophe for Excel to show.
				if r[title] != formulaText {
					t.Errorf("xlsx title = %q, want %q as typed", r[title], formulaText)
				}
			}
		}
		if !found {
			t.Error("formula case missing from the workbook")
		}
	})

	t.Run("workbook: summary, typed cells, frozen header, filter", func(t *testing.T) {
		b, n := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatXLSX, "")
		f, err := excelize.OpenReader(bytes.NewReader(b))
		must(t, err)
		defer f.Close()
		wantSheets := []string{exports.SummarySheet, "cases", "history", "people", "suspects", "seizures", "returns", "identifiers", "notices",
			"checks", "partners", "links", "groups", "group_members", "operation_notices", exports.CodesSheet}
		if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
			t.Fatalf("sheets = %v, want %v", got, wantSheets)
		}
		if f.GetActiveSheetIndex() != 0 {
			t.Errorf("the workbook opens on sheet %d, not the summary", f.GetActiveSheetIndex())
		}
		filters := map[string]string{}
		for _, dn := range f.GetDefinedName() {
			if dn.Name == "_xlnm._FilterDatabase" {
				filters[dn.Scope] = dn.RefersTo
			}
		}
		for _, tb := range exports.Tables {
			sheet := string(tb)
			rows, err := f.GetRows(sheet)
			must(t, err)
			if !slices.Equal(rows[0], exports.Columns(tb)) {
				t.Errorf("%s header = %v", sheet, rows[0])
			}
			if w, ok := all[tb]; len(rows)-1 != n[tb] || (ok && n[tb] != w) { // threads' tables: threads_export_test.go
				t.Errorf("%s: %d rows, counts %d, database %d", sheet, len(rows)-1, n[tb], all[tb])
			}
			panes, err := f.GetPanes(sheet)
			must(t, err)
			if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
				t.Errorf("%s: header row not frozen: %+v", sheet, panes)
			}
			last, _ := excelize.CoordinatesToCellName(len(exports.Columns(tb)), n[tb]+1)
			if want := "'" + sheet + "'!$A$1:$" + strings.TrimRight(last, "0123456789") + "$" + strconv.Itoa(n[tb]+1); filters[sheet] != want {
				t.Errorf("%s: filter on %q, want %q", sheet, filters[sheet], want)
			}
		}
		// Typed cells: numbers are numbers, times are dates with a date format.
		col := func(tb exports.Table, name string) string {
			c, _ := excelize.ColumnNumberToName(slices.Index(exports.Columns(tb), name) + 1)
			return c
		}
		// The first seizure with a published amount (one whose amount was
		// not published has a blank quantity, never 0).
		seizureRow := 2
		for ; seizureRow < n[exports.TableSeizures]+2; seizureRow++ {
			if v, _ := f.GetCellValue("seizures", col(exports.TableSeizures, "quantity")+strconv.Itoa(seizureRow)); v != "" {
				break
			}
		}
		for _, c := range []struct {
			sheet, col string
			format     string
		}{
			{"cases", col(exports.TableCases, "version"), ""},
			{"cases", col(exports.TableCases, "people"), ""},
			{"cases", col(exports.TableCases, "raid_at"), "yyyy-mm-dd hh:mm:ss"},
			{"cases", col(exports.TableCases, "raid_day"), "yyyy-mm-dd"},
			{"returns", col(exports.TableReturns, "database_checks"), ""},
			{"seizures", col(exports.TableSeizures, "quantity"), ""},
		} {
			cell := c.col + "2"
			if c.sheet == "seizures" {
				cell = c.col + strconv.Itoa(seizureRow)
			}
			typ, err := f.GetCellType(c.sheet, cell)
			must(t, err)
			if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("%s!%s is not a number cell (%v)", c.sheet, cell, typ)
			}
			raw, err := f.GetCellValue(c.sheet, cell, excelize.Options{RawCellValue: true})
			must(t, err)
			if _, err := strconv.ParseFloat(raw, 64); err != nil {
				t.Errorf("%s!%s = %q, not a number", c.sheet, cell, raw)
			}
			if c.format != "" {
				style, err := f.GetCellStyle(c.sheet, cell)
				must(t, err)
				st, err := f.GetStyle(style)
				must(t, err)
				if st.CustomNumFmt == nil || *st.CustomNumFmt != c.format {
					t.Errorf("%s!%s: number format %v, want %s", c.sheet, cell, st.CustomNumFmt, c.format)
				}
			}
		}
		// The summary's figures are the database's.
		summary := map[string]string{}
		rows, err := f.GetRows(exports.SummarySheet, excelize.Options{RawCellValue: true})
		must(t, err)
		for _, r := range rows {
			if len(r) == 2 {
				summary[r[0]] = r[1]
			}
		}
		var tot struct{ Cases, Victims, Minors, Migrants, Arrests, HtMs, Referred, Checks, Flights int64 }
		must(t, fx.d.Read.Raw(`SELECT COUNT(*), SUM(potential_victims), SUM(minor_victims), SUM(irregular_migrants),
			SUM(arrests), SUM(arrests_ht_ms), SUM(referred_suspects), 0, 0 FROM cases WHERE operation_id = ?`, fx.op.ID).Row().
			Scan(&tot.Cases, &tot.Victims, &tot.Minors, &tot.Migrants, &tot.Arrests, &tot.HtMs, &tot.Referred, &tot.Checks, &tot.Flights))
		must(t, fx.d.Read.Raw("SELECT SUM(database_checks), SUM(flights_monitored) FROM daily_returns WHERE operation_id = ?", fx.op.ID).Row().
			Scan(&tot.Checks, &tot.Flights))
		var cash float64
		must(t, fx.d.Read.Raw("SELECT COALESCE(SUM(value_usd), 0) FROM seizures WHERE operation_id = ? AND kind = 'cash'", fx.op.ID).Row().Scan(&cash))
		for label, want := range map[string]int64{"Cases": tot.Cases, "Potential victims": tot.Victims, "of whom minors": tot.Minors,
			"Irregular migrants": tot.Migrants, "Arrests": tot.Arrests, "of which on trafficking or smuggling charges": tot.HtMs,
			"Suspects referred for prosecution": tot.Referred, "Checks against police databases": tot.Checks, "Flights monitored": tot.Flights} {
			if summary[label] != strconv.FormatInt(want, 10) {
				t.Errorf("summary %q = %q, want %d", label, summary[label], want)
			}
		}
		if got, _ := strconv.ParseFloat(summary["Cash seized (USD)"], 64); got != cash || cash == 0 {
			t.Errorf("summary cash = %q, want %v", summary["Cash seized (USD)"], cash)
		}
		if tot.Victims == 0 || tot.Arrests == 0 || tot.Checks == 0 {
			t.Fatalf("totals are zero: the test proves nothing: %+v", tot)
		}
	})

	t.Run("JSON: the schema's shape, HTCDS victims, cases with their history", func(t *testing.T) {
		b, n := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatJSON, "")
		var doc map[string]any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		must(t, dec.Decode(&doc))
		schema := loadSchema(t)
		if errs := schema.validate(doc, schema.root, "$"); len(errs) > 0 {
			t.Fatalf("the export breaks docs/export-schema.json:\n%s", strings.Join(errs[:min(len(errs), 10)], "\n"))
		}
		if doc["schema"] != exports.JSONSchema {
			t.Errorf("schema = %v", doc["schema"])
		}
		for _, tb := range []exports.Table{exports.TableCases, exports.TablePeople, exports.TableSuspects, exports.TableSeizures, exports.TableReturns} {
			rows := doc[string(tb)].([]any)
			if len(rows) != n[tb] || n[tb] != all[tb] {
				t.Errorf("%s: %d elements, counts %d, database %d", tb, len(rows), n[tb], all[tb])
			}
			for _, keys := range elementKeys(t, b, string(tb)) {
				if !slices.Equal(keys, columnsOf(tb)) {
					t.Fatalf("%s element keys = %v, want the CSV columns in order", tb, keys)
				}
			}
		}
		history := 0
		for _, c := range doc["cases"].([]any) {
			h := c.(map[string]any)["history"].([]any)
			history += len(h)
			if len(h) == 0 || h[0].(map[string]any)["to"] != "raid" || h[0].(map[string]any)["seq"] != json.Number("1") {
				t.Fatalf("case %v: history must start with its creation", c.(map[string]any)["reference"])
			}
		}
		if history != n[exports.TableHistory] || history != all[exports.TableHistory] {
			t.Errorf("history: %d nested moves, counts %d, database %d", history, n[exports.TableHistory], all[exports.TableHistory])
		}
		var victims int
		must(t, fx.d.Read.Raw("SELECT COUNT(*) FROM people WHERE operation_id = ? AND outcome = 'potential_victim'", fx.op.ID).Scan(&victims).Error)
		vs := doc["htcds_victims"].([]any)
		if len(vs) != victims || victims == 0 {
			t.Errorf("htcds_victims: %d, database %d potential victims", len(vs), victims)
		}
		types := map[string]bool{}
		for _, v := range vs {
			for _, x := range v.(map[string]any)["vic_TypeOfExploitation"].([]any) {
				types[x.(string)] = true
			}
		}
		if len(types) < 5 {
			t.Errorf("only %v types of exploitation: the mapping is barely exercised", types)
		}
	})

	t.Run("the same records give the same bytes", func(t *testing.T) {
		// Every CSV file of the zip; anchor.txt moves on with the audit
		// trail, which records each export.
		a, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatZip, "")
		b, _ := fx.export(fx.coordinator(), exports.Filter{}, exports.FormatZip, "")
		if !maps.Equal(zipCSVs(t, a), zipCSVs(t, b)) {
			t.Error("two zip exports of the same records differ")
		}
		a, _ = fx.export(fx.supervisor(), exports.Filter{}, exports.FormatCSV, exports.TableCases)
		b, _ = fx.export(fx.supervisor(), exports.Filter{}, exports.FormatCSV, exports.TableCases)
		if !bytes.Equal(a, b) {
			t.Error("two CSV exports of the same records differ")
		}
	})

	t.Run("every export is in the audit trail with its counts", func(t *testing.T) {
		_, n := fx.export(fx.supervisor(), exports.Filter{Status: "raid"}, exports.FormatCSV, exports.TablePeople)
		var e struct{ Username, Action, Subject, Details string }
		must(t, fx.d.Read.Raw("SELECT username, action, subject, details FROM audit_log ORDER BY id DESC LIMIT 1").Scan(&e).Error)
		var details struct {
			Format, Table string
			Filters       map[string]string
			Counts        map[string]int
		}
		must(t, json.Unmarshal([]byte(e.Details), &details))
		if e.Action != "export" || e.Username != "supervisor.mnl" || e.Subject != "operation:LIB2" || details.Format != "csv" ||
			details.Table != "people" || details.Filters["status"] != "raid" || details.Counts["people"] != n[exports.TablePeople] {
			t.Errorf("audit entry = %+v %+v, counts %v", e, details, n)
		}
	})

	t.Run("an export imported elsewhere exports again to the same bytes", func(t *testing.T) {
		a, _ := fx.export(fx.system(), exports.Filter{}, exports.FormatZip, "")
		ctx := ocu.SystemContext(context.Background())
		d2 := dbtest.New(t)
		us2 := units.NewStore(d2)
		must(t, us2.SeedReference(ctx))
		if _, err := exports.Import(ctx, d2, us2, bytes.NewReader(a), int64(len(a))); err != nil {
			t.Fatalf("import: %v", err)
		}
		var b bytes.Buffer
		if _, err := exports.Export(ctx, d2, us2, exports.Filter{}, exports.FormatZip, "", &b); err != nil {
			t.Fatal(err)
		}
		if !maps.Equal(zipCSVs(t, a), zipCSVs(t, b.Bytes())) {
			t.Error("export → import → export changed the files")
		}
	})

	t.Run("refusals come before any byte", func(t *testing.T) {
		for name, c := range map[string]struct {
			ctx    context.Context
			f      exports.Filter
			format exports.Format
			table  exports.Table
			kind   ocu.Kind
			fields []string
		}{
			"admin":            {ocu.WithPrincipal(context.Background(), ocu.Principal{Role: ocu.RoleAdmin}), exports.Filter{}, exports.FormatZip, "", ocu.Forbidden, nil},
			"nobody":           {context.Background(), exports.Filter{}, exports.FormatZip, "", ocu.Forbidden, nil},
			"unknown codes":    {fx.coordinator(), exports.Filter{Operation: "NOPE", Unit: "XXX", Country: "QQ", Status: "lost", Form: "theft"}, exports.FormatZip, "", ocu.Invalid, []string{"operation", "unit", "country", "status", "form"}},
			"unknown format":   {fx.coordinator(), exports.Filter{}, "pdf", "", ocu.Invalid, []string{"format"}},
			"CSV of no table":  {fx.coordinator(), exports.Filter{}, exports.FormatCSV, "", ocu.Invalid, []string{"table"}},
			"CSV of bad table": {fx.coordinator(), exports.Filter{}, exports.FormatCSV, "users", ocu.Invalid, []string{"table"}},
		} {
			var b bytes.Buffer
			_, err := exports.Export(c.ctx, fx.d, fx.us, c.f, c.format, c.table, &b)
			var e *ocu.Error
			if !errors.As(err, &e) || e.Kind != c.kind {
				t.Errorf("%s: err = %v, want %v", name, err, c.kind)
				continue
			}
			if b.Len() != 0 {
				t.Errorf("%s: %d bytes written before the refusal", name, b.Len())
			}
			for _, fld := range c.fields {
				if _, ok := e.Fields[fld]; !ok {
					t.Errorf("%s: no error on %s: %v", name, fld, e.Fields)
				}
			}
		}
	})
}

func (fx *fixture) unitID(code string) int64 {
	u, err := fx.us.Unit(context.Background(), code)
	must(fx.t, err)
	return u.ID
}

func (fx *fixture) attached(unitID int64) map[string]bool {
	var codes []string
	must(fx.t, fx.d.Read.Raw("SELECT country_iso2 FROM attachments WHERE operation_id = ? AND unit_id = ?", fx.op.ID, unitID).Scan(&codes).Error)
	m := map[string]bool{}
	for _, c := range codes {
		m[c] = true
	}
	return m
}

func (fx *fixture) hasRow(tb table, pseudonym string) bool {
	return slices.ContainsFunc(tb.rows, func(r map[string]string) bool { return r["pseudonym"] == pseudonym })
}

func (fx *fixture) hasName(tb table, pseudonym string) bool {
	return slices.ContainsFunc(tb.rows, func(r map[string]string) bool {
		return r["pseudonym"] == pseudonym && r["name"] == suspectName
	})
}

func TestRestoreTextUndoesNeutralising(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	must(t, us.SeedReference(ctx))
	must(t, demo.Generate(ctx, d, 0, 1))
	texts := []string{"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "'=1", "''+x", "'plain", "plain", "a=b", "", "'"}
	for _, s := range texts {
		_, err := cases.NewStore(d, us).Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: "T", Summary: s,
			Place: "P", Country: "PH", RaidAt: "2024-10-02T09:00", Forms: []string{"forced_labour"}, RaisedBy: "R"})
		must(t, err)
	}
	var b bytes.Buffer
	_, err := exports.Export(ctx, d, us, exports.Filter{Country: "PH"}, exports.FormatCSV, exports.TableCases, &b)
	must(t, err)
	got := map[string]bool{}
	for _, r := range readCSV(t, b.Bytes()).rows {
		s := r["summary"]
		if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
			t.Errorf("%q reaches the CSV unneutralised", s)
		}
		got[exports.RestoreText(s)] = true
	}
	for _, s := range texts {
		if strings.TrimSpace(s) == s && !got[s] { // the store trims surrounding space
			t.Errorf("%q does not come back", s)
		}
	}
}

// The JSON Schema document and the code agree: each table's properties
// are its CSV columns in order.
func TestSchemaDocumentListsTheColumns(t *testing.T) {
	s := loadSchema(t)
	for def, tb := range map[string]exports.Table{"case": exports.TableCases, "person": exports.TablePeople, "suspect": exports.TableSuspects,
		"seizure": exports.TableSeizures, "return": exports.TableReturns,
		"identifier": exports.TableIdentifiers, "notice": exports.TableNotices, "check": exports.TableChecks,
		"partner": exports.TablePartners, "link": exports.TableLinks, "group": exports.TableGroups,
		"group_member": exports.TableGroupMembers, "operation_notice": exports.TableOperationNotices} {
		req := s.defs[def].(map[string]any)["required"].([]any)
		var got []string
		for _, r := range req {
			if r != "history" {
				got = append(got, r.(string))
			}
		}
		if !slices.Equal(got, exports.Columns(tb)) {
			t.Errorf("docs/export-schema.json %s lists %v, the code writes %v", def, got, exports.Columns(tb))
		}
	}
	hist := s.defs["history_entry"].(map[string]any)["required"].([]any)
	if len(hist) != len(exports.Columns(exports.TableHistory))-1 {
		t.Errorf("history_entry lists %v", hist)
	}
}

// columnsOf is the keys a JSON element of tb has: the CSV columns, and a
// case's history.
func columnsOf(tb exports.Table) []string {
	if tb == exports.TableCases {
		return append(exports.Columns(tb), "history")
	}
	return exports.Columns(tb)
}

// elementKeys reads the raw document and returns, for each element of
// the top-level array named key, its keys in document order (decoding into
// a map would lose the order, which is part of the contract).
func elementKeys(t *testing.T, doc []byte, key string) [][]string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(doc))
	tok := func() json.Token {
		tk, err := dec.Token()
		must(t, err)
		return tk
	}
	skip := func() { // the value after a key
		var raw json.RawMessage
		must(t, dec.Decode(&raw))
	}
	tok() // {
	for dec.More() {
		if tok().(string) != key {
			skip()
			continue
		}
		tok() // [
		var out [][]string
		for dec.More() {
			tok() // {
			var keys []string
			for dec.More() {
				keys = append(keys, tok().(string))
				skip()
			}
			tok() // }
			out = append(out, keys)
		}
		return out
	}
	t.Fatalf("no %q in the document", key)
	return nil
}

// jsonSchema is the subset of JSON Schema draft 2020-12 that
// docs/export-schema.json uses, enough to check an export against it.
type jsonSchema struct {
	root any
	defs map[string]any
}

func loadSchema(t *testing.T) *jsonSchema {
	t.Helper()
	b, err := os.ReadFile("../docs/export-schema.json")
	must(t, err)
	var root map[string]any
	must(t, json.Unmarshal(b, &root))
	if root["$schema"] != "https://json-schema.org/draft/2020-12/schema" {
		t.Fatalf("$schema = %v", root["$schema"])
	}
	return &jsonSchema{root: root, defs: root["$defs"].(map[string]any)}
}

func (s *jsonSchema) validate(v, schema any, path string) []string {
	sc := schema.(map[string]any)
	if ref, ok := sc["$ref"].(string); ok {
		return s.validate(v, s.defs[strings.TrimPrefix(ref, "#/$defs/")], path)
	}
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, path+": "+strings.TrimSpace(strings.ReplaceAll(fmt.Sprintf(format, args...), "\n", " ")))
	}
	if c, ok := sc["const"]; ok && v != c {
		fail("%v is not %v", v, c)
	}
	if enum, ok := sc["enum"].([]any); ok && !slices.Contains(enum, v) {
		fail("%v is not one of %v", v, enum)
	}
	if typ, ok := sc["type"]; ok {
		var types []any
		if l, isList := typ.([]any); isList {
			types = l
		} else {
			types = []any{typ}
		}
		if !slices.ContainsFunc(types, func(t any) bool { return jsonType(v, t.(string)) }) {
			fail("%v is not of type %v", v, typ)
			return errs
		}
	}
	switch x := v.(type) {
	case string:
		if p, ok := sc["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(x) {
			fail("%q does not match %s", x, p)
		}
	case []any:
		if m, ok := sc["maxItems"].(float64); ok && len(x) > int(m) {
			fail("%d items, at most %v", len(x), m)
		}
		if items, ok := sc["items"]; ok {
			for i, e := range x {
				errs = append(errs, s.validate(e, items, path+"["+strconv.Itoa(i)+"]")...)
			}
		}
	case map[string]any:
		for _, r := range asList(sc["required"]) {
			if _, ok := x[r.(string)]; !ok {
				fail("%s is missing", r)
			}
		}
		if props, ok := sc["properties"].(map[string]any); ok {
			for k, p := range props {
				if e, has := x[k]; has {
					errs = append(errs, s.validate(e, p, path+"."+k)...)
				}
			}
		}
	}
	return errs
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func jsonType(v any, t string) bool {
	switch t {
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		n, ok := v.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case "number":
		_, ok := v.(json.Number)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "array":
		_, ok := v.([]any)
		return ok
	case "object":
		_, ok := v.(map[string]any)
		return ok
	}
	return false
}

// cellName is the A1 name of a cell, counted from 1.
func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
