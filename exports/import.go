package exports

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/units"
)

// Import takes an export zip back in: the operation, its attachments and
// daily returns, and the cases with their history, people, suspects and
// seizures, exactly as exported. Every row passes the same rules as a
// user's input; the file imports entirely or not at all. Format errors are
// reported for every bad row at once, by file, line and field; a rule
// broken by a row stops the import at that row.
func Import(ctx context.Context, d *db.DB, u *units.Store, r io.ReaderAt, size int64) (ImportCounts, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, ocu.Errorf(ocu.Invalid, "error.import_not_zip")
	}
	ip := &importParse{errs: ocu.FieldErrors{}, files: map[string][]impRow{}}
	for _, name := range importFiles {
		ip.readFile(zr, name)
	}
	if err := ip.errs.Err(); err != nil {
		return nil, importErr(ip.errs)
	}
	set := ip.build()
	if err := ip.errs.Err(); err != nil {
		return nil, importErr(ip.errs)
	}
	cs := cases.NewStore(d, u)
	counts := ImportCounts{"cases": len(set.cases), "returns": len(set.returns), "attachments": len(set.attachments)}
	for _, c := range set.cases {
		counts["history"] += len(c.History)
		counts["people"] += len(c.People)
		counts["seizures"] += len(c.Seizures)
	}
	err = d.Write.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		snap, err := u.RestoreTx(ctx, tx, set.operation, set.attachments, set.returns)
		if err != nil {
			return err
		}
		if err := cs.RestoreTx(ctx, tx, snap, set.cases); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "import", Subject: "operation:" + set.operation.Code,
			Details: map[string]any{"counts": counts}})
	})
	u.Invalidate() // attachments may have been added
	if err != nil {
		return nil, err
	}
	return counts, nil
}

// ImportCounts is how many rows of each kind were imported.
type ImportCounts map[string]int

func importErr(fe ocu.FieldErrors) error {
	e := fe.Err().(*ocu.Error)
	e.Message = ocu.Msg("error.import_invalid")
	return e
}

// importColumns are the columns each file must have, in order: the export
// schema (docs/exports.md).
var importColumns = map[string][]string{
	"operation.csv":   {"code", "name", "first_day", "last_day"},
	"attachments.csv": {"operation", "country", "unit", "mode"},
	"cases.csv": {"reference", "operation", "unit", "raising_country", "title", "summary", "place", "country", "raid_at", "raid_day",
		"status", "forms", "origin", "transit", "destination", "raised_by", "notable", "version", "created_at", "updated_at",
		"people", "potential_victims", "minor_victims", "irregular_migrants", "suspects", "arrests",
		"arrests_trafficking_smuggling", "referred_for_prosecution"},
	"history.csv": {"case", "seq", "from", "to", "by", "note", "at"},
	"people.csv": {"pseudonym", "case", "outcome", "sex", "age_band", "minor", "nationality", "exploitation",
		"assistance_org", "assistance_date", "version", "created_at", "updated_at"},
	"suspects.csv": {"pseudonym", "case", "name", "birth_date", "arrested", "arrested_at", "charges",
		"prosecution_authority", "prosecution_ref", "prosecution_date"},
	"seizures.csv": {"case", "kind", "description", "quantity", "unit", "currency", "value_usd", "recorded_by", "created_at"},
	"returns.csv": {"operation", "country", "day", "database_checks", "flights_monitored", "border_points",
		"officers_deployed", "filed_by", "filed_at", "version"},
}

var importFiles = []string{"operation.csv", "attachments.csv", "cases.csv", "history.csv", "people.csv", "suspects.csv", "seizures.csv", "returns.csv"}

type impRow struct {
	line int
	v    map[string]string
}

type importParse struct {
	errs  ocu.FieldErrors
	files map[string][]impRow
}

func (ip *importParse) fail(file string, line int, field, key string, args ...any) {
	ip.errs.Add(fmt.Sprintf("%s:%d:%s", file, line, field), key, args...)
}

func (ip *importParse) readFile(zr *zip.Reader, name string) {
	f, err := zr.Open(name)
	if err != nil {
		ip.fail(name, 0, "file", "error.import_missing_file")
		return
	}
	defer f.Close()
	cr := csv.NewReader(f)
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		ip.fail(name, 1, "header", "error.import_header", strings.Join(importColumns[name], ","))
		return
	}
	if strings.Join(header, ",") != strings.Join(importColumns[name], ",") {
		ip.fail(name, 1, "header", "error.import_header", strings.Join(importColumns[name], ","))
		return
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			ip.fail(name, line, "row", "error.import_csv", err.Error())
			return
		}
		row := impRow{line: line, v: map[string]string{}}
		for i, col := range header {
			row.v[col] = RestoreText(rec[i])
		}
		ip.files[name] = append(ip.files[name], row)
	}
}

type importSet struct {
	operation   units.Operation
	attachments []units.RestoreAttachment
	returns     []units.RestoreReturn
	cases       []cases.RestoreCase
}

func (ip *importParse) build() importSet {
	var set importSet
	ops := ip.files["operation.csv"]
	if len(ops) != 1 {
		ip.fail("operation.csv", 2, "code", "error.import_one_operation")
		return set
	}
	o := ops[0].v
	set.operation = units.Operation{Code: o["code"], Name: o["name"], FirstDay: o["first_day"], LastDay: o["last_day"]}
	for _, r := range ip.files["attachments.csv"] {
		set.attachments = append(set.attachments, units.RestoreAttachment{Line: r.line, Country: r.v["country"], Unit: r.v["unit"], Mode: r.v["mode"]})
	}
	for _, r := range ip.files["returns.csv"] {
		rr := units.RestoreReturn{Line: r.line, Input: units.ReturnInput{Operation: r.v["operation"], Country: r.v["country"], Day: r.v["day"],
			DatabaseChecks: r.v["database_checks"], FlightsMonitored: r.v["flights_monitored"], BorderPoints: r.v["border_points"],
			OfficersDeployed: r.v["officers_deployed"], FiledBy: r.v["filed_by"]}}
		rr.FiledAt = ip.time("returns.csv", r, "filed_at")
		rr.Version = ip.int("returns.csv", r, "version")
		set.returns = append(set.returns, rr)
	}

	byRef := map[string]*cases.RestoreCase{}
	var order []string
	for _, r := range ip.files["cases.csv"] {
		v := r.v
		rc := &cases.RestoreCase{Line: r.line, Reference: v["reference"], Status: cases.Status(v["status"]),
			Notable: v["notable"] == "1", Version: ip.int("cases.csv", r, "version"),
			CreatedAt: ip.time("cases.csv", r, "created_at"), UpdatedAt: ip.time("cases.csv", r, "updated_at"),
			Input: cases.Input{Operation: v["operation"], Unit: v["unit"], RaisingCountry: v["raising_country"], Title: v["title"],
				Summary: v["summary"], Place: v["place"], Country: v["country"], RaidAt: v["raid_at"], Forms: list(v["forms"]),
				RaisedBy: v["raised_by"], Linked: map[string][]string{}}}
		for _, role := range cases.LinkRoles {
			if l := list(v[role]); len(l) > 0 {
				rc.Input.Linked[role] = l
			}
		}
		if byRef[rc.Reference] != nil {
			ip.fail("cases.csv", r.line, "reference", "error.import_duplicate", rc.Reference)
			continue
		}
		byRef[rc.Reference] = rc
		order = append(order, rc.Reference)
	}
	caseOf := func(file string, r impRow, col string) *cases.RestoreCase {
		rc := byRef[r.v[col]]
		if rc == nil {
			ip.fail(file, r.line, col, "error.import_unknown_case", r.v[col])
		}
		return rc
	}
	type seqEntry struct {
		seq int
		e   cases.RestoreEntry
	}
	hist := map[string][]seqEntry{}
	for _, r := range ip.files["history.csv"] {
		if caseOf("history.csv", r, "case") == nil {
			continue
		}
		hist[r.v["case"]] = append(hist[r.v["case"]], seqEntry{ip.int("history.csv", r, "seq"), cases.RestoreEntry{Line: r.line,
			From: cases.Status(r.v["from"]), To: cases.Status(r.v["to"]), Actor: r.v["by"], Note: r.v["note"], At: ip.time("history.csv", r, "at")}})
	}
	for ref, es := range hist {
		sort.SliceStable(es, func(i, j int) bool { return es[i].seq < es[j].seq })
		for _, e := range es {
			byRef[ref].History = append(byRef[ref].History, e.e)
		}
	}
	people := map[string]*cases.RestorePerson{}
	var peopleOrder []string
	for _, r := range ip.files["people.csv"] {
		rc := caseOf("people.csv", r, "case")
		if rc == nil {
			continue
		}
		v := r.v
		rp := &cases.RestorePerson{Line: r.line, Pseudonym: v["pseudonym"], Version: ip.int("people.csv", r, "version"),
			CreatedAt: ip.time("people.csv", r, "created_at"), UpdatedAt: ip.time("people.csv", r, "updated_at"),
			Input: cases.PersonInput{Outcome: v["outcome"], Sex: v["sex"], AgeBand: v["age_band"], Nationality: v["nationality"],
				Exploitation: v["exploitation"], AssistanceOrg: v["assistance_org"], AssistanceDate: v["assistance_date"]}}
		people[rp.Pseudonym] = rp
		peopleOrder = append(peopleOrder, rp.Pseudonym)
	}
	for _, r := range ip.files["suspects.csv"] {
		rp := people[r.v["pseudonym"]]
		if rp == nil {
			ip.fail("suspects.csv", r.line, "pseudonym", "error.import_unknown_person", r.v["pseudonym"])
			continue
		}
		v := r.v
		rp.Input.Name, rp.Input.BirthDate, rp.Input.Arrested = v["name"], v["birth_date"], v["arrested"] == "1"
		rp.Input.ArrestedAt, rp.Input.Charges = v["arrested_at"], list(v["charges"])
		rp.Input.ProsecutionAuthority, rp.Input.ProsecutionRef, rp.Input.ProsecutionDate = v["prosecution_authority"], v["prosecution_ref"], v["prosecution_date"]
	}
	for _, ps := range peopleOrder {
		rp := people[ps]
		ref := ps[:strings.LastIndex(ps, "-P")]
		if rc := byRef[ref]; rc != nil {
			rc.People = append(rc.People, *rp)
		}
	}
	for _, r := range ip.files["seizures.csv"] {
		rc := caseOf("seizures.csv", r, "case")
		if rc == nil {
			continue
		}
		v := r.v
		in := cases.SeizureInput{Kind: v["kind"], Description: v["description"], Quantity: v["quantity"], Unit: v["unit"],
			Currency: v["currency"], ValueUSD: v["value_usd"], RecordedBy: v["recorded_by"]}
		if v["kind"] == "cash" {
			in.Unit = ""
		} else {
			in.ValueUSD = ""
		}
		rc.Seizures = append(rc.Seizures, cases.RestoreSeizure{Line: r.line, Input: in, CreatedAt: ip.time("seizures.csv", r, "created_at")})
	}
	for _, ref := range order {
		set.cases = append(set.cases, *byRef[ref])
	}
	return set
}

func list(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func (ip *importParse) int(file string, r impRow, col string) int {
	n, err := strconv.Atoi(r.v[col])
	if err != nil {
		ip.fail(file, r.line, col, "error.import_number")
	}
	return n
}

func (ip *importParse) time(file string, r impRow, col string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, r.v[col])
	if err != nil {
		ip.fail(file, r.line, col, "error.import_time")
	}
	return t.UTC()
}
