package exports

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/units"
)

// plan is a validated export request: who asks, for what, and the
// reference data to render codes with.
type plan struct {
	p      ocu.Principal
	ctx    context.Context
	ref    *units.Snapshot
	op     units.Operation
	unitID int64 // the Unit filter's id, 0 for any
	filter Filter
	format Format
	table  Table
	now    time.Time
	files  *files.Store // the evidence files a zip carries; nil: none
}

// Validate checks an export request before anything is read: the principal
// may export (403 otherwise), the format and table exist, and every filter
// names something in the reference data (422 naming each field at fault).
// It returns the filter normalised, its Operation filled in.
func Validate(ctx context.Context, u *units.Store, f Filter, format Format, table Table) (Filter, error) {
	pl, err := newPlan(ctx, u, f, format, table)
	if err != nil {
		return f, err
	}
	return pl.filter, nil
}

func newPlan(ctx context.Context, u *units.Store, f Filter, format Format, table Table) (*plan, error) {
	p, _ := ocu.PrincipalFrom(ctx)
	// An export holds cases: whoever reads none has nothing to export.
	// Who may download at all is the routes' rule (MayExport); the plan
	// then holds exactly what the reader's case scope holds.
	if !p.MayReadCases() {
		return nil, ocu.Errorf(ocu.Forbidden, "error.export_not_allowed")
	}
	ref, err := u.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	pl := &plan{p: p, ctx: ctx, ref: ref, format: format, table: table, now: time.Now().UTC()}
	fe := ocu.FieldErrors{}
	if !slices.Contains(Formats, format) {
		fe.Add("format", "error.export_format", string(format))
	}
	if format == FormatCSV && !slices.Contains(zipTables, table) {
		fe.Add("table", "error.export_table", string(table))
	}
	if format != FormatCSV {
		pl.table = ""
	}

	f.Operation = strings.ToUpper(strings.TrimSpace(f.Operation))
	f.Unit = strings.ToUpper(strings.TrimSpace(f.Unit))
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Status = strings.ToLower(strings.TrimSpace(f.Status))
	f.Form = strings.ToLower(strings.TrimSpace(f.Form))
	switch op, ok := ref.Operation(f.Operation); {
	case f.Operation == "":
		ops := ref.Operations() // most recent first: the current operation
		if len(ops) == 0 {
			return nil, ocu.Errorf(ocu.NotFound, "error.no_operation")
		}
		pl.op = ops[0]
	case ok:
		pl.op = op
	default:
		fe.Add("operation", "error.operation_not_found", f.Operation)
	}
	f.Operation = pl.op.Code
	if f.Unit != "" {
		if un, ok := ref.Unit(f.Unit); ok {
			pl.unitID = un.ID
		} else {
			fe.Add("unit", "error.unit_not_found", f.Unit)
		}
	}
	if f.Country != "" && ref.CountryName(f.Country) == "" {
		fe.Add("country", "error.country_unknown", f.Country)
	}
	if f.Status != "" && !cases.Status(f.Status).Valid() {
		fe.Add("status", "workflow.unknown_status", f.Status)
	}
	if f.Form != "" && !cases.Form(f.Form).Valid() {
		fe.Add("form", "error.form_unknown", f.Form)
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	pl.filter = f
	return pl, nil
}

// tables lists what the plan writes, in order.
func (pl *plan) tables() []Table {
	switch pl.format {
	case FormatCSV:
		return []Table{pl.table}
	case FormatZip:
		return zipTables
	}
	return Tables
}

// caseScope is the WHERE clause, on cases aliased c, selecting the cases
// of the export: the operation, the principal's case scope (access.go, the
// same rule as every case page and list), then the filters. Every table but
// returns hangs off these cases.
func (pl *plan) caseScope() (string, []any) {
	visible, args := pl.p.Cases().SQL("c")
	w := []string{"c.operation_id = ?", visible}
	args = append([]any{pl.op.ID}, args...)
	if pl.unitID != 0 {
		w = append(w, "c.unit_id = ?")
		args = append(args, pl.unitID)
	}
	if pl.filter.Country != "" {
		w = append(w, "c.raising_country = ?")
		args = append(args, pl.filter.Country)
	}
	if pl.filter.Status != "" {
		w = append(w, "c.status = ?")
		args = append(args, pl.filter.Status)
	}
	if pl.filter.Form != "" {
		// EXISTS on the primary key, not IN (SELECT …): SQLite then still
		// walks the cases index in export order instead of sorting.
		w = append(w, "EXISTS (SELECT 1 FROM case_forms f WHERE f.case_id = c.id AND f.form = ?)")
		args = append(args, pl.filter.Form)
	}
	return strings.Join(w, " AND "), args
}

// returnScope is the WHERE clause, on daily_returns aliased r, selecting
// the returns of the export: those of the countries attached to the OCU
// whose cases the principal sees (as on the returns page), every one for a
// scope of all cases, none for an empty scope; then the Unit and Country
// filters.
func (pl *plan) returnScope() (string, []any) {
	w := []string{"r.operation_id = ?"}
	args := []any{pl.op.ID}
	attached := "r.country_iso2 IN (SELECT country_iso2 FROM attachments WHERE operation_id = ? AND unit_id = ?)"
	switch scope := pl.p.Cases(); {
	case scope.All:
	case scope.None():
		w = append(w, "0")
	default:
		w = append(w, attached)
		args = append(args, pl.op.ID, scope.Unit)
	}
	if pl.unitID != 0 {
		w = append(w, attached)
		args = append(args, pl.op.ID, pl.unitID)
	}
	if pl.filter.Country != "" {
		w = append(w, "r.country_iso2 = ?")
		args = append(args, pl.filter.Country)
	}
	return strings.Join(w, " AND "), args
}

// canSeeIdentity applies access.go's identity rule to one case, the one
// the case pages apply, so suspects' names follow exactly what they show.
func (pl *plan) canSeeIdentity(unitID int64, raisingCountry string) bool {
	return pl.p.MaySeeIdentities(unitID, raisingCountry)
}

// filtersJSON is the filter as the JSON export and the audit trail show it.
type filtersJSON struct {
	Operation string `json:"operation"`
	Unit      string `json:"unit"`
	Country   string `json:"country"`
	Status    string `json:"status"`
	Form      string `json:"form"`
}

func (f Filter) jsonFilters() filtersJSON {
	return filtersJSON(f)
}
