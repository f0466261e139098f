package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/units"
)

// addUser creates one more account in a's database, for tests that need a
// role helpers_test.go's users do not cover.
func addUser(t *testing.T, a *testApp, u accounts.UserInput) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	if _, err := accounts.NewStore(a.db, units.NewStore(a.db)).CreateUser(ctx, u, testPassword); err != nil {
		t.Fatalf("user %s: %v", u.Username, err)
	}
}

// TestPartnerCountryContributes: a Philippine case of Manila with Argentina
// as partner is seen by Argentina's officer (Buenos Aires), who adds people,
// screens them and records a seizure through HTTP, but changes neither its
// details nor its status nor its partners; Chile's officer, also of Buenos
// Aires but not a partner, does not see it at all; ending the partnership
// ends Argentina's access. Each partnership is on the case's timeline and
// in the audit trail.
func TestPartnerCountryContributes(t *testing.T) {
	a := newTestApp(t)
	addUser(t, a, accounts.UserInput{Username: "officer.cl", Role: ocu.RoleOfficer, Unit: "BUE", Country: "CL"})
	ref := a.as("officer.ph").newCase("Joint raid with Argentina")
	base := "/api/v1/cases/" + ref

	// Before any partnership, Argentina's officer does not see the case.
	if st, _ := a.as("officer.ar").api("GET", base, nil); st != http.StatusNotFound {
		t.Fatalf("before partnership: officer.ar reads the case: %d", st)
	}
	// Only the raising country's officers and the OCU's supervisors choose
	// partners: Thailand's officer of the same OCU may not.
	if st, m := a.as("officer.th").api("POST", base+"/partners", map[string]any{"country": "AR"}); st != http.StatusForbidden {
		t.Fatalf("officer.th adds a partner: %d %v", st, m)
	}
	if st, m := a.as("officer.ph").api("POST", base+"/partners", map[string]any{"country": "PH"}); st != http.StatusUnprocessableEntity {
		t.Fatalf("the raising country as its own partner: %d %v", st, m)
	}
	if st, m := a.as("officer.ph").api("POST", base+"/partners", map[string]any{"country": "AR"}); st != http.StatusOK {
		t.Fatalf("officer.ph adds AR: %d %v", st, m)
	}

	ar := a.as("officer.ar")
	if r := ar.get("/cases/" + ref); r.Status != http.StatusOK || !strings.Contains(r.Body, "Joint raid with Argentina") {
		t.Fatalf("partner's officer reads the case page: %d", r.Status)
	} else if !strings.Contains(r.Body, "Argentina is a partner of this case") || strings.Contains(r.Body, "You can read this case but not change it") {
		t.Errorf("the case page does not tell the partner's officer what they may do")
	}
	if st, m := ar.api("GET", "/api/v1/cases?q=Joint+raid", nil); st != http.StatusOK || !strings.Contains(toJSON(t, m), ref) {
		t.Errorf("the partner's case list lacks %s: %d %v", ref, st, m)
	}
	// Contributes: a suspect with a name, bulk people, screening, a seizure.
	st, m := ar.api("POST", base+"/people", map[string]any{"outcome": "suspect", "name": "Partner Suspect", "sex": "male"})
	if st != http.StatusCreated {
		t.Fatalf("partner adds a suspect: %d %v", st, m)
	}
	suspect := m["pseudonym"].(string)
	if st, m := ar.api("GET", "/api/v1/people/"+suspect, nil); st != http.StatusOK || m["name"] != "Partner Suspect" {
		t.Errorf("partner reads the suspect's name: %d %v", st, m)
	}
	if st, m := ar.api("POST", base+"/people/bulk", map[string]any{"count": 2, "nationality": "PY", "age_band": "adult_unknown"}); st != http.StatusCreated {
		t.Fatalf("partner bulk-adds: %d %v", st, m)
	}
	if st, m := ar.api("POST", base+"/people/screen", map[string]any{"all_unscreened": true, "outcome": "potential_victim",
		"exploitation": "forced_labour"}); st != http.StatusOK {
		t.Fatalf("partner screens: %d %v", st, m)
	}
	if st, m := ar.api("POST", base+"/seizures", map[string]any{"kind": "drugs", "quantity": 2, "unit": "kg"}); st != http.StatusCreated {
		t.Fatalf("partner records a seizure: %d %v", st, m)
	}
	if r := ar.get("/cases/" + ref + "/people/new"); r.Status != http.StatusOK {
		t.Errorf("partner opens the add-person form: %d", r.Status)
	}
	// Does not change the case's details, status or partners.
	if st, m := ar.api("PATCH", base, map[string]any{"version": 1, "title": "Taken over"}); st != http.StatusForbidden {
		t.Errorf("partner edits the case: %d %v", st, m)
	}
	if st, m := ar.api("POST", base+"/transitions", map[string]any{"to": "screening"}); st != http.StatusForbidden {
		t.Errorf("partner moves the case: %d %v", st, m)
	}
	if st, m := ar.api("POST", base+"/partners", map[string]any{"country": "CL"}); st != http.StatusForbidden {
		t.Errorf("partner adds another partner: %d %v", st, m)
	}

	// Not a partner: Chile's officer of the same OCU as Argentina's.
	cl := a.as("officer.cl")
	if r := cl.get("/cases/" + ref); r.Status != http.StatusNotFound {
		t.Errorf("non-partner reads the case page: %d", r.Status)
	}
	if st, _ := cl.api("POST", base+"/people", map[string]any{"outcome": "suspect"}); st != http.StatusNotFound {
		t.Errorf("non-partner adds a person: %d", st)
	}
	if st, _ := cl.api("GET", "/api/v1/people/"+suspect, nil); st != http.StatusNotFound {
		t.Errorf("non-partner reads the partner's suspect: %d", st)
	}
	if st, m := cl.api("GET", "/api/v1/cases?q=Joint+raid", nil); st != http.StatusOK || strings.Contains(toJSON(t, m), ref) {
		t.Errorf("non-partner's case list holds %s: %d", ref, st)
	}

	// The timeline and the trail record the partnership.
	if r := a.as("officer.ph").get("/cases/" + ref + "?history=all"); !strings.Contains(r.Body, "made AR a partner country") {
		t.Errorf("the timeline lacks the partnership")
	}
	r := a.as("supervisor.mnl").postForm("/cases/"+ref+"/partners/AR/delete", url.Values{})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("supervisor ends the partnership: %d %s", r.Status, r.Body)
	}
	if st, _ := a.as("officer.ar").api("GET", base, nil); st != http.StatusNotFound {
		t.Errorf("after the partnership: officer.ar still reads the case: %d", st)
	}
	var n int64
	a.db.Read.Raw(`SELECT COUNT(*) FROM audit_log WHERE subject = ? AND action IN ('case.partner_add', 'case.partner_remove')`,
		"case:"+ref).Scan(&n)
	if n != 2 {
		t.Errorf("audit entries for the partnership: %d, want 2", n)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
