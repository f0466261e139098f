package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Each role lands where its work is (issue 13, point 8): / and the
// sign-in without a page to return to.
func TestEachRoleLandsAtItsHome(t *testing.T) {
	a := newTestApp(t)
	for user, want := range map[string]string{
		"officer.ph": "/home", "officer.ar": "/home", "supervisor.mnl": "/dashboard", "supervisor.dkr": "/dashboard",
		"coordinator": "/dashboard", "admin": "/admin",
	} {
		if r := a.as(user).get("/"); r.Status != http.StatusSeeOther || r.Location != want {
			t.Errorf("%s: / answers %d to %q, want %s", user, r.Status, r.Location, want)
		}
	}
	// The supervisor's dashboard is their OCU's; the coordinator's the
	// whole operation's.
	if r := a.as("supervisor.mnl").get("/dashboard"); !strings.Contains(r.Body, "Manila") || strings.Contains(r.Body, "<option value=\"DKR\" selected") {
		t.Errorf("supervisor.mnl's dashboard is not Manila's: %d", r.Status)
	}
	// Signing in without a next goes to /, which sends on to the home.
	a.as("")
	r := a.postForm("/signin", url.Values{"username": {"officer.th"}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Fatalf("sign-in without next goes to %q (%d), want /", r.Location, r.Status)
	}
	// /home is an officer's: others go back to their own home.
	if r := a.as("coordinator").get("/home"); r.Status != http.StatusSeeOther || r.Location != "/" {
		t.Errorf("coordinator: /home answers %d to %q, want a redirect to /", r.Status, r.Location)
	}
}

// An officer's home shows what needs them in their country's cases:
// people unscreened, cases in screening for more than 48 hours.
func TestOfficerHomeShowsWhatNeedsThem(t *testing.T) {
	a := newTestApp(t)
	a.as("officer.ph")
	home := a.get("/home")
	if home.Status != http.StatusOK {
		t.Fatalf("/home: %d", home.Status)
	}
	mustContain(t, home.Body, "Philippines: your cases", "Needs you now", `href="/cases/new?op=LIB2"`, `aria-current="page"`)
	ref := a.newCase("Boarding house in Malate")
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 7, "nationality": "CN"}); status != http.StatusCreated {
		t.Fatalf("bulk add: %d %v", status, m)
	}
	stale := a.newCase("Karaoke bar in Ermita")
	if status, m := a.api("POST", "/api/v1/cases/"+stale+"/people/bulk", map[string]any{"count": 1, "outcome": "potential_victim"}); status != http.StatusCreated {
		t.Fatalf("bulk add: %d %v", status, m)
	}
	if status, m := a.api("POST", "/api/v1/cases/"+stale+"/transitions", map[string]any{"to": "screening", "version": 1}); status != http.StatusOK {
		t.Fatalf("to screening: %d %v", status, m)
	}
	// It entered screening three days ago.
	if err := a.db.Write.Exec("UPDATE cases SET screening_since = ? WHERE reference = ?", time.Now().UTC().Add(-72*time.Hour), stale).Error; err != nil {
		t.Fatal(err)
	}
	home = a.get("/home")
	mustContain(t, home.Body, `href="/cases/`+ref+`#people"`, "unscreened: 7", "Cases in screening for more than 48 hours: 1", `href="/cases/`+stale+`"`)
	// Another country's officer of the same OCU is not asked about them.
	other := a.as("officer.th").get("/home")
	mustContain(t, other.Body, "Thailand: your cases")
	if strings.Contains(other.Body, ref) || strings.Contains(other.Body, stale) {
		t.Error("officer.th's home shows the Philippines' cases")
	}
}

// The menu offers each role what it may use: exports and the report to
// those who may export, the import to those who may import.
func TestMenusPerRole(t *testing.T) {
	a := newTestApp(t)
	menu := regexp.MustCompile(`(?s)<nav aria-label="Main">.*?</nav>`)
	for user, c := range map[string]struct{ has, hasNot []string }{
		"officer.ph":     {[]string{`href="/home"`, `href="/cases"`, `href="/returns"`}, []string{`href="/exports"`, `href="/report"`, `href="/imports"`, `href="/dashboard"`, `href="/admin"`}},
		"supervisor.mnl": {[]string{`href="/dashboard"`, `href="/exports"`, `href="/report"`, `href="/imports"`}, []string{`href="/home"`, `href="/admin"`}},
		"coordinator":    {[]string{`href="/dashboard"`, `href="/exports"`, `href="/report"`}, []string{`href="/imports"`, `href="/home"`, `href="/admin"`}},
		"admin":          {[]string{`href="/admin"`}, []string{`href="/exports"`, `href="/report"`, `href="/imports"`, `href="/cases"`, `href="/home"`}},
	} {
		nav := menu.FindString(a.as(user).get("/units").Body)
		if nav == "" {
			t.Fatalf("%s: no menu", user)
		}
		for _, h := range c.has {
			if !strings.Contains(nav, h) {
				t.Errorf("%s: the menu lacks %s", user, h)
			}
		}
		for _, h := range c.hasNot {
			if strings.Contains(nav, h) {
				t.Errorf("%s: the menu offers %s", user, h)
			}
		}
	}
}

// The case list shows each case's people, unscreened and potential victims.
func TestCaseListShowsPeopleCounts(t *testing.T) {
	a := newTestApp(t)
	a.as("officer.ph")
	ref := a.newCase("Warehouse in Navotas")
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 5}); status != http.StatusCreated {
		t.Fatalf("bulk add: %d %v", status, m)
	}
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": []string{ref + "-P001", ref + "-P002"}, "outcome": "potential_victim"}); status != http.StatusOK {
		t.Fatalf("screen: %d %v", status, m)
	}
	body := a.get("/cases?q=" + ref).Body
	row := regexp.MustCompile(`(?s)<tr><td class="ref"[^>]*><a href="/cases/` + ref + `">.*?</tr>`).FindString(body)
	if row == "" {
		t.Fatalf("the list has no row for %s", ref)
	}
	for _, want := range []string{`data-label="People">5<`, `data-label="Unscreened">3<`, `data-label="Potential victims">2<`} {
		if !strings.Contains(row, want) {
			t.Errorf("the row of %s lacks %s: %s", ref, want, row)
		}
	}
}

// An officer's returns page shows their own country, with a way to their
// OCU's other countries; a supervisor's starts on their OCU.
func TestOfficerReturnsShowTheirCountry(t *testing.T) {
	a := newTestApp(t)
	own := a.as("officer.ph").get("/returns")
	mustContain(t, own.Body, "Showing Philippines only.", `href="/returns?op=LIB2&amp;unit=MNL"`, `aria-label="Philippines, Sun 29 Sep`)
	for _, other := range []string{"Thailand", "Senegal", "Argentina"} {
		if strings.Contains(own.Body, other+", ") {
			t.Errorf("officer.ph's returns page shows %s", other)
		}
	}
	wide := a.get("/returns?op=LIB2&unit=MNL")
	mustContain(t, wide.Body, `aria-label="Thailand, Sun 29 Sep`, `href="/returns?op=LIB2&amp;country=PH"`)
	sup := a.as("supervisor.dkr").get("/returns")
	mustContain(t, sup.Body, `aria-label="Senegal, Sun 29 Sep`, `<option value="DKR" selected>`)
	if strings.Contains(sup.Body, `aria-label="Philippines, `) {
		t.Error("supervisor.dkr's returns page starts with another OCU's countries")
	}
}
