package exports_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/exports/importtest"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// namedExport is the files of an export of the demo's named cases.
func namedExport(t *testing.T) map[string]string {
	t.Helper()
	src := dbtest.New(t)
	if _, err := demo.LoadNamed(ocu.SystemContext(context.Background()), src); err != nil {
		t.Fatal(err)
	}
	_, files := exportZip(t, src)
	return files
}

// importFile imports the zip at path within lim, as `ocu import` does.
func importFile(t *testing.T, d *db.DB, path string, lim exports.Limits) error {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	_, err = exports.ImportLimited(ocu.SystemContext(context.Background()), d, units.NewStore(d), f, st.Size(), lim)
	return err
}

// refusal renders an import error as the CLI prints it: the message, then
// each file:line:field with its message.
func refusal(t *testing.T, err error) (string, map[string]string) {
	t.Helper()
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Invalid {
		t.Fatalf("want an invalid-input error, got %v", err)
	}
	return e.Translate(func(k string, a ...any) string { return views.T(context.Background(), k, a...) })
}

// wantLimit checks err is the refusal of a limit, at field, naming the
// limit's value.
func wantLimit(t *testing.T, err error, field, value string) {
	t.Helper()
	msg, fields := refusal(t, err)
	if !strings.Contains(msg, "limit") {
		t.Errorf("message %q does not say a limit was met", msg)
	}
	for f, m := range fields {
		if strings.HasPrefix(f, field) && strings.Contains(m, value) {
			return
		}
	}
	t.Fatalf("no refusal at %s naming %s: %s %v", field, value, msg, fields)
}

// nothingImported checks a refused import left no record behind.
func nothingImported(t *testing.T, d *db.DB) {
	t.Helper()
	for _, table := range []string{"operations", "attachments", "cases", "people", "seizures", "daily_returns"} {
		var n int64
		if err := d.Read.Table(table).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s: %d rows after a refused import", table, n)
		}
	}
}

// A 1 GiB line in a 1.3 MB zip: the old importer read it whole (4 GB of
// memory for `ocu import`, the server killed on upload). Now it is refused
// at the row limit, having decompressed little more than that, and the
// import allocates a few megabytes in all.
func TestImportRefusesAGigabyteLineInBoundedMemory(t *testing.T) {
	files := namedExport(t)
	path := filepath.Join(t.TempDir(), "line.zip")
	if err := importtest.Write(path, files, "people.csv", importtest.Repeat('a', 1<<30)); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(path); st.Size() > 2<<20 {
		t.Fatalf("the bomb is %d bytes, expected about 1.3 MB", st.Size())
	}
	d := emptyDatabase(t)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	err := importFile(t, d, path, exports.DefaultLimits)
	runtime.ReadMemStats(&after)
	wantLimit(t, err, "people.csv:2:row", "65,536")
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
		t.Errorf("the import allocated %d MB refusing a long line; it must stay bounded", alloc>>20)
	}
	if after.HeapAlloc > before.HeapAlloc+32<<20 {
		t.Errorf("heap grew from %d MB to %d MB", before.HeapAlloc>>20, after.HeapAlloc>>20)
	}
	nothingImported(t, d)
}

// A row may span lines (quoted text with line ends): the limit is on the
// row, so a gigabyte of short lines inside one quoted field is refused
// too, at the line the row starts on.
func TestImportRefusesALongQuotedRow(t *testing.T) {
	files := namedExport(t)
	path := filepath.Join(t.TempDir(), "quoted.zip")
	if err := importtest.Write(path, files, "cases.csv", func(w io.Writer) error {
		if _, err := io.WriteString(w, `LIB2-MNL-0001,LIB2,MNL,PH,title,"`); err != nil {
			return err
		}
		return importtest.Rows("x\n", 1<<20)(w)
	}); err != nil {
		t.Fatal(err)
	}
	err := importFile(t, emptyDatabase(t), path, exports.DefaultLimits)
	wantLimit(t, err, "cases.csv:2:row", "65,536")
	if _, fields := refusal(t, err); !strings.Contains(fields["cases.csv:2:row"], "quote left open") {
		t.Errorf("the refusal does not suggest an open quote: %v", fields)
	}
}

func TestImportRefusesBombs(t *testing.T) {
	files := namedExport(t)
	returnRow := "LIB2,PH,2024-10-01,1,1,1,1,x,2024-10-01T00:00:00Z,1\n"
	for name, tc := range map[string]struct {
		build        func(path string) error
		lim          exports.Limits
		field, value string
	}{
		// 100,000 entries: the end record (zip64) declares them, and the
		// count is refused before archive/zip allocates for them.
		"entries": {build: func(p string) error { return importtest.Entries(p, 100_000) },
			field: "zip", value: "100,000"},
		"a few entries too many": {build: func(p string) error { return importtest.Entries(p, exports.MaxEntries+1) },
			field: "zip", value: "33"},
		// 65,544 entries declared as 8: the directory is read through a
		// budget, whatever the end record says.
		"hidden entries": {build: func(p string) error { return importtest.HiddenEntries(p, 8) },
			field: "zip", value: "65,536"},
		"one file's bytes": {build: func(p string) error {
			return importtest.Write(p, files, "returns.csv", importtest.Rows(returnRow, 30_000))
		}, lim: exports.Limits{EntryBytes: 1 << 20}, field: "returns.csv:0:file", value: "1,048,576"},
		"all files' bytes": {build: func(p string) error {
			more := map[string]string{}
			for n, c := range files {
				more[n] = c
			}
			more["attachments.csv"] += strings.Repeat("LIB2,PH,MNL,in_person\n", 40_000)
			return importtest.Write(p, more, "returns.csv", importtest.Rows(returnRow, 15_000))
		}, lim: exports.Limits{EntryBytes: 1 << 20, TotalBytes: 3 << 19}, field: "returns.csv:0:file", value: "1,572,864"},
		"rows": {build: func(p string) error {
			return importtest.Write(p, files, "returns.csv", importtest.Rows(returnRow, 1001))
		}, lim: exports.Limits{Rows: 1000}, field: "returns.csv:1002:row", value: "1,000"},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bomb.zip")
			if err := tc.build(path); err != nil {
				t.Fatal(err)
			}
			d := emptyDatabase(t)
			wantLimit(t, importFile(t, d, path, tc.lim), tc.field, tc.value)
			nothingImported(t, d)
		})
	}
}

// A zip past MaxZipBytes is refused on its size alone, before a byte of
// it is read (the file is sparse).
func TestImportRefusesAZipTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "large.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(exports.MaxZipBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	wantLimit(t, importFile(t, emptyDatabase(t), path, exports.DefaultLimits), "zip", "209,715,200")
}
