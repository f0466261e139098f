package exports

import (
	"archive/zip"
	"bufio"
	"context"
	"io"
	"time"
)

// writeCSVTable writes one table as CSV: RFC 4180 quoting, a header row of
// the column names, UTF-8 with a byte-order mark, "\n" line ends.
func writeCSVTable(ctx context.Context, rd *reader, pl *plan, t Table, w io.Writer) (Counts, error) {
	n, err := writeCSV(ctx, rd, pl, t, w)
	return Counts{t: n}, err
}

// utf8BOM starts every CSV file: without it, a spreadsheet opening the
// file by double-click reads it in the machine's legacy code page, and
// Türkiye shows as TÃ¼rkiye. The importer accepts files with or without.
const utf8BOM = "\uFEFF"

func writeCSV(ctx context.Context, rd *reader, pl *plan, t Table, w io.Writer) (int, error) {
	return writeCSVRows(w, schema[t], func(fn func([]cell) error) (int, error) { return rd.each(ctx, pl, t, fn) })
}

// writeCSVRows writes a header of cols' names, then every row each gives.
func writeCSVRows(w io.Writer, cols []column, each func(func([]cell) error) (int, error)) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	var line, field []byte
	line = append(line, utf8BOM...)
	for i, c := range cols {
		if i > 0 {
			line = append(line, ',')
		}
		line = appendCSVField(line, []byte(c.name))
	}
	if _, err := bw.Write(append(line, '\n')); err != nil {
		return 0, err
	}
	n, err := each(func(cells []cell) error {
		line = line[:0]
		for i := range cols {
			if i > 0 {
				line = append(line, ',')
			}
			field = appendText(field[:0], cols[i], &cells[i])
			line = appendCSVField(line, field)
		}
		_, err := bw.Write(append(line, '\n'))
		return err
	})
	if err != nil {
		return n, err
	}
	return n, bw.Flush()
}

// appendCSVField appends one field, quoted (quotes doubled) when it holds
// a comma, a quote or a line break, as RFC 4180 asks; when it starts with
// a space, which some readers trim; and when it holds a ';' or a tab, so
// that a spreadsheet reading the file with either as its separator keeps
// the field whole (encoding/csv quotes neither, and x;=1+1 opened as a
// formula).
func appendCSVField(b, f []byte) []byte {
	if !csvNeedsQuotes(f) {
		return append(b, f...)
	}
	b = append(b, '"')
	for _, c := range f {
		if c == '"' {
			b = append(b, '"')
		}
		b = append(b, c)
	}
	return append(b, '"')
}

func csvNeedsQuotes(f []byte) bool {
	if len(f) == 0 {
		return false
	}
	if f[0] == ' ' || string(f) == `\.` {
		return true
	}
	for _, c := range f {
		switch c {
		case ',', '"', '\n', '\r', ';', '\t':
			return true
		}
	}
	return false
}

// writeZip writes every table as CSV into one zip, in a fixed order and
// with every entry dated the operation's last day at 00:00 UTC, so that
// the same records always give the same CSV files; then codes.csv, the
// code lists with their labels; then anchor.txt, the
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
	// The code lists, labelled in the reader's language: not a table of
	// records, and the importer does not read it.
	f, err := zw.CreateHeader(&zip.FileHeader{Name: CodesFile, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return counts, err
	}
	if _, err := writeCSVRows(f, codeColumns, pl.eachCode); err != nil {
		return counts, err
	}
	if pl.files != nil {
		if err := writeFiles(ctx, rd, pl, zw, stamp); err != nil {
			return counts, err
		}
	}
	f, err = zw.CreateHeader(&zip.FileHeader{Name: AnchorFile, Method: zip.Deflate, Modified: stamp})
	if err != nil {
		return counts, err
	}
	if _, err := io.WriteString(f, anchor+"\n"); err != nil {
		return counts, err
	}
	return counts, zw.Close()
}
