package exports

import "time"

// kind is how a column's values are typed: one definition drives the CSV
// text, the Excel cell type and the JSON value, so the formats agree.
type kind uint8

const (
	kText  kind = iota // free text or a code: CSV as is (neutralised), JSON string
	kInt               // whole number
	kFloat             // decimal, '.' separator, no exponent
	kBool              // 0/1 in CSV and Excel, true/false in JSON
	kDate              // YYYY-MM-DD
	kTime              // an instant in UTC to the second, RFC 3339: 2024-09-29T21:30:00Z
	kList              // codes joined by ";" in CSV and Excel, an array in JSON
)

// column is one column of a table.
type column struct {
	name string
	kind kind
}

// schema is every table's columns in order. This order is the contract
// with the importer and with anyone reading the files: append, never
// reorder (docs/exports.md, docs/export-schema.json).
var schema = map[Table][]column{
	TableOperation: {
		{"code", kText}, {"name", kText}, {"first_day", kDate}, {"last_day", kDate},
	},
	TableAttachments: {
		{"operation", kText}, {"country", kText}, {"unit", kText}, {"mode", kText},
	},
	TableCases: {
		{"reference", kText}, {"operation", kText}, {"unit", kText}, {"raising_country", kText},
		{"title", kText}, {"summary", kText}, {"place", kText}, {"country", kText},
		{"raid_at", kTime}, {"raid_day", kDate}, {"status", kText}, {"forms", kList},
		{"origin", kList}, {"transit", kList}, {"destination", kList},
		{"raised_by", kText}, {"notable", kBool}, {"version", kInt},
		{"created_at", kTime}, {"updated_at", kTime},
		// The case's tallies, kept with every change to its people: what
		// the dashboards add up. Informative; an import recomputes them.
		{"people", kInt}, {"potential_victims", kInt}, {"minor_victims", kInt}, {"irregular_migrants", kInt},
		{"suspects", kInt}, {"arrests", kInt}, {"arrests_trafficking_smuggling", kInt}, {"referred_for_prosecution", kInt},
	},
	TableHistory: {
		{"case", kText}, {"seq", kInt}, {"from", kText}, {"to", kText}, {"by", kText}, {"note", kText}, {"at", kTime},
	},
	TablePeople: {
		{"pseudonym", kText}, {"case", kText}, {"outcome", kText}, {"sex", kText}, {"age_band", kText},
		{"minor", kBool}, {"nationality", kText}, {"exploitation", kText}, {"assistance_org", kText},
		{"assistance_date", kDate}, {"version", kInt}, {"created_at", kTime}, {"updated_at", kTime},
	},
	TableSuspects: {
		{"pseudonym", kText}, {"case", kText}, {"name", kText}, {"birth_date", kDate}, {"arrested", kBool},
		{"arrested_at", kTime}, {"charges", kList}, {"prosecution_authority", kText}, {"prosecution_ref", kText},
		{"prosecution_date", kDate},
	},
	TableSeizures: {
		{"case", kText}, {"kind", kText}, {"description", kText}, {"quantity", kFloat}, {"unit", kText},
		{"currency", kText}, {"value_usd", kFloat}, {"recorded_by", kText}, {"created_at", kTime},
	},
	TableReturns: {
		{"operation", kText}, {"country", kText}, {"day", kDate}, {"database_checks", kInt},
		{"flights_monitored", kInt}, {"border_points", kInt}, {"officers_deployed", kInt},
		{"filed_by", kText}, {"filed_at", kTime}, {"version", kInt},
	},
	TableIdentifiers: {
		{"pseudonym", kText}, {"case", kText}, {"kind", kText}, {"doc_type", kText}, {"country", kText},
		{"value", kText}, {"added_by", kText}, {"created_at", kTime},
	},
	TableNotices: {
		{"pseudonym", kText}, {"case", kText}, {"colour", kText}, {"control_number", kText},
		{"issuing_country", kText}, {"purpose", kText}, {"added_by", kText}, {"created_at", kTime},
	},
	TableChecks: {
		{"case", kText}, {"target", kText}, {"subject", kText}, {"database", kText}, {"result", kText},
		{"hit_reference", kText}, {"checked_by", kText}, {"checked_at", kTime}, {"created_at", kTime},
	},
	TablePartners: {
		{"case", kText}, {"country", kText}, {"added_by", kText}, {"added_at", kTime},
	},
	TableLinks: {
		{"case", kText}, {"other", kText}, {"kind", kText}, {"reason", kText}, {"linked_by", kText}, {"created_at", kTime},
	},
	TableGroups: {
		{"name", kText}, {"summary", kText}, {"created_by", kText}, {"version", kInt}, {"created_at", kTime}, {"updated_at", kTime},
	},
	TableGroupMembers: {
		{"group", kText}, {"case", kText}, {"pseudonym", kText}, {"added_by", kText}, {"added_at", kTime},
	},
	TableOperationNotices: {
		{"colour", kText}, {"control_number", kText}, {"issuing_country", kText}, {"purpose", kText},
		{"document_number", kText}, {"added_by", kText}, {"created_at", kTime},
	},
}

// Columns returns a table's column names in order, for importers and
// tests that check a file against the contract.
func Columns(t Table) []string {
	cols := schema[t]
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// colIndex is the position of a named column in t, for the few figures
// the summary sheet adds up.
func colIndex(t Table, name string) int {
	for i, c := range schema[t] {
		if c.name == name {
			return i
		}
	}
	panic("exports: no column " + name + " in " + string(t))
}

// cell is one value of a row. Which field holds it follows the column's
// kind; null is an absent value (empty in CSV, blank in Excel, JSON null).
type cell struct {
	s    string // kText, kDate
	n    int64  // kInt; kBool as 0/1
	f    float64
	t    time.Time
	l    []string
	null bool
}

// layoutTime is how instants are written: RFC 3339 in UTC, to the second.
// ocu stores finer times, but nobody reads an export for its nanoseconds,
// and seconds are what spreadsheets and the people reading them expect.
const layoutTime = "2006-01-02T15:04:05Z"
