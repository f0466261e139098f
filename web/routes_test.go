package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/web"
)

// site is a server with the two groups routes and unknown addresses fall
// into, whose sign-in and admission stand-ins count what they see: the
// X-User header names who is signed in.
type site struct {
	e        *echo.Echo
	r        web.Routes
	admitted atomic.Int64
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{e: echo.New()}
	s.e.HTTPErrorHandler = web.ErrorHandler
	signIn := func(refuse func(echo.Context) error) echo.MiddlewareFunc {
		return func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				role := c.Request().Header.Get("X-User")
				if role == "" {
					return refuse(c)
				}
				r := c.Request()
				c.SetRequest(r.WithContext(ocu.WithPrincipal(r.Context(), ocu.Principal{UserID: 1, Username: role, Role: role})))
				return next(c)
			}
		}
	}
	admit := func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			s.admitted.Add(1)
			return next(c)
		}
	}
	ws := web.NewSite(s.e)
	s.r = web.Routes{
		Public: ws.Group("", web.Rules{}),
		Pages: ws.Group("", web.Rules{Admit: admit, Auth: signIn(func(c echo.Context) error {
			return c.Redirect(http.StatusSeeOther, "/signin")
		})}),
		API: ws.Group(web.APIPrefix, web.Rules{JSON: true, Admit: admit, Auth: signIn(func(echo.Context) error {
			return ocu.Errorf(ocu.Unauthenticated, "error.signin_required")
		})}),
	}
	s.e.Use(ws.Unmatched(s.r.Pages, s.r.API))
	return s
}

func (s *site) do(method, target, user, contentType string, body io.Reader) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	if user != "" {
		req.Header.Set("X-User", user)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	s.e.ServeHTTP(rec, req)
	return rec
}

func ok(c echo.Context) error { return c.String(http.StatusOK, "ok") }

func refused(c echo.Context) error { return ocu.Errorf(ocu.Invalid, "error.invalid_input") }

// A route registered in a group runs the group's rules and the guard it
// declares, and nothing else decides them: the same refusal is a page on
// a page's route and JSON on the API's, whatever the address looks like.
func TestARouteRunsItsGroupsRulesAndItsOwnGuard(t *testing.T) {
	s := newSite(t)
	admins := web.Require(ocu.Principal.MayAdminister, "error.admin_only")
	s.r.Pages.GET("/api-looking/page", refused)
	s.r.API.GET("/plain", refused)
	s.r.Pages.GET("/secret", ok, admins)
	s.r.Public.GET("/open", ok)

	page := s.do("GET", "/api-looking/page", "officer", "", nil)
	if page.Code != http.StatusUnprocessableEntity || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
		t.Errorf("a page's refusal: %d %s", page.Code, page.Header().Get("Content-Type"))
	}
	api := s.do("GET", "/api/v1/plain", "officer", "", nil)
	var body struct{ Status int }
	if api.Code != http.StatusUnprocessableEntity || json.Unmarshal(api.Body.Bytes(), &body) != nil || body.Status != 422 {
		t.Errorf("the API's refusal: %d %s", api.Code, api.Body)
	}
	if r := s.do("GET", "/secret", "officer", "", nil); r.Code != http.StatusForbidden {
		t.Errorf("guarded route as an officer: %d", r.Code)
	}
	if r := s.do("GET", "/secret", ocu.RoleAdmin, "", nil); r.Code != http.StatusOK {
		t.Errorf("guarded route as an administrator: %d", r.Code)
	}
	if r := s.do("GET", "/secret", "", "", nil); r.Code != http.StatusSeeOther {
		t.Errorf("a page with nobody signed in: %d, want the way to sign in", r.Code)
	}
	if r := s.do("GET", "/open", "", "", nil); r.Code != http.StatusOK {
		t.Errorf("a public route with nobody signed in: %d", r.Code)
	}
	for _, path := range []string{"/api-looking/page", "/api/v1/plain", "/secret", "/open"} {
		if cc := s.do("GET", path, ocu.RoleAdmin, "", nil).Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", path, cc)
		}
	}
	// What echo lists is what was registered: groups add no hidden route.
	var routes []string
	for _, r := range s.e.Routes() {
		routes = append(routes, r.Method+" "+r.Path)
	}
	slices.Sort(routes)
	want := []string{"GET /api-looking/page", "GET /api/v1/plain", "GET /open", "GET /secret"}
	if !slices.Equal(routes, want) {
		t.Errorf("routes %v, want %v", routes, want)
	}
}

// An address no route matches is answered by the rules of the group that
// owns its prefix: an unknown API address in JSON after the API's
// sign-in, an unknown page after the pages' (sent to sign in first); a
// known path with another method stays 405.
func TestUnknownAddressesGetTheirGroupsAnswer(t *testing.T) {
	s := newSite(t)
	s.r.Pages.GET("/cases", ok)
	s.r.API.GET("/cases", ok)
	for _, c := range []struct {
		method, path, user string
		status             int
		json               bool
	}{
		{"GET", "/nope", "", http.StatusSeeOther, false},
		{"GET", "/nope", "officer", http.StatusNotFound, false},
		{"GET", "/api/v1/nope", "", http.StatusUnauthorized, true},
		{"GET", "/api/v1/nope", "officer", http.StatusNotFound, true},
		{"DELETE", "/cases", "officer", http.StatusMethodNotAllowed, false},
		{"DELETE", "/api/v1/cases", "officer", http.StatusMethodNotAllowed, true},
	} {
		r := s.do(c.method, c.path, c.user, "", nil)
		isJSON := strings.HasPrefix(r.Header().Get("Content-Type"), "application/json")
		if r.Code != c.status || isJSON != c.json || r.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s %s as %q: %d, JSON %v, Cache-Control %q", c.method, c.path, c.user, r.Code, isJSON, r.Header().Get("Cache-Control"))
		}
	}
}

// A longer query parameter is allowed on the route that declares it, and
// nowhere else.
func TestAParameterIsLongerOnlyWhereItsRouteSaysSo(t *testing.T) {
	s := newSite(t)
	s.r.Public.Param("next", 2000).GET("/signin", ok)
	s.r.Public.GET("/other", ok)
	long := "/" + strings.Repeat("x", 1500)
	if r := s.do("GET", "/signin?next="+long, "", "", nil); r.Code != http.StatusOK {
		t.Errorf("next of 1,500 characters on the route that takes it: %d %s", r.Code, r.Body)
	}
	if r := s.do("GET", "/signin?next="+long+strings.Repeat("x", 600), "", "", nil); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("next of 2,100 characters: %d", r.Code)
	}
	if r := s.do("GET", "/other?next="+long, "", "", nil); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("next of 1,500 characters elsewhere: %d", r.Code)
	}
}

// Streaming routes hold no admission slot; an upload takes a body past
// 1 MB and reads its own multipart form; every other body stops at 1 MB.
func TestStreamingAndUploadRoutesDeclareWhatTheyNeed(t *testing.T) {
	s := newSite(t)
	s.r.Pages.GET("/page", ok)
	s.r.Pages.Streaming().GET("/download", ok)
	s.r.Pages.POST("/form", ok)
	s.r.Pages.Upload("5M").POST("/upload", func(c echo.Context) error {
		if c.Request().MultipartForm != nil {
			return c.String(http.StatusInternalServerError, "parsed before the handler")
		}
		f, _, err := c.Request().FormFile("file")
		if err != nil {
			return err
		}
		n, _ := io.Copy(io.Discard, f)
		return c.String(http.StatusOK, strings.Repeat("x", int(n>>20)))
	})

	s.do("GET", "/page", "officer", "", nil)
	s.do("GET", "/download", "officer", "", nil)
	if n := s.admitted.Load(); n != 1 {
		t.Errorf("admitted %d requests, want the page alone", n)
	}

	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile("file", "export.zip")
	_, _ = fw.Write(bytes.Repeat([]byte{'z'}, 2<<20))
	_ = w.Close()
	body := b.Bytes()
	if r := s.do("POST", "/upload", "supervisor", w.FormDataContentType(), bytes.NewReader(body)); r.Code != http.StatusOK || r.Body.Len() != 2 {
		t.Errorf("upload of 2 MB: %d %.200s", r.Code, r.Body)
	}
	if r := s.do("POST", "/form", "supervisor", w.FormDataContentType(), bytes.NewReader(body)); r.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("a form of 2 MB: %d", r.Code)
	}
	// The upload held no slot, and the form too large was refused
	// before it took one.
	if n := s.admitted.Load(); n != 1 {
		t.Errorf("admitted %d requests, want the page alone", n)
	}
}
