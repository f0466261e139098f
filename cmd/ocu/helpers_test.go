package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/db/demo"
	"github.com/ocu-project/ocu/units"
)

// testApp is the real server on a temp-file database holding the demo
// operation and one account per role, driven over HTTP as a signed-in
// user (see as).
type testApp struct {
	t      *testing.T
	db     *db.DB
	srv    *httptest.Server
	client *http.Client
	user   string            // who requests are made as; "" for nobody
	cookie map[string]string // session cookie per user, signed in once
	// noFetchMetadata drops the Sec-Fetch-Site header browsers send, to
	// test the CSRF token fallback.
	noFetchMetadata bool
}

// testPassword is every test account's password.
const testPassword = "correct horse battery staple"

// testUsers are the accounts newTestApp creates: two officers of the Manila
// OCU (different countries), one of Buenos Aires, supervisors of Manila and
// Dakar, a coordinator and an administrator.
var testUsers = []accounts.UserInput{
	{Username: "officer.ph", DisplayName: "Officer Santos", Role: ocu.RoleOfficer, Unit: "MNL", Country: "PH"},
	{Username: "officer.th", DisplayName: "Officer Chai", Role: ocu.RoleOfficer, Unit: "MNL", Country: "TH"},
	{Username: "officer.ar", Role: ocu.RoleOfficer, Unit: "BUE", Country: "AR"},
	{Username: "supervisor.mnl", DisplayName: "Sgt Cruz", Role: ocu.RoleSupervisor, Unit: "MNL"},
	{Username: "supervisor.dkr", Role: ocu.RoleSupervisor, Unit: "DKR"},
	{Username: "coordinator", Role: ocu.RoleCoordinator},
	{Username: "admin", Role: ocu.RoleAdmin},
}

func TestMain(m *testing.M) {
	// Fast hashes and short sign-in delays: the rules are the same, the
	// suite runs in seconds.
	accounts.PasswordCost = bcrypt.MinCost
	accounts.FailureDelay = time.Millisecond
	addStandInLanguages()
	os.Exit(m.Run())
}

func newTestApp(t *testing.T) *testApp {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	if err := us.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadNamed(ctx, d); err != nil {
		t.Fatal(err)
	}
	as := accounts.NewStore(d, us)
	for _, u := range testUsers {
		if _, err := as.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatalf("user %s: %v", u.Username, err)
		}
	}
	srv := httptest.NewServer(newServer(d, serverConfig{}))
	t.Cleanup(srv.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	a := &testApp{t: t, db: d, srv: srv, client: client, cookie: map[string]string{}}
	a.as("officer.ph")
	return a
}

// as makes the following requests as username, signing in on first use
// through the sign-in form; "" makes them as nobody.
func (a *testApp) as(username string) *testApp {
	a.t.Helper()
	a.user = username
	if username == "" || a.cookie[username] != "" {
		return a
	}
	a.user = ""
	r := a.postForm("/signin", url.Values{"username": {username}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther {
		a.t.Fatalf("sign in as %s: %d %s", username, r.Status, r.Body)
	}
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == accounts.SessionCookie {
			a.cookie[username] = c.Value
		}
	}
	if a.cookie[username] == "" {
		a.t.Fatalf("sign in as %s: no session cookie", username)
	}
	a.user = username
	return a
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
	if a.user != "" {
		req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie[a.user]})
	}
	if !a.noFetchMetadata {
		req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser does
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
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"},
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
