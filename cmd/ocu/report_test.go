package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/reports"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/views"
)

// headline is the report's results table, measure by measure, as the
// dashboard API gives them: the report must print the figures everyone saw.
var headline = []struct{ label, key string }{
	{"Potential victims rescued", "potential_victims"},
	{"of whom minors", "minor_victims"},
	{"Irregular migrants", "irregular_migrants"},
	{"Arrests", "arrests"},
	{"of which on trafficking or smuggling charges", "arrests_trafficking_smuggling"},
	{"Suspects referred for prosecution", "referred_for_prosecution"},
	{"Cases", "cases"},
	{"cash seized, in US dollars", "cash_usd"},
	{"Database checks", "database_checks"},
	{"Flights monitored", "flights_monitored"},
}

// headlineTable is the results table of a report page.
func headlineTable(t *testing.T, body string) string {
	t.Helper()
	i := strings.Index(body, "report-headline")
	if i < 0 {
		t.Fatalf("no results table in\n%s", body)
	}
	j := strings.Index(body[i:], "</table>")
	return body[i : i+j]
}

// assertHeadline checks each measure's cell against the dashboard API.
func assertHeadline(t *testing.T, body string, dash map[string]any) {
	t.Helper()
	table := headlineTable(t, body)
	for _, m := range headline {
		want := views.Num(int64(dash[m.key].(float64) + 0.5))
		cell := regexp.MustCompile(regexp.QuoteMeta(m.label) + `</th><td class="num"[^>]*>([^<]*)</td>`).FindStringSubmatch(table)
		if cell == nil || cell[1] != want {
			t.Errorf("%s: got %v, want %s", m.label, cell, want)
		}
	}
	if strings.Contains(body, ">report.") || strings.Contains(body, ">dashboard.") {
		t.Error("an untranslated key shows in the report")
	}
}

func TestReportPage(t *testing.T) {
	a := newTestApp(t)

	a.as("coordinator")
	_, dash := a.api("GET", "/api/v1/dashboard?operation=LIB2", nil)
	r := a.get("/report?op=LIB2")
	if r.Status != http.StatusOK {
		t.Fatalf("coordinator: %d %s", r.Status, r.Body)
	}
	assertHeadline(t, r.Body, dash)
	// Served pages link the stylesheet: the CSP forbids inline styles.
	if strings.Contains(r.Body, "<style") || !strings.Contains(r.Body, `rel="stylesheet"`) {
		t.Error("the served report must link its stylesheet, not inline it")
	}
	for _, want := range []string{"Results by OCU", "OCU Manila", "OCU Buenos Aires", "By country", "Notable cases", "<svg"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("coordinator's report lacks %q", want)
		}
	}

	// A supervisor gets their OCU's report, and no other.
	a.as("supervisor.mnl")
	_, mnl := a.api("GET", "/api/v1/dashboard?operation=LIB2", nil)
	if mnl["unit"] != "MNL" {
		t.Fatalf("supervisor's dashboard %v", mnl["unit"])
	}
	r = a.get("/report?op=LIB2")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "OCU Manila") || strings.Contains(r.Body, "Results by OCU") {
		t.Fatalf("supervisor.mnl: %d", r.Status)
	}
	assertHeadline(t, r.Body, mnl)
	if r := a.get("/report?op=LIB2&unit=DKR"); r.Status != http.StatusNotFound {
		t.Fatalf("supervisor.mnl, Dakar's report: %d", r.Status)
	}
	a.as("officer.ph")
	if r := a.get("/report?op=LIB2"); r.Status != http.StatusForbidden {
		t.Fatalf("officer: %d", r.Status)
	}
	a.as("")
	if r := a.get("/report"); r.Status == http.StatusOK {
		t.Fatal("nobody signed in sees the report")
	}
}

func TestNotableCasesInTheReport(t *testing.T) {
	a := newTestApp(t)
	const note = "Largest scam compound of the week: 254 people found."

	a.as("officer.ph")
	if r := a.postForm("/cases/"+mnlCase+"/notable", url.Values{"notable": {"1"}, "notable_note": {"x"}}); r.Status != http.StatusForbidden {
		t.Fatalf("officer marking: %d", r.Status)
	}
	if status, _ := a.api("PUT", "/api/v1/cases/"+mnlCase+"/notable", map[string]any{"notable": true}); status != http.StatusForbidden {
		t.Fatalf("officer marking through the API: %d", status)
	}
	if r := a.get("/cases/" + mnlCase); strings.Contains(r.Body, `name="notable_note"`) {
		t.Fatal("an officer is offered the notable form")
	}

	a.as("supervisor.mnl")
	if r := a.get("/report"); strings.Contains(r.Body, mnlCase) {
		t.Fatal("an unmarked case shows in the report")
	}
	if r := a.get("/cases/" + mnlCase); !strings.Contains(r.Body, `name="notable_note"`) {
		t.Fatal("the supervisor is not offered the notable form")
	}
	r := a.postForm("/cases/"+mnlCase+"/notable", url.Values{"notable": {"1"}, "notable_note": {strings.Repeat("x", 501)}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most 500 characters") {
		t.Fatalf("note too long: %d", r.Status)
	}
	r = a.postForm("/cases/"+mnlCase+"/notable", url.Values{"notable": {"1"}, "notable_note": {note}})
	if r.Status != http.StatusSeeOther || r.Location != "/cases/"+mnlCase+"?saved=notable" {
		t.Fatalf("supervisor marking: %d %s", r.Status, r.Location)
	}
	if r := a.get(r.Location); !strings.Contains(r.Body, "Notable mark saved.") || !strings.Contains(r.Body, note) {
		t.Fatal("the case page does not show the mark")
	}
	for _, user := range []string{"supervisor.mnl", "coordinator"} {
		a.as(user)
		if r := a.get("/report"); !strings.Contains(r.Body, mnlCase) || !strings.Contains(r.Body, note) {
			t.Fatalf("%s: the notable case is not in the report", user)
		}
	}
	a.as("supervisor.dkr")
	if r := a.get("/report"); r.Status != http.StatusOK || strings.Contains(r.Body, mnlCase) {
		t.Fatalf("Dakar's report shows a Manila case (%d)", r.Status)
	}

	// The API answers the case; unmarking takes it out of the report.
	a.as("supervisor.mnl")
	status, m := a.api("PUT", "/api/v1/cases/"+mnlCase+"/notable", map[string]any{"notable": false, "note": note})
	if status != http.StatusOK || m["notable"] != false || m["notable_note"] != note || m["reference"] != mnlCase {
		t.Fatalf("API unmark: %d %v", status, m)
	}
	if r := a.get("/report"); strings.Contains(r.Body, mnlCase) {
		t.Fatal("an unmarked case stays in the report")
	}
}

// writeDemoReport seeds the demo into a new database and writes its report
// with the command line, returning the database and the report's paths.
func writeDemoReport(t *testing.T) (dbPath, out string) {
	t.Helper()
	dir := t.TempDir()
	dbPath, out = filepath.Join(dir, "ocu.db"), filepath.Join(dir, "report.html")
	ctx := context.Background()
	var stdout bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--db", dbPath}, env(nil), &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	stdout.Reset()
	if err := run(ctx, []string{"report", "--db", dbPath, "--out", out}, env(nil), &stdout, &stdout); err != nil {
		t.Fatalf("ocu report: %v\n%s", err, stdout.String())
	}
	if strings.TrimSpace(stdout.String()) != out {
		t.Fatalf("ocu report printed %q, want the path %s", stdout.String(), out)
	}
	return dbPath, out
}

func TestReportCommand(t *testing.T) {
	dbPath, out := writeDemoReport(t)
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	// Offline anywhere: the stylesheet inside, nothing to fetch or run.
	if !strings.Contains(html, "<style>") || strings.Contains(html, "<script") || strings.Contains(html, `rel="stylesheet"`) ||
		strings.Contains(html, `href="/`) {
		t.Fatal("the report file is not self-contained")
	}
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
		t.Errorf("report file mode %v: it holds sensitive data", st.Mode().Perm())
	}
	// Its figures are the dashboard's.
	d, err := db.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	ctx := ocu.SystemContext(context.Background())
	us := units.NewStore(d)
	op, err := us.Operation(ctx, "LIB2")
	if err != nil {
		t.Fatal(err)
	}
	dash, err := reports.NewService(d, us).Build(ctx, op, nil)
	if err != nil {
		t.Fatal(err)
	}
	assertHeadline(t, html, map[string]any{
		"potential_victims": float64(dash.Totals.PotentialVictims), "minor_victims": float64(dash.Totals.MinorVictims),
		"irregular_migrants": float64(dash.Totals.IrregularMigrants), "arrests": float64(dash.Totals.Arrests),
		"arrests_trafficking_smuggling": float64(dash.Totals.ArrestsHtMs), "referred_for_prosecution": float64(dash.Totals.Referred),
		"cases": float64(dash.Totals.Cases), "cash_usd": dash.CashUSD,
		"database_checks": float64(dash.Activity.DatabaseChecks), "flights_monitored": float64(dash.Activity.FlightsMonitored),
	})

	// An OCU's report, and what cannot be reported.
	var stdout bytes.Buffer
	one := filepath.Join(filepath.Dir(out), "mnl.html")
	if err := run(context.Background(), []string{"report", "--db", dbPath, "--unit", "mnl", "--out", one}, env(nil), &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(one); !strings.Contains(string(b), "OCU Manila") || strings.Contains(string(b), "Results by OCU") {
		t.Fatal("the Manila report is not Manila's")
	}
	for _, args := range [][]string{
		{"report", "--db", dbPath},
		{"report", "--db", dbPath, "--unit", "XXX", "--out", one},
		{"report", "--db", filepath.Join(filepath.Dir(out), "missing.db"), "--out", one},
	} {
		if err := run(context.Background(), args, env(nil), &stdout, &stdout); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(out), "missing.db")); err == nil {
		t.Error("a report on a missing database created it")
	}
}

// TestReportPrintsToPDF prints the report file with headless Chromium, as
// docs/report.md tells users to, when Chromium is installed.
func TestReportPrintsToPDF(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		t.Skip("no Chromium at " + chromium)
	}
	if testing.Short() {
		t.Skip("prints with a real browser")
	}
	_, out := writeDemoReport(t)
	dir := t.TempDir()
	pdf := filepath.Join(dir, "r.pdf")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--print-to-pdf="+pdf, "--no-pdf-header-footer", "file://"+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, b)
	}
	st, err := os.Stat(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() <= 10<<10 {
		t.Fatalf("PDF of %d bytes", st.Size())
	}
}

// `ocu report --lang` writes the report in a language ocu ships, right to
// left in Arabic; a language it does not ship, or the pseudo-locale, is
// refused.
func TestReportCommandInALanguage(t *testing.T) {
	dbPath, out := writeDemoReport(t)
	var stdout bytes.Buffer
	ar := filepath.Join(filepath.Dir(out), "ar.html")
	if err := run(context.Background(), []string{"report", "--db", dbPath, "--lang", "ar", "--out", ar}, env(nil), &stdout, &stdout); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(ar)
	if !strings.Contains(string(b), `<html lang="ar" dir="rtl">`) || !strings.Contains(string(b), views.T(views.WithLang(context.Background(), "ar"), "report.kicker")) {
		t.Errorf("the Arabic report is not in Arabic: %.300s", b)
	}
	for _, lang := range []string{"xx", views.PseudoLang, ""} {
		if err := run(context.Background(), []string{"report", "--db", dbPath, "--lang", lang, "--out", ar}, env(nil), &stdout, &stdout); err == nil || !strings.Contains(err.Error(), "--lang") {
			t.Errorf("--lang %q: %v", lang, err)
		}
	}
}
