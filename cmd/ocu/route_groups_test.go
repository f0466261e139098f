package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// publicRoutes are the routes that need nobody signed in.
var publicRoutes = map[string]bool{"GET /signin": true, "POST /signin": true, "POST /language": true, "GET /healthz": true, "GET /static/*": true}

// Every registered route answers a request with nobody signed in as its
// group says, which its registration alone decides: the public routes
// serve it, pages send it to sign in, the API refuses it in JSON. Every
// answer but a static file's is kept out of caches.
func TestEveryRouteAnswersNobodyAsItsGroupSays(t *testing.T) {
	a := newTestApp(t).as("")
	param := regexp.MustCompile(`:[a-z0-9]+`)
	for _, k := range routeKeys(t, a) {
		method, path, _ := strings.Cut(k, " ")
		path = strings.Replace(param.ReplaceAllString(path, "x"), "*", "css/app.css", 1)
		r := a.do(method, path, "application/x-www-form-urlencoded", "")
		api := strings.HasPrefix(path, "/api/")
		switch {
		case publicRoutes[k]:
			if r.Status == http.StatusSeeOther && strings.HasPrefix(r.Location, "/signin") || r.Status == http.StatusUnauthorized && strings.Contains(r.Body, `"unauthenticated"`) {
				t.Errorf("%s: public, yet answered %d %s", k, r.Status, r.Location)
			}
		case api:
			if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, `"error":"unauthenticated"`) {
				t.Errorf("%s: %d %.200s, want 401 in JSON", k, r.Status, r.Body)
			}
		default:
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/signin") {
				t.Errorf("%s: %d %q, want the way to sign in", k, r.Status, r.Location)
			}
		}
		if cc := r.Header.Get("Cache-Control"); k != "GET /static/*" && cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", k, cc)
		}
	}
}

// An address no route matches is answered as before routes were grouped:
// a page asks to sign in first and comes back, the API refuses in JSON; a
// known address with the wrong method is 405.
func TestUnknownAddressesAnswerByTheirGroup(t *testing.T) {
	a := newTestApp(t)
	for _, c := range []struct {
		user, method, path string
		status             int
		json               bool
		location           string
	}{
		{"", "GET", "/nowhere", http.StatusSeeOther, false, "/signin?next=" + url.QueryEscape("/nowhere")},
		{"", "GET", "/api/v1/nowhere", http.StatusUnauthorized, true, ""},
		{"officer.ph", "GET", "/nowhere", http.StatusNotFound, false, ""},
		{"officer.ph", "GET", "/api/v1/nowhere", http.StatusNotFound, true, ""},
		{"officer.ph", "DELETE", "/cases", http.StatusMethodNotAllowed, false, ""},
		{"officer.ph", "PUT", "/api/v1/cases", http.StatusMethodNotAllowed, true, ""},
	} {
		r := a.as(c.user).do(c.method, c.path, "", "")
		isJSON := strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
		if r.Status != c.status || isJSON != c.json || r.Location != c.location || r.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s as %q: %d JSON %v %q %q", c.method, c.path, c.user, r.Status, isJSON, r.Location, r.Header.Get("Cache-Control"))
		}
	}
}

// The menu and the export links offer each role what it may do: the
// layout fills them from ocu.Principal's capabilities, and no template
// tests a role.
func TestMenuOffersWhatEachRoleMay(t *testing.T) {
	a := newTestApp(t)
	for _, c := range []struct {
		user, role string
		menu       map[string]bool
		export     bool
	}{
		{"officer.ph", "Officer", map[string]bool{"/cases": true, "/returns": true}, false},
		{"supervisor.mnl", "Supervisor", map[string]bool{"/cases": true, "/returns": true, "/dashboard": true}, true},
		{"coordinator", "Coordinator", map[string]bool{"/cases": true, "/returns": true, "/dashboard": true}, true},
		{"admin", "Administrator", map[string]bool{"/admin": true}, false},
	} {
		page := a.as(c.user).get("/units")
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `<span class="role">`+c.role) {
			t.Errorf("%s: %d, no role %q in the header", c.user, page.Status, c.role)
		}
		for _, href := range []string{"/cases", "/returns", "/dashboard", "/admin"} {
			if got := strings.Contains(page.Body, `<li><a href="`+href+`"`); got != c.menu[href] {
				t.Errorf("%s: menu entry %s shown %v, want %v", c.user, href, got, c.menu[href])
			}
		}
		if !c.menu["/cases"] {
			continue
		}
		list := a.get("/cases")
		if got := strings.Contains(list.Body, `href="/exports/download?`); got != c.export {
			t.Errorf("%s: export link on the case list %v, want %v", c.user, got, c.export)
		}
	}
}
