package units_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/web"
	"github.com/ocu-project/ocu/web/webtest"
)

// adminPages serves the reference-data admin pages on the demo database as
// whoever `as` names; errors answer their kind's status and message key.
type adminPages struct {
	store *units.Store
	op    units.Operation
	e     *echo.Echo
	as    ocu.Principal
}

func newAdminPages(t *testing.T) *adminPages {
	t.Helper()
	_, _, s, op := demoStore(t)
	a := &adminPages{store: s, op: op, e: echo.New(),
		as: ocu.Principal{UserID: 1, Username: "root", Role: ocu.RoleAdmin, Address: "127.0.0.1"}}
	a.e.HTTPErrorHandler = func(err error, c echo.Context) {
		status := map[ocu.Kind]int{ocu.Invalid: 422, ocu.NotFound: 404, ocu.Conflict: 409, ocu.Forbidden: 403}[ocu.KindOf(err)]
		if he, ok := err.(*echo.HTTPError); ok {
			status = he.Code
		} else if status == 0 {
			status = 500
		}
		_ = c.String(status, err.Error())
	}
	a.e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.SetRequest(c.Request().WithContext(ocu.WithPrincipal(c.Request().Context(), a.as)))
			return next(c)
		}
	})
	(&units.AdminHandler{Store: s, Layout: web.Layout{Source: s}}).Register(webtest.Routes(a.e))
	return a
}

func (a *adminPages) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := httptest.NewRecorder()
	a.e.ServeHTTP(w, r)
	return w
}

func wantPage(t *testing.T, w *httptest.ResponseRecorder, status int, wants ...string) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %.1500s", w.Code, status, w.Body.String())
	}
	for _, want := range wants {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}

func TestAdminMovesACountryFromTheAttachmentsTable(t *testing.T) {
	a := newAdminPages(t)
	page := a.do("GET", "/admin/attachments?op=LIB2", nil)
	wantPage(t, page, http.StatusOK, "116 of 250 countries take part", `<tr id="PH">`, `for="unit-PH"`, "OCU of Philippines")
	body := page.Body.String()
	if strings.Index(body, `<tr id="ZW">`) > strings.Index(body, `<tr id="AF">`) {
		t.Error("a participant (Zimbabwe) is listed after a country not taking part (Afghanistan)")
	}

	w := a.do("POST", "/admin/attachments/PH?op=LIB2", url.Values{"unit": {"SKP"}, "mode": {"online"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/attachments?op=LIB2&saved=PH#PH" {
		t.Fatalf("status %d, location %q: %s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	snap, _ := a.store.Snapshot(context.Background())
	if at, _ := snap.Attachment(a.op.ID, "PH"); snap.UnitByID(at.UnitID).Code != "SKP" || at.Mode != units.Online {
		t.Fatalf("PH is %+v", at)
	}
	wantPage(t, a.do("GET", "/admin/attachments?op=LIB2&saved=PH", nil), http.StatusOK,
		"Philippines now reports to OCU Skopje (SKP). Taking part: Online.")

	// Leaving is refused while the country has cases: 409, said at the top
	// and on its row, and nothing changes.
	w = a.do("POST", "/admin/attachments/PH?op=LIB2", url.Values{"unit": {""}, "mode": {"in_person"}})
	wantPage(t, w, http.StatusConflict, `role="alert"`, "Philippines cannot leave LIB2", `href="#PH"`, `id="err-PH"`)
	w = a.do("POST", "/admin/attachments/PH?op=LIB2", url.Values{"unit": {"MNL"}, "mode": {"by_post"}})
	wantPage(t, w, http.StatusUnprocessableEntity, "by_post")
	wantPage(t, a.do("POST", "/admin/attachments/QQ?op=LIB2", url.Values{"unit": {"MNL"}}), http.StatusNotFound)

	// A country without records joins, then leaves.
	w = a.do("POST", "/admin/attachments/IS?op=LIB2", url.Values{"unit": {"SKP"}, "mode": {"in_person"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("attach Iceland: %d %s", w.Code, w.Body.String())
	}
	w = a.do("POST", "/admin/attachments/IS?op=LIB2", url.Values{"unit": {""}, "mode": {"in_person"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("detach Iceland: %d %s", w.Code, w.Body.String())
	}
	wantPage(t, a.do("GET", "/admin/attachments?op=LIB2&saved=IS", nil), http.StatusOK, "Iceland no longer takes part in LIB2.")
}

func TestAdminCreatesAndEditsOperations(t *testing.T) {
	a := newAdminPages(t)
	wantPage(t, a.do("GET", "/admin", nil), http.StatusOK, `href="/admin/users"`, `href="/admin/audit"`)
	wantPage(t, a.do("GET", "/admin/operations", nil), http.StatusOK, "Liberterra II", `href="/admin/operations/LIB2"`)

	w := a.do("POST", "/admin/operations", url.Values{"code": {"LIB2"}, "name": {"Typed <name>"}, "first_day": {"2025-09-29"}, "last_day": {"2025-10-04"}})
	wantPage(t, w, http.StatusConflict, `value="LIB2"`, `value="Typed &lt;name&gt;"`, `id="code-error"`, `href="#code"`)
	w = a.do("POST", "/admin/operations", url.Values{"code": {"LIB3"}, "name": {""}, "first_day": {"2025-10-04"}, "last_day": {"2025-09-29"}})
	wantPage(t, w, http.StatusUnprocessableEntity, `id="name-error"`, `id="last_day-error"`, `value="2025-10-04"`)

	w = a.do("POST", "/admin/operations", url.Values{"code": {"lib3"}, "name": {"Liberterra III"}, "first_day": {"2025-09-28"}, "last_day": {"2025-10-03"}})
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/admin/attachments?created=1&op=LIB3" {
		t.Fatalf("status %d, location %q: %s", w.Code, w.Header().Get("Location"), w.Body.String())
	}
	wantPage(t, a.do("GET", "/admin/attachments?created=1&op=LIB3", nil), http.StatusOK, "Operation LIB3 created", "0 of 250 countries take part")

	w = a.do("POST", "/admin/operations/LIB2", url.Values{"name": {"Liberterra II"}, "first_day": {"2024-10-03"}, "last_day": {"2024-10-04"}})
	wantPage(t, w, http.StatusConflict, `id="first_day-error"`, `value="2024-10-03"`, "Records are dated before 2024-10-03")
	w = a.do("POST", "/admin/operations/LIB2", url.Values{"name": {"Liberterra II (2024)"}, "first_day": {"2024-09-29"}, "last_day": {"2024-10-04"}})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", w.Code, w.Body.String())
	}
	wantPage(t, a.do("GET", "/admin/operations/LIB2?saved=1", nil), http.StatusOK, "Operation LIB2 saved.", `value="Liberterra II (2024)"`)
	wantPage(t, a.do("GET", "/admin/operations/NOPE", nil), http.StatusNotFound)
}

func TestReferenceAdminRoutesRefuseNonAdministrators(t *testing.T) {
	a := newAdminPages(t)
	routes := []struct{ method, path string }{
		{"GET", "/admin"}, {"GET", "/admin/operations"}, {"POST", "/admin/operations"},
		{"GET", "/admin/operations/LIB2"}, {"POST", "/admin/operations/LIB2"},
		{"GET", "/admin/attachments?op=LIB2"}, {"POST", "/admin/attachments/PH?op=LIB2"},
	}
	for _, role := range []string{ocu.RoleOfficer, ocu.RoleSupervisor, ocu.RoleCoordinator, ""} {
		a.as = ocu.Principal{UserID: 9, Username: "someone", Role: role, UnitID: 1, Country: "PH"}
		for _, rt := range routes {
			w := a.do(rt.method, rt.path, url.Values{"unit": {"SKP"}, "mode": {"online"}, "name": {"Hijacked"},
				"code": {"EVIL"}, "first_day": {"2024-09-29"}, "last_day": {"2024-10-04"}})
			if w.Code != http.StatusForbidden {
				t.Errorf("%s %s as %q: status %d, want 403", rt.method, rt.path, role, w.Code)
			}
		}
	}
	snap, _ := a.store.Snapshot(context.Background())
	if at, _ := snap.Attachment(a.op.ID, "PH"); snap.UnitByID(at.UnitID).Code != "MNL" {
		t.Fatal("a refused request moved PH")
	}
}
