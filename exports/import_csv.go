package exports

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ocu-project/ocu"
)

// tableReader reads one CSV file of the zip a row at a time, within the
// limits. Below csv.Reader, which buffers a whole row, two readers count
// the bytes as they are decompressed: the file's and all files' totals,
// and the current row's, so that a row past the limit fails before it is
// buffered, and a file past its size before it is decompressed.
type tableReader struct {
	file  string
	rc    io.ReadCloser
	count *countingReader
	rows  *rowLimiter
	cr    *csv.Reader
	lim   Limits
	n     int      // rows read, the header aside
	rec   []string // the current row
	done  bool     // the end of the file was reached
	line  int      // the line the current row starts on
}

// open starts reading name, checks its header and leaves the reader on
// the first row. total counts the bytes decompressed by every reader.
func (z *importZip) open(name string, total *int64) (*tableReader, error) {
	f := z.files[name]
	if f == nil {
		return nil, fileError(name, 0, "file", "error.import_missing_file")
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fileError(name, 0, "file", "error.import_zip_entry", err.Error())
	}
	t := &tableReader{file: name, rc: rc, lim: z.lim}
	t.count = &countingReader{r: rc, file: name, max: z.lim.EntryBytes, total: total, maxTotal: z.lim.TotalBytes}
	t.rows = &rowLimiter{r: t.count, file: name, max: z.lim.RowBytes, line: 1, rowLine: 1}
	br := bufio.NewReaderSize(t.rows, 16<<10)
	// A spreadsheet or another tool saving the file may put a UTF-8
	// byte-order mark first; ocu's own CSV exports may carry one.
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	t.cr = csv.NewReader(br)
	t.cr.ReuseRecord = true
	header, err := t.cr.Read()
	if err != nil {
		t.close()
		if e := t.limitErr(); e != nil {
			return nil, e
		}
		return nil, fileError(name, 1, "header", "error.import_header", strings.Join(importColumns[name], ","))
	}
	if !equalStrings(header, importColumns[name]) {
		t.close()
		return nil, fileError(name, 1, "header", "error.import_header", strings.Join(importColumns[name], ","))
	}
	// Every row must have as many fields as the header (csv.Reader's
	// default, set from the first record read).
	return t, nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// next reads the next row into t.rec, reporting false at the end of the
// file. Any failure names the file and line.
func (t *tableReader) next() (bool, error) {
	rec, err := t.cr.Read()
	if e := t.limitErr(); e != nil {
		return false, e
	}
	if errors.Is(err, io.EOF) {
		t.done = true
		return false, nil
	}
	if err != nil {
		// FieldPos is only defined after a successful read: a parse error
		// carries its own position.
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return false, fileError(t.file, pe.StartLine, "row", "error.import_csv", pe.Error())
		}
		return false, fileError(t.file, t.rows.rowLine, "file", "error.import_zip_entry", err.Error())
	}
	t.n++
	if t.n > t.lim.Rows {
		line, _ := t.cr.FieldPos(0)
		return false, limitError(t.file, line, "error.import_limit_rows", num(t.lim.Rows))
	}
	t.rec = rec
	t.line, _ = t.cr.FieldPos(0)
	return true, nil
}

// drained reports whether every row was read.
func (t *tableReader) drained() bool { return t.done }

// limitErr is the limit a reader below csv.Reader met, if any: csv.Reader
// may wrap or replace the error it was given.
func (t *tableReader) limitErr() error {
	if t.count.err != nil {
		return t.count.err
	}
	return t.rows.err
}

// field is the text of column i of the current row, with the export's
// neutralisation of spreadsheet formulas undone.
func (t *tableReader) field(i int) string { return RestoreText(t.rec[i]) }

func (t *tableReader) close() { _ = t.rc.Close() }

// fileError is an import error at file:line:field.
func fileError(file string, line int, field, key string, args ...any) error {
	return &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_invalid"),
		Fields: map[string]ocu.Message{fmt.Sprintf("%s:%d:%s", file, line, field): ocu.Msg(key, args...)}}
}

// countingReader counts the bytes actually decompressed (the zip's headers
// may claim anything) and fails past the file's limit or past the limit of
// every reader together.
type countingReader struct {
	r        io.Reader
	file     string
	n, max   int64
	total    *int64
	maxTotal int64
	err      error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	// Never read more than one byte past a limit: the refusal comes at the
	// limit, not a buffer later.
	room := c.max - c.n
	room = min(room, c.maxTotal-*c.total)
	if int64(len(p)) > room+1 {
		p = p[:room+1]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	*c.total += int64(n)
	switch {
	case c.n > c.max:
		c.err = limitError(c.file, 0, "error.import_limit_entry_bytes", num(c.max))
	case *c.total > c.maxTotal:
		c.err = limitError(c.file, 0, "error.import_limit_total_bytes", num(c.maxTotal))
	}
	if c.err != nil {
		return 0, c.err
	}
	return n, err
}

// rowLimiter fails as soon as one CSV row runs past max bytes. A row is a
// line and the lines its quoted text spans: quotes toggle whether a line
// end ends the row. The count agrees with csv.Reader on every input it
// accepts ("" inside quotes toggles twice; a stray quote outside quotes
// is an error there).
type rowLimiter struct {
	r       io.Reader
	file    string
	max     int
	n       int // bytes of the current row so far
	quoted  bool
	line    int // the line of the next byte
	rowLine int // the line the current row started on
	err     error
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, b := range p[:n] {
		l.n++
		if l.n > l.max {
			key := "error.import_limit_row"
			if l.quoted && l.line > l.rowLine {
				key = "error.import_limit_row_quoted" // likely a quote left open
			}
			l.err = limitError(l.file, l.rowLine, key, l.rowLine, num(l.max))
			return i, l.err
		}
		switch b {
		case '"':
			l.quoted = !l.quoted
		case '\n':
			l.line++
			if !l.quoted {
				l.n, l.rowLine = 0, l.line
			}
		}
	}
	return n, err
}
