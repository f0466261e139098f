package main

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/cases"
	"github.com/ocu-project/ocu/work"
)

// figuresOf is what the dashboards count for an OCU: cases, people and
// forms, from the tables the triggers keep.
func figuresOf(t *testing.T, a *testApp, unit string) [3]int {
	id := unitID(t, a, unit)
	return [3]int{
		countRows(t, a, `SELECT COALESCE(SUM(cases), 0) FROM case_rollup WHERE unit_id = ?`, id),
		countRows(t, a, `SELECT COALESCE(SUM(n), 0) FROM people_tallies WHERE unit_id = ?`, id),
		countRows(t, a, `SELECT COALESCE(SUM(n), 0) FROM form_tallies WHERE unit_id = ?`, id),
	}
}

func TestTransferRejectedThenAccepted(t *testing.T) {
	a := newRequestsApp(t)
	ref, _ := tunisianCase(t, a)
	propose := func(who string) (int, map[string]any) {
		return a.as(who).api("POST", "/api/v1/cases/"+ref+"/transfers", map[string]any{"to_unit": "SKP", "reason": "Tunisia now reports to Skopje."})
	}
	if status, _ := propose("officer.tn"); status != http.StatusForbidden {
		t.Errorf("an officer proposes: %d, want 403", status)
	}
	if status, _ := propose("supervisor.mnl"); status != http.StatusNotFound {
		t.Errorf("another OCU's supervisor proposes: %d, want 404", status)
	}
	if status, m := a.as("supervisor.dkr").api("POST", "/api/v1/cases/"+ref+"/transfers", map[string]any{"to_unit": "DKR", "reason": "x"}); status != http.StatusUnprocessableEntity {
		t.Errorf("to its own OCU: %d %v, want 422", status, m)
	}
	status, m := propose("supervisor.dkr")
	if status != http.StatusCreated || m["status"] != "proposed" {
		t.Fatalf("propose: %d %v", status, m)
	}
	if status, _ := propose("supervisor.dkr"); status != http.StatusConflict {
		t.Errorf("a second proposal while one is open: %d, want 409", status)
	}
	path := fmt.Sprintf("/api/v1/transfers/%d", int64(m["id"].(float64)))
	skp := ocu.WithPrincipal(context.Background(), ocu.Principal{Role: ocu.RoleSupervisor, UnitID: unitID(t, a, "SKP")})
	if items, err := cases.TransferWork(cases.NewStore(a.db, nil)).Waiting(skp); err != nil || len(items) != 1 || items[0].Kind != work.TransferToDecide {
		t.Errorf("Skopje's supervisor's work: %v %v, want the move to decide", items, err)
	}
	for _, who := range []string{"officer.ph", "supervisor.mnl"} {
		if status, _ := a.as(who).api("GET", path, nil); status != http.StatusNotFound {
			t.Errorf("%s reads the proposal: %d, want 404", who, status)
		}
		if status, _ := a.api("POST", path+"/accept", map[string]any{"reason": "x"}); status != http.StatusNotFound {
			t.Errorf("%s accepts: %d, want 404", who, status)
		}
	}
	if status, _ := a.as("supervisor.dkr").api("POST", path+"/accept", map[string]any{"reason": "x"}); status != http.StatusForbidden {
		t.Errorf("the proposing OCU accepts its own proposal: %d, want 403", status)
	}
	if status, _ := a.as("supervisor.skp").api("GET", path, nil); status != http.StatusOK {
		t.Errorf("the receiving supervisor reads the proposal: %d", status)
	}
	if status, _ := a.api("POST", path+"/reject", map[string]any{"reason": " "}); status != http.StatusUnprocessableEntity {
		t.Errorf("reject without a reason: %d, want 422", status)
	}
	before := [2][3]int{figuresOf(t, a, "DKR"), figuresOf(t, a, "SKP")}
	if status, m := a.api("POST", path+"/reject", map[string]any{"reason": "Tunisia still reports to Dakar this week."}); status != http.StatusOK || m["status"] != "rejected" {
		t.Errorf("reject: %d %v", status, m)
	}
	if r := a.as("supervisor.dkr").get("/cases/" + ref); r.Status != http.StatusOK {
		t.Errorf("after rejection Dakar still holds the case: %d", r.Status)
	}
	if n := countRows(t, a, `SELECT COUNT(*) FROM alerts WHERE kind = 'transfer_decided' AND subject = ?`, "case:"+ref); n != 2 {
		t.Errorf("rejection told to %d OCUs, want both", n)
	}

	status, m = propose("supervisor.dkr")
	if status != http.StatusCreated {
		t.Fatalf("propose again: %d %v", status, m)
	}
	path = fmt.Sprintf("/api/v1/transfers/%d", int64(m["id"].(float64)))
	var moved struct{ People, Forms int }
	a.db.Read.Raw(`SELECT people_count AS people, (SELECT COUNT(*) FROM case_forms f WHERE f.case_id = c.id) AS forms FROM cases c WHERE reference = ?`, ref).Scan(&moved)
	if status, m := a.as("supervisor.skp").api("POST", path+"/accept", map[string]any{"reason": "Agreed."}); status != http.StatusOK || m["status"] != "accepted" {
		t.Fatalf("accept: %d %v", status, m)
	}
	// The case, its people and its figures moved; its reference did not.
	if r := a.get("/cases/" + ref); r.Status != http.StatusOK {
		t.Errorf("Skopje's supervisor opens the moved case: %d", r.Status)
	}
	if r := a.as("supervisor.dkr").get("/cases/" + ref); r.Status != http.StatusNotFound {
		t.Errorf("Dakar's supervisor after the move: %d, want 404", r.Status)
	}
	skpID := unitID(t, a, "SKP")
	if n := countRows(t, a, `SELECT COUNT(*) FROM people p JOIN cases c ON c.id = p.case_id WHERE c.reference = ? AND p.unit_id != ?`, ref, skpID); n != 0 {
		t.Errorf("%d people left behind", n)
	}
	after := [2][3]int{figuresOf(t, a, "DKR"), figuresOf(t, a, "SKP")}
	want := [2][3]int{{before[0][0] - 1, before[0][1] - moved.People, before[0][2] - moved.Forms}, {before[1][0] + 1, before[1][1] + moved.People, before[1][2] + moved.Forms}}
	if after != want {
		t.Errorf("figures (cases, people, forms) DKR, SKP: %v, want %v (before %v)", after, want, before)
	}
	for _, action := range []string{"case.transfer_propose", "case.transfer_reject", "case.transfer_accept"} {
		if n := countRows(t, a, `SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action = ?`, "case:"+ref, action); n == 0 {
			t.Errorf("no audit entry %s", action)
		}
	}
	if items, err := cases.TransferWork(cases.NewStore(a.db, nil)).Waiting(skp); err != nil || len(items) != 0 {
		t.Errorf("Skopje's work after deciding: %v %v, want nothing", items, err)
	}
	if status, _ := a.as("supervisor.skp").api("POST", path+"/reject", map[string]any{"reason": "changed my mind"}); status != http.StatusConflict {
		t.Errorf("deciding twice: %d, want 409", status)
	}
}

// transferFixture proposes, as Dakar's supervisor, to move a Dakar case to
// Manila, for the input bounds test's /transfers/:id (read and decided by
// supervisor.mnl), and signs back in as supervisor.mnl.
func transferFixture(t *testing.T, a *testApp) string {
	t.Helper()
	var ref string
	a.db.Read.Raw(`SELECT c.reference FROM cases c JOIN units u ON u.id = c.unit_id WHERE u.code = 'DKR' ORDER BY c.id LIMIT 1`).Scan(&ref)
	status, m := a.as("supervisor.dkr").api("POST", "/api/v1/cases/"+ref+"/transfers", map[string]any{"to_unit": "MNL", "reason": "fixture"})
	if status != http.StatusCreated {
		t.Fatalf("transfer: %d %v", status, m)
	}
	a.as("supervisor.mnl")
	return fmt.Sprint(int64(m["id"].(float64)))
}
