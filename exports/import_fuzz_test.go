package exports

import (
	"archive/zip"
	"bytes"
	"context"
	"flag"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
)

// The importer's fuzz targets. Every input must import or be refused with
// an Invalid error naming where (file:line:field, or the zip): never a
// panic, never an internal error.
//
// Why the first fuzzer of the importer ran at almost zero executions per
// second (3 in 20 s), two causes, measured apart:
//
//   - Go's fuzzer minimises every input that finds new coverage, for up to
//     -fuzzminimizetime (60 s) each, and does not count those runs as
//     executions. Minimising tries removing every span of bytes: quadratic
//     in the input's length, so a zip of a few kilobytes (millions of
//     candidates at some 100 µs each, the fuzzer's own bookkeeping over a
//     binary this size included) always takes the whole minute, and early
//     on nearly every mutant of a zip finds new coverage. The targets below
//     set a budget of 1,000 runs per minimisation instead, unless
//     -fuzzminimizetime is given.
//   - It migrated a fresh database per input and imported the demo's 19
//     named cases (some 200 ms a valid input): about 95 inputs a second
//     even with the budget. Here a worker opens one database for all its
//     inputs and rolls each input's import back, the seed is one small
//     case (2 KB), and the first pass, without the database, refuses most
//     mutants in microseconds: thousands of inputs a second.

// minimizeBudget makes -fuzzminimizetime default to 1,000 runs: it is read
// when f.Fuzz starts the fuzzing, and a value given on the command line
// wins.
func minimizeBudget() {
	given := false
	flag.Visit(func(fl *flag.Flag) { given = given || fl.Name == "test.fuzzminimizetime" })
	if !given {
		_ = flag.Set("test.fuzzminimizetime", "1000x")
	}
}

// fuzzFixture is what every input of one fuzzing process shares.
type fuzzFixture struct {
	d     *db.DB
	u     *units.Store
	seed  []byte            // an export zip of one small case, deflated
	files map[string]string // its files
}

// fuzzLimits are small, so inputs reach the limits too.
var fuzzLimits = Limits{EntryBytes: 1 << 20, TotalBytes: 2 << 20, RowBytes: 8 << 10, Rows: 2000}

func newFuzzFixture(f *testing.F) *fuzzFixture {
	ctx := ocu.SystemContext(context.Background())
	src := dbtest.New(f)
	if _, err := demo.LoadNamed(ctx, src); err != nil {
		f.Fatal(err)
	}
	var buf bytes.Buffer
	// Brazil's one named case: two people, both suspects, a seizure and
	// two moves, with Brazil's returns. The export carries every country's
	// attachment; the seed keeps Brazil's, the one it needs: 2 KB.
	if _, err := Export(ctx, src, units.NewStore(src), Filter{Country: "BR"}, FormatZip, "", &buf); err != nil {
		f.Fatal(err)
	}
	fx := &fuzzFixture{d: dbtest.New(f), files: map[string]string{}}
	fx.u = units.NewStore(fx.d)
	if err := fx.u.SeedReference(ctx); err != nil {
		f.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		r, _ := zf.Open()
		var b bytes.Buffer
		_, _ = b.ReadFrom(r)
		r.Close()
		fx.files[zf.Name] = b.String()
	}
	var atts []string
	for i, l := range strings.SplitAfter(fx.files["attachments.csv"], "\n") {
		if i == 0 || strings.HasPrefix(l, "LIB2,BR,") {
			atts = append(atts, l)
		}
	}
	fx.files["attachments.csv"] = strings.Join(atts, "")
	fx.seed = fx.zip(zip.Deflate, "", nil)
	// The seed imports: the targets start from a valid file.
	if err := fx.importOnce(fx.seed); err != nil {
		f.Fatalf("the seed does not import: %v", err)
	}
	return fx
}

// importOnce runs both passes of an import, as ImportLimited does, and
// rolls the second back: the database is the same for the next input.
func (fx *fuzzFixture) importOnce(b []byte) error {
	ctx := ocu.SystemContext(context.Background())
	z, err := openImportZip(bytes.NewReader(b), int64(len(b)), fuzzLimits.withDefaults())
	if err != nil {
		return err
	}
	if _, err := z.pass(checkOnly{}); err != nil {
		return err
	}
	tx := fx.d.Write.WithContext(ctx).Begin()
	if tx.Error != nil {
		return tx.Error
	}
	defer tx.Rollback()
	_, err = z.restore(ctx, tx, fx.d, fx.u)
	return err
}

// wantRefusal fails unless err is nil or an Invalid error saying where.
func wantRefusal(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Invalid {
		t.Fatalf("not a refusal: %v", err)
	}
	if e.Message.Key == "error.import_not_zip" {
		return
	}
	if len(e.Fields) == 0 {
		t.Fatalf("a refusal that says nowhere: %v", err)
	}
	for f := range e.Fields {
		if f == "zip" {
			continue
		}
		if parts := strings.Split(f, ":"); len(parts) != 3 || !strings.HasSuffix(parts[0], ".csv") {
			t.Fatalf("%q is not file:line:field: %v", f, err)
		}
	}
}

// FuzzImportZip mutates whole zips, starting from a real export.
func FuzzImportZip(f *testing.F) {
	minimizeBudget()
	fx := newFuzzFixture(f)
	f.Add(fx.seed)
	f.Fuzz(func(t *testing.T, b []byte) {
		wantRefusal(t, fx.importOnce(b))
	})
}

// FuzzImportRow mutates one row of one file of a real export: the file
// (its index in importFiles), the line (the header is line 0; one past
// the last appends) and the row's text.
func FuzzImportRow(f *testing.F) {
	minimizeBudget()
	fx := newFuzzFixture(f)
	for i, name := range importFiles {
		for j, l := range strings.Split(strings.TrimSuffix(fx.files[name], "\n"), "\n") {
			f.Add(uint8(i), uint16(j), l)
		}
	}
	f.Fuzz(func(t *testing.T, file uint8, line uint16, row string) {
		wantRefusal(t, fx.importOnce(fx.withRow(file, line, row)))
	})
}

// withRow is the fixture's zip with one row replaced or appended, stored
// uncompressed (compressing is the fuzzer's time, not the importer's).
func (fx *fuzzFixture) withRow(file uint8, line uint16, row string) []byte {
	name := importFiles[int(file)%len(importFiles)]
	ls := strings.Split(strings.TrimSuffix(fx.files[name], "\n"), "\n")
	if i := int(line) % (len(ls) + 1); i == len(ls) {
		ls = append(ls, row)
	} else {
		ls[i] = row
	}
	return fx.zip(zip.Store, name, ls)
}

// zip is the fixture's files as a zip in the export's order, name's lines
// replaced by ls.
func (fx *fuzzFixture) zip(method uint16, name string, ls []string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range importFiles {
		content := fx.files[n]
		if n == name {
			content = strings.Join(ls, "\n") + "\n"
		}
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		_, _ = w.Write([]byte(content))
	}
	_ = zw.Close()
	return buf.Bytes()
}
