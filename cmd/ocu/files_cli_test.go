package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/files"
)

// TestFilesCommandsUseTheFilesDirectory: `ocu export` reads evidence
// files from OCU_FILES and puts them in the zip; `ocu import --files DIR`
// restores them into DIR, where they are checked against their hash.
func TestFilesCommandsUseTheFilesDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := filepath.Join(dir, "src.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--db", src}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	d, err := db.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	srcFiles := filepath.Join(dir, "evidence")
	if _, err := files.NewStore(d, srcFiles).Add(ocu.SystemContext(ctx), files.KindCase, mnlCase, "scan.pdf", bytes.NewReader(testPDF)); err != nil {
		t.Fatal(err)
	}
	_ = d.Close()
	if files.DefaultDir(src) != filepath.Join(dir, "src-files") {
		t.Fatalf("default files directory of %s: %s", src, files.DefaultDir(src))
	}

	zipPath := filepath.Join(dir, "lib2.zip")
	if err := run(ctx, []string{"export", "--db", src, "--format", "zip", "--out", zipPath}, env(map[string]string{"OCU_FILES": srcFiles}), &out, &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	zr, err := zip.OpenReader(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := zr.Open("files.bin")
	if err != nil {
		t.Fatalf("the export has no files: %v", err)
	}
	b, _ := io.ReadAll(bin)
	zr.Close()
	if !bytes.Equal(b, testPDF) {
		t.Fatalf("files.bin holds %d bytes", len(b))
	}

	dst, dstFiles := filepath.Join(dir, "dst.db"), filepath.Join(dir, "restored")
	if err := run(ctx, []string{"migrate", "--db", dst}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"import", "--db", dst, "--files", dstFiles, zipPath}, env(nil), &out, &out); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(dstFiles, sum(testPDF)[:2], sum(testPDF))); err != nil {
		t.Fatalf("the file was not restored into --files: %v\n%s", err, out.String())
	}
}
