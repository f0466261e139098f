package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/requests"
	"github.com/ocu-project/ocu/units"
	"github.com/ocu-project/ocu/work"
)

// requestUsers are the accounts the requests' tests add: Tunisia's officer
// at the Dakar OCU (the Tunisian case's country), the United Kingdom's at
// Skopje, and Skopje's supervisor.
var requestUsers = []accounts.UserInput{
	{Username: "officer.tn", DisplayName: "Officer Ben Ali", Role: ocu.RoleOfficer, Unit: "DKR", Country: "TN"},
	{Username: "officer.gb", DisplayName: "Officer Smith", Role: ocu.RoleOfficer, Unit: "SKP", Country: "GB"},
	{Username: "supervisor.skp", Role: ocu.RoleSupervisor, Unit: "SKP"},
}

func newRequestsApp(t *testing.T) *testApp {
	t.Helper()
	a := newTestApp(t)
	ctx := ocu.SystemContext(context.Background())
	as := accounts.NewStore(a.db, units.NewStore(a.db))
	for _, u := range requestUsers {
		if _, err := as.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatalf("user %s: %v", u.Username, err)
		}
	}
	return a
}

// tunisianCase is the demo's Tunisian case and its suspects' pseudonyms.
func tunisianCase(t *testing.T, a *testApp) (string, []string) {
	t.Helper()
	var ref string
	a.db.Read.Raw(`SELECT reference FROM cases WHERE raising_country = 'TN' AND title LIKE 'Group intercepted%'`).Scan(&ref)
	var suspects []string
	a.db.Read.Raw(`SELECT p.pseudonym FROM people p JOIN cases c ON c.id = p.case_id WHERE c.reference = ? AND p.outcome = 'suspect' ORDER BY p.seq`, ref).Scan(&suspects)
	if ref == "" || len(suspects) != 3 {
		t.Fatalf("the demo's Tunisian case: %q with suspects %v", ref, suspects)
	}
	return ref, suspects
}

func tomorrow() string { return time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02") }

func sendTunisianRequest(t *testing.T, a *testApp, ref string, people []string) int64 {
	t.Helper()
	status, m := a.as("officer.tn").api("POST", "/api/v1/requests", map[string]any{
		"case": ref, "to_country": "GB", "subject": "Suspects identified in the United Kingdom",
		"question": "Are these three known to you?", "priority": "urgent", "due": tomorrow(), "people": people,
	})
	if status != http.StatusCreated {
		t.Fatalf("send: %d %v", status, m)
	}
	return int64(m["id"].(float64))
}

func countRows(t *testing.T, a *testApp, q string, args ...any) int {
	t.Helper()
	var n int
	if err := a.db.Read.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRequestSentAnsweredAndClosed(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	id := sendTunisianRequest(t, a, ref, suspects)
	path := fmt.Sprintf("/api/v1/requests/%d", id)

	if n := countRows(t, a, `SELECT COUNT(*) FROM alerts WHERE kind = 'request_received' AND country_iso2 = 'GB' AND subject = ?`, fmt.Sprintf("request:%d", id)); n != 1 {
		t.Errorf("alerts to GB's officers: %d, want 1", n)
	}

	// The UK officer sees the request and its extract, and nothing more
	// of the case.
	status, m := a.as("officer.gb").api("GET", path, nil)
	if status != http.StatusOK {
		t.Fatalf("UK officer reads: %d %v", status, m)
	}
	people := m["extract"].(map[string]any)["people"].([]any)
	if len(people) != 3 {
		t.Errorf("extract holds %d people, want the 3 suspects", len(people))
	}
	if r := a.get("/cases/" + ref); r.Status != http.StatusNotFound {
		t.Errorf("the recipient opens the case itself: %d, want 404", r.Status)
	}
	if r := a.get(fmt.Sprintf("/requests/%d", id)); r.Status != http.StatusOK || !strings.Contains(r.Body, suspects[0]) ||
		strings.Contains(r.Body, "pretended language-study") {
		t.Errorf("request page for the recipient: %d, shows suspect %v, shows the case title %v", r.Status,
			strings.Contains(r.Body, suspects[0]), strings.Contains(r.Body, "pretended language-study"))
	}
	items, err := requests.WorkSource(requests.NewStore(a.db)).Waiting(ocu.WithPrincipal(context.Background(),
		ocu.Principal{Role: ocu.RoleOfficer, Country: "GB", UnitID: unitID(t, a, "SKP")}))
	if err != nil || len(items) != 1 || items[0].Kind != work.RequestToAnswer {
		t.Errorf("UK officer's work: %v %v, want one request to answer", items, err)
	}

	// Anyone else gets 404: an officer of another OCU, another country's
	// officer.
	for _, who := range []string{"officer.ph", "officer.ar"} {
		if status, _ := a.as(who).api("GET", path, nil); status != http.StatusNotFound {
			t.Errorf("%s reads the request: %d, want 404", who, status)
		}
		if r := a.get(fmt.Sprintf("/requests/%d", id)); r.Status != http.StatusNotFound {
			t.Errorf("%s opens the request page: %d, want 404", who, r.Status)
		}
		if status, _ := act(t, a, path, "answer", "x"); status != http.StatusNotFound {
			t.Errorf("%s answers: %d, want 404", who, status)
		}
	}

	// Each side takes only its own steps.
	if status, m := act(t, a.as("officer.tn"), path, "answer", "self"); status != http.StatusForbidden {
		t.Errorf("the sender answers its own request: %d %v, want 403", status, m)
	}
	if status, m := act(t, a.as("officer.gb"), path, "answer", ""); status != http.StatusUnprocessableEntity {
		t.Errorf("an empty answer: %d %v, want 422", status, m)
	}
	if status, m := act(t, a, path, "acknowledge", ""); status != http.StatusOK || m["status"] != "acknowledged" {
		t.Errorf("acknowledge: %d %v", status, m)
	}
	if status, m := act(t, a, path, "answer", "Two of them are known to us."); status != http.StatusOK || m["status"] != "answered" {
		t.Errorf("answer: %d %v", status, m)
	}
	if status, _ := act(t, a, path, "close", ""); status != http.StatusForbidden {
		t.Errorf("the recipient closes: %d, want 403", status)
	}
	if n := countRows(t, a, `SELECT COUNT(*) FROM alerts WHERE kind = 'request_answered' AND country_iso2 = 'TN'`); n != 1 {
		t.Errorf("answer alerts to TN: %d, want 1", n)
	}
	items, err = requests.WorkSource(requests.NewStore(a.db)).Waiting(ocu.WithPrincipal(context.Background(),
		ocu.Principal{Role: ocu.RoleOfficer, Country: "TN", UnitID: unitID(t, a, "DKR")}))
	if err != nil || len(items) != 1 || items[0].Kind != work.RequestAnswered {
		t.Errorf("Tunisian officer's work: %v %v, want one answered request", items, err)
	}
	status, m = a.as("officer.tn").api("GET", path, nil)
	thread := m["thread"].([]any)
	if status != http.StatusOK || len(thread) != 3 || thread[2].(map[string]any)["body"] != "Two of them are known to us." {
		t.Errorf("the sender reads the thread: %d %v", status, thread)
	}
	if status, m := act(t, a, path, "close", ""); status != http.StatusOK || m["status"] != "closed" {
		t.Errorf("close: %d %v", status, m)
	}
	if status, _ := act(t, a, path, "reply", "one more thing"); status != http.StatusConflict {
		t.Errorf("reply on a closed request: %d, want 409", status)
	}

	// Every step is on the case's history (its audit subject).
	for _, action := range []string{"request.send", "request.acknowledge", "request.answer", "request.close"} {
		if n := countRows(t, a, `SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action = ?`, "case:"+ref, action); n != 1 {
			t.Errorf("audit %s on case:%s: %d entries, want 1", action, ref, n)
		}
	}
	if r := a.as("officer.tn").get("/cases/" + ref); !strings.Contains(r.Body, "Suspects identified in the United Kingdom") {
		t.Errorf("the case page does not list its request")
	}
}

// act takes action on the request at path as the current user, at the
// version they read last.
func act(t *testing.T, a *testApp, path, action, body string) (int, map[string]any) {
	t.Helper()
	_, cur := a.api("GET", path, nil)
	v, _ := cur["version"].(float64)
	return a.api("POST", path+"/"+action, map[string]any{"body": body, "version": max(v, 1)})
}

func unitID(t *testing.T, a *testApp, code string) int64 {
	t.Helper()
	return int64(countRows(t, a, `SELECT id FROM units WHERE code = ?`, code))
}

func TestRequestRefusesWhatItCannotSend(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	var other string
	a.db.Read.Raw(`SELECT p.pseudonym FROM people p JOIN cases c ON c.id = p.case_id WHERE c.reference != ? LIMIT 1`, ref).Scan(&other)
	base := map[string]any{"case": ref, "to_country": "GB", "subject": "s", "question": "q", "priority": "urgent", "due": tomorrow(), "people": suspects}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range base {
			m[kk] = vv
		}
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
		return m
	}
	for _, c := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"no items", with("people", []string{}), "items"},
		{"another case's person", with("people", []string{other}), "people"},
		{"an absent country", with("to_country", "FR"), "to"},
		{"no recipient", with("to_country", nil), "to"},
		{"to itself", with("to_country", "TN"), "to"},
		{"a past deadline", with("due", "2024-10-01"), "due"},
		{"an unknown priority", with("priority", "whenever"), "priority"},
	} {
		status, m := a.as("officer.tn").api("POST", "/api/v1/requests", c.body)
		fields, _ := m["fields"].(map[string]any)
		if status != http.StatusUnprocessableEntity || fields[c.field] == nil {
			t.Errorf("%s: %d %v, want 422 on %s", c.name, status, m, c.field)
		}
	}
	// Who does not work the case may not ask about it: an officer of
	// another OCU does not even see it.
	if status, _ := a.as("officer.ph").api("POST", "/api/v1/requests", base); status != http.StatusNotFound {
		t.Errorf("an officer of another OCU asks about the case: %d, want 404", status)
	}
	if n := countRows(t, a, `SELECT COUNT(*) FROM requests`); n != 0 {
		t.Errorf("%d requests stored from refused input", n)
	}
}

func TestRequestDeclinedWithAReason(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	path := fmt.Sprintf("/api/v1/requests/%d", sendTunisianRequest(t, a, ref, suspects[:1]))
	if status, _ := act(t, a.as("officer.gb"), path, "decline", "  "); status != http.StatusUnprocessableEntity {
		t.Errorf("decline without a reason: %d, want 422", status)
	}
	status, m := act(t, a, path, "decline", "Not our jurisdiction.")
	if status != http.StatusOK || m["status"] != "declined" || m["decline_reason"] != "Not our jurisdiction." {
		t.Errorf("decline: %d %v", status, m)
	}
	if n := countRows(t, a, `SELECT COUNT(*) FROM alerts WHERE kind = 'request_declined' AND country_iso2 = 'TN'`); n != 1 {
		t.Errorf("decline alerts to TN: %d, want 1", n)
	}
}

func TestOverdueRequestsEscalatedOnce(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	id := sendTunisianRequest(t, a, ref, suspects)
	answered := sendTunisianRequest(t, a, ref, suspects)
	if status, _ := act(t, a.as("officer.gb"), fmt.Sprintf("/api/v1/requests/%d", answered), "answer", "done"); status != http.StatusOK {
		t.Fatal("answer")
	}
	// Both deadlines pass.
	a.db.Write.Exec(`UPDATE requests SET due_at = ?`, time.Now().UTC().Add(-time.Hour))
	s := requests.NewStore(a.db)
	for i, want := range []int{1, 0} {
		n, err := s.Escalate(context.Background())
		if err != nil || n != want {
			t.Errorf("run %d: escalated %d (%v), want %d", i+1, n, err, want)
		}
	}
	if err := run(context.Background(), []string{"requests", "escalate", "--db", a.db.Path}, func(string) string { return "" }, &strings.Builder{}, &strings.Builder{}); err != nil {
		t.Errorf("ocu requests escalate: %v", err)
	}
	// Both sides' supervisors are told, once each: Dakar's and Skopje's.
	var units []string
	a.db.Read.Raw(`SELECT u.code FROM alerts a JOIN units u ON u.id = a.unit_id WHERE a.kind = 'request_overdue' ORDER BY u.code`).Scan(&units)
	if strings.Join(units, ",") != "DKR,SKP" {
		t.Errorf("overdue alerts told to %v, want DKR and SKP once each", units)
	}
	status, m := a.as("supervisor.skp").api("GET", fmt.Sprintf("/api/v1/requests/%d", id), nil)
	if status != http.StatusOK || m["escalated_at"] == nil || m["overdue"] != true {
		t.Errorf("the receiving OCU's supervisor reads the escalated request: %d %v", status, m)
	}
	items, err := requests.WorkSource(s).Waiting(ocu.WithPrincipal(context.Background(),
		ocu.Principal{Role: ocu.RoleSupervisor, UnitID: unitID(t, a, "DKR")}))
	if err != nil || len(items) != 1 || items[0].Kind != work.RequestOverdue || !items[0].Overdue {
		t.Errorf("Dakar supervisor's work: %+v %v, want the overdue request", items, err)
	}
}

// requestFields are the inputs of a new request, for the input bounds test.
var requestFields = []string{"case", "to_country", "to_unit", "subject", "question", "priority", "due", "people", "identifiers", "seizures", "origin"}

// requestFixtures makes, as supervisor.mnl, a request about the Manila
// case to the Dakar OCU and an alert told to Manila about that case, for
// the input bounds test's /requests/:id and /requests/from-alert/:id.
func requestFixtures(t *testing.T, a *testApp, f fixtures) (string, string) {
	t.Helper()
	status, m := a.api("POST", "/api/v1/requests", map[string]any{"case": f.ref, "to_unit": "DKR", "subject": "s", "question": "q",
		"priority": "routine", "due": tomorrow(), "people": []string{f.pseudonym}})
	if status != http.StatusCreated {
		t.Fatalf("request: %d %v", status, m)
	}
	if err := a.db.Write.Exec(`INSERT INTO alerts (unit_id, kind, subject, created_at) SELECT id, 'check_hit', ?, datetime('now') FROM units WHERE code = 'MNL'`,
		"case:"+f.ref).Error; err != nil {
		t.Fatal(err)
	}
	var alert int64
	a.db.Read.Raw(`SELECT MAX(id) FROM alerts WHERE kind = 'check_hit'`).Scan(&alert)
	return fmt.Sprint(int64(m["id"].(float64))), fmt.Sprint(alert)
}

func TestRequestStartedFromAConfirmedMatchOrAnAlert(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	// A confirmed match between a Tunisian suspect and the UK's located
	// man.
	var tn, gb int64
	a.db.Read.Raw(`SELECT id FROM people WHERE pseudonym = ?`, suspects[0]).Scan(&tn)
	a.db.Read.Raw(`SELECT p.id FROM people p JOIN cases c ON c.id = p.case_id WHERE c.raising_country = 'GB' AND p.outcome = 'suspect' LIMIT 1`).Scan(&gb)
	lo, hi := min(tn, gb), max(tn, gb)
	for _, status := range []string{"open", "confirmed"} {
		a.db.Write.Exec(`DELETE FROM matches`)
		decided := "NULL"
		if status == "confirmed" {
			decided = "datetime('now')"
		}
		if err := a.db.Write.Exec(`INSERT INTO matches (id, person_a, person_b, score, status, decided_at, created_at, updated_at)
			VALUES (77, ?, ?, 90, ?, `+decided+`, datetime('now'), datetime('now'))`, lo, hi, status).Error; err != nil {
			t.Fatal(err)
		}
		r := a.as("officer.tn").get("/requests/from-match/77")
		if status == "open" {
			if r.Status != http.StatusConflict {
				t.Errorf("from an open match: %d, want 409", r.Status)
			}
			continue
		}
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/cases/"+ref+"/requests/new?") ||
			!strings.Contains(r.Location, "to_country=GB") || !strings.Contains(r.Location, "people="+suspects[0]) || !strings.Contains(r.Location, "origin=match%3A77") {
			t.Fatalf("from a confirmed match: %d to %s", r.Status, r.Location)
		}
		if form := a.get(r.Location); form.Status != http.StatusOK || !strings.Contains(form.Body, `value="`+suspects[0]+`" checked`) {
			t.Errorf("the prefilled form: %d, suspect ticked %v", form.Status, strings.Contains(form.Body, `value="`+suspects[0]+`" checked`))
		}
	}
	if r := a.as("officer.ph").get("/requests/from-match/77"); r.Status != http.StatusNotFound {
		t.Errorf("from a match of cases the reader does not work: %d, want 404", r.Status)
	}

	// An alert told to Tunisia about one of its suspects.
	if err := a.db.Write.Exec(`INSERT INTO alerts (id, country_iso2, kind, subject, details, created_at)
		VALUES (88, 'TN', 'notice_located', ?, '{"issuing_country":"GB"}', datetime('now'))`, "person:"+suspects[1]).Error; err != nil {
		t.Fatal(err)
	}
	r := a.as("officer.tn").get("/requests/from-alert/88")
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "to_country=GB") || !strings.Contains(r.Location, "people="+suspects[1]) {
		t.Errorf("from an alert: %d to %s", r.Status, r.Location)
	}
	if r := a.as("officer.gb").get("/requests/from-alert/88"); r.Status != http.StatusNotFound {
		t.Errorf("from an alert not told to the reader: %d, want 404", r.Status)
	}
}

func TestRequestActionOnAStaleCopyRefused(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	path := fmt.Sprintf("/api/v1/requests/%d", sendTunisianRequest(t, a, ref, suspects))
	if status, _ := act(t, a.as("officer.gb"), path, "acknowledge", ""); status != http.StatusOK {
		t.Fatal("acknowledge")
	}
	if status, m := a.api("POST", path+"/answer", map[string]any{"body": "on the version read before", "version": 1}); status != http.StatusConflict {
		t.Errorf("an answer on a stale copy: %d %v, want 409", status, m)
	}
	if status, m := a.api("POST", path+"/answer", map[string]any{"body": "no version"}); status != http.StatusUnprocessableEntity {
		t.Errorf("an answer without a version: %d %v, want 422", status, m)
	}
}
