package exports

import (
	"cmp"
	"fmt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/views"
)

// An import reads a file someone else made: a zip is a few kilobytes that
// may claim, or decompress to, gigabytes. The importer streams (it holds
// one row of each file, and one case's rows, never a whole file) and
// refuses a file past any of these limits, naming the limit, before it
// costs the server its memory or its time. Sizes are counted on the bytes
// actually decompressed, never taken from the zip's headers.
//
// The defaults leave room for a whole operation of 100,000 cases and about
// a million people: such an export (docs/exports.md) is a 10 MB zip of
// about 200 MB of CSV, its largest file people.csv (137 MB, a million
// rows), its longest possible row a case with a 5,000-character summary
// (about 25 KB). Importing the export of 100,000 cases and 620,000 people
// that `ocu seed --scale 100000` makes took 54 s and 54 MB of memory (the
// importer that read whole files: 53 s and 2.6 GB).
const (
	// MaxZipBytes bounds the zip file itself (the upload's size).
	MaxZipBytes = 200 << 20
	// MaxEntries bounds the entries of the zip: an export has eight.
	MaxEntries = 32
	// MaxDirectoryBytes bounds the zip's central directory, which is read
	// whole before any entry: an export's is under one kilobyte.
	MaxDirectoryBytes = 64 << 10
	// MaxEntryBytes bounds one file's decompressed bytes.
	MaxEntryBytes = 1 << 30
	// MaxTotalBytes bounds the decompressed bytes of every file together.
	MaxTotalBytes = 2 << 30
	// MaxRowBytes bounds one CSV row: its line, and the lines its quoted
	// text spans.
	MaxRowBytes = 64 << 10
	// MaxRows bounds the rows of one file (its header aside): four times
	// a million people.
	MaxRows = 4_000_000
)

// Limits are the bounds an import enforces. The command line and the
// upload page share DefaultLimits; a zero field takes its default.
type Limits struct {
	ZipBytes       int64 // the zip file
	Entries        int   // entries in the zip
	DirectoryBytes int64 // the zip's central directory
	EntryBytes     int64 // decompressed bytes of one file
	TotalBytes     int64 // decompressed bytes of all files together
	RowBytes       int   // one CSV row
	Rows           int   // rows of one file
}

// DefaultLimits are the limits of `ocu import` and of the upload page.
// Tests lower them to build bombs that trip them cheaply.
var DefaultLimits = Limits{
	ZipBytes: MaxZipBytes, Entries: MaxEntries, DirectoryBytes: MaxDirectoryBytes,
	EntryBytes: MaxEntryBytes, TotalBytes: MaxTotalBytes, RowBytes: MaxRowBytes, Rows: MaxRows,
}

// withDefaults fills every zero field from DefaultLimits, so a partly set
// Limits never means "unlimited".
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	l.ZipBytes = cmp.Or(l.ZipBytes, d.ZipBytes)
	l.Entries = cmp.Or(l.Entries, d.Entries)
	l.DirectoryBytes = cmp.Or(l.DirectoryBytes, d.DirectoryBytes)
	l.EntryBytes = cmp.Or(l.EntryBytes, d.EntryBytes)
	l.TotalBytes = cmp.Or(l.TotalBytes, d.TotalBytes)
	l.RowBytes = cmp.Or(l.RowBytes, d.RowBytes)
	l.Rows = cmp.Or(l.Rows, d.Rows)
	return l
}

// limitError is the refusal of a file past a limit: an Invalid error whose
// message names the limit and its value, and, when the limit is met inside
// a file, that file and line (file:line:field, as every import error).
func limitError(file string, line int, key string, args ...any) error {
	e := &ocu.Error{Kind: ocu.Invalid, Message: ocu.Msg("error.import_limit")}
	where := "zip"
	if file != "" {
		where = fmt.Sprintf("%s:%d:%s", file, line, "row")
		if line == 0 {
			where = file + ":0:file"
		}
	}
	e.Fields = map[string]ocu.Message{where: ocu.Msg(key, args...)}
	return e
}

// num formats a limit for a message: 65,536.
func num[T ~int | ~int64](n T) string { return views.Num(int64(n)) }
