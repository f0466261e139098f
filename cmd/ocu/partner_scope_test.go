package main

import (
	"net/http"
	"slices"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
)

// TestPartnerScopeAgreement checks that access.go's two forms of the case
// scope agree once partners exist: for every kind of principal, the cases
// its SQL selects are exactly those Sees accepts given each case's shares
// and partners (Reaches), and the case API answers 200 for exactly those.
func TestPartnerScopeAgreement(t *testing.T) {
	a := newTestApp(t)
	addUser(t, a, accounts.UserInput{Username: "officer.cl", Role: ocu.RoleOfficer, Unit: "BUE", Country: "CL"})
	mnl := a.as("officer.ph").newCase("Partnered with Argentina")
	if st, m := a.api("POST", "/api/v1/cases/"+mnl+"/partners", map[string]any{"country": "AR"}); st != http.StatusOK {
		t.Fatalf("partner AR: %d %v", st, m)
	}
	dkr := caseOf(t, a, "DKR")
	if st, m := a.as("supervisor.dkr").api("POST", "/api/v1/cases/"+dkr+"/partners", map[string]any{"country": "TH"}); st != http.StatusOK {
		t.Fatalf("partner TH: %d %v", st, m)
	}
	if st, m := a.api("POST", "/api/v1/cases/"+dkr+"/shares", map[string]any{"unit": "BUE"}); st != http.StatusOK {
		t.Fatalf("share: %d %v", st, m)
	}

	type row struct {
		ID        int64
		Reference string
		UnitID    int64
	}
	var cases []row
	a.db.Read.Raw("SELECT id, reference, unit_id FROM cases ORDER BY id").Scan(&cases)
	shares, partners := map[int64][]int64{}, map[int64][]string{}
	var sr []struct {
		CaseID, UnitID int64
	}
	a.db.Read.Raw("SELECT case_id, unit_id FROM case_shares").Scan(&sr)
	for _, s := range sr {
		shares[s.CaseID] = append(shares[s.CaseID], s.UnitID)
	}
	var pr []struct {
		CaseID      int64
		CountryISO2 string
	}
	a.db.Read.Raw("SELECT case_id, country_iso2 FROM case_partners").Scan(&pr)
	for _, p := range pr {
		partners[p.CaseID] = append(partners[p.CaseID], p.CountryISO2)
	}

	for _, u := range []string{"officer.ph", "officer.th", "officer.ar", "officer.cl", "supervisor.mnl", "supervisor.dkr", "coordinator"} {
		var p struct {
			ID      int64
			Role    string
			UnitID  int64
			Country string
		}
		a.db.Read.Raw("SELECT id, role, COALESCE(unit_id, 0) AS unit_id, COALESCE(country_iso2, '') AS country FROM users WHERE username = ?", u).Scan(&p)
		scope := ocu.Principal{UserID: p.ID, Role: p.Role, UnitID: p.UnitID, Country: p.Country}.Cases()
		where, args := scope.SQL("c")
		var bySQL []string
		a.db.Read.Raw("SELECT c.reference FROM cases c WHERE "+where+" ORDER BY c.id", args...).Scan(&bySQL)
		var byGo []string
		for _, c := range cases {
			if scope.Sees(c.UnitID, scope.Reaches(shares[c.ID], partners[c.ID])) {
				byGo = append(byGo, c.Reference)
			}
		}
		if !slices.Equal(bySQL, byGo) {
			t.Errorf("%s: SQL sees %d cases, Go %d", u, len(bySQL), len(byGo))
		}
		for _, ref := range []string{mnl, dkr} {
			st, _ := a.as(u).api("GET", "/api/v1/cases/"+ref, nil)
			if want := slices.Contains(bySQL, ref); (st == http.StatusOK) != want {
				t.Errorf("%s reads %s: %d, scope says %v", u, ref, st, want)
			}
		}
	}
	// The fixture holds what the rule is about: Thailand's officer (of
	// Manila) reaches the Dakar case only through its partnership.
	if st, _ := a.as("officer.th").api("GET", "/api/v1/cases/"+dkr, nil); st != http.StatusOK || !slices.Contains(partners[mustID(t, a, dkr)], "TH") {
		t.Errorf("officer.th and the Dakar case partnered with TH: %d", st)
	}
}

func mustID(t *testing.T, a *testApp, ref string) int64 {
	t.Helper()
	var id int64
	a.db.Read.Raw("SELECT id FROM cases WHERE reference = ?", ref).Scan(&id)
	if id == 0 {
		t.Fatalf("no case %s", ref)
	}
	return id
}
