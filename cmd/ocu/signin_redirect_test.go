package main

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// hostileNext are redirect targets an attacker would put in a sign-in link
// to send the browser to another site once signed in. Each must be refused
// and the browser sent home instead.
var hostileNext = []string{
	"/\t/evil.example", // browsers drop the tab: //evil.example
	"/\n/evil.example",
	"/\r/evil.example",
	"/\r\nSet-Cookie: x=1",
	"\t//evil.example",
	" //evil.example",
	"/ /evil.example",
	"/\x00/evil.example",
	"/\x7f/evil.example",
	"//evil.example",
	"///evil.example",
	"//evil.example/cases",
	"/\\evil.example",
	"/\\/evil.example",
	"\\\\evil.example",
	"/cases\\..\\..\\evil.example",
	"https://evil.example/",
	"http:evil.example",
	"HTTPS://evil.example",
	"javascript:alert(1)",
	"data:text/html,<script>alert(1)</script>",
	"evil.example",
	"cases",
	"//user@evil.example",
	"/%2F%2Fevil.example",
	"/%2f/evil.example",
	"/%5Cevil.example",
	"/%5c%5cevil.example",
	"/%252F%252Fevil.example", // encoded twice
	"/%09/evil.example",
	"/%0d%0aLocation:%20//evil.example",
	"/%zz",
	"/\u2028/evil.example",      // line separator
	"/\u200b/evil.example",      // zero-width space (a format character)
	"/\u202e/elpmaxe.live",      // right-to-left override
	"/\u00a0/evil.example",      // no-break space
	"/%E2%80%AE/elpmaxe.live",   // the same, escaped
	"/\uff0f\uff0fevil.example", // fullwidth solidi, folded to "/" by some
	"/" + strings.Repeat("a", 5000),
	"/signin",
	"/signin?next=//evil.example",
}

// safeNext are targets ocu itself builds and must keep.
var safeNext = []string{
	"/cases?unit=MNL&status=screening",
	"/cases/LIB2-MNL-0001",
	"/cases?q=forced%20labour&sort=-raid_at#results",
	"/admin/users/officer.ph",
	"/@evil.example", // a path on this site, however it looks
	"/cases/../units",
}

var nextField = regexp.MustCompile(`<input type="hidden" name="next" value="([^"]*)"`)

func TestSignInRedirectsOnlyToPathsOnThisSite(t *testing.T) {
	a := newTestApp(t).as("")
	base, err := url.Parse(a.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	signIn := func(next string) response {
		t.Helper()
		r := a.postForm("/signin", url.Values{"username": {"officer.ph"}, "password": {testPassword}, "next": {next}})
		if r.Status == http.StatusUnprocessableEntity && refusedOnInput(next) {
			return r // refused before sign-in (a control character): no redirect at all
		}
		if r.Status != http.StatusSeeOther {
			t.Fatalf("sign in with next=%q: %d", next, r.Status)
		}
		return r
	}
	for _, next := range hostileNext {
		r := signIn(next)
		if r.Status == http.StatusUnprocessableEntity {
			if page := a.get("/signin?next=" + url.QueryEscape(next)); page.Status != http.StatusUnprocessableEntity {
				t.Errorf("GET /signin?next=%q: %d, want 422 as for the sign-in itself", next, page.Status)
			}
			continue
		}
		// What a browser would do with the Location: it must stay here.
		if r.Location != "/" {
			t.Errorf("next=%q: Location %q, want /", next, r.Location)
		}
		if to, err := base.Parse(r.Location); err != nil || to.Host != base.Host || to.Scheme != base.Scheme {
			t.Errorf("next=%q: Location %q leaves the site (%v)", next, r.Location, err)
		}
		// The form does not carry the target into its hidden field.
		page := a.get("/signin?next=" + url.QueryEscape(next))
		if page.Status == http.StatusUnprocessableEntity && utf8.RuneCountInString(next) > 2000 {
			continue // over the query parameter's limit: refused before the form is drawn
		}
		if m := nextField.FindStringSubmatch(page.Body); page.Status != http.StatusOK || m == nil || m[1] != "" {
			t.Errorf("GET /signin?next=%q: %d, hidden field %q", next, page.Status, m)
		}
	}
	for _, next := range safeNext {
		if r := signIn(next); r.Location != next {
			t.Errorf("next=%q: Location %q, want it kept", next, r.Location)
		}
		page := a.get("/signin?next=" + url.QueryEscape(next))
		if m := nextField.FindStringSubmatch(page.Body); m == nil || html.UnescapeString(m[1]) != next {
			t.Errorf("GET /signin?next=%q: hidden field %q", next, m)
		}
	}
}

func TestSignedOutPageRoundTripsThroughSignIn(t *testing.T) {
	a := newTestApp(t).as("")
	r := a.get("/cases?unit=MNL&status=screening")
	if r.Status != http.StatusSeeOther || r.Location != "/signin?next="+url.QueryEscape("/cases?unit=MNL&status=screening") {
		t.Fatalf("signed out: %d %q", r.Status, r.Location)
	}
	page := a.get(r.Location)
	m := nextField.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no next field on the sign-in form")
	}
	in := a.postForm("/signin", url.Values{"username": {"officer.ph"}, "password": {testPassword}, "next": {html.UnescapeString(m[1])}})
	if in.Location != "/cases?unit=MNL&status=screening" {
		t.Fatalf("after sign-in: %q", in.Location)
	}
	// A request path that would make a hostile target gets none.
	if r := a.get("//evil.example/x"); r.Status == http.StatusSeeOther && strings.Contains(r.Location, "next=") {
		t.Fatalf("//evil.example/x: %q", r.Location)
	}
}

// refusedOnInput says whether every request carrying v is refused before
// any handler runs (cmd/ocu/inputs.go): control characters other than tab,
// line feed and carriage return, and invalid UTF-8.
func refusedOnInput(v string) bool {
	if !utf8.ValidString(v) {
		return true
	}
	for _, r := range v {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return true
		}
	}
	return false
}
