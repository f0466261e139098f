package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
	"github.com/ocu-project/ocu/accounts"
	"github.com/ocu-project/ocu/units"
)

// matchingUsers are the officers and supervisors of Dakar and Skopje the
// disclosure tests act as.
var matchingUsers = []accounts.UserInput{
	{Username: "officer.sn", Role: ocu.RoleOfficer, Unit: "DKR", Country: "SN"},
	{Username: "officer.mk", Role: ocu.RoleOfficer, Unit: "SKP", Country: "MK"},
	{Username: "supervisor.skp", Role: ocu.RoleSupervisor, Unit: "SKP"},
	{Username: "coordinator.m", Role: ocu.RoleCoordinator},
}

// twoSuspects records the same man in a Skopje case (in Cyrillic) and in a
// Dakar case (in Latin letters), each by their own officer through the
// API, and returns the pseudonyms and case references.
func twoSuspects(t *testing.T, a *testApp) (skpPerson, skpCase, dkrPerson, dkrCase string) {
	t.Helper()
	ctx := ocu.SystemContext(context.Background())
	as := accounts.NewStore(a.db, units.NewStore(a.db))
	for _, u := range matchingUsers {
		if _, err := as.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatalf("user %s: %v", u.Username, err)
		}
	}
	add := func(user, country, place, name string) (string, string) {
		a.as(user)
		status, m := a.api("POST", "/api/v1/cases", map[string]any{
			"operation": "LIB2", "raising_country": country, "title": "Smuggling route", "place": place, "country": country,
			"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"},
		})
		if status != http.StatusCreated {
			t.Fatalf("create as %s: %d %v", user, status, m)
		}
		ref := m["reference"].(string)
		status, m = a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{
			"outcome": "suspect", "name": name, "birth_date": "1984-03-02", "nationality": "SY",
		})
		if status != http.StatusCreated {
			t.Fatalf("add suspect as %s: %d %v", user, status, m)
		}
		return m["pseudonym"].(string), ref
	}
	skpPerson, skpCase = add("officer.mk", "MK", "Gevgelija", "Мухаммед Аль-Хасан")
	dkrPerson, dkrCase = add("officer.sn", "SN", "Rosso", "Mohammed Al-Hassan")
	return
}

// A Dakar officer learns only that a possible match exists in Skopje, on
// what kind of evidence, through every page and API matching adds: never
// the Skopje record's pseudonym, case, name, date of birth or nationality.
func TestMatchDisclosureDakarLearnsOnlyThatSkopjeHasAMatch(t *testing.T) {
	a := newTestApp(t)
	skpPerson, skpCase, dkrPerson, dkrCase := twoSuspects(t, a)
	var id int64
	a.db.Read.Raw("SELECT id FROM matches").Scan(&id)
	if id == 0 {
		t.Fatal("saving the Dakar suspect recorded no match with the Skopje one")
	}
	secrets := []string{skpPerson, skpCase, "Мухаммед", "Хасан", "Аль"}
	mid := fmt.Sprint(id)

	a.as("officer.sn")
	pages := map[string]string{
		"/matches":                                 "",
		"/matches?status=open":                     "",
		"/people/" + dkrPerson:                     "",
		"/cases/" + dkrCase:                        "",
		"/api/v1/matches":                          "",
		"/api/v1/matches/" + mid:                   "",
		"/api/v1/people/" + dkrPerson + "/matches": "",
		"/api/v1/matches?status=open":              "",
	}
	for path := range pages {
		r := a.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s as the Dakar officer: %d", path, r.Status)
		}
		for _, s := range secrets {
			if strings.Contains(r.Body, s) {
				t.Errorf("GET %s shows the Dakar officer %q of the Skopje record", path, s)
			}
		}
		if !strings.Contains(r.Body, "SKP") || !strings.Contains(r.Body, "Skopje") || !strings.Contains(r.Body, "MK") {
			t.Errorf("GET %s does not say the match is held by Skopje OCU, MK: %.400s", path, r.Body)
		}
		if !strings.Contains(r.Body, "birth_date") && !strings.Contains(r.Body, "date of birth") {
			t.Errorf("GET %s does not say the evidence includes the date of birth", path)
		}
		if strings.Contains(r.Body, "name_transliterated") {
			t.Errorf("GET %s gives reason codes about a record out of scope", path)
		}
	}
	// The Skopje record itself does not exist for the Dakar officer.
	for _, path := range []string{"/people/" + skpPerson, "/api/v1/people/" + skpPerson + "/matches", "/cases/" + skpCase} {
		if r := a.get(path); r.Status != http.StatusNotFound {
			t.Errorf("GET %s as the Dakar officer: %d, want 404", path, r.Status)
		}
	}
	// An officer does not decide.
	if status, _ := a.api("POST", "/api/v1/matches/"+mid+"/confirm", nil); status != http.StatusForbidden {
		t.Errorf("an officer confirming: %d, want 403", status)
	}
	// An OCU that sees neither side does not learn the match exists.
	a.as("officer.ar")
	if status, _ := a.api("GET", "/api/v1/matches/"+mid, nil); status != http.StatusNotFound {
		t.Errorf("Buenos Aires officer reading the match: %d, want 404", status)
	}
	if r := a.get("/matches"); strings.Contains(r.Body, "match-"+mid) {
		t.Error("the Buenos Aires officer's review list shows the Dakar–Skopje match")
	}
}

// A supervisor of Skopje confirms; both OCUs are told; each side then sees
// the link within its own scope, and a coordinator sees both records.
func TestMatchConfirmedBySupervisorVisibleToBothSides(t *testing.T) {
	a := newTestApp(t)
	skpPerson, skpCase, dkrPerson, dkrCase := twoSuspects(t, a)
	var id int64
	a.db.Read.Raw("SELECT id FROM matches").Scan(&id)
	mid := fmt.Sprint(id)
	var told int64
	a.db.Read.Raw("SELECT COUNT(DISTINCT unit_id) FROM alerts WHERE kind = 'match_found' AND subject = ?", "match:"+mid).Scan(&told)
	if told != 2 {
		t.Errorf("match found told %d OCUs, want Dakar and Skopje", told)
	}

	a.as("supervisor.skp")
	r := a.get("/matches")
	if !strings.Contains(r.Body, skpPerson) || strings.Contains(r.Body, dkrPerson) || !strings.Contains(r.Body, "Dakar") {
		t.Errorf("Skopje supervisor's list: own side named, Dakar's only as an OCU: %.600s", r.Body)
	}
	if !strings.Contains(r.Body, "/matches/"+mid+"/confirm") {
		t.Error("Skopje supervisor's list offers no confirmation")
	}
	if r := a.postForm("/matches/"+mid+"/confirm", csrfValues(t, a, "/matches")); r.Status != http.StatusSeeOther {
		t.Fatalf("confirm: %d %.300s", r.Status, r.Body)
	}
	var status string
	a.db.Read.Raw("SELECT status FROM matches WHERE id = ?", id).Scan(&status)
	if status != "confirmed" {
		t.Fatalf("status %q after confirmation", status)
	}
	a.db.Read.Raw("SELECT COUNT(DISTINCT unit_id) FROM alerts WHERE kind = 'match_confirmed' AND subject = ?", "match:"+mid).Scan(&told)
	if told != 2 {
		t.Errorf("confirmation told %d OCUs, want 2", told)
	}
	var audited int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'match.confirm' AND subject = ?", "match:"+mid).Scan(&audited)
	if audited != 1 {
		t.Errorf("%d audit entries for the confirmation", audited)
	}
	if st, _ := a.api("POST", "/api/v1/matches/"+mid+"/dismiss", nil); st != http.StatusConflict {
		t.Errorf("dismissing a decided match: %d, want 409", st)
	}

	// Dakar's officer sees the link on their person's page, still without
	// Skopje's data.
	a.as("officer.sn")
	r = a.get("/people/" + dkrPerson)
	if !strings.Contains(r.Body, "Confirmed: the same person") || !strings.Contains(r.Body, "Skopje") {
		t.Errorf("Dakar person page after confirmation: %.600s", r.Body)
	}
	for _, s := range []string{skpPerson, skpCase, "Хасан"} {
		if strings.Contains(r.Body, s) {
			t.Errorf("Dakar person page shows %q after confirmation", s)
		}
	}
	// Skopje's side too.
	a.as("officer.mk")
	if r := a.get("/people/" + skpPerson); !strings.Contains(r.Body, "Confirmed: the same person") || strings.Contains(r.Body, dkrPerson) {
		t.Errorf("Skopje person page after confirmation: %.600s", r.Body)
	}
	// A coordinator sees every case: both records, with the reasons.
	a.as("coordinator.m")
	st, m := a.api("GET", "/api/v1/matches/"+mid, nil)
	if st != http.StatusOK {
		t.Fatalf("coordinator: %d", st)
	}
	sa, sb := m["a"].(map[string]any), m["b"].(map[string]any)
	got := []any{sa["pseudonym"], sb["pseudonym"]}
	if !(got[0] == skpPerson && got[1] == dkrPerson) && !(got[0] == dkrPerson && got[1] == skpPerson) {
		t.Errorf("coordinator sees sides %v, want both", got)
	}
	if m["reasons"] == nil || m["may_decide"] != false {
		t.Errorf("coordinator: reasons %v, may_decide %v", m["reasons"], m["may_decide"])
	}
	_ = dkrCase
}

// csrfValues reads the CSRF token from a page the user sees.
func csrfValues(t *testing.T, a *testApp, path string) map[string][]string {
	t.Helper()
	body := a.get(path).Body
	const marker = `name="_csrf" value="`
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("no CSRF field on %s", path)
	}
	rest := body[i+len(marker):]
	return map[string][]string{"_csrf": {rest[:strings.Index(rest, `"`)]}}
}

// Editing a person runs matching again (cases.UpdatePerson calls
// matching.Reindex): a new date of birth that contradicts the other record
// withdraws the open match.
func TestMatchWithdrawnWhenPersonEdited(t *testing.T) {
	a := newTestApp(t)
	_, _, dkrPerson, _ := twoSuspects(t, a)
	var n int64
	if a.db.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n); n != 1 {
		t.Fatalf("%d matches before the edit", n)
	}
	a.as("officer.sn")
	st, m := a.api("PATCH", "/api/v1/people/"+dkrPerson, map[string]any{
		"version": 1, "outcome": "suspect", "name": "Mohammed Al-Hassan", "birth_date": "1991-07-15", "nationality": "SY",
	})
	if st != http.StatusOK {
		t.Fatalf("edit: %d %v", st, m)
	}
	if a.db.Read.Raw("SELECT COUNT(*) FROM matches").Scan(&n); n != 0 {
		t.Errorf("%d matches after the date of birth changed, want the open one withdrawn", n)
	}
}
