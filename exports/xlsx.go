package exports

import (
	"archive/zip"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// SummarySheet is the name of the workbook's first sheet; the others are
// named as the tables.
const SummarySheet = "Summary"

// maxSheetRows is Excel's limit on rows in a sheet. A table longer than
// that goes on in a sheet of the same name numbered 2, 3…, each with its
// own header row.
var maxSheetRows = 1_048_576

// xlsxStyles are the few cell styles the workbook uses.
type xlsxStyles struct {
	header, date, datetime, bold, money int
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss"
	moneyFmt := "#,##0.00"
	specs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&st.header, &excelize.Style{Font: &excelize.Font{Bold: true},
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}}},
		{&st.date, &excelize.Style{CustomNumFmt: &dateFmt}},
		{&st.datetime, &excelize.Style{CustomNumFmt: &timeFmt}},
		{&st.bold, &excelize.Style{Font: &excelize.Font{Bold: true}}},
		{&st.money, &excelize.Style{CustomNumFmt: &moneyFmt}},
	}
	for _, s := range specs {
		id, err := f.NewStyle(s.s)
		if err != nil {
			return st, err
		}
		*s.id = id
	}
	return st, nil
}

// writeXLSX writes the workbook: a summary sheet, then one sheet per
// table, each with a frozen header row and a filter on it, numbers as
// numbers and times as Excel dates (UTC). Sheets are streamed through
// excelize's StreamWriter, which spills rows to a temporary file past
// 16 MB, and the zip is written straight to w rather than assembled in
// memory, so a million people take no more memory than a hundred.
func writeXLSX(ctx context.Context, rd *reader, pl *plan, w io.Writer, anchor string) (Counts, error) {
	f := excelize.NewFile()
	defer f.Close() // removes the temporary files, which hold personal data
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", SummarySheet); err != nil {
		return nil, err
	}
	counts, tot := Counts{}, newTotals()
	if err := tot.followUp.start(ctx, rd, pl); err != nil { // summary_followup.go
		return nil, err
	}
	for _, t := range Tables {
		n, err := writeSheet(ctx, rd, pl, f, st, t, tot)
		counts[t] = n
		if err != nil {
			return counts, err
		}
	}
	// The code lists, labelled in the reader's language, after the tables.
	if _, err := writeSheetRows(f, st, CodesSheet, codeColumns, pl.eachCode); err != nil {
		return counts, err
	}
	if err := writeSummary(f, pl, st, counts, tot, anchor); err != nil {
		return counts, err
	}
	// The summary is the default sheet renamed, so it is already the one a
	// workbook opens on. (SetActiveSheet would parse every streamed sheet
	// back into memory to update its tab: 450 MB at 20,000 cases.)
	// excelize assembles the file in a buffer and then copies it to w;
	// its zip writer hook lets the zip go to w directly instead.
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zip.NewWriter(w) })
	return counts, f.Write(w)
}

// writeSheet streams table t into its sheet (or sheets, past Excel's row
// limit) and returns the rows written.
func writeSheet(ctx context.Context, rd *reader, pl *plan, f *excelize.File, st xlsxStyles, t Table, tot *totals) (int, error) {
	return writeSheetRows(f, st, string(t), schema[t], func(fn func([]cell) error) (int, error) {
		return rd.each(ctx, pl, t, func(c []cell) error {
			tot.add(t, c)
			return fn(c)
		})
	})
}

// writeSheetRows streams every row each gives into the sheet name (and its
// continuations past Excel's row limit), under a header of cols' names.
func writeSheetRows(f *excelize.File, st xlsxStyles, base string, cols []column, each func(func([]cell) error) (int, error)) (int, error) {
	part, name := 1, base
	sw, err := openSheet(f, st, name, cols)
	if err != nil {
		return 0, err
	}
	row := 1 // the header
	vals := make([]any, len(cols))
	n, err := each(func(c []cell) error {
		if row == maxSheetRows {
			if err := closeSheet(f, sw, name, len(cols), row); err != nil {
				return err
			}
			part++
			name = fmt.Sprintf("%s %d", base, part)
			if sw, err = openSheet(f, st, name, cols); err != nil {
				return err
			}
			row = 1
		}
		row++
		for i := range cols {
			vals[i] = xlsxValue(st, cols[i], &c[i])
		}
		return sw.SetRow(cellName(1, row), vals)
	})
	if err != nil {
		return n, err
	}
	return n, closeSheet(f, sw, name, len(cols), row)
}

// openSheet adds a sheet with its header row frozen and sized columns.
// Panes and widths must be set before the first row is streamed.
func openSheet(f *excelize.File, st xlsxStyles, name string, cols []column) (*excelize.StreamWriter, error) {
	if _, err := f.NewSheet(name); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return nil, err
	}
	header := make([]any, len(cols))
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, columnWidth(c)); err != nil {
			return nil, err
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: c.name}
	}
	return sw, sw.SetRow("A1", header)
}

// closeSheet puts the filter on the header over the rows written, then
// ends the stream. The filter must be set before Flush: Flush writes the
// sheet's settings after its rows.
func closeSheet(f *excelize.File, sw *excelize.StreamWriter, name string, ncols, rows int) error {
	if err := f.AutoFilter(name, "A1:"+cellName(ncols, rows), nil); err != nil {
		return err
	}
	return sw.Flush()
}

// xlsxValue is a cell as excelize writes it: typed, and text cleaned. A
// text cell of a workbook is text, never run as a formula, so it carries no
// apostrophe (which Excel would show): neutralising is the CSV's business.
func xlsxValue(st xlsxStyles, col column, c *cell) any {
	if c.null {
		return nil
	}
	switch col.kind {
	case kText:
		return clean(c.s)
	case kInt, kBool:
		return c.n
	case kFloat:
		return c.f
	case kDate:
		d, err := time.Parse(time.DateOnly, c.s)
		if err != nil {
			return clean(c.s) // not a date after all: keep what was stored
		}
		return excelize.Cell{StyleID: st.date, Value: d}
	case kTime:
		return excelize.Cell{StyleID: st.datetime, Value: c.t}
	case kList:
		return clean(strings.Join(c.l, ";"))
	}
	return nil
}

func columnWidth(c column) float64 {
	switch {
	case c.name == "title" || c.name == "summary" || c.name == "description" || c.name == "note":
		return 40
	case c.kind == kTime:
		return 20
	case c.kind == kText || c.kind == kList:
		return 18
	}
	return 12
}

func cellName(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}
