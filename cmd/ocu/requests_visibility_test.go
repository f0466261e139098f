package main

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/requests"
	"github.com/ocu-project/ocu/units"
)

// TestRequestVisibilityAgrees checks that the SQL form of who sees a
// request (RequestsSQL, which every list and read uses) and its Go form
// (SeesRequest) agree for every role, on requests to a country and to an
// OCU.
func TestRequestVisibilityAgrees(t *testing.T) {
	a := newRequestsApp(t)
	ref, suspects := tunisianCase(t, a)
	sendTunisianRequest(t, a, ref, suspects)
	status, m := a.as("supervisor.mnl").api("POST", "/api/v1/requests", map[string]any{"case": mnlCase, "to_unit": "DKR", "subject": "s",
		"question": "q", "priority": "routine", "due": tomorrow(), "people": []string{mnlCase + "-P001"}})
	if status != http.StatusCreated {
		t.Fatalf("request to an OCU: %d %v", status, m)
	}
	var all []struct {
		ID, CaseID, UnitID, ToUnit int64
		ToCountry                  *string
	}
	a.db.Read.Raw(`SELECT r.id, r.case_id, c.unit_id, r.to_unit, r.to_country FROM requests r JOIN cases c ON c.id = r.case_id ORDER BY r.id`).Scan(&all)
	s := requests.NewStore(a.db)
	us := units.NewStore(a.db)
	as := accounts.NewStore(a.db, us)
	users := append(slices.Clone(testUsers), requestUsers...)
	for _, u := range users {
		user, err := as.User(ocu.SystemContext(context.Background()), u.Username)
		if err != nil {
			t.Fatal(err)
		}
		p := user.Principal("127.0.0.1")
		ctx := ocu.WithPrincipal(context.Background(), p)
		list, err := s.List(ctx, requests.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var bySQL, byGo []int64
		for _, r := range list {
			bySQL = append(bySQL, r.ID)
		}
		for _, r := range all {
			cond, args := p.Cases().SQL("c")
			var seen int
			a.db.Read.Raw(`SELECT COUNT(*) FROM cases c WHERE c.id = ? AND `+cond, append([]any{r.CaseID}, args...)...).Scan(&seen)
			country := ""
			if r.ToCountry != nil {
				country = *r.ToCountry
			}
			if p.SeesRequest(seen > 0, r.ToUnit, country) {
				byGo = append(byGo, r.ID)
			}
		}
		slices.Sort(bySQL)
		if fmt.Sprint(bySQL) != fmt.Sprint(byGo) {
			t.Errorf("%s (%s): SQL sees %v, Go sees %v", u.Username, u.Role, bySQL, byGo)
		}
		if u.Username == "supervisor.dkr" && len(bySQL) != 2 {
			t.Errorf("Dakar's supervisor sees %v, want both: its case's request and the one sent to Dakar", bySQL)
		}
		if u.Username == "officer.ar" && len(bySQL) != 0 {
			t.Errorf("an officer of an OCU concerned by neither request sees %v", bySQL)
		}
	}
}
