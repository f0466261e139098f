// Package exports writes an operation's records out of ocu: cases, their
// history, the people found, suspects, seizures and daily returns, as CSV,
// a zip of CSVs, an Excel workbook or one JSON document.
//
// An export is a read of sensitive records, so it follows the same rules as
// the pages: the principal in the context decides which cases are in it
// (its case scope, access.go) and whether suspects' names are, and the export is
// recorded in the audit trail before a byte of it is written. People are
// always de-identified: only suspects carry a name, in their own table.
//
// The column order of every table is a contract (docs/exports.md): the
// importer reads the zip back, and two exports of the same records are
// byte-identical (CSV and zip), so files can be compared by hash.
package exports

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/units"
)

// Format is the kind of file an export produces.
type Format string

const (
	FormatCSV  Format = "csv"  // one table
	FormatZip  Format = "zip"  // every table as CSV, what the importer reads
	FormatXLSX Format = "xlsx" // a workbook: a summary sheet, then a sheet per table
	FormatJSON Format = "json" // one document, with HTCDS victim records
)

// Formats lists the formats in the order pages offer them.
var Formats = []Format{FormatXLSX, FormatZip, FormatJSON, FormatCSV}

// Table is one table of an export, named as its file (cases.csv) or sheet.
type Table string

const (
	TableCases    Table = "cases"
	TableHistory  Table = "history"
	TablePeople   Table = "people"
	TableSuspects Table = "suspects"
	TableSeizures Table = "seizures"
	TableReturns  Table = "returns"
	// People's identifiers and the notices on them: rows only of the
	// cases whose identities the exporting user may see (the names' rule).
	TableIdentifiers Table = "identifiers"
	TableNotices     Table = "notices"
	// The other threads between records: database checks, partner
	// countries, links between cases, criminal groups and their cases and
	// suspects, the operation's notices (threads.go).
	TableChecks           Table = "checks"
	TablePartners         Table = "partners"
	TableLinks            Table = "links"
	TableGroups           Table = "groups"
	TableGroupMembers     Table = "group_members"
	TableOperationNotices Table = "operation_notices"
	// The reference data the records need to be imported elsewhere: the
	// operation and which country reports to which OCU. Zip and CSV only.
	TableOperation   Table = "operation"
	TableAttachments Table = "attachments"
)

// Tables lists the record tables in file and sheet order.
var Tables = []Table{TableCases, TableHistory, TablePeople, TableSuspects, TableSeizures, TableReturns, TableIdentifiers, TableNotices,
	TableChecks, TablePartners, TableLinks, TableGroups, TableGroupMembers, TableOperationNotices}

// zipTables is the zip's content in order: reference data first, so an
// importer can check it before the records that depend on it.
var zipTables = append([]Table{TableOperation, TableAttachments}, Tables...)

// Counts is the number of rows written per table.
type Counts map[Table]int

// Filter selects what an export holds, by codes; empty means any.
// Operation defaults to the current operation. Status and Form select
// cases (and so their history, people, suspects and seizures); daily
// returns are selected by Unit and Country only, as they belong to no case.
type Filter struct {
	Operation string
	Unit      string
	Country   string // the raising country of cases, the filing country of returns
	Status    string
	Form      string
}

// Export writes the export to w and returns the rows written per table.
// For FormatCSV exactly one table is written (table must be set);
// otherwise table is ignored. Nothing is written when the principal may
// not export or the filter names something unknown (422 with the fields).
func Export(ctx context.Context, d *db.DB, u *units.Store, f Filter, format Format, table Table, w io.Writer) (Counts, error) {
	return ExportWithFiles(ctx, d, u, nil, f, format, table, w)
}

// ExportWithFiles is Export whose zip also carries the exported cases'
// evidence files from fs (files.go); nil carries none.
func ExportWithFiles(ctx context.Context, d *db.DB, u *units.Store, fs *files.Store, f Filter, format Format, table Table, w io.Writer) (Counts, error) {
	pl, err := newPlan(ctx, u, f, format, table)
	if err != nil {
		return nil, err
	}
	pl.files = fs
	if pl.format == FormatXLSX {
		release, err := waitForWorkbook(ctx)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	rd, err := beginRead(ctx, d)
	if err != nil {
		return nil, err
	}
	defer rd.close()
	// The audit trail's head as of the records exported, read in their
	// snapshot: the file carries it, so whoever holds it can later prove
	// that the trail still holds everything up to this export
	// (`ocu audit verify --anchor`).
	head, err := audit.CurrentAnchor(ctx, rd.conn)
	if err != nil {
		return nil, err
	}
	anchor := head.String()

	// Counted first, in the same snapshot the rows come from, so the audit
	// entry holds the exact figures and is committed before anything
	// leaves: an export the trail cannot record does not happen.
	want := Counts{}
	for _, t := range pl.tables() {
		n, err := rd.count(ctx, pl, t)
		if err != nil {
			return nil, err
		}
		want[t] = n
	}
	if err := (&audit.Log{DB: d}).Append(ctx, pl.auditEntry(want)); err != nil {
		return nil, err
	}
	if s, ok := w.(AnchorSink); ok {
		s.SetAnchor(anchor)
	}

	var got Counts
	switch pl.format {
	case FormatCSV:
		// A CSV file has no place for it: the sink (a header of the
		// download, a line of `ocu export`) carries it.
		got, err = writeCSVTable(ctx, rd, pl, pl.table, w)
	case FormatZip:
		got, err = writeZip(ctx, rd, pl, w, anchor)
	case FormatXLSX:
		got, err = writeXLSX(ctx, rd, pl, w, anchor)
	case FormatJSON:
		got, err = writeJSON(ctx, rd, pl, w, anchor)
	}
	if err != nil {
		// Only codes and the kind of failure: the rows are personal data.
		slog.Warn("export failed", "format", string(pl.format), "operation", pl.op.Code, "err", err)
		return got, err
	}
	for t, n := range want {
		if got[t] != n {
			return got, fmt.Errorf("export: %s counted %d rows but wrote %d", t, n, got[t])
		}
	}
	return got, nil
}

// AnchorSink is a writer that is told, before anything is written to it,
// the anchor of the audit trail (audit.Anchor) as of the export: the
// download sends it as the Ocu-Audit-Anchor header, `ocu export` prints
// it. The zip (anchor.txt), the workbook (summary sheet) and the JSON
// (audit_anchor) also carry it inside; a single CSV file only this way.
type AnchorSink interface {
	SetAnchor(anchor string)
}

// AnchorFile is the zip's entry holding the anchor, one line, after the
// CSV files. The importer reads only the CSV files it knows.
const AnchorFile = "anchor.txt"

// workbooks bounds how many workbooks are built at once. A workbook keeps
// excelize's stream buffer of each large sheet (about 20 MB) until it is
// written: one export at 100,000 cases peaks at 163 MB of heap, and a
// server asked for several at the end of an operation queues them rather
// than multiply that. CSV, zip and JSON stream in a few MB and need no turn.
var workbooks = make(chan struct{}, 2)

func waitForWorkbook(ctx context.Context) (release func(), err error) {
	select {
	case workbooks <- struct{}{}:
		return func() { <-workbooks }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// auditEntry is how the trail records an export: what was asked for and
// how many rows of each table left, never the rows themselves.
func (pl *plan) auditEntry(counts Counts) audit.Entry {
	f := pl.filter
	details := audit.Details{
		"format":     pl.format,
		"filters":    map[string]string{"operation": f.Operation, "unit": f.Unit, "country": f.Country, "status": f.Status, "form": f.Form},
		"counts":     counts,
		"identities": pl.p.MayHoldIdentities(),
	}
	if pl.format == FormatCSV {
		details["table"] = pl.table
	}
	return audit.Entry{Action: "export", Subject: "operation:" + pl.op.Code, Details: details}
}

// FileName is the name a download is offered under, such as
// ocu-LIB2-MNL-2024-10-04.xlsx: operation, OCU when one is chosen, table
// for a CSV, and the day it was made.
func FileName(f Filter, format Format, table Table, now time.Time) string {
	name := "ocu-" + f.Operation
	if f.Unit != "" {
		name += "-" + f.Unit
	}
	if format == FormatCSV {
		name += "-" + string(table)
	}
	return name + "-" + now.UTC().Format(time.DateOnly) + "." + string(format)
}

// ContentType is the media type of a format.
func ContentType(format Format) string {
	switch format {
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatZip:
		return "application/zip"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatJSON:
		return "application/json"
	}
	return "application/octet-stream"
}
