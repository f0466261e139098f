package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// page is one page checked for validity and accessibility.
type page struct {
	name   string // file name of its source, and of its screenshot
	path   string // address on the server
	source string // the HTML the server sent
}

// TestEveryPage visits every page a user can reach (each GET route of the
// HTML interface, as a user allowed to see it), plus the case form's error
// state and the 404 page, in every language ocu offers, and checks each
// with axe-core (no violation of impact serious or critical) and, all at
// once per language, with the Nu HTML Checker (no error).
func TestEveryPage(t *testing.T) {
	need(t)
	for _, lang := range offeredLanguages(t) {
		t.Run(lang, func(t *testing.T) { everyPageChecked(t, lang) })
	}
}

func everyPageChecked(t *testing.T, lang string) {
	var pages []page
	everyPage(t, pageVisitor{
		lang: lang,
		open: func(a account) *tab {
			if a.Username == "" {
				return anonymous(t).inLanguage(lang)
			}
			return as(t, a).inLanguage(lang)
		},
		visit: func(b *tab, name, path string, want int64) {
			t.Helper()
			if !b.visitStatus(name, path, want) {
				return
			}
			b.shot(name)
			b.axe(path)
			pages = append(pages, page{name: name, path: path, source: b.source()})
		},
		shown: func(b *tab, name, label string) {
			b.shot(name)
			b.axe(label)
		},
		source: func(p page) { pages = append(pages, p) },
	})
	checkHTML(t, pages)
}

// pageVisitor is what a test does with each page of everyPage.
type pageVisitor struct {
	lang   string                                      // the language the pages are read in; "" is English
	open   func(a account) *tab                        // a user's tab; the zero account is nobody
	visit  func(b *tab, name, path string, want int64) // open path (expecting status want) and check it
	shown  func(b *tab, name, label string)            // check the page as shown now, after a step on it
	source func(p page)                                // a page's source got another way, for the HTML checker
}

// visitStatus opens path and reports whether it answered want, failing
// the test (not stopping it) when it did not.
func (b *tab) visitStatus(name, path string, want int64) bool {
	b.t.Helper()
	if got := b.open(path); got != want {
		b.t.Errorf("GET %s as %s: status %d, want %d; page says: %.300s", path, b.who(), got, want, b.text("main"))
		return false
	}
	return true
}

// everyPage walks every page a user can reach, as a user allowed to see
// it, plus the case form's error state and the 404 pages; TestEveryPage
// (desktop) and TestEveryPageOnAPhone share it, so a page added here is
// checked at both sizes.
func everyPage(t *testing.T, v pageVisitor) {
	t.Helper()
	visit := v.visit
	anon := v.open(account{})
	visit(anon, "signin", "/signin", 200)
	visit(anon, "signin-next", "/signin?next=%2Fcases", 200)

	off := v.open(officer)
	visit(off, "root", "/", 200)
	// An officer's home: their country's cases and what needs them.
	if loc := off.waitURL(`/home$`); !strings.HasSuffix(loc, "/home") {
		t.Errorf("/ led to %s, want /home", loc)
	}
	visit(off, "cases", "/cases", 200)
	visit(off, "cases-filtered", "/cases?unit=MNL&country=PH&status=screening&sort=reference", 200)
	// A demo case of the officer's own country, open and with people.
	ref := off.firstLink("table.cases td.ref a", `/cases/(LIB2-MNL-\d{4})$`)
	visit(off, "case", "/cases/"+ref, 200)
	// Evidence files: a scan uploaded through the case page's form (no
	// JavaScript needed), then the page again with it listed.
	scan := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	off.do("upload an evidence file", chromedp.SetUploadFiles("#evidence-file", []string{scan}),
		chromedp.Submit("#evidence-file"))
	off.waitURL(`/cases/` + ref + `\?file=\d+`)
	visit(off, "case-files", "/cases/"+ref+"#files", 200)
	person := off.firstLink(".people-table td.ref a", `/people/(LIB2-MNL-\d{4}-P\d+)$`)
	visit(off, "case-edit", "/cases/"+ref+"/edit", 200)
	visit(off, "person-new", "/cases/"+ref+"/people/new", 200)
	visit(off, "person", "/people/"+person, 200)
	visit(off, "matches", "/matches", 200)
	visit(off, "screen-grid", "/cases/"+ref+"/screen", 200)
	visit(off, "screen-grid-next", "/cases/"+ref+"/screen?next=3", 200)
	visit(off, "case-new", "/cases/new", 200)

	// The case form sent empty comes back with what to fix.
	off.do("submit the case form empty", chromedp.Click(chromedp.CSS("form.case-form button[type=submit]")))
	off.waitText("#form-errors", v.say("Fill this in"))
	v.shown(off, "case-new-errors", "/cases/new (errors)")
	errSource := eval[string](off, `(async () => {
		const r = await fetch("/cases", {method: "POST", credentials: "same-origin",
			body: new URLSearchParams(new FormData(document.querySelector("form.case-form")))});
		return r.status + "\n" + await r.text();
	})()`)
	status, body, _ := strings.Cut(errSource, "\n")
	if status != "422" || !strings.Contains(body, `id="form-errors"`) {
		t.Errorf("POST /cases empty: status %s, want 422 with the list of errors", status)
	}
	v.source(page{name: "case-new-errors", path: "POST /cases", source: body})

	visit(off, "operations", "/operations", 200)
	visit(off, "units", "/units", 200)
	visit(off, "unit", "/units/MNL", 200)
	visit(off, "returns", "/returns", 200)
	visit(off, "returns-unit", "/returns?unit=MNL", 200)
	visit(off, "return", "/returns/PH/2024-10-01", 200)
	visit(off, "account", "/account", 200)
	visit(off, "alerts", "/alerts", 200)
	visit(off, "work", "/work", 200)
	visit(off, "not-found", "/no/such/page", 404)
	visit(off, "case-not-found", "/cases/LIB2-MNL-9999", 404)

	sup := v.open(supervisor)
	visit(sup, "case-as-supervisor", "/cases/"+ref, 200)
	visit(sup, "dashboard-mnl", "/dashboard?unit=MNL", 200)
	visit(sup, "imports", "/imports", 200)
	visit(sup, "exports-supervisor", "/exports", 200)
	visit(sup, "operation-notices", "/operations/LIB2/notices", 200)
	// A referred suspect's prosecution steps (the generated demo is the same every time).
	visit(sup, "prosecution", "/people/LIB2-MNL-0034-P001/prosecution", 200)
	// Criminal groups: the list, the form, and a group with a case and a
	// member, made through the forms (the demo has no group).
	visit(sup, "groups", "/groups", 200)
	visit(sup, "group-new", "/groups/new", 200)
	groupURL := eval[string](sup, `fetch("/groups", {method: "POST", credentials: "same-origin",
		body: new URLSearchParams({name: "Network " + Date.now(), summary: "Checked by the browser tests"})}).then(r => new URL(r.url).pathname)`)
	eval[string](sup, fmt.Sprintf(`fetch(%q, {method: "POST", credentials: "same-origin", body: new URLSearchParams({case: %q})}).then(r => r.url)`,
		groupURL+"/cases", ref))
	eval[string](sup, fmt.Sprintf(`fetch(%q, {method: "POST", credentials: "same-origin", body: new URLSearchParams({person: %q})}).then(r => r.url)`,
		groupURL+"/people", person))
	visit(sup, "group", groupURL, 200)
	visit(sup, "group-edit", groupURL+"/edit", 200)
	// Requests between countries and OCUs, and moving a case (requests).
	visit(sup, "requests", "/requests", 200)
	visit(sup, "request-new", "/cases/"+ref+"/requests/new", 200)
	req := sup.apiPost("/api/v1/requests", map[string]any{"case": ref, "to_unit": "DKR", "subject": "Checked by the browser tests",
		"question": "Known to you?", "priority": "routine", "due": time.Now().AddDate(0, 0, 7).Format("2006-01-02"), "people": []string{person}})
	visit(sup, "request", fmt.Sprintf("/requests/%v", req["id"]), 200)
	// A proposal to move the case (the phone run finds the desktop run's).
	move := eval[float64](sup, fmt.Sprintf(`fetch(%q, {method: "POST", credentials: "same-origin", headers: {"Content-Type": "application/json"},
		body: JSON.stringify({to_unit: "DKR", reason: "Checked by the browser tests"})}).then(() => fetch(%q)).then(r => r.json()).then(j => j.transfers[0].id)`,
		"/api/v1/cases/"+ref+"/transfers", "/api/v1/cases/"+ref+"/transfers"))
	visit(sup, "transfer", fmt.Sprintf("/transfers/%v", move), 200)

	coord := v.open(coordinator)
	visit(coord, "dashboard", "/dashboard", 200)
	visit(coord, "dashboard-coordinator-mnl", "/dashboard?unit=MNL", 200)
	visit(coord, "report", "/report", 200)
	visit(coord, "exports", "/exports", 200)
	visit(coord, "cases-coordinator", "/cases?status=referred&sort=reference", 200)
	// A case past referral, read-only for a coordinator.
	referred := coord.firstLink("table.cases td.ref a", `/cases/(LIB2-[A-Z]{3}-\d{4})$`)
	visit(coord, "case-referred", "/cases/"+referred, 200)
	visit(coord, "person-read-only", "/people/"+person, 200)
	visit(coord, "matches-coordinator", "/matches?status=open", 200)

	adm := v.open(admin)
	visit(adm, "admin", "/admin", 200)
	visit(adm, "admin-users", "/admin/users", 200)
	visit(adm, "admin-user", "/admin/users/"+url.PathEscape(officer.Username), 200)
	// An irreversible act's confirmation page (nothing is done until
	// Confirm), then Cancel.
	adm.do("press Disable account", chromedp.Click(chromedp.CSS(`form[action$="/disabled"] button[type=submit]`)))
	adm.waitText("main h1", v.say("Disable "+officer.Username+"?"))
	adm.waitText(".confirm-form", "")
	v.shown(adm, "confirm-disable", "POST /admin/users/:username/disabled (confirmation)")
	v.source(page{name: "confirm-disable", path: "POST /admin/users/:username/disabled", source: eval[string](adm, `fetch(document.querySelector(".confirm-form").action, {method: "POST", credentials: "same-origin",
		body: new URLSearchParams({disabled: "true"})}).then(r => r.text())`)})
	adm.do("cancel", chromedp.Click(chromedp.CSS(`.confirm-form a.button`)))
	adm.waitText("main h1", officer.Username)
	visit(adm, "admin-operations", "/admin/operations", 200)
	visit(adm, "admin-operation", "/admin/operations/LIB2", 200)
	visit(adm, "admin-attachments", "/admin/attachments", 200)
	visit(adm, "admin-audit", "/admin/audit", 200)
	visit(adm, "admin-locks", "/admin/locks", 200)
}

// firstLink reads the first link matching sel on the page shown and
// answers the part of its address that re captures.
func (b *tab) firstLink(sel, re string) string {
	b.t.Helper()
	href := eval[string](b, fmt.Sprintf(`(document.querySelector(%q) || {}).href || ""`, sel))
	m := regexp.MustCompile(re).FindStringSubmatch(href)
	if m == nil {
		b.failShot()
		b.t.Fatalf("no link %s matching %s on %s (found %q)", sel, re, run(b, "location", chromedp.Location()), href)
	}
	return m[1]
}

// vnuMessage is one message of the Nu HTML Checker's JSON output.
type vnuMessage struct {
	Type     string `json:"type"`
	SubType  string `json:"subType"`
	URL      string `json:"url"`
	Line     int    `json:"lastLine"`
	Message  string `json:"message"`
	Extract  string `json:"extract"`
	Location string
}

// checkHTML runs the Nu HTML Checker once over every page's source (the
// JVM is slow to start) and fails on any error; warnings are logged.
func checkHTML(t *testing.T, pages []page) {
	t.Helper()
	dir := filepath.Join(env.tmp, "html-"+strings.ReplaceAll(t.Name(), "/", "-"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	byFile := map[string]page{}
	var files []string
	for i, p := range pages {
		f := filepath.Join(dir, fmt.Sprintf("%02d-%s.html", i+1, p.name))
		if err := os.WriteFile(f, []byte(p.source), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		byFile[filepath.Base(f)] = p
	}
	start := time.Now()
	cmd := exec.Command(env.java, append([]string{"-jar", env.vnuJar, "--format", "json", "--exit-zero-always"}, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("Nu HTML Checker: %v\n%s", err, stderr.String())
	}
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stderr.Bytes(), &out); err != nil {
		t.Fatalf("Nu HTML Checker output: %v\n%s", err, stderr.String())
	}
	errors := 0
	for _, m := range out.Messages {
		p := byFile[filepath.Base(strings.TrimPrefix(m.URL, "file:"))]
		msg := fmt.Sprintf("HTML %s on %s (line %d): %s\n\t%s", m.Type, p.path, m.Line, m.Message, strings.TrimSpace(m.Extract))
		if m.Type == "error" || m.Type == "non-document-error" {
			errors++
			t.Error(msg)
		} else {
			t.Log(msg)
		}
	}
	t.Logf("Nu HTML Checker: %d pages, %d errors, %d messages in all, %s", len(pages), errors, len(out.Messages), time.Since(start).Round(time.Millisecond))
}
