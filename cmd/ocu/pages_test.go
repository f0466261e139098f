package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func caseForm() url.Values {
	return url.Values{
		"operation": {"LIB2"}, "raising_country": {"PH"}, "title": {"Raid on a scam hub"},
		"summary": {"Found 40 people."}, "place": {"Pasay"}, "country": {"PH"}, "raid_at": {"2024-10-02T21:40"},
		"forms": {"forced_criminality", "money_laundering"}, "origin": {"CN", "ID"}, "raised_by": {"Officer Santos"},
	}
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func TestPagesRender(t *testing.T) {
	a := newTestApp(t)
	for _, tc := range []struct {
		user, path string
		wants      []string
	}{
		{"coordinator", "/units", []string{"OCU Manila", "OCU Skopje", "OCU Dakar", "OCU Buenos Aires", "Asia/Manila", "16 attached countries"}},
		{"coordinator", "/units/DKR", []string{"OCU Dakar", "Senegal", "Ethiopia", "Attached countries (40)"}},
		{"coordinator", "/operations", []string{"LIB2", "Liberterra II", "6 days"}},
		{"coordinator", "/cases", []string{"19 cases", "LIB2-MNL-0001", "Warehouse raid"}},
		{"coordinator", "/cases?status=screening&country=TN", []string{"1 case<", "pretended language-study trip"}},
		{"coordinator", "/cases?q=LIB2-SKP", []string{"LIB2-SKP-0001"}},
		{"coordinator", "/cases/LIB2-DKR-0005", []string{"pretended language-study trip", "Minors separated and interviewed with child-protection staff", "United Kingdom", "You can read this case but not change it."}},
		{"officer.ph", "/cases", []string{"2 cases", "LIB2-MNL-0001"}},
		{"officer.ph", "/cases/new", []string{`name="title"`, "OCU Manila (MNL)", `value="forced_begging"`, `<option value="PH" selected>Philippines</option>`}},
		{"supervisor.dkr", "/cases/LIB2-DKR-0005", []string{"Close case", "Share with"}},
		{"supervisor.dkr", "/cases/LIB2-DKR-0005/edit", []string{`name="version" value="2"`}},
	} {
		r := a.as(tc.user).get(tc.path)
		if r.Status != 200 {
			t.Errorf("%s %s: status %d", tc.user, tc.path, r.Status)
			continue
		}
		t.Run(tc.user+tc.path, func(t *testing.T) { mustContain(t, r.Body, tc.wants...) })
	}
	a.as("coordinator")
	if r := a.get("/cases?unit=SKP"); strings.Contains(r.Body, ">LIB2-MNL-") {
		t.Error("OCU filter shows other OCUs' cases")
	}
	if r := a.get("/cases/LIB2-MNL-0999"); r.Status != 404 || !strings.Contains(r.Body, "There is no case LIB2-MNL-0999") {
		t.Errorf("unknown case page: %d", r.Status)
	}
	if r := a.get("/static/css/app.css"); r.Status != 200 || r.Header.Get("Content-Type") != "text/css; charset=utf-8" {
		t.Errorf("stylesheet: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
}

func TestCaseFormCreatesCase(t *testing.T) {
	a := newTestApp(t)
	r := a.postForm("/cases", caseForm())
	if r.Status != http.StatusSeeOther || !regexp.MustCompile(`^/cases/LIB2-MNL-0003\?saved=created$`).MatchString(r.Location) {
		t.Fatalf("create: %d %q %s", r.Status, r.Location, r.Body)
	}
	page := a.get(r.Location)
	mustContain(t, page.Body, "Raid on a scam hub", "Case raised", "Wed 2 Oct 2024 21:40", "Wed 2 Oct 2024 13:40 UTC", "China, Indonesia", "Officer Santos raised the case")
}

func TestCaseFormKeepsWhatWasTyped(t *testing.T) {
	a := newTestApp(t)
	v := caseForm()
	v.Set("title", "")
	v.Set("country", "")
	v.Set("place", `Pier 4 <script>alert(1)</script>`)
	v.Set("raid_at", "2024-12-25T10:00")
	v["forms"] = []string{"money_laundering"}
	r := a.postForm("/cases", v)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, r.Body,
		"Some fields need fixing",
		`id="country-error"`, "Fill this in.",
		// A title left blank is named after the place only once the case
		// is raised: the form shows it blank, as typed.
		`name="title" value=""`,
		"The raid must fall within the operation, 2024-09-29 to 2024-10-04, or its follow-up period up to 2024-11-06 (Asia/Manila).",
		`value="Pier 4 &lt;script&gt;alert(1)&lt;/script&gt;"`,
		`value="2024-12-25T10:00"`,
		`<input type="checkbox" name="forms" value="money_laundering" checked>`,
		`<input type="checkbox" name="origin" value="CN" checked>`, `<option value="PH" selected>`,
		"Found 40 people.",
	)
	if strings.Contains(r.Body, "<script>alert(1)") {
		t.Error("typed text rendered unescaped")
	}
	if strings.Contains(r.Body, `value="forced_criminality" checked`) {
		t.Error("an unticked box came back ticked")
	}
}

func TestEditOnStaleCopyShowsNewerValues(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Original title")
	form := a.get("/cases/" + ref + "/edit")
	mustContain(t, form.Body, `name="version" value="1"`, `value="Original title"`)

	// Another officer saves first.
	if status, m := a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 1, "title": "Title saved by a colleague"}); status != 200 {
		t.Fatalf("patch: %d %v", status, m)
	}
	v := url.Values{"version": {"1"}, "title": {"My stale title"}, "place": {"Pasay"}, "country": {"PH"},
		"raid_at": {"2024-10-02T09:00"}, "forms": {"forced_criminality"}}
	r := a.postForm("/cases/"+ref, v)
	if r.Status != http.StatusConflict {
		t.Fatalf("stale save: %d", r.Status)
	}
	mustContain(t, r.Body, "Someone else saved this case", "Title saved by a colleague", `value="My stale title"`, `name="version" value="2"`)
	if _, m := a.api("GET", "/api/v1/cases/"+ref, nil); m["title"] != "Title saved by a colleague" {
		t.Fatalf("stale save overwrote: %v", m["title"])
	}
	// Saving again on the newer version goes through.
	v.Set("version", "2")
	if r := a.postForm("/cases/"+ref, v); r.Status != http.StatusSeeOther {
		t.Fatalf("save on newer version: %d", r.Status)
	}
	if _, m := a.api("GET", "/api/v1/cases/"+ref, nil); m["title"] != "My stale title" || m["version"] != 3.0 {
		t.Fatalf("after save: %v v%v", m["title"], m["version"])
	}
	// Invalid edit keeps what was typed.
	v.Set("version", "3")
	v.Set("title", strings.Repeat("x", 201))
	if r := a.postForm("/cases/"+ref, v); r.Status != 422 || !strings.Contains(r.Body, "at most 200 characters") {
		t.Fatalf("invalid edit: %d", r.Status)
	}
}

func TestTransitionButtons(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Moving through the workflow")
	page := a.get("/cases/" + ref)
	mustContain(t, page.Body, "Record at least one person found before screening starts.")
	if strings.Contains(page.Body, `name="to" value="screening"`) {
		t.Error("the page offers screening before anyone is recorded")
	}
	if r := a.postForm("/cases/"+ref+"/people/bulk", url.Values{"count": {"2"}, "nationality": {"CN"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("bulk add: %d", r.Status)
	}
	page = a.get("/cases/" + ref)
	mustContain(t, page.Body, `value="screening"`, `value="closed"`)
	if strings.Contains(page.Body, `name="to" value="referred"`) {
		t.Error("the page offers a move the workflow refuses")
	}
	r := a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"referred"}, "by": {"Sgt Cruz"}, "version": {"1"}, "note": {"typed note"}})
	if r.Status != http.StatusConflict {
		t.Fatalf("refused move: %d", r.Status)
	}
	mustContain(t, r.Body, "2 people are still unscreened: screen them first.", "typed note")
	r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"closed"}, "by": {"Sgt Cruz"}, "version": {"1"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Give the reason") {
		t.Fatalf("close without reason: %d", r.Status)
	}
	r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"screening"}, "by": {"Sgt Cruz"}, "version": {"1"}, "note": {"Interviews begin"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("move: %d %s", r.Status, r.Body)
	}
	page = a.get(r.Location)
	mustContain(t, page.Body, "Status changed", "Officer Santos moved it from Raid to Screening", "Interviews begin",
		"2 people are still unscreened: screen them first.", "Record at least one arrested suspect with a charge and a referral for prosecution.")
	if strings.Contains(page.Body, `name="to" value="referred"`) {
		t.Error("the page offers referral while its guards fail")
	}
	// A second tab still showing version 1 cannot move it again.
	r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"closed"}, "by": {"Sgt Cruz"}, "version": {"1"}, "note": {"dup"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "changed by someone else") {
		t.Fatalf("stale move: %d", r.Status)
	}
}
