package main

import (
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// browser is a cookie-keeping client on the test server, posting forms as
// a browser does (same-origin, with the page it was on as Referer).
type browser struct {
	t      *testing.T
	a      *testApp
	client *http.Client
}

func newBrowser(a *testApp) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: a.t, a: a, client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browser) do(method, path, referer string, v url.Values) response {
	b.t.Helper()
	var body io.Reader
	if v != nil {
		body = strings.NewReader(v.Encode())
	}
	req, err := http.NewRequest(method, b.a.srv.URL+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if v != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if referer != "" {
		req.Header.Set("Referer", b.a.srv.URL+referer)
	}
	res, err := b.client.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(out), Location: res.Header.Get("Location"), Header: res.Header}
}

func (b *browser) signIn(username string) response {
	b.t.Helper()
	r := b.do("POST", "/signin", "/signin", url.Values{"username": {username}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther {
		b.t.Fatalf("sign in as %s: %d", username, r.Status)
	}
	return r
}

// expire makes every session idle for longer than the idle timeout, as if
// the officer had left the form open for an hour.
func (b *browser) expire() {
	b.t.Helper()
	if err := b.a.db.Write.Exec("UPDATE sessions SET last_seen_at = ?", time.Now().Add(-time.Hour)).Error; err != nil {
		b.t.Fatal(err)
	}
}

// postExpired opens page, lets the session end, posts form to action, and
// checks the answer: the sign-in page, with the message, then signing in
// as username goes back to page.
func (b *browser) postExpired(page, action string, form url.Values) {
	b.t.Helper()
	if r := b.do("GET", page, "", nil); r.Status != http.StatusOK {
		b.t.Fatalf("GET %s: %d", page, r.Status)
	}
	b.expire()
	r := b.do("POST", action, page, form)
	if r.Status != http.StatusSeeOther || r.Location != "/signin?next="+url.QueryEscape(page) {
		b.t.Fatalf("POST %s after the session ended: %d to %q", action, r.Status, r.Location)
	}
	r = b.do("GET", r.Location, "", nil)
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "Your session had ended. Sign in again: what you typed is kept, check it and save.") {
		b.t.Fatalf("sign-in page lacks the message: %d\n%s", r.Status, r.Body)
	}
}

func TestCaseFormComesBackAfterTheSessionEnded(t *testing.T) {
	a := newTestApp(t)
	b := newBrowser(a)
	b.signIn("officer.ph")
	form := url.Values{"operation": {"LIB2"}, "raising_country": {"PH"}, "title": {"Night raid on the <karaoke> bar"},
		"place": {"Ermita, Manila"}, "country": {"PH"}, "raid_at": {"2024-10-02T03:10"}, "summary": {"Twelve women found \"working\" off-book."},
		"forms": {"sexual_exploitation", "forced_labour"}, "password": {"never kept"}}
	b.postExpired("/cases/new", "/cases", form)
	var before int64
	a.db.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&before)

	r := b.signIn("officer.ph")
	if r.Location != "/cases/new" {
		t.Fatalf("after sign-in: to %q, want the form", r.Location)
	}
	r = b.do("GET", "/cases/new", "", nil)
	if r.Status != http.StatusOK {
		t.Fatalf("form: %d", r.Status)
	}
	for _, want := range []string{
		`value="` + html.EscapeString("Night raid on the <karaoke> bar") + `"`, `value="Ermita, Manila"`, `value="2024-10-02T03:10"`,
		html.EscapeString("Twelve women found \"working\" off-book.") + "</textarea>",
		`value="sexual_exploitation" checked`, `value="forced_labour" checked`,
		"What you typed before your session ended is back in this form.",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("restored form lacks %s", want)
		}
	}
	if strings.Contains(r.Body, "never kept") {
		t.Error("a password field was kept")
	}
	var after int64
	a.db.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&after)
	if after != before {
		t.Fatalf("a case was saved: %d cases, %d before", after, before)
	}
	// Restored once: the next visit is the empty form.
	if r = b.do("GET", "/cases/new", "", nil); strings.Contains(r.Body, "Ermita, Manila") {
		t.Error("the kept form was shown twice")
	}
	var kept int64
	a.db.Read.Raw("SELECT COUNT(*) FROM kept_forms").Scan(&kept)
	if kept != 0 {
		t.Errorf("%d kept forms left after the restore", kept)
	}
}

func TestPersonFormAndTransitionNoteComeBack(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Kept forms")
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "potential_victim"}); status != http.StatusCreated {
		t.Fatalf("add person: %d %v", status, m)
	}
	person := "/people/" + ref + "-P001"
	b := newBrowser(a)
	b.signIn("officer.ph")
	b.postExpired(person, person, url.Values{"version": {"1"}, "outcome": {"potential_victim"}, "sex": {"female"},
		"assistance_org": {"Shelter of Hope"}, "assistance_date": {"2024-10-03"}})
	if r := b.signIn("officer.ph"); r.Location != person {
		t.Fatalf("after sign-in: to %q", r.Location)
	}
	r := b.do("GET", person, "", nil)
	for _, want := range []string{`value="Shelter of Hope"`, `value="2024-10-03"`, `value="female" selected`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("person form lacks %s", want)
		}
	}
	var org string
	a.db.Read.Raw("SELECT assistance_org FROM people WHERE pseudonym = ?", ref+"-P001").Scan(&org)
	if org != "" {
		t.Errorf("the person was saved: %q", org)
	}

	casePage := "/cases/" + ref
	b.postExpired(casePage, casePage+"/transitions", url.Values{"to": {"screening"}, "note": {"Moving on after the raid"}})
	b.signIn("officer.ph")
	r = b.do("GET", casePage, "", nil)
	if !strings.Contains(r.Body, "Moving on after the raid</textarea>") {
		t.Errorf("transition note not restored:\n%s", r.Body)
	}
	var status string
	a.db.Read.Raw("SELECT status FROM cases WHERE reference = ?", ref).Scan(&status)
	if status != "raid" {
		t.Errorf("the move was made: %s", status)
	}
}

// Someone else signing in on that browser never sees the kept values, and
// the kept form is gone.
func TestKeptFormIsNotGivenToAnotherUser(t *testing.T) {
	a := newTestApp(t)
	b := newBrowser(a)
	b.signIn("officer.ph")
	b.postExpired("/cases/new", "/cases", url.Values{"title": {"Secret raid plan"}, "place": {"Pier 7"}})
	if r := b.signIn("officer.th"); r.Location != "/" {
		t.Fatalf("another user sent to %q", r.Location)
	}
	if r := b.do("GET", "/cases/new", "", nil); strings.Contains(r.Body, "Secret raid plan") || strings.Contains(r.Body, "Pier 7") {
		t.Fatal("another user got the kept values")
	}
	var kept int64
	a.db.Read.Raw("SELECT COUNT(*) FROM kept_forms WHERE fields != ''").Scan(&kept)
	if kept != 0 {
		t.Fatalf("%d kept forms left after another user signed in", kept)
	}
	// And the owner signing in later gets nothing back either.
	b.signIn("officer.ph")
	if r := b.do("GET", "/cases/new", "", nil); strings.Contains(r.Body, "Secret raid plan") {
		t.Fatal("dropped values came back")
	}
}

// A kept form is restored only where its user's own GET of the page
// succeeds: a page they cannot see answers 404 and drops it unseen.
func TestKeptFormOfACaseTheUserCannotSee(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Not for Buenos Aires") // a Manila case
	b := newBrowser(a)
	b.signIn("officer.ph")
	page := "/cases/" + ref + "/edit"
	b.postExpired(page, "/cases/"+ref, url.Values{"version": {"1"}, "title": {"Informant is Juan"}})
	// The kept row is officer.ph's; hand it to officer.ar, who cannot see
	// the case, to prove the page's own check holds on its own.
	a.db.Write.Exec("UPDATE kept_forms SET user_id = (SELECT id FROM users WHERE username = 'officer.ar')")
	b.signIn("officer.ar")
	r := b.do("GET", page, "", nil)
	if r.Status != http.StatusNotFound || strings.Contains(r.Body, "Informant is Juan") {
		t.Fatalf("another OCU's officer: %d, values shown: %v", r.Status, strings.Contains(r.Body, "Informant is Juan"))
	}
	var kept int64
	a.db.Read.Raw("SELECT COUNT(*) FROM kept_forms").Scan(&kept)
	if kept != 0 {
		t.Fatalf("the kept form outlived the refused page")
	}
}

// A form posted from another site (a forged cross-site post riding an
// ended session) is not kept: nothing can be planted in an officer's form.
func TestCrossSiteFormIsNotKept(t *testing.T) {
	a := newTestApp(t)
	b := newBrowser(a)
	b.signIn("officer.ph")
	b.do("GET", "/cases/new", "", nil)
	b.expire()
	req, _ := http.NewRequest("POST", a.srv.URL+"/cases", strings.NewReader(url.Values{"title": {"Planted"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/signin" {
		t.Fatalf("cross-site post: %d to %q", res.StatusCode, loc)
	}
	b.signIn("officer.ph")
	if r := b.do("GET", "/cases/new", "", nil); strings.Contains(r.Body, "Planted") {
		t.Fatal("a cross-site post was restored")
	}
}
