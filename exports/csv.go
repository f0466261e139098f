package exports

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"io"
	"time"
)

// writeCSVTable writes one table as CSV: RFC 4180 quoting, a header row of
// the column names, UTF-8 without a byte-order mark, "\n" line ends.
func writeCSVTable(ctx context.Context, rd *reader, pl *plan, t Table, w io.Writer) (Counts, error) {
	n, err := writeCSV(ctx, rd, pl, t, w)
	return Counts{t: n}, err
}

func writeCSV(ctx context.Context, rd *reader, pl *plan, t Table, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	cw := csv.NewWriter(bw)
	cols := schema[t]
	if err := cw.Write(Columns(t)); err != nil {
		return 0, err
	}
	rec := make([]string, len(cols))
	n, err := rd.each(ctx, pl, t, func(cells []cell) error {
		for i := range cols {
			rec[i] = fieldString(cols[i], &cells[i])
		}
		return cw.Write(rec)
	})
	if err != nil {
		return n, err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// fieldString is a cell's CSV text; text and dates need no copy unless
// neutralised.
func fieldString(col column, c *cell) string {
	switch {
	case c.null:
		return ""
	case (col.kind == kDate || col.kind == kText) && !needsApostrophe(c.s):
		return c.s
	}
	return cellText(col, c)
}

// writeZip writes every table as CSV into one zip, in a fixed order and
// with every entry dated the operation's last day at 00:00 UTC, so that
// the same records always give the same CSV files; then anchor.txt, the
// audit trail's anchor, which differs from one export to the next (each
// export is itself recorded in the trail).
func writeZip(ctx context.Context, rd *reader, pl *plan, w io.Writer, anchor string) (Counts, error) {
	stamp, err := time.Parse(time.DateOnly, pl.op.LastDay)
	if err != nil {
		stamp = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC) // the earliest a zip can say
	}
	zw := zip.NewWriter(w)
	counts := Counts{}
	for _, t := range zipTables {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: string(t) + ".csv", Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return counts, err
		}
		n, err := writeCSV(ctx, rd, pl, t, f)
		counts[t] = n
		if err != nil {
			return counts, err
		}
	}
	f, err := zw.CreateHeader(&zip.FileHeader{Name: AnchorFile, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return counts, err
	}
	if _, err := io.WriteString(f, anchor+"\n"); err != nil {
		return counts, err
	}
	return counts, zw.Close()
}
