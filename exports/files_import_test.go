package exports_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/files"
	"github.com/ocu-project/ocu/units"
)

var scanPDF = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

func photoPNG(t *testing.T) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func hexSum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// exportWithFiles exports everything, evidence files included.
func exportWithFiles(t *testing.T, d *db.DB, fs *files.Store) []byte {
	t.Helper()
	var buf bytes.Buffer
	ctx := ocu.SystemContext(context.Background())
	if _, err := exports.ExportWithFiles(ctx, d, units.NewStore(d), fs, exports.Filter{}, "zip", "", &buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zipEntries(t *testing.T, raw []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		r, _ := f.Open()
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

func rezipBytes(t *testing.T, entries map[string][]byte) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, c := range entries {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = w.Write(c)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestFilesExportImportRoundTrip: a case's files travel in the zip with
// their hashes and come back, byte for byte, attached to the same cases
// with the same names, authors and times; the re-export lists them
// exactly as the first. A zip whose file bytes were changed is refused,
// naming the row, and leaves nothing behind.
func TestFilesExportImportRoundTrip(t *testing.T) {
	ctx := ocu.SystemContext(context.Background())
	src := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, src); err != nil {
		t.Fatal(err)
	}
	cs := cases.NewStore(src, units.NewStore(src))
	c, err := cs.Create(ctx, cases.Input{Operation: "LIB2", RaisingCountry: "PH", Title: "Raid with evidence", Place: "Pier 4",
		Country: "PH", RaidAt: "2024-10-02T10:00", Forms: []string{"forced_labour"}, RaisedBy: "Officer"})
	if err != nil {
		t.Fatal(err)
	}
	srcFiles := files.NewStore(src, filepath.Join(t.TempDir(), "src-files"))
	photo := photoPNG(t)
	for name, content := range map[string][]byte{"scan.pdf": scanPDF, "=cmd|photo.png": photo} {
		if _, err := srcFiles.Add(ctx, files.KindCase, c.Reference, name, bytes.NewReader(content)); err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
	}
	raw := exportWithFiles(t, src, srcFiles)
	entries := zipEntries(t, raw)
	list := string(entries[exports.FilesCSV])
	if !strings.Contains(list, hexSum(scanPDF)) || !strings.Contains(list, hexSum(photo)) || len(entries[exports.FilesBin]) != len(scanPDF)+len(photo) {
		t.Fatalf("the zip does not carry the files with their hashes:\n%s", list)
	}

	// Without a files directory, a zip with files is refused.
	if _, err := exports.Import(ctx, emptyDatabase(t), units.NewStore(src), bytes.NewReader(raw), int64(len(raw))); ocu.KindOf(err) != ocu.Invalid {
		t.Fatalf("import with files but no directory: %v", err)
	}

	dst := emptyDatabase(t)
	dstFiles := files.NewStore(dst, filepath.Join(t.TempDir(), "dst-files"))
	counts, err := exports.ImportWithFiles(ctx, dst, units.NewStore(dst), dstFiles, bytes.NewReader(raw), int64(len(raw)), exports.DefaultLimits)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if counts["files"] != 2 {
		t.Fatalf("counts: %v", counts)
	}
	var restored []files.File
	dst.Read.Order("id").Find(&restored)
	if len(restored) != 2 {
		t.Fatalf("%d files restored", len(restored))
	}
	for _, f := range restored {
		_, blob, err := dstFiles.Open(ctx, f.ID)
		if err != nil {
			t.Fatalf("open restored %s: %v", f.Name, err)
		}
		got, _ := io.ReadAll(blob)
		blob.Close()
		if hexSum(got) != f.SHA256 || (f.Name != "scan.pdf" && f.Name != "cmd_photo.png") || f.UploadedBy == "" {
			t.Errorf("restored %+v", f)
		}
	}
	if again := zipEntries(t, exportWithFiles(t, dst, dstFiles)); string(again[exports.FilesCSV]) != list ||
		!bytes.Equal(again[exports.FilesBin], entries[exports.FilesBin]) {
		t.Fatalf("the re-export differs:\n%s\nwas\n%s", again[exports.FilesCSV], list)
	}

	// One byte of the photo changed in the zip: refused, nothing kept.
	bad := map[string][]byte{}
	for n, c := range entries {
		bad[n] = c
	}
	bin := bytes.Clone(entries[exports.FilesBin])
	bin[len(bin)-3] ^= 0xff
	bad[exports.FilesBin] = bin
	raw = rezipBytes(t, bad)
	third := emptyDatabase(t)
	dir := filepath.Join(t.TempDir(), "third-files")
	_, err = exports.ImportWithFiles(ctx, third, units.NewStore(third), files.NewStore(third, dir), bytes.NewReader(raw), int64(len(raw)), exports.DefaultLimits)
	e, ok := err.(*ocu.Error)
	if !ok || e.Kind != ocu.Invalid || !strings.Contains(e.Error(), "files.csv:") || !strings.Contains(e.Error(), "sha256") {
		t.Fatalf("a changed file: %v", err)
	}
	var n int64
	third.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&n)
	if n != 0 {
		t.Fatalf("a refused import left %d cases", n)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("a refused import left files: %v", ents)
	}
}
