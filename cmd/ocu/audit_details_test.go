package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/db/dbtest"
	"github.com/ocu-project/ocu/units"
)

// markers are typed into every text field below; none may reach the audit
// trail or the logs. The dates of birth are markers too.
var markers = []string{"zzmarker", "1971-03-14", "1980-01-02"}

// captureLogs sends every log line, debug included, to a buffer for the
// rest of the test.
func captureLogs(t *testing.T) *syncBuffer {
	buf := &syncBuffer{}
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	t.Cleanup(func() { slog.SetDefault(prev) })
	return buf
}

type auditRow struct {
	ID      int64
	Action  string
	Subject string
	Details string
}

func (r auditRow) details(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Details), &m); err != nil {
		t.Fatalf("entry %d: details %s: %v", r.ID, r.Details, err)
	}
	return m
}

// changed is the entry's list of changed fields.
func (r auditRow) changed(t *testing.T) []string {
	var out []string
	list, _ := r.details(t)["changed"].([]any)
	for _, f := range list {
		out = append(out, f.(string))
	}
	return out
}

// TestAuditDetailsHoldNoPersonalData performs every action that writes an
// audit entry with details, through HTTP as users do, with marker strings in
// every text field, and checks that no entry's details and no log line
// holds a marker, while the entries still name what changed and whom.
func TestAuditDetailsHoldNoPersonalData(t *testing.T) {
	logs := captureLogs(t)
	a := newTestApp(t)
	var start int64 // the demo's and the test accounts' entries come before
	a.db.Read.Raw("SELECT COALESCE(MAX(id), 0) FROM audit_log").Scan(&start)
	ok := func(what string, status int, body any, want ...int) {
		t.Helper()
		if !slices.Contains(want, status) {
			t.Fatalf("%s: %d %v", what, status, body)
		}
	}

	// Accounts: an officer whose display name is a marker, renamed,
	// disabled and enabled, and given a new password.
	a.as("admin")
	st, m := a.api("POST", "/api/v1/users", map[string]any{"username": "officer.zz", "display_name": "Zzmarker Display",
		"role": "officer", "unit": "MNL", "country": "PH", "password": testPassword})
	ok("create user", st, m, http.StatusCreated)
	r := a.postForm("/admin/users/officer.zz", url.Values{"display_name": {"Zzmarker Renamed"}, "role": {"officer"}, "unit": {"MNL"}, "country": {"PH"}})
	ok("update user", r.Status, r.Body, http.StatusSeeOther)
	for _, v := range []string{"true", "false"} {
		r = a.postForm("/admin/users/officer.zz/disabled", url.Values{"disabled": {v}, "confirm": {"1"}})
		ok("disable "+v, r.Status, r.Body, http.StatusSeeOther)
	}
	r = a.postForm("/admin/users/officer.zz/password", url.Values{"confirm": {"1"}})
	ok("reset password", r.Status, r.Body, http.StatusOK)
	a.db.Write.Exec("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'officer.ph') WHERE username = 'officer.zz'")

	// Cases, people and seizures, as that officer.
	a.as("officer.zz")
	st, m = a.api("POST", "/api/v1/cases", map[string]any{"operation": "LIB2", "raising_country": "PH",
		"title": "Zzmarker title", "summary": "Zzmarker summary", "place": "Zzmarker place", "country": "PH",
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"}, "linked_countries": map[string][]string{"origin": {"CN"}}})
	ok("create case", st, m, http.StatusCreated)
	ref := m["reference"].(string)
	st, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 1, "title": "Zzmarker title 2",
		"summary": "Zzmarker summary 2", "place": "Zzmarker place 2", "forms": []string{"forced_criminality", "migrant_smuggling"}})
	ok("update case", st, m, http.StatusOK)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect", "name": "Zzmarker Name",
		"birth_date": "1971-03-14", "sex": "male", "nationality": "PH", "arrested": true, "arrested_at": "2024-10-02T10:00",
		"charges": []string{"human_trafficking"}, "prosecution_authority": "Zzmarker Prosecutor",
		"prosecution_ref": "ZZMARKER-PP-9", "prosecution_date": "2024-10-03"})
	ok("add suspect", st, m, http.StatusCreated)
	suspect := m["pseudonym"].(string)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "potential_victim", "sex": "female",
		"age_band": "9-17", "exploitation": "sexual_exploitation", "assistance_org": "Zzmarker Shelter", "assistance_date": "2024-10-03"})
	ok("add victim", st, m, http.StatusCreated)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 3, "nationality": "CN", "age_band": "adult_unknown"})
	ok("bulk add", st, m, http.StatusCreated)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"all_unscreened": true, "outcome": "potential_victim", "exploitation": "forced_labour"})
	ok("screen", st, m, http.StatusOK)
	st, m = a.api("GET", "/api/v1/people/"+suspect, nil) // a view of the suspect's name
	ok("view suspect", st, m, http.StatusOK)
	st, m = a.api("PATCH", "/api/v1/people/"+suspect, map[string]any{"version": m["version"], "name": "Zzmarker Other",
		"birth_date": "1980-01-02", "prosecution_authority": "Zzmarker Court"})
	ok("update suspect", st, m, http.StatusOK)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "firearms", "description": "Zzmarker pistols",
		"quantity": 3, "unit": "items"})
	ok("add seizure", st, m, http.StatusCreated)
	seizure := fmt.Sprint(m["id"])
	r = a.do("DELETE", "/api/v1/cases/"+ref+"/seizures/"+seizure, "", "")
	ok("delete seizure", r.Status, r.Body, http.StatusNoContent)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening", "note": "Zzmarker note"})
	ok("move", st, m, http.StatusOK)
	r = a.postForm("/account/tokens", url.Values{"name": {"Zzmarker Token"}})
	ok("create token", r.Status, r.Body, http.StatusOK)
	var tokenID int64
	a.db.Read.Raw("SELECT id FROM api_tokens WHERE name = 'Zzmarker Token'").Scan(&tokenID)
	r = a.postForm(fmt.Sprintf("/account/tokens/%d/revoke", tokenID), url.Values{"confirm": {"1"}})
	ok("revoke token", r.Status, r.Body, http.StatusSeeOther)

	// A supervisor's moves: share, notable mark, closing with a reason,
	// and an export.
	a.as("supervisor.mnl")
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/shares", map[string]any{"unit": "SKP"})
	ok("share", st, m, http.StatusOK, http.StatusCreated)
	r = a.do("DELETE", "/api/v1/cases/"+ref+"/shares/SKP", "", "")
	ok("unshare", r.Status, r.Body, http.StatusNoContent)
	st, m = a.api("PUT", "/api/v1/cases/"+ref+"/notable", map[string]any{"notable": true, "note": "Zzmarker notable"})
	ok("notable", st, m, http.StatusOK)
	st, m = a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "closed", "note": "Zzmarker reason"})
	ok("close", st, m, http.StatusOK)
	export := a.get("/api/v1/export?format=zip")
	ok("export", export.Status, export.Body[:min(len(export.Body), 200)], http.StatusOK)

	// A wrong password, and an import of the export elsewhere.
	a.as("")
	r = a.postForm("/signin", url.Values{"username": {"officer.zz"}, "password": {"Zzmarker wrong password"}})
	ok("failed sign-in", r.Status, r.Body, http.StatusUnauthorized, http.StatusOK, http.StatusUnprocessableEntity)
	importElsewhere(t, []byte(export.Body))

	// The trail names what changed, and holds no marker.
	var entries []auditRow
	a.db.Read.Raw("SELECT id, action, subject, details FROM audit_log WHERE id > ? ORDER BY id", start).Scan(&entries)
	seen := map[string]auditRow{}
	for _, e := range entries {
		low := strings.ToLower(e.Details)
		for _, mk := range markers {
			if strings.Contains(low, mk) {
				t.Errorf("entry %d (%s %s) holds %q: %s", e.ID, e.Action, e.Subject, mk, e.Details)
			}
		}
		if _, dup := seen[e.Action]; !dup {
			seen[e.Action] = e
		}
	}
	wants := map[string]struct {
		subject string
		changed []string
		extra   func(map[string]any) bool
	}{
		"user.create": {"user:officer.zz", []string{"display_name", "role"}, func(d map[string]any) bool { return d["after"].(map[string]any)["role"] == "officer" }},
		"user.update": {"user:officer.zz", []string{"display_name"}, nil},
		"case.create": {"case:" + ref, []string{"title", "summary", "place", "raised_by", "forms"}, func(d map[string]any) bool { return d["after"].(map[string]any)["country"] == "PH" }},
		"case.update": {"case:" + ref, []string{"title", "summary", "place", "forms"}, nil},
		"people.add":  {"case:" + ref, []string{"name", "birth_date", "prosecution_authority", "prosecution_ref", "outcome"}, func(d map[string]any) bool { return d["first"] == suspect }},
		"people.screen": {"case:" + ref, []string{"outcome", "exploitation"}, func(d map[string]any) bool {
			return d["after"].(map[string]any)["outcome"] == "potential_victim"
		}},
		"person.update":      {"person:" + suspect, []string{"name", "birth_date", "prosecution_authority"}, nil},
		"seizure.add":        {"case:" + ref, []string{"description", "kind", "quantity"}, func(d map[string]any) bool { return d["after"].(map[string]any)["kind"] == "firearms" }},
		"seizure.delete":     {"case:" + ref, []string{"description", "kind"}, func(d map[string]any) bool { return fmt.Sprint(d["seizure"]) == seizure }},
		"case.transition":    {"case:" + ref, []string{"status", "note"}, nil},
		"case.notable":       {"case:" + ref, []string{"notable", "note"}, nil},
		"token.create":       {"user:officer.zz", []string{"name", "token"}, nil},
		"suspect.view":       {"case:" + ref, nil, func(d map[string]any) bool { return fmt.Sprint(d["people"]) == "["+suspect+"]" }},
		"case.share":         {"case:" + ref, nil, func(d map[string]any) bool { return d["unit"] == "SKP" }},
		"export":             {"operation:LIB2", nil, nil},
		"user.password":      {"user:officer.zz", nil, nil},
		"user.disable":       {"user:officer.zz", nil, nil},
		"token.revoke":       {"", nil, nil},
		"auth.signin_failed": {"user:officer.zz", nil, nil},
	}
	for action, w := range wants {
		e, found := seen[action]
		if !found {
			t.Errorf("no %s entry", action)
			continue
		}
		if w.subject != "" && e.Subject != w.subject {
			t.Errorf("%s: subject %s, want %s", action, e.Subject, w.subject)
		}
		got := e.changed(t)
		for _, f := range w.changed {
			if !slices.Contains(got, f) {
				t.Errorf("%s: changed %v does not name %s (%s)", action, got, f, e.Details)
			}
		}
		if w.extra != nil && !w.extra(e.details(t)) {
			t.Errorf("%s: details %s", action, e.Details)
		}
	}

	// Nor do the logs, which did record the requests.
	out := logs.String()
	if !strings.Contains(out, "route=/api/v1/cases/:ref") {
		t.Fatalf("the request log was not captured: %.300s", out)
	}
	for _, mk := range markers {
		if strings.Contains(strings.ToLower(out), mk) {
			t.Errorf("the logs hold %q", mk)
		}
	}
}

// importElsewhere uploads an export zip at /imports of a fresh ocu, as a
// supervisor of Manila, and checks the trail there holds no marker either.
func importElsewhere(t *testing.T, export []byte) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	d := dbtest.New(t)
	us := units.NewStore(d)
	if err := us.SeedReference(ctx); err != nil {
		t.Fatal(err)
	}
	// The operation and its attachments, as an administrator sets them
	// up before a supervisor imports.
	op, err := us.CreateOperation(ctx, units.Operation{Code: "LIB2", Name: "Liberterra II", FirstDay: "2024-09-29", LastDay: "2024-10-04"})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(export), int64(len(export)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("attachments.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(skipBOM(t, f)).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] { // operation, country, unit, mode
		if err := us.SetAttachment(ctx, op.ID, row[1], row[2], row[3]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := accounts.NewStore(d, us).CreateUser(ctx, accounts.UserInput{Username: "supervisor.mnl", DisplayName: "Zzmarker Sup",
		Role: ocu.RoleSupervisor, Unit: "MNL"}, testPassword); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newServer(d, serverConfig{}))
	t.Cleanup(srv.Close)
	b := &testApp{t: t, db: d, srv: srv, cookie: map[string]string{},
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	b.as("supervisor.mnl")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "export.zip")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(fw, bytes.NewReader(export)); err != nil {
		t.Fatal(err)
	}
	mw.Close()
	r := b.do("POST", "/imports", mw.FormDataContentType(), body.String())
	if r.Status != http.StatusOK {
		i := strings.Index(r.Body, "<main")
		t.Fatalf("import: %d %.1500s", r.Status, r.Body[max(i, 0):])
	}
	var details []string
	d.Read.Raw("SELECT details FROM audit_log WHERE action = 'import'").Scan(&details)
	if len(details) != 1 || !strings.Contains(details[0], `"counts"`) {
		t.Fatalf("import entries: %v", details)
	}
	for _, mk := range markers {
		if strings.Contains(strings.ToLower(details[0]), mk) {
			t.Errorf("the import entry holds %q", mk)
		}
	}
}
