package audit

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/views"
	"github.com/ocu-project/ocu/web/webtest"
)

// testServer is the audit routes on an echo of their own. The principal
// comes from the X-Test-Role header through a test middleware, standing in
// for the sign-in middleware; the error handler maps kinds to statuses and
// sends the field errors, as the real one does.
func testServer(t *testing.T, d *db.DB) *echo.Echo {
	t.Helper()
	e := echo.New()
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		status := http.StatusInternalServerError
		body := map[string]any{"error": err.Error()}
		var de *ocu.Error
		var he *echo.HTTPError
		switch {
		case errors.As(err, &de):
			status = map[ocu.Kind]int{ocu.Invalid: 422, ocu.NotFound: 404, ocu.Conflict: 409, ocu.Forbidden: 403}[de.Kind]
			if status == 0 {
				status = http.StatusInternalServerError
			}
			body["message"], body["fields"] = de.Translate(func(key string, args ...any) string { return views.T(c.Request().Context(), key, args...) })
		case errors.As(err, &he):
			status = he.Code
		}
		_ = c.JSON(status, body)
	}
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			r := c.Request()
			if role := r.Header.Get("X-Test-Role"); role != "" {
				p := ocu.Principal{UserID: 1, Username: "test-" + role, Role: role, Address: "203.0.113.9"}
				c.SetRequest(r.WithContext(ocu.WithPrincipal(r.Context(), p)))
			}
			return next(c)
		}
	})
	(&Handler{DB: d}).Register(webtest.Routes(e))
	return e
}

func get(e *echo.Echo, role, target string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if role != "" {
		req.Header.Set("X-Test-Role", role)
	}
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

// sampleTrail holds a few entries by two users, on 1 and 2 October 2024.
func sampleTrail(t *testing.T) *db.DB {
	t.Helper()
	d := dbtest.New(t)
	defer func() { now = time.Now }()
	admin := ocu.Principal{UserID: 1, Username: "admin", Role: ocu.RoleAdmin, Address: "198.51.100.1"}
	for i, e := range []struct {
		p   ocu.Principal
		day int
		Entry
	}{
		{jdoe, 1, Entry{Action: "case.create", Subject: "case:LIB2-MNL-0001", Details: map[string]any{"after": map[string]any{"title": "Raid <Pasay>"}}}},
		{jdoe, 1, Entry{Action: "suspect.view", Subject: "person:LIB2-MNL-0001-P001"}},
		{admin, 2, Entry{Action: "user.create", Subject: "user:jdoe", Details: map[string]any{"role": "officer"}}},
		{jdoe, 2, Entry{Action: "case.update", Subject: "case:LIB2-MNL-0001", Details: map[string]any{"before": map[string]any{"title": "a"}, "after": map[string]any{"title": "b"}}}},
	} {
		now = func() time.Time { return time.Date(2024, 10, e.day, 9, i, 0, 0, time.UTC) }
		record(t, d, as(e.p), e.Entry)
	}
	return d
}

func TestOnlyAdminsSeeTheTrail(t *testing.T) {
	e := testServer(t, sampleTrail(t))
	for _, path := range []string{"/admin/audit", "/admin/audit/verify", "/api/v1/audit"} {
		for _, role := range []string{"", ocu.RoleOfficer, ocu.RoleSupervisor, ocu.RoleCoordinator} {
			rec := get(e, role, path)
			if rec.Code != http.StatusForbidden {
				t.Errorf("%s as %q: %d", path, role, rec.Code)
			}
			if strings.Contains(rec.Body.String(), "LIB2-MNL") {
				t.Errorf("%s as %q leaks entries", path, role)
			}
		}
	}
}

func TestAuditPage(t *testing.T) {
	e := testServer(t, sampleTrail(t))
	rec := get(e, ocu.RoleAdmin, "/admin/audit")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("%d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		t.Error("the trail may be cached")
	}
	for _, want := range []string{
		"Entries: 4", "user:jdoe", "suspect.view", "198.51.100.1", "Wed 2 Oct 2024 09:03:00 UTC",
		`<time datetime="2024-10-01T09:00:00Z">`,
		"<details>", "Raid &lt;Pasay&gt;", // json.Marshal's \u003c shown as "<", escaped as HTML
		`href="/admin/audit/verify"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(body, "<Pasay>") {
		t.Error("details are not escaped")
	}

	rec = get(e, ocu.RoleAdmin, "/admin/audit?user=jdoe&action=case.&from=2024-10-02&to=2024-10-02")
	body = rec.Body.String()
	if rec.Code != http.StatusOK || !strings.Contains(body, "Entries: 1") || !strings.Contains(body, "case.update") ||
		strings.Contains(body, "case.create") || strings.Contains(body, "user:jdoe") {
		t.Errorf("filtered page: %d\n%s", rec.Code, body)
	}
	if !strings.Contains(body, `value="case."`) || !strings.Contains(body, `value="2024-10-02"`) {
		t.Error("the form does not keep the filters")
	}
}

func TestAuditPagePager(t *testing.T) {
	e := testServer(t, trail(t, 120))
	body := get(e, ocu.RoleAdmin, "/admin/audit?action=case.&page=2").Body.String()
	for _, want := range []string{"Page 2 of 3", `href="/admin/audit?action=case.&amp;page=1"`, `href="/admin/audit?action=case.&amp;page=3"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page 2 lacks %q", want)
		}
	}
}

func TestAuditPageRefusesBadFilters(t *testing.T) {
	e := testServer(t, sampleTrail(t))
	rec := get(e, ocu.RoleAdmin, "/admin/audit?from=2024-13-01&user=jdoe")
	body := rec.Body.String()
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad from: %d", rec.Code)
	}
	if !strings.Contains(body, views.T(t.Context(), "audit.error.day")) || !strings.Contains(body, `value="2024-13-01"`) ||
		!strings.Contains(body, `aria-invalid="true"`) || strings.Contains(body, "case:LIB2-MNL-0001") ||
		!strings.Contains(body, views.T(t.Context(), "audit.error.filters")) {
		t.Errorf("the form does not come back with the error:\n%s", body)
	}
}

type listAnswer struct {
	Entries []struct {
		ID       int64           `json:"id"`
		At       time.Time       `json:"at"`
		Username string          `json:"username"`
		Address  string          `json:"address"`
		Action   string          `json:"action"`
		Subject  string          `json:"subject"`
		Details  json.RawMessage `json:"details"`
		Hash     string          `json:"hash"`
	} `json:"entries"`
	Total   int64 `json:"total"`
	Page    int   `json:"page"`
	PerPage int   `json:"per_page"`
}

func TestAuditAPI(t *testing.T) {
	e := testServer(t, sampleTrail(t))
	read := func(target string) listAnswer {
		t.Helper()
		rec := get(e, ocu.RoleAdmin, target)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, rec.Code, rec.Body)
		}
		var a listAnswer
		if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		return a
	}

	a := read("/api/v1/audit")
	if a.Total != 4 || a.Page != 1 || a.PerPage != 50 || len(a.Entries) != 4 {
		t.Fatalf("%+v", a)
	}
	newest := a.Entries[0]
	if newest.ID != 4 || newest.Username != "jdoe" || newest.Address != "192.0.2.7" || newest.Action != "case.update" ||
		newest.Subject != "case:LIB2-MNL-0001" || len(newest.Hash) != 64 ||
		!newest.At.Equal(time.Date(2024, 10, 2, 9, 3, 0, 0, time.UTC)) {
		t.Errorf("newest: %+v", newest)
	}
	if string(newest.Details) != `{"after":{"title":"b"},"before":{"title":"a"}}` {
		t.Errorf("details are not the raw object: %s", newest.Details)
	}
	if string(a.Entries[2].Details) != "null" {
		t.Errorf("no details: %s", a.Entries[2].Details)
	}

	a = read("/api/v1/audit?subject=case:&from=2024-10-01&to=2024-10-01")
	if a.Total != 1 || a.Entries[0].ID != 1 {
		t.Errorf("filtered: %+v", a)
	}
	a = read("/api/v1/audit?user=admin")
	if a.Total != 1 || a.Entries[0].Action != "user.create" {
		t.Errorf("by user: %+v", a)
	}
	// The four entries, plus one audit.view for each of the three reads
	// before this one (reading the trail is recorded too), fill one page:
	// page 2 does not exist.
	if rec := get(e, ocu.RoleAdmin, "/api/v1/audit?page=2"); rec.Code != http.StatusNotFound ||
		!strings.Contains(rec.Body.String(), "error.page_past_end") {
		t.Errorf("page 2: %d %s", rec.Code, rec.Body)
	}
	if views := read("/api/v1/audit?action=audit.view"); views.Total != 4 {
		t.Errorf("reads recorded: %d", views.Total)
	}
}

func TestAuditAPIRefusesBadFilters(t *testing.T) {
	e := testServer(t, sampleTrail(t))
	for target, fields := range map[string][]string{
		"/api/v1/audit?from=yesterday":                     {"from"},
		"/api/v1/audit?from=2024-10-03&to=2024-10-01":      {"to"},
		"/api/v1/audit?to=2024-02-30&page=0":               {"to", "page"},
		"/api/v1/audit?action=" + strings.Repeat("a", 201): {"action"},
	} {
		rec := get(e, ocu.RoleAdmin, target)
		var body struct{ Fields map[string]string }
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		if rec.Code != http.StatusUnprocessableEntity || len(body.Fields) != len(fields) {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
		}
		for _, f := range fields {
			if body.Fields[f] == "" {
				t.Errorf("%s: no message for %s", target, f)
			}
		}
	}
}

func TestVerifyPage(t *testing.T) {
	d := sampleTrail(t)
	e := testServer(t, d)
	rec := get(e, ocu.RoleAdmin, "/admin/audit/verify")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), views.T(t.Context(), "audit.verify.intact", "4")) {
		t.Fatalf("intact trail: %d\n%s", rec.Code, rec.Body)
	}

	tamper(t, d, `UPDATE audit_log SET username = 'someone' WHERE id = 3`)
	body := get(e, ocu.RoleAdmin, "/admin/audit/verify").Body.String()
	for _, want := range []string{
		views.T(t.Context(), "audit.verify.broken", "3"),
		views.T(t.Context(), "audit.reason.altered"),
		views.T(t.Context(), "audit.verify.broken_after", "2"),
	} {
		if !strings.Contains(body, want) {
			t.Errorf("broken trail: page lacks %q", want)
		}
	}
}

// TestReasonsAreInTheCatalogue checks the keys the verify page looks up at
// run time, which the views package's literal-key test cannot see.
func TestReasonsAreInTheCatalogue(t *testing.T) {
	en := views.Catalogue("en")
	for _, r := range []string{reasonUnreadable, reasonAltered, reasonFirst, reasonLink} {
		if key, ok := reasonKeys[r]; !ok || en[key] == "" {
			t.Errorf("reason %q has no message (%q)", r, key)
		}
	}
	for _, key := range []string{"audit.error.too_long", "audit.error.day", "audit.error.day_order"} {
		if en[key] == "" {
			t.Errorf("%s missing", key)
		}
	}
}

func TestReadable(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":"Smith \u0026 Co \u003cLtd\u003e"}`: `{"a":"Smith & Co <Ltd>"}`,
		`{"a":"\\u003c"}`:                         `{"a":"\\u003c"}`, // a backslash, then "u003c"
		`{"a":"\\\u003c"}`:                        `{"a":"\\<"}`,
		`{"a":"\u00e9\n"}`:                        `{"a":"\u00e9\n"}`,
		`"\`:                                      `"\`,
	} {
		if got := readable(in); got != want {
			t.Errorf("readable(%s) = %s, want %s", in, got, want)
		}
	}
}
