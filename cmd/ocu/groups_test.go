package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// addSuspect adds a suspect to ref through the API as the current user
// and returns its pseudonym.
func addSuspect(t *testing.T, a *testApp, ref string, arrested bool) string {
	t.Helper()
	body := map[string]any{"outcome": "suspect", "sex": "male", "nationality": "PH"}
	if arrested {
		body["arrested"], body["arrested_at"], body["charges"] = true, "2024-10-02T10:00", []string{"human_trafficking"}
	}
	st, m := a.api("POST", "/api/v1/cases/"+ref+"/people", body)
	if st != http.StatusCreated {
		t.Fatalf("add suspect to %s: %d %v", ref, st, m)
	}
	return m["pseudonym"].(string)
}

// shareIdentifier inserts a phone number on a person straight into
// person_identifiers (the identifier forms belong to another part of ocu).
func shareIdentifier(t *testing.T, a *testApp, pseudonym, normalized string) {
	t.Helper()
	err := a.db.Write.Exec(`INSERT INTO person_identifiers (person_id, case_id, unit_id, kind, country, value, normalized, added_by, created_at)
		SELECT id, case_id, unit_id, 'phone', '', ?, ?, 'test', ? FROM people WHERE pseudonym = ?`,
		normalized, normalized, time.Now().UTC(), pseudonym).Error
	if err != nil {
		t.Fatalf("identifier on %s: %v", pseudonym, err)
	}
}

// TestCriminalGroupAcrossOCUs: a group with a Manila case and a Dakar case
// and members in both. Each reader sees the cases and members their scope
// holds and a count of the others; the page draws the graph on the server
// (SVG) with the identifier two Manila members share, never the Dakar
// member who shares it too when the reader may not see Dakar; the figures
// come from the records; the case's timeline and the audit trail record
// each change; coordinators read but do not keep groups.
func TestCriminalGroupAcrossOCUs(t *testing.T) {
	a := newTestApp(t)
	dkr := caseOf(t, a, "DKR")
	mnl := a.as("officer.ph").newCase("Zzgroup raid in Pasay")
	s1, s2 := addSuspect(t, a, mnl, true), addSuspect(t, a, mnl, false)
	if st, m := a.api("POST", "/api/v1/cases/"+mnl+"/people", map[string]any{"outcome": "potential_victim", "sex": "female",
		"age_band": "adult_unknown", "exploitation": "forced_labour"}); st != http.StatusCreated {
		t.Fatalf("victim: %d %v", st, m)
	}
	a.as("supervisor.dkr")
	sd := addSuspect(t, a, dkr, false)
	for _, p := range []string{s1, s2, sd} {
		shareIdentifier(t, a, p, "+639171234567")
	}

	// Create through the page's form; the same name again is refused
	// with what to fix.
	r := a.as("supervisor.mnl").postForm("/groups", url.Values{"name": {"Zzpyramid network"}, "summary": {"Eight cases"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/groups/") {
		t.Fatalf("create group: %d %s", r.Status, r.Body)
	}
	page := strings.TrimSuffix(r.Location, "?saved=created")
	id := strings.TrimPrefix(page, "/groups/")
	if r := a.postForm("/groups", url.Values{"name": {"zzPYRAMID network"}}); r.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "exists already") {
		t.Errorf("a second group of the same name: %d", r.Status)
	}
	if st, _ := a.as("coordinator").api("POST", "/api/v1/groups", map[string]any{"name": "Coordinators' group"}); st != http.StatusForbidden {
		t.Errorf("a coordinator creates a group: %d", st)
	}

	// Cases and members, each added by someone whose scope holds them.
	api := "/api/v1/groups/" + id
	for _, step := range []struct {
		user, path string
		body       map[string]any
		want       int
	}{
		{"supervisor.mnl", api + "/cases", map[string]any{"case": dkr}, http.StatusNotFound}, // not in Manila's scope
		{"supervisor.mnl", api + "/cases", map[string]any{"case": mnl}, http.StatusOK},
		{"supervisor.dkr", api + "/cases", map[string]any{"case": dkr}, http.StatusOK},
		{"officer.ph", api + "/people", map[string]any{"person": s1}, http.StatusOK},
		{"officer.ph", api + "/people", map[string]any{"person": s2}, http.StatusOK},
		{"officer.ph", api + "/people", map[string]any{"person": mnl + "-P003"}, http.StatusUnprocessableEntity}, // the victim
		{"supervisor.dkr", api + "/people", map[string]any{"person": sd}, http.StatusOK},
		{"officer.ph", "/api/v1/groups/999/cases", map[string]any{"case": mnl}, http.StatusNotFound},
	} {
		if st, m := a.as(step.user).api("POST", step.path, step.body); st != step.want {
			t.Errorf("%s POST %s %v: %d %v, want %d", step.user, step.path, step.body, st, m, step.want)
		}
	}

	// The figures, from the records: both cases' tallies.
	var want struct{ Victims, Suspects, Arrests int }
	a.db.Read.Raw(`SELECT SUM(potential_victims) AS victims, SUM(suspects) AS suspects, SUM(arrests) AS arrests
		FROM cases WHERE reference IN (?, ?)`, mnl, dkr).Scan(&want)
	st, m := a.as("coordinator").api("GET", api, nil)
	if st != http.StatusOK {
		t.Fatalf("coordinator reads the group: %d %v", st, m)
	}
	f := m["figures"].(map[string]any)
	got := fmt.Sprint(f["cases"], f["victims"], f["suspects"], f["arrests"], f["countries"], f["ocus"])
	if exp := fmt.Sprint(2, want.Victims, want.Suspects, want.Arrests, 2, 2); got != exp {
		t.Errorf("figures %s, want %s (cases victims suspects arrests countries OCUs)", got, exp)
	}
	if js := toJSON(t, m); !strings.Contains(js, dkr) || !strings.Contains(js, sd) || !strings.Contains(js, `"kind":"phone","people":["`) {
		t.Errorf("the coordinator's group lacks Dakar's case, member or the shared phone: %s", js)
	}

	// Manila's supervisor: Manila's case and members, the shared phone
	// between them, Dakar counted and never shown.
	r = a.as("supervisor.mnl").get(page)
	if r.Status != http.StatusOK {
		t.Fatalf("group page: %d", r.Status)
	}
	for _, want := range []string{"<svg", "Zzpyramid network", mnl, s1, s2, "Phone 1", "1 more case of this group is outside your scope",
		"1 more member of this group is outside your scope", `class="figure figure-ocus"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("Manila's group page lacks %q", want)
		}
	}
	for _, leak := range []string{dkr, sd, "+639171234567"} {
		if strings.Contains(r.Body, leak) {
			t.Errorf("Manila's group page discloses %q", leak)
		}
	}
	st, m = a.api("GET", api, nil)
	if js := toJSON(t, m); st != http.StatusOK || strings.Contains(js, dkr) || strings.Contains(js, sd) || m["hidden_cases"] != 1.0 {
		t.Errorf("Manila's group API: %d %s", st, js)
	}
	// Buenos Aires sees neither case: only counts.
	if r := a.as("officer.ar").get(page); r.Status != http.StatusOK || strings.Contains(r.Body, mnl) ||
		!strings.Contains(r.Body, "2 more cases of this group are outside your scope") {
		t.Errorf("Buenos Aires' group page: %d", r.Status)
	}
	if r := a.as("officer.ar").get("/groups"); !strings.Contains(r.Body, "Zzpyramid network") {
		t.Errorf("the groups list lacks the group")
	}

	// The case's timeline, the edit form and removal through the page.
	if !strings.Contains(a.as("officer.ph").get("/cases/"+mnl+"?history=all").Body, "added the case to criminal group no. "+id) {
		t.Errorf("the case's timeline lacks the group")
	}
	if r := a.as("supervisor.mnl").get(page + "/edit"); r.Status != http.StatusOK {
		t.Errorf("edit form: %d", r.Status)
	}
	if r := a.postForm(page, url.Values{"name": {"Zzpyramid network (West Africa)"}, "version": {"1"}}); r.Status != http.StatusSeeOther {
		t.Errorf("edit: %d %s", r.Status, r.Body)
	}
	if r := a.postForm(page, url.Values{"name": {"Stale"}, "version": {"1"}}); r.Status != http.StatusConflict {
		t.Errorf("a stale edit: %d", r.Status)
	}
	if r := a.postForm(page+"/people/"+s2+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
		t.Errorf("remove member: %d", r.Status)
	}
	if r := a.get(page); strings.Contains(r.Body, "Phone 1") || !strings.Contains(r.Body, "West Africa") {
		t.Errorf("after removing a member the shared phone still shows, or the new name does not")
	}
	var n int64
	a.db.Read.Raw(`SELECT COUNT(*) FROM audit_log WHERE action LIKE 'group.%'
		AND user_id IS NOT NULL`).Scan(&n) // the demo's groups are ocu's own
	if n != 8 {
		t.Errorf("group audit entries: %d, want 8 (create, two cases, three members, edit, one removal)", n)
	}
}
