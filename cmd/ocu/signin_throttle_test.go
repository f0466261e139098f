package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
)

// An OCU room signs in from one address behind its router: one officer
// mistyping again and again locks their own account, slows the room's
// failures down, and locks nobody else out.
func TestFailuresFromOneAddressNeverLockOtherAccounts(t *testing.T) {
	a := newTestApp(t).as("")
	wrong := func(user string) response {
		t.Helper()
		r := a.postForm("/signin", url.Values{"username": {user}, "password": {"not the password at all"}})
		if r.Status != http.StatusUnauthorized {
			t.Fatalf("a wrong password for %s: %d", user, r.Status)
		}
		return r
	}
	for range 5 {
		wrong("officer.th")
	}
	// Five failures lock the account: even its right password is refused.
	if r := a.postForm("/signin", url.Values{"username": {"officer.th"}, "password": {testPassword}}); r.Status != http.StatusUnauthorized ||
		!strings.Contains(r.Body, "Sign-in is paused") {
		t.Fatalf("officer.th after five failures: %d", r.Status)
	}
	for range 19 {
		wrong("officer.th")
	}
	// 25 failures from this address: another account still signs in from it.
	if a.as("officer.ph"); a.cookie["officer.ph"] == "" {
		t.Fatal("officer.ph could not sign in")
	}
	// The address is only slowed: a failure from it now waits the longest
	// step, whichever account it names.
	_, _, err := accountStore(a.db).SignIn(context.Background(), "officer.ar", "not the password at all", "127.0.0.1")
	var refusal *accounts.SignInError
	if !errors.As(err, &refusal) || refusal.Locked || refusal.Delay != 8*accounts.FailureDelay {
		t.Fatalf("a failure from the slowed address: %#v", err)
	}
	// From elsewhere, a first failure waits one step.
	_, _, err = accountStore(a.db).SignIn(context.Background(), "officer.ar", "not the password at all", "10.9.8.7")
	if !errors.As(err, &refusal) || refusal.Locked || refusal.Delay != 2*accounts.FailureDelay {
		t.Fatalf("a second failure for officer.ar from another address: %#v", err)
	}
}

func TestAdministratorSeesAndLiftsLocks(t *testing.T) {
	a := newTestApp(t)
	a.as("admin")
	a.as("")
	for range 6 {
		a.postForm("/signin", url.Values{"username": {"officer.th"}, "password": {"not the password at all"}})
	}
	// A username that names no account is locked too, but not listed: it
	// may be a password typed in the wrong field.
	for range 5 {
		a.postForm("/signin", url.Values{"username": {"Tr0ub4dor&3-typed-here"}, "password": {"x"}})
	}

	// Only administrators see or lift locks.
	for _, user := range []string{"officer.ph", "supervisor.mnl", "coordinator"} {
		a.as(user)
		for _, r := range []response{a.get("/admin/locks"), a.postForm("/admin/locks/lift", url.Values{"kind": {"account"}, "name": {"officer.th"}})} {
			if r.Status != http.StatusForbidden {
				t.Errorf("%s on the locks page: %d", user, r.Status)
			}
		}
		if status, _ := a.api("GET", "/api/v1/admin/locks", nil); status != http.StatusForbidden {
			t.Errorf("%s GET /api/v1/admin/locks: %d", user, status)
		}
		if status, _ := a.api("DELETE", "/api/v1/admin/locks/accounts/officer.th", nil); status != http.StatusForbidden {
			t.Errorf("%s DELETE /api/v1/admin/locks/accounts/officer.th: %d", user, status)
		}
	}

	a.as("admin")
	if r := a.get("/admin"); !strings.Contains(r.Body, `href="/admin/locks"`) {
		t.Error("the administration page does not link to the locks")
	}
	page := a.get("/admin/locks")
	for _, want := range []string{">officer.th</a>", ">6</td>", " UTC</time>", ">127.0.0.1</th>", ">11</td>", "2 s", // 8 steps of 250 ms
		`name="kind" value="account"`, `name="name" value="officer.th"`, `name="_csrf"`} {
		if want == "2 s" {
			want = fmt.Sprint(float64(8*accounts.FailureDelay)/float64(time.Second)) + " s"
		}
		if !strings.Contains(page.Body, want) {
			t.Errorf("the locks page lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "Tr0ub4dor") {
		t.Error("the locks page shows a username that names no account")
	}
	status, m := a.api("GET", "/api/v1/admin/locks", nil)
	locked, _ := m["accounts"].([]any)
	if status != http.StatusOK || len(locked) != 1 || locked[0].(map[string]any)["username"] != "officer.th" ||
		locked[0].(map[string]any)["failures"] != 6.0 {
		t.Fatalf("GET /api/v1/admin/locks: %d %v", status, m)
	}
	until, err := time.Parse(time.RFC3339, locked[0].(map[string]any)["locked_until"].(string))
	if err != nil || until.Before(time.Now().Add(14*time.Minute)) {
		t.Fatalf("locked_until %v (%v)", locked[0], err)
	}

	// Lift from the page: a plain form post, no JavaScript.
	r := a.postForm("/admin/locks/lift", url.Values{"kind": {"account"}, "name": {"officer.th"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/admin/locks?") {
		t.Fatalf("lift: %d %s", r.Status, r.Location)
	}
	if page := a.get(r.Location); !strings.Contains(page.Body, "The lock on officer.th is lifted") || strings.Contains(page.Body, ">officer.th</a>") {
		t.Fatal("after lifting, the page does not say so, or still lists the lock")
	}
	delete(a.cookie, "officer.th")
	if a.as("officer.th"); a.cookie["officer.th"] == "" {
		t.Fatal("officer.th cannot sign in after the lift")
	}

	// Lift the address through the API.
	a.as("admin")
	if r := a.do("DELETE", "/api/v1/admin/locks/addresses/127.0.0.1", "", ""); r.Status != http.StatusNoContent {
		t.Fatalf("DELETE address: %d %s", r.Status, r.Body)
	}
	if status, m := a.api("GET", "/api/v1/admin/locks", nil); status != 200 || len(m["addresses"].([]any)) != 0 {
		t.Fatalf("after lifting the address: %v", m)
	}
	if status, m := a.api("DELETE", "/api/v1/admin/locks/addresses/127.0.0.1", nil); status != http.StatusNotFound ||
		!strings.Contains(m["message"].(string), "no sign-in lock on 127.0.0.1") {
		t.Fatalf("lifting it again: %d %v", status, m)
	}
	if status, _ := a.api("DELETE", "/api/v1/admin/locks/accounts/officer.ph", nil); status != http.StatusNotFound {
		t.Fatalf("lifting a lock that is not there: %d", status)
	}

	// Both lifts are in the audit trail, by the administrator, naming the
	// kind of lock and nothing secret.
	var entries []struct {
		Username, Subject, Details string
	}
	a.db.Read.Raw("SELECT username, subject, details FROM audit_log WHERE action = 'auth.unlock' ORDER BY id").Scan(&entries)
	if len(entries) != 2 || entries[0].Subject != "user:officer.th" || entries[1].Subject != "address:127.0.0.1" {
		t.Fatalf("audit entries %+v", entries)
	}
	for i, kind := range []string{"account", "address"} {
		var d map[string]any
		if err := json.Unmarshal([]byte(entries[i].Details), &d); err != nil || d["kind"] != kind || entries[i].Username != "admin" ||
			strings.Contains(entries[i].Details, "password") {
			t.Errorf("audit entry %+v (%v)", entries[i], err)
		}
	}
}

// The HTTP brake on sign-ins (per address) lets a whole room of 60 sign
// in together, each mistyping once, and past it only makes the next
// attempt wait a second.
func TestRoomOfSixtySignsInFromOneAddress(t *testing.T) {
	a := newTestApp(t)
	ctx := ocu.SystemContext(context.Background())
	s := accountStore(a.db)
	var names []string
	for i := range 60 {
		name := fmt.Sprintf("officer.%02d", i)
		if _, err := s.CreateUser(ctx, accounts.UserInput{Username: name, Role: ocu.RoleOfficer, Unit: "MNL", Country: "PH"}, testPassword); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	// A server of its own, so that its brake has seen no sign-in yet.
	srv := httptest.NewServer(newServer(a.db, serverConfig{}))
	defer srv.Close()
	signIn := func(name, password string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", srv.URL+"/signin", strings.NewReader(url.Values{"username": {name}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for _, name := range names {
		if status := signIn(name, "a typo in the password"); status != http.StatusUnauthorized {
			t.Fatalf("%s mistyping: %d", name, status)
		}
		if status := signIn(name, testPassword); status != http.StatusSeeOther {
			t.Fatalf("%s, signing in with the room: %d", name, status)
		}
	}
	// Hammer past the burst until the brake answers 429...
	braked := false
	for range 30 {
		if status := signIn(names[0], testPassword); status == http.StatusTooManyRequests {
			braked = true
			break
		}
	}
	if !braked {
		t.Fatal("no brake on sign-ins from one address")
	}
	// ...which lasts about a second, not a lockout.
	time.Sleep(1100 * time.Millisecond)
	if status := signIn(names[1], testPassword); status != http.StatusSeeOther {
		t.Fatalf("a second after the brake: %d", status)
	}
}

func TestUserUnlockCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ocu.db")
	ctx := context.Background()
	var out bytes.Buffer
	stdin = strings.NewReader(testPassword + "\n")
	defer func() { stdin = os.Stdin }()
	if err := run(ctx, []string{"user", "add", "--db", path, "--username", "maria", "--role", "officer", "--unit", "MNL", "--country", "PH"}, env(nil), &out, &out); err != nil {
		t.Fatalf("add: %v %s", err, out.String())
	}
	s := accountStore(mustOpen(t, path))
	for range 5 {
		s.SignIn(ctx, "maria", "not the password at all", "10.0.0.1")
	}
	if _, _, err := s.SignIn(ctx, "maria", testPassword, "10.0.0.2"); err == nil {
		t.Fatal("maria is not locked")
	}
	out.Reset()
	if err := run(ctx, []string{"user", "unlock", "--db", path, "maria"}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "maria unlocked") {
		t.Fatalf("ocu user unlock: %v %s", err, out.String())
	}
	if _, _, err := s.SignIn(ctx, "maria", testPassword, "10.0.0.2"); err != nil {
		t.Fatalf("after ocu user unlock: %v", err)
	}
	var who, details string
	s2 := mustOpen(t, path)
	s2.Read.Raw("SELECT username, details FROM audit_log WHERE action = 'auth.unlock' AND subject = 'user:maria'").Row().Scan(&who, &details)
	if who == "" || !strings.Contains(details, `"kind":"account"`) {
		t.Fatalf("unlock not in the audit trail: %q %q", who, details)
	}
	err := run(ctx, []string{"user", "unlock", "--db", path, "maria"}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "no sign-in lock on maria") {
		t.Fatalf("unlocking an account that is not locked: %v", err)
	}
}
