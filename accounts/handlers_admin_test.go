package accounts_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/web"
	"github.com/ocu-project/ocu/web/webtest"
)

// adminServer is the account pages on a database holding the demo
// operation and one administrator, acting as whoever `as` names.
type adminServer struct {
	ctx   context.Context
	store *accounts.Store
	e     *echo.Echo
	admin ocu.Principal
	as    ocu.Principal
}

const adminPassword = "correct horse battery staple"

func newAdminServer(t *testing.T) *adminServer {
	t.Helper()
	accounts.PasswordCost = bcrypt.MinCost
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	us := units.NewStore(d)
	s := &adminServer{ctx: ctx, store: accounts.NewStore(d, us), e: echo.New()}
	root, err := s.store.CreateUser(ctx, accounts.UserInput{Username: "root", DisplayName: "Chief Admin", Role: ocu.RoleAdmin}, adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	s.admin = root.Principal("127.0.0.1")
	s.as = s.admin
	s.e.HTTPErrorHandler = func(err error, c echo.Context) {
		status := map[ocu.Kind]int{ocu.Invalid: 422, ocu.NotFound: 404, ocu.Conflict: 409, ocu.Forbidden: 403}[ocu.KindOf(err)]
		var he *echo.HTTPError
		switch {
		case errors.As(err, &he):
			status = he.Code
		case status == 0:
			status = 500
		}
		_ = c.String(status, err.Error())
	}
	s.e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.SetRequest(c.Request().WithContext(ocu.WithPrincipal(c.Request().Context(), s.as)))
			return next(c)
		}
	})
	(&accounts.AdminHandler{Store: s.store, Units: us, Layout: web.Layout{Source: us}}).Register(webtest.Routes(s.e))
	return s
}

func (s *adminServer) post(path string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.serve(r)
}

func (s *adminServer) postJSON(path, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return s.serve(r)
}

func (s *adminServer) get(path string) *httptest.ResponseRecorder {
	return s.serve(httptest.NewRequest(http.MethodGet, path, nil))
}

func (s *adminServer) serve(r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	s.e.ServeHTTP(w, r)
	return w
}

func expect(t *testing.T, w *httptest.ResponseRecorder, status int, wants ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %.2000s", w.Code, status, w.Body.String())
	}
	for _, want := range wants {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the answer lacks %q", want)
		}
	}
}

var shownPassword = regexp.MustCompile(`id="new-password">([^<]+)<`)

// passwordOn returns the one-time password a page shows.
func passwordOn(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	m := shownPassword.FindStringSubmatch(w.Body.String())
	if m == nil {
		t.Fatalf("no password on the page: %.2000s", w.Body.String())
	}
	return m[1]
}

func (s *adminServer) signIn(t *testing.T, username, password string) (string, error) {
	t.Helper()
	token, _, err := s.store.SignIn(s.ctx, username, password, "127.0.0.1")
	return token, err
}

func officerForm(username string) url.Values {
	return url.Values{"username": {username}, "display_name": {"Sgt Juan Cruz"}, "role": {"officer"},
		"unit": {"MNL"}, "country": {"PH"}, "password": {""}}
}

func TestAdminCreatesAnOfficerAndSeesTheGeneratedPasswordOnce(t *testing.T) {
	s := newAdminServer(t)
	w := s.post("/admin/users", officerForm("jcruz"))
	expect(t, w, http.StatusOK, "jcruz", "will not be shown again")
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q: the password page must not be cached", cc)
	}
	pw := passwordOn(t, w)
	if token, err := s.signIn(t, "jcruz", pw); err != nil || token == "" {
		t.Fatalf("the shown password does not sign in: %v", err)
	}
	u, err := s.store.User(s.ctx, "jcruz")
	if err != nil || u.Role != ocu.RoleOfficer || u.CountryISO2 == nil || *u.CountryISO2 != "PH" {
		t.Fatalf("stored %+v, %v", u, err)
	}

	list := s.get("/admin/users")
	expect(t, list, http.StatusOK, `href="/admin/users/jcruz"`, "Sgt Juan Cruz", "Philippines", "MNL")
	if strings.Contains(list.Body.String(), pw) {
		t.Fatal("the list shows the password again")
	}
	expect(t, s.get("/admin/users/jcruz"), http.StatusOK, `value="Sgt Juan Cruz"`, `<option value="PH" selected`)

	// A typed password is used and never shown.
	form := officerForm("mreyes")
	form.Set("password", "a long enough password")
	w = s.post("/admin/users", form)
	expect(t, w, http.StatusOK, "mreyes")
	if shownPassword.MatchString(w.Body.String()) || strings.Contains(w.Body.String(), "a long enough password") {
		t.Fatal("a typed password was shown")
	}
	if _, err := s.signIn(t, "mreyes", "a long enough password"); err != nil {
		t.Fatalf("the typed password does not sign in: %v", err)
	}
}

func TestAPICreatesAndListsAccounts(t *testing.T) {
	s := newAdminServer(t)
	w := s.postJSON("/api/v1/users", `{"username":"sync-bot","display_name":"Sync script","role":"coordinator"}`)
	expect(t, w, http.StatusCreated)
	var created struct {
		Username, Role, Password string
		Unit, Country            *string
	}
	if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil {
		t.Fatal(err)
	}
	if created.Username != "sync-bot" || created.Role != "coordinator" || created.Unit != nil || created.Password == "" {
		t.Fatalf("created %+v", created)
	}
	if _, err := s.signIn(t, "sync-bot", created.Password); err != nil {
		t.Fatalf("the returned password does not sign in: %v", err)
	}

	w = s.postJSON("/api/v1/users", `{"username":"lsantos","role":"officer","unit":"MNL","country":"PH","password":"twelve chars ok"}`)
	expect(t, w, http.StatusCreated, `"unit":"MNL"`, `"country":"PH"`)
	if strings.Contains(w.Body.String(), `"password"`) {
		t.Fatal("a password the caller chose was sent back")
	}
	expect(t, s.postJSON("/api/v1/users", `{"username":"sync-bot","role":"coordinator"}`), http.StatusConflict, "error.username_taken")
	expect(t, s.postJSON("/api/v1/users", `{"username":"x1","role":"coordinator","pasword":"typo in the field"}`), http.StatusUnprocessableEntity, "error.json")
	expect(t, s.postJSON("/api/v1/users", `{"username":"x1","role":"officer","password":"short"}`), http.StatusUnprocessableEntity, "unit", "country", "password")

	w = s.get("/api/v1/users")
	expect(t, w, http.StatusOK, `"username":"lsantos"`, `"username":"root"`, `"username":"sync-bot"`)
	if body := w.Body.String(); strings.Contains(body, "password") || strings.Contains(body, "$2a$") {
		t.Fatalf("the list leaks passwords: %s", body)
	}
}

func TestRefusedAccountFormKeepsWhatWasTyped(t *testing.T) {
	s := newAdminServer(t)
	form := url.Values{"username": {"Bad Name!"}, "display_name": {"Ana <Diaz>"}, "role": {"officer"},
		"unit": {""}, "country": {"PH"}, "password": {"short"}}
	w := s.post("/admin/users", form)
	expect(t, w, http.StatusUnprocessableEntity,
		`value="Bad Name!"`, `value="Ana &lt;Diaz&gt;"`, `<option value="officer" selected`, `<option value="PH" selected`,
		`id="username-error"`, `id="unit-error"`, `id="password-error"`, `href="#username"`, `role="alert"`)
	if strings.Contains(w.Body.String(), `value="short"`) {
		t.Fatal("the typed password was sent back")
	}
	if n, _ := s.store.CountUsers(s.ctx); n != 1 {
		t.Fatalf("%d accounts after a refusal", n)
	}

	// A username taken is a clash with a stored account: 409, form as typed.
	form = officerForm("ROOT")
	expect(t, s.post("/admin/users", form), http.StatusConflict, `value="ROOT"`, `id="username-error"`)
}

func TestAdminEditsAnAccountButNotTheirOwnRole(t *testing.T) {
	s := newAdminServer(t)
	expect(t, s.post("/admin/users", officerForm("jcruz")), http.StatusOK)
	w := s.post("/admin/users/jcruz", url.Values{"display_name": {"Lt Juan Cruz"}, "role": {"supervisor"}, "unit": {"SKP"}, "country": {""}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users/jcruz?saved=details" {
		t.Fatalf("status %d, location %q: %s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	u, _ := s.store.User(s.ctx, "jcruz")
	if u.Role != ocu.RoleSupervisor || u.DisplayName != "Lt Juan Cruz" || u.CountryISO2 != nil {
		t.Fatalf("stored %+v", u)
	}
	expect(t, s.get("/admin/users/jcruz?saved=details"), http.StatusOK, "jcruz saved")

	w = s.post("/admin/users/jcruz", url.Values{"display_name": {"Typed name"}, "role": {"officer"}, "unit": {"SKP"}, "country": {"PH"}})
	expect(t, w, http.StatusUnprocessableEntity, `value="Typed name"`, `id="country-error"`)

	w = s.post("/admin/users/root", url.Values{"display_name": {"Me"}, "role": {"coordinator"}})
	expect(t, w, http.StatusUnprocessableEntity, `id="role-error"`)
	if u, _ := s.store.User(s.ctx, "root"); u.Role != ocu.RoleAdmin {
		t.Fatal("the administrator demoted themselves")
	}
	expect(t, s.post("/admin/users/root/disabled", url.Values{"disabled": {"true"}}), http.StatusConflict, "error.admin_own_account")
	expect(t, s.get("/admin/users/nobody"), http.StatusNotFound)
}

func TestNonAdministratorsAreRefusedEveryAdminRoute(t *testing.T) {
	s := newAdminServer(t)
	if _, err := s.store.CreateUser(s.ctx, accounts.UserInput{Username: "jcruz", Role: ocu.RoleOfficer, Unit: "MNL", Country: "PH"}, adminPassword); err != nil {
		t.Fatal(err)
	}
	routes := []struct{ method, path string }{
		{"GET", "/admin/users"}, {"POST", "/admin/users"},
		{"GET", "/admin/users/jcruz"}, {"POST", "/admin/users/jcruz"},
		{"POST", "/admin/users/jcruz/disabled"}, {"POST", "/admin/users/jcruz/password"},
		{"POST", "/admin/tokens/1/revoke"},
		{"GET", "/api/v1/users"}, {"POST", "/api/v1/users"},
	}
	others := []ocu.Principal{
		{UserID: 50, Username: "jcruz", Role: ocu.RoleOfficer, UnitID: 1, Country: "PH"},
		{UserID: 51, Username: "sup", Role: ocu.RoleSupervisor, UnitID: 1},
		{UserID: 52, Username: "coord", Role: ocu.RoleCoordinator},
		{Username: "anonymous"},
	}
	for _, p := range others {
		s.as = p
		for _, rt := range routes {
			var w *httptest.ResponseRecorder
			if rt.method == "GET" {
				w = s.get(rt.path)
			} else {
				w = s.post(rt.path, officerForm("intruder"))
			}
			if w.Code != http.StatusForbidden {
				t.Errorf("%s %s as %q: status %d, want 403", rt.method, rt.path, p.Role, w.Code)
			}
		}
	}
	if _, err := s.store.User(s.ctx, "intruder"); err == nil {
		t.Fatal("a refused request created an account")
	}
}

func TestDisablingSignsTheUserOut(t *testing.T) {
	s := newAdminServer(t)
	pw := passwordOn(t, s.post("/admin/users", officerForm("jcruz")))
	session, err := s.signIn(t, "jcruz", pw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.SessionUser(s.ctx, session); err != nil {
		t.Fatalf("fresh session: %v", err)
	}

	w := s.post("/admin/users/jcruz/disabled", url.Values{"disabled": {"true"}, "confirm": {"1"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/users/jcruz?saved=disabled" {
		t.Fatalf("status %d, location %q", w.Code, w.Header().Get("Location"))
	}
	if _, err := s.store.SessionUser(s.ctx, session); err == nil {
		t.Fatal("the session still works after disabling")
	}
	if _, err := s.signIn(t, "jcruz", pw); err == nil {
		t.Fatal("a disabled account signed in")
	}
	expect(t, s.get("/admin/users/jcruz?saved=disabled"), http.StatusOK, "Enable account", "signed out everywhere")

	expect(t, s.post("/admin/users/jcruz/disabled", url.Values{"disabled": {"maybe"}}), http.StatusUnprocessableEntity)
	w = s.post("/admin/users/jcruz/disabled", url.Values{"disabled": {"false"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("enable: status %d", w.Code)
	}
	if _, err := s.signIn(t, "jcruz", pw); err != nil {
		t.Fatalf("an enabled account cannot sign in: %v", err)
	}
}

func TestResetPasswordShowsANewOneThatWorks(t *testing.T) {
	s := newAdminServer(t)
	old := passwordOn(t, s.post("/admin/users", officerForm("jcruz")))
	session, err := s.signIn(t, "jcruz", old)
	if err != nil {
		t.Fatal(err)
	}
	w := s.post("/admin/users/jcruz/password", url.Values{"confirm": {"1"}})
	expect(t, w, http.StatusOK, "will not be shown again")
	if cc := w.Header().Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	pw := passwordOn(t, w)
	if pw == old {
		t.Fatal("the password did not change")
	}
	if _, err := s.store.SessionUser(s.ctx, session); err == nil {
		t.Fatal("the old session survived the reset")
	}
	if _, err := s.signIn(t, "jcruz", old); err == nil {
		t.Fatal("the old password still works")
	}
	if _, err := s.signIn(t, "jcruz", pw); err != nil {
		t.Fatalf("the new password does not work: %v", err)
	}
	expect(t, s.post("/admin/users/nobody/password", nil), http.StatusNotFound)
}

func TestRevokedTokenStopsWorking(t *testing.T) {
	s := newAdminServer(t)
	expect(t, s.post("/admin/users", officerForm("jcruz")), http.StatusOK)
	token, tok, err := s.store.CreateToken(s.ctx, "jcruz", "Nightly sync")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.TokenUser(s.ctx, token); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	revoke := "/admin/tokens/" + strconv.FormatInt(tok.ID, 10) + "/revoke"
	expect(t, s.get("/admin/users/jcruz"), http.StatusOK, "Nightly sync", tok.Prefix, `action="`+revoke+`"`)

	w := s.post(revoke, url.Values{"confirm": {"1"}})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/users/jcruz?saved=revoked") {
		t.Fatalf("status %d, location %q", w.Code, w.Header().Get("Location"))
	}
	if _, err := s.store.TokenUser(s.ctx, token); err == nil {
		t.Fatal("a revoked token still works")
	}
	page := s.get("/admin/users/jcruz?saved=revoked")
	expect(t, page, http.StatusOK, "no longer works")
	if strings.Contains(page.Body.String(), `action="`+revoke+`"`) {
		t.Fatal("a revoked token still offers its revoke button")
	}
	expect(t, s.post(revoke, nil), http.StatusNotFound)
	expect(t, s.post("/admin/tokens/999/revoke", nil), http.StatusNotFound)
	expect(t, s.post("/admin/tokens/abc/revoke", nil), http.StatusNotFound)
}
