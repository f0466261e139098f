package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/views"
)

// addStandInLanguages gives the tests French, Spanish and Arabic while
// their translators have not delivered them (views.StandIn), and the
// pseudo-locale. A delivered catalogue is used as it is.
func addStandInLanguages() {
	for _, lang := range []string{"fr", "es", "ar"} {
		if !views.Ships(lang) {
			views.AddDerived(lang, views.StandIn(lang), false)
		}
	}
	views.AddPseudoLocale()
}

func (a *testApp) getWith(path string, header http.Header, cookies ...*http.Cookie) response {
	a.t.Helper()
	req, _ := http.NewRequest("GET", a.srv.URL+path, nil)
	req.Header = header
	for _, c := range cookies {
		req.AddCookie(c)
	}
	if a.user != "" {
		req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie[a.user]})
	}
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return response{Status: res.StatusCode, Body: b.String(), Header: res.Header, Location: res.Header.Get("Location")}
}

func TestLanguageChoice(t *testing.T) {
	a := newTestApp(t)
	a.as("")
	// Before sign-in, the browser's languages decide; a language ocu does
	// not ship reads as English.
	for accept, want := range map[string]string{"fr-SN,fr;q=0.9": `lang="fr" dir="ltr"`, "ar-EG": `lang="ar" dir="rtl"`,
		"de-DE,de;q=0.9": `lang="en" dir="ltr"`, "": `lang="en" dir="ltr"`, "en-XA": `lang="en" dir="ltr"`} {
		r := a.getWith("/signin", http.Header{"Accept-Language": {accept}})
		if !strings.Contains(r.Body, "<html "+want+">") {
			t.Errorf("Accept-Language %q: want <html %s>, got %.120s", accept, want, r.Body)
		}
	}
	// The sign-in page offers every language, each named in itself, in a
	// form that needs no script.
	r := a.get("/signin")
	for _, want := range []string{`<form method="post" action="/language" class="lang-switch" data-hx-boost="false">`, `<option value="fr" lang="fr" dir="ltr">Français</option>`,
		`<option value="ar" lang="ar" dir="rtl">العربية</option>`, `<option value="en" lang="en" dir="ltr" selected>English</option>`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("sign-in page lacks %s", want)
		}
	}
	if strings.Contains(r.Body, views.PseudoLang) {
		t.Error("the pseudo-locale is offered")
	}
	// Choosing before sign-in: a cookie, and back to the page.
	r = a.postForm("/language", url.Values{"lang": {"ar"}, "back": {"/signin?next=%2Fcases"}})
	if r.Status != http.StatusSeeOther || r.Location != "/signin?next=%2Fcases" {
		t.Fatalf("choose: %d %s", r.Status, r.Location)
	}
	var chosen *http.Cookie
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == accounts.LangCookie {
			chosen = c
		}
	}
	if chosen == nil || chosen.Value != "ar" {
		t.Fatalf("no language cookie: %v", r.Header)
	}
	if r := a.getWith("/signin", http.Header{"Accept-Language": {"fr"}}, chosen); !strings.Contains(r.Body, `<html lang="ar" dir="rtl">`) {
		t.Error("the chosen language does not win over the browser's")
	}
	for _, bad := range []string{"xx", "en-XA", "", "de"} {
		if r := a.postForm("/language", url.Values{"lang": {bad}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("language %q: %d", bad, r.Status)
		}
	}
	if r := a.postForm("/language", url.Values{"lang": {"fr"}, "back": {"//evil.example"}}); r.Location != "/" {
		t.Errorf("hostile next followed: %s", r.Location)
	}

	// Signed in, the account's choice is kept and wins over the browser.
	a.as("officer.ph")
	if r := a.getWith("/cases", http.Header{"Accept-Language": {"ar"}}); !strings.Contains(r.Body, `<html lang="ar" dir="rtl">`) {
		t.Error("with no preference, the browser decides")
	}
	if r := a.postForm("/language", url.Values{"lang": {"fr"}, "back": {"/cases"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("choose signed in: %d", r.Status)
	}
	var lang string
	a.db.Read.Raw("SELECT language FROM users WHERE username = 'officer.ph'").Scan(&lang)
	if lang != "fr" {
		t.Fatalf("account language %q", lang)
	}
	r = a.getWith("/cases", http.Header{"Accept-Language": {"ar"}})
	if !strings.Contains(r.Body, `<html lang="fr" dir="ltr">`) || !strings.Contains(r.Body, `<option value="fr" lang="fr" dir="ltr" selected>`) {
		t.Errorf("the account's language does not win: %.200s", r.Body)
	}
}
