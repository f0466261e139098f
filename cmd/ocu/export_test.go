package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocu-project/ocu/exports"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/web/webtest"
)

// exportApp is the test application with the export routes mounted: on a
// server of its own, so the routes are in place before it serves (and the
// same whether or not newServer mounts them already).
func exportApp(t *testing.T) *testApp {
	t.Helper()
	a := newTestApp(t)
	e := newServer(a.db, serverConfig{})
	mounted := false
	for _, r := range e.Routes() {
		mounted = mounted || r.Path == "/api/v1/export"
	}
	if !mounted {
		(&exports.Handler{DB: a.db, Units: units.NewStore(a.db)}).Register(webtest.Routes(e))
	}
	srv := httptest.NewServer(e)
	t.Cleanup(srv.Close)
	a.srv = srv
	return a
}

func TestExportDownloads(t *testing.T) {
	a := exportApp(t)
	a.as("coordinator")
	for _, c := range []struct {
		path, contentType, ext string
	}{
		{"/exports/download?format=xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
		{"/exports/download?format=zip&unit=MNL", "application/zip", ".zip"},
		{"/api/v1/export?format=json", "application/json", ".json"},
		{"/api/v1/export?format=csv&table=people", "text/csv; charset=utf-8", ".csv"},
	} {
		r := a.get(c.path)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != c.contentType {
			t.Errorf("%s: %d %s %.200s", c.path, r.Status, r.Header.Get("Content-Type"), r.Body)
			continue
		}
		_, params, err := mime.ParseMediaType(r.Header.Get("Content-Disposition"))
		if err != nil || !strings.HasPrefix(params["filename"], "ocu-LIB2-") || !strings.HasSuffix(params["filename"], c.ext) {
			t.Errorf("%s: Content-Disposition %q", c.path, r.Header.Get("Content-Disposition"))
		}
		if r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", c.path, r.Header.Get("Cache-Control"))
		}
		if len(r.Body) == 0 {
			t.Errorf("%s: empty file", c.path)
		}
	}
	if r := a.get("/exports/download?format=zip&unit=MNL"); !strings.Contains(r.Header.Get("Content-Disposition"), "ocu-LIB2-MNL-") {
		t.Errorf("an OCU's export is named after it: %q", r.Header.Get("Content-Disposition"))
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(a.get("/api/v1/export?format=json").Body), &doc); err != nil || doc["schema"] != exports.JSONSchema {
		t.Errorf("JSON export does not parse: %v", err)
	}
	if _, err := excelize.OpenReader(strings.NewReader(a.get("/exports/download?format=xlsx").Body)); err != nil {
		t.Errorf("workbook does not open: %v", err)
	}
}

func TestExportRefusals(t *testing.T) {
	a := exportApp(t)
	for _, user := range []string{"officer.ph", "admin"} {
		a.as(user)
		status, m := a.api("GET", "/api/v1/export?format=zip", nil)
		if status != http.StatusForbidden || !strings.Contains(m["message"].(string), "supervisors") {
			t.Errorf("%s: %d %v", user, status, m)
		}
		if r := a.get("/exports/download?format=xlsx"); r.Status != http.StatusForbidden || r.Header.Get("Content-Disposition") != "" {
			t.Errorf("%s download: %d", user, r.Status)
		}
		if r := a.get("/exports"); r.Status != http.StatusForbidden {
			t.Errorf("%s page: %d", user, r.Status)
		}
	}
	a.as("coordinator")
	status, m := a.api("GET", "/api/v1/export?format=pdf&unit=XXX", nil)
	fields, _ := m["fields"].(map[string]any)
	if status != http.StatusUnprocessableEntity || fields["format"] == nil || fields["unit"] == nil {
		t.Errorf("bad request: %d %v", status, m)
	}
	a.as("")
	if status, _ := a.api("GET", "/api/v1/export?format=zip", nil); status != http.StatusUnauthorized {
		t.Errorf("nobody signed in: %d", status)
	}
}

func TestSupervisorExportHoldsOnlyTheirOCU(t *testing.T) {
	a := exportApp(t)
	a.as("supervisor.mnl")
	r := a.get("/exports/download?format=zip")
	if r.Status != http.StatusOK {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	zr, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("cases.csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(skipBOM(t, f)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 {
		t.Fatal("no Manila case in the export")
	}
	for _, rec := range recs[1:] {
		if rec[2] != "MNL" || !strings.HasPrefix(rec[0], "LIB2-MNL-") {
			t.Errorf("supervisor of Manila exported %s of %s", rec[0], rec[2])
		}
	}
}

func TestExportPageAndLinks(t *testing.T) {
	a := exportApp(t)
	a.as("supervisor.mnl")
	r := a.get("/exports?unit=MNL&status=screening")
	if r.Status != http.StatusOK {
		t.Fatalf("export page: %d", r.Status)
	}
	for _, want := range []string{`action="/exports/download"`, `hx-boost="false"`, "/exports/download?format=zip&amp;operation=LIB2&amp;status=screening&amp;unit=MNL",
		"OCU Manila&#39;s cases"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("export page lacks %s", want)
		}
	}
	r = a.get("/cases?unit=MNL&status=raid")
	if !strings.Contains(r.Body, "/exports/download?format=xlsx&amp;operation=LIB2&amp;status=raid&amp;unit=MNL") {
		t.Error("the case list offers no download of what it shows")
	}
	if r := a.get("/dashboard?unit=MNL"); !strings.Contains(r.Body, "/exports/download?format=xlsx&amp;operation=LIB2&amp;unit=MNL") {
		t.Error("the dashboard offers no download")
	}
	a.as("officer.ph")
	if r := a.get("/cases"); strings.Contains(r.Body, "/exports/download") {
		t.Error("an officer is offered a download they may not make")
	}
}

func TestExportCommand(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "ocu.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--db", dbPath}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "lib2.zip")
	out.Reset()
	if err := exportCmd(ctx, []string{"--db", dbPath, "--format", "zip", "--out", file}, env(nil), &out, &out); err != nil {
		t.Fatalf("export: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "wrote "+file) || !strings.Contains(out.String(), "cases ") {
		t.Errorf("output: %s", out.String())
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", st, err)
	}
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	sf, err := zr.Open("suspects.csv")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(sf)
	if !bytes.HasPrefix(b, []byte("\ufeff"+strings.Join(exports.Columns(exports.TableSuspects), ","))) {
		t.Errorf("suspects.csv starts %.100s", b)
	}

	// (exportCmd is called directly: "ocu export" is wired in main.go's
	// switch by the lead.)

	// A refused export leaves nothing behind, and no earlier file is lost.
	out.Reset()
	err = exportCmd(ctx, []string{"--db", dbPath, "--format", "zip", "--unit", "XXX", "--out", file}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "XXX") {
		t.Errorf("unknown unit: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if st2, err := os.Stat(file); err != nil || st2.Size() != st.Size() {
		t.Error("a failed export clobbered the previous file")
	}
	out.Reset()
	if err := exportCmd(ctx, []string{"-h"}, env(nil), &out, &out); err == nil || !strings.Contains(out.String(), "INCLUDED") {
		t.Errorf("usage must say names are included: %v %s", err, out.String())
	}
}

// skipBOM reads past the UTF-8 byte-order mark every exported CSV starts
// with, failing the test when it is missing.
func skipBOM(t *testing.T, r io.Reader) io.Reader {
	t.Helper()
	br := bufio.NewReader(r)
	bom, err := br.Peek(3)
	if err != nil || string(bom) != "\ufeff" {
		t.Fatalf("exported CSV does not start with a byte-order mark: %q (%v)", bom, err)
	}
	_, _ = br.Discard(3)
	return br
}
