package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
)

// testApp is the real server on a temp-file database holding the demo
// operation, driven over HTTP.
type testApp struct {
	t      *testing.T
	db     *db.DB
	srv    *httptest.Server
	client *http.Client
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	ctx := context.Background()
	d := dbtest.New(t)
	if err := units.NewStore(d).SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(d))
	t.Cleanup(srv.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testApp{t: t, db: d, srv: srv, client: client}
}

type response struct {
	Status   int
	Body     string
	Location string
	Header   http.Header
}

func (a *testApp) do(method, path, contentType, body string) response {
	a.t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, strings.NewReader(body))
	if err != nil {
		a.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := a.client.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{Status: res.StatusCode, Body: string(b), Location: res.Header.Get("Location"), Header: res.Header}
}

func (a *testApp) get(path string) response { return a.do("GET", path, "", "") }

func (a *testApp) postForm(path string, v url.Values) response {
	return a.do("POST", path, "application/x-www-form-urlencoded", v.Encode())
}

// api sends a JSON request and decodes the JSON answer into a map.
func (a *testApp) api(method, path string, body any) (int, map[string]any) {
	a.t.Helper()
	var s string
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			a.t.Fatal(err)
		}
		s = string(b)
	}
	r := a.do(method, path, "application/json", s)
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		a.t.Fatalf("%s %s: answer is not JSON (%d): %s", method, path, r.Status, r.Body)
	}
	return r.Status, m
}

// newCase creates a Philippines case in LIB2 through the API and returns its
// reference.
func (a *testApp) newCase(title string) string {
	a.t.Helper()
	status, m := a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "PH", "title": title, "place": "Pasay", "country": "PH",
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"}, "raised_by": "Officer Santos",
	})
	if status != http.StatusCreated {
		a.t.Fatalf("create: %d %v", status, m)
	}
	return m["reference"].(string)
}

// readyForReferral records what the workflow's guards ask of a case before
// referral: a screened person and an arrested, charged suspect referred for
// prosecution.
func (a *testApp) readyForReferral(ref string) {
	a.t.Helper()
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{
		"outcome": "suspect", "arrested": true, "arrested_at": "2024-10-02T10:00", "charges": []string{"human_trafficking"},
		"prosecution_authority": "Public prosecutor", "prosecution_ref": "PP-1", "prosecution_date": "2024-10-03",
	}); status != http.StatusCreated {
		a.t.Fatalf("add suspect: %d %v", status, m)
	}
}
