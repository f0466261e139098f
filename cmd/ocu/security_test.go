package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/audit"
	"github.com/ocu-project/ocu/db"
)

func TestSignInLockoutNeverRevealsAccounts(t *testing.T) {
	a := newTestApp(t).as("")
	wrong := func(user string) response {
		return a.postForm("/signin", url.Values{"username": {user}, "password": {"not the password at all"}})
	}
	known, unknown := wrong("officer.th"), wrong("nobody.here")
	if known.Status != 401 || unknown.Status != 401 {
		t.Fatalf("failed sign-ins: %d %d", known.Status, unknown.Status)
	}
	msg := regexp.MustCompile(`<div class="alert error" role="alert"><p>[^<]*</p>`)
	if msg.FindString(known.Body) == "" || msg.FindString(known.Body) != msg.FindString(unknown.Body) {
		t.Fatalf("the message differs between a known and an unknown account:\n%s\n%s", msg.FindString(known.Body), msg.FindString(unknown.Body))
	}
	for range 4 {
		wrong("officer.th")
	}
	// Five failures: even the right password is refused for a while.
	r := a.postForm("/signin", url.Values{"username": {"officer.th"}, "password": {testPassword}})
	if r.Status != 401 || !strings.Contains(r.Body, "Sign-in is paused") {
		t.Fatalf("after five failures: %d", r.Status)
	}
	// Another account from the same address is not locked yet.
	if a.as("officer.ph"); a.cookie["officer.ph"] == "" {
		t.Fatal("officer.ph could not sign in")
	}
	// Every attempt is in the audit trail.
	var failures int
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.signin_failed'").Scan(&failures)
	if failures != 7 {
		t.Fatalf("%d failed sign-ins recorded, want 7", failures)
	}
}

func TestCSRFRefusedWithoutTokenAndAcceptedWithIt(t *testing.T) {
	a := newTestApp(t)
	a.noFetchMetadata = true // an old browser, or a forged cross-site post
	form := caseForm()
	if r := a.postForm("/cases", form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "did not come from ocu") {
		t.Fatalf("post without a token: %d", r.Status)
	}
	// The page sets the token cookie and puts the same token in the form.
	page := a.get("/cases/new")
	token := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page.Body)
	var cookie string
	for _, c := range (&http.Response{Header: page.Header}).Cookies() {
		if c.Name == "ocu_csrf" {
			cookie = c.Value
		}
	}
	if token == nil || cookie == "" || token[1] != cookie {
		t.Fatalf("no token in the form (%v) or cookie (%q)", token, cookie)
	}
	form.Set("_csrf", token[1])
	req, _ := http.NewRequest("POST", a.srv.URL+"/cases", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie["officer.ph"]})
	req.AddCookie(&http.Cookie{Name: "ocu_csrf", Value: cookie})
	res, err := a.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("post with the token: %d", res.StatusCode)
	}
	// A cross-site request is refused outright, token or not.
	a.noFetchMetadata = false
	req, _ = http.NewRequest("POST", a.srv.URL+"/cases", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.AddCookie(&http.Cookie{Name: accounts.SessionCookie, Value: a.cookie["officer.ph"]})
	if res, err = a.client.Do(req); err != nil || res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site post: %v %v", err, res.StatusCode)
	}
}

func TestAPITokensWorkUntilRevoked(t *testing.T) {
	a := newTestApp(t)
	page := a.postForm("/account/tokens", url.Values{"name": {"import script"}})
	m := regexp.MustCompile(`<code class="token">(ocu_[A-Za-z0-9_-]+)</code>`).FindStringSubmatch(page.Body)
	if page.Status != 200 || m == nil {
		t.Fatalf("token page: %d", page.Status)
	}
	token := m[1]
	if again := a.get("/account"); strings.Contains(again.Body, token) {
		t.Fatal("the token is shown a second time")
	}
	call := func() int {
		req, _ := http.NewRequest("GET", a.srv.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := a.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if call() != 200 {
		t.Fatal("a new token does not work")
	}
	var stored string
	a.db.Read.Raw("SELECT token_hash FROM api_tokens").Scan(&stored)
	if stored == "" || strings.Contains(token, stored) || strings.Contains(stored, token[4:]) {
		t.Fatal("the token is not stored hashed")
	}
	var id int64
	a.db.Read.Raw("SELECT id FROM api_tokens").Scan(&id)
	if r := a.postForm("/account/tokens/"+itoa(id)+"/revoke", url.Values{"confirm": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Status)
	}
	if call() != http.StatusUnauthorized {
		t.Fatal("a revoked token still works")
	}
	// Another user cannot revoke someone else's token: it does not exist for them.
	_, t2, _ := accountStore(a.db).CreateToken(ocu.SystemContext(context.Background()), "officer.ph", "second")
	if r := a.as("officer.th").postForm("/account/tokens/"+itoa(t2.ID)+"/revoke", nil); r.Status != http.StatusNotFound {
		t.Fatalf("revoking another's token: %d", r.Status)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestSessionsExpireAndChangeAtSignIn(t *testing.T) {
	a := newTestApp(t)
	ctx := context.Background()
	s := accountStore(a.db)
	first := a.cookie["officer.ph"]
	// Signing in again issues a new identifier and ends the old one.
	delete(a.cookie, "officer.ph")
	a.as("officer.ph")
	if a.cookie["officer.ph"] == first {
		t.Fatal("the session identifier did not change at sign-in")
	}
	// An idle session ends: move its last use back past the timeout.
	a.db.Write.Exec("UPDATE sessions SET last_seen_at = ?", time.Now().UTC().Add(-31*time.Minute))
	if _, err := s.SessionUser(ctx, a.cookie["officer.ph"]); err == nil {
		t.Fatal("an idle session still works")
	}
	if r := a.get("/cases"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/signin") {
		t.Fatalf("expired session: %d %s", r.Status, r.Location)
	}
	// Sign-out ends the session for good.
	delete(a.cookie, "officer.ph")
	a.as("officer.ph")
	cookie := a.cookie["officer.ph"]
	if r := a.postForm("/signout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.Status)
	}
	if _, err := s.SessionUser(ctx, cookie); err == nil {
		t.Fatal("a signed-out session still works")
	}
}

func TestSessionCookieFlags(t *testing.T) {
	a := newTestApp(t).as("")
	r := a.postForm("/signin", url.Values{"username": {"officer.ph"}, "password": {testPassword}})
	set := r.Header.Get("Set-Cookie")
	if !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") || !strings.Contains(set, accounts.SessionCookie+"=") {
		t.Fatalf("cookie flags: %s", set)
	}
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Fatalf("no CSP: %q", csp)
	}
}

func TestSuspectIdentityOnlyForTheRaisingCountryAndItsSupervisors(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Named suspect")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect", "name": "Juan Dela Demo", "birth_date": "1985-01-01"})
	if status != 201 {
		t.Fatalf("add: %d %v", status, m)
	}
	p := m["pseudonym"].(string)
	for user, sees := range map[string]bool{"officer.ph": true, "supervisor.mnl": true, "officer.th": false, "coordinator": false} {
		_, m := a.as(user).api("GET", "/api/v1/people/"+p, nil)
		if got := m["name"] == "Juan Dela Demo" && m["birth_date"] == "1985-01-01"; got != sees {
			t.Errorf("%s sees the identity: %v, want %v (%v)", user, got, sees, m)
		}
		page := a.get("/people/" + p)
		if strings.Contains(page.Body, "Juan Dela Demo") != sees {
			t.Errorf("%s: person page shows the name: %v", user, !sees)
		}
	}
	var views int
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'suspect.view' AND username IN ('officer.ph', 'supervisor.mnl')").Scan(&views)
	var others int
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'suspect.view' AND username IN ('officer.th', 'coordinator')").Scan(&others)
	if views < 4 || others != 0 {
		t.Fatalf("identity views recorded: %d by those who saw, %d by those who did not", views, others)
	}
}

func TestSharingGivesAnotherOCUReadOnlyAccess(t *testing.T) {
	a := newTestApp(t).as("supervisor.dkr")
	ref := "LIB2-DKR-0005" // the Tunisia case with suspects in the United Kingdom
	a.as("supervisor.mnl")
	if r := a.get("/cases/" + ref); r.Status != 404 {
		t.Fatalf("before sharing: %d", r.Status)
	}
	a.as("supervisor.dkr")
	if r := a.postForm("/cases/"+ref+"/shares", url.Values{"unit": {"MNL"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("share: %d %s", r.Status, r.Body)
	}
	a.as("supervisor.mnl")
	page := a.get("/cases/" + ref)
	if page.Status != 200 || !strings.Contains(page.Body, "You can read this case but not change it.") {
		t.Fatalf("shared case: %d", page.Status)
	}
	if status, _ := a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 3, "title": "x"}); status != 403 {
		t.Fatalf("editing a shared case: %d", status)
	}
	a.as("supervisor.dkr")
	if r := a.postForm("/cases/"+ref+"/shares/MNL/delete", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("unshare: %d", r.Status)
	}
	if r := a.as("supervisor.mnl").get("/cases/" + ref); r.Status != 404 {
		t.Fatalf("after unsharing: %d", r.Status)
	}
	var n int
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action IN ('case.share', 'case.unshare') AND subject = ?", "case:"+ref).Scan(&n)
	if n != 2 {
		t.Fatalf("%d share records", n)
	}
}

func TestSupervisorReopensToWhereTheCaseWasClosedFrom(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Closed too early")
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "closed", "note": "duplicate"}); status != 200 {
		t.Fatalf("close: %d %v", status, m)
	}
	if status, _ := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "raid", "note": "not a duplicate"}); status != 409 {
		t.Fatalf("an officer reopening: %d", status)
	}
	a.as("supervisor.mnl")
	if status, _ := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening", "note": "x"}); status != 409 {
		t.Fatalf("reopening elsewhere: %d", status)
	}
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "raid", "note": "not a duplicate after all"})
	if status != 200 || m["status"] != "raid" {
		t.Fatalf("reopen: %d %v", status, m)
	}
	h := m["history"].([]any)
	if last := h[len(h)-1].(map[string]any); last["by"] != "Sgt Cruz" || last["note"] != "not a duplicate after all" {
		t.Fatalf("history %v", last)
	}
}

func TestAuditChainVerifiesAndNamesATamperedEntry(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "ocu.db")
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--demo", "--db", path}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--db", path}, env(nil), &out, &out); err != nil || !strings.Contains(out.String(), "audit trail intact") {
		t.Fatalf("verify: %v %s", err, out.String())
	}
	// Someone with the file edits an entry directly.
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	d.Read.Raw("SELECT id FROM audit_log WHERE action = 'case.create' ORDER BY id LIMIT 1 OFFSET 3").Scan(&id)
	d.Write.Exec("DROP TRIGGER audit_log_no_update")
	if err := d.Write.Exec("UPDATE audit_log SET details = '{}' WHERE id = ?", id).Error; err != nil {
		t.Fatal(err)
	}
	d.Close()
	out.Reset()
	err = run(ctx, []string{"audit", "verify", "--db", path}, env(nil), &out, &out)
	if err == nil || !strings.Contains(out.String(), "BROKEN at entry "+itoa(id)) {
		t.Fatalf("tampered trail: %v %s", err, out.String())
	}
	res, _ := audit.Verify(ctx, mustOpen(t, path))
	if res.FirstBroken != id {
		t.Fatalf("Verify names %d, want %d", res.FirstBroken, id)
	}
}

func mustOpen(t *testing.T, path string) *db.DB {
	d, err := db.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

func TestUserCommands(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ocu.db")
	ctx := context.Background()
	var out bytes.Buffer
	stdin = strings.NewReader("")
	defer func() { stdin = os.Stdin }()
	if err := run(ctx, []string{"user", "add", "--db", path, "--username", "maria", "--role", "officer", "--unit", "MNL", "--country", "PH"}, env(nil), &out, &out); err != nil {
		t.Fatalf("add: %v %s", err, out.String())
	}
	pw := regexp.MustCompile(`password: (.+)`).FindStringSubmatch(out.String())
	if pw == nil {
		t.Fatalf("no generated password: %s", out.String())
	}
	d := mustOpen(t, path)
	if _, _, err := accountStore(d).SignIn(ctx, "maria", pw[1], "127.0.0.1"); err != nil {
		t.Fatalf("the generated password does not work: %v", err)
	}
	out.Reset()
	stdin = strings.NewReader("a new password of some length\n")
	if err := run(ctx, []string{"user", "passwd", "--db", path, "maria"}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	if _, _, err := accountStore(d).SignIn(ctx, "maria", "a new password of some length", "127.0.0.2"); err != nil {
		t.Fatalf("new password: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"token", "create", "--db", path, "--user", "maria"}, env(nil), &out, &out); err != nil || !strings.HasPrefix(out.String(), "ocu_") {
		t.Fatalf("token: %v %s", err, out.String())
	}
	if u, err := accountStore(d).TokenUser(ctx, strings.TrimSpace(out.String())); err != nil || u.Username != "maria" {
		t.Fatalf("token user: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"user", "disable", "--db", path, "maria"}, env(nil), &out, &out); err != nil {
		t.Fatal(err)
	}
	if _, _, err := accountStore(d).SignIn(ctx, "maria", "a new password of some length", "127.0.0.3"); err == nil {
		t.Fatal("a disabled account signs in")
	}
	// Bad input says what to fix.
	stdin = strings.NewReader("")
	err := run(ctx, []string{"user", "add", "--db", path, "--username", "x", "--role", "officer"}, env(nil), &out, &out)
	if err == nil || !strings.Contains(err.Error(), "belongs to an OCU") {
		t.Fatalf("bad add: %v", err)
	}
}
