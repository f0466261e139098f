package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// caseOf returns the first case of OCU unit in LIB2.
func caseOf(t *testing.T, a *testApp, unit string) string {
	t.Helper()
	var ref string
	if err := a.db.Read.Raw(`SELECT c.reference FROM cases c JOIN units u ON u.id = c.unit_id
		WHERE u.code = ? AND NOT EXISTS (SELECT 1 FROM case_links l WHERE c.id IN (l.case_a, l.case_b))
		ORDER BY c.id LIMIT 1`, unit).Scan(&ref).Error; err != nil || ref == "" {
		t.Fatalf("a case of %s: %q %v", unit, ref, err)
	}
	return ref
}

// TestLinkedCasesWithinScope: a Manila case linked to a Dakar case shared
// with Manila shows the link on both cases; Dakar's supervisor, who may
// not see the Manila case, learns only its OCU and country, never its
// reference, title or the link's reason; the kind reads from each side
// (follow-up of, followed up by); only those who may link do; each link
// and unlink is on both timelines and audited twice.
func TestLinkedCasesWithinScope(t *testing.T) {
	a := newTestApp(t)
	dkr := caseOf(t, a, "DKR")
	if st, m := a.as("supervisor.dkr").api("POST", "/api/v1/cases/"+dkr+"/shares", map[string]any{"unit": "MNL"}); st != http.StatusOK {
		t.Fatalf("share: %d %v", st, m)
	}
	mnl := a.as("officer.ph").newCase("Zzfollow raid in Pasay")
	other := a.as("officer.ph").newCase("Zzsame network raid")

	// Refusals, with what to fix.
	for _, c := range []struct {
		user string
		body map[string]any
		want int
	}{
		{"officer.th", map[string]any{"case": dkr, "kind": "follow_up", "reason": "x"}, http.StatusForbidden},
		{"officer.ph", map[string]any{"case": mnl, "kind": "follow_up", "reason": "x"}, http.StatusUnprocessableEntity},
		{"officer.ph", map[string]any{"case": dkr, "kind": "cousin", "reason": "x"}, http.StatusUnprocessableEntity},
		{"officer.ph", map[string]any{"case": dkr, "kind": "follow_up", "reason": "  "}, http.StatusUnprocessableEntity},
		{"officer.ph", map[string]any{"case": "LIB2-BUE-9999", "kind": "follow_up", "reason": "x"}, http.StatusUnprocessableEntity},
	} {
		if st, m := a.as(c.user).api("POST", "/api/v1/cases/"+mnl+"/links", c.body); st != c.want {
			t.Errorf("%s links %v: %d %v, want %d", c.user, c.body, st, m, c.want)
		}
	}
	// The Dakar case itself cannot be linked from by Manila: not theirs.
	if st, _ := a.as("supervisor.mnl").api("POST", "/api/v1/cases/"+dkr+"/links", map[string]any{"case": mnl, "kind": "duplicate", "reason": "x"}); st != http.StatusForbidden {
		t.Errorf("Manila links from a Dakar case: %d", st)
	}

	st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+mnl+"/links",
		map[string]any{"case": dkr, "kind": "follow_up", "reason": "Zzsecret same phone as the Dakar recruiter"})
	if st != http.StatusCreated {
		t.Fatalf("link: %d %v", st, m)
	}
	if st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+other+"/links",
		map[string]any{"case": mnl, "kind": "same_network", "reason": "Same landlord"}); st != http.StatusCreated {
		t.Fatalf("second link: %d %v", st, m)
	}
	if st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+dkr+"/links",
		map[string]any{"case": mnl, "kind": "duplicate", "reason": "again"}); st != http.StatusForbidden {
		t.Errorf("officer.ph links from the Dakar case they only read: %d %v", st, m)
	}
	if st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+dkr+"/links", nil); st == http.StatusCreated {
		t.Errorf("empty link accepted: %v", m)
	}
	if st, m := a.as("officer.ph").api("POST", "/api/v1/cases/"+other+"/links",
		map[string]any{"case": mnl, "kind": "duplicate", "reason": "again"}); st != http.StatusConflict {
		t.Errorf("the same pair linked twice: %d %v", st, m)
	}

	// From Manila: both links, with the other cases' data.
	page := a.as("officer.ph").get("/cases/" + mnl)
	for _, want := range []string{"Follow-up of", `href="/cases/` + dkr + `"`, "Zzsecret same phone", "Same network", `href="/cases/` + other + `"`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("Manila's case page lacks %q", want)
		}
	}
	// From Dakar: the link, the other case's OCU and country, nothing else.
	dk := a.as("supervisor.dkr")
	page = a.as("supervisor.dkr").get("/cases/" + dkr)
	if !strings.Contains(page.Body, "Followed up by") || !strings.Contains(page.Body, "A case of OCU Manila raised by Philippines") {
		t.Errorf("Dakar's case page does not show the link as it may: %d", page.Status)
	}
	for _, leak := range []string{mnl, "Zzfollow", "Zzsecret"} {
		if strings.Contains(page.Body, leak) {
			t.Errorf("Dakar's case page discloses %q", leak)
		}
	}
	st, m = dk.api("GET", "/api/v1/cases/"+dkr+"/links", nil)
	js := toJSON(t, m)
	if st != http.StatusOK || !strings.Contains(js, `"visible":false`) || !strings.Contains(js, `"unit":"MNL"`) || !strings.Contains(js, `"side":"followed_up_by"`) {
		t.Errorf("Dakar's links API: %d %s", st, js)
	}
	for _, leak := range []string{mnl, "Zzfollow", "Zzsecret"} {
		if strings.Contains(js, leak) {
			t.Errorf("Dakar's links API discloses %q", leak)
		}
	}
	// Someone who sees neither case learns nothing.
	if st, _ := a.as("officer.ar").api("GET", "/api/v1/cases/"+dkr+"/links", nil); st != http.StatusNotFound {
		t.Errorf("officer.ar reads Dakar's links: %d", st)
	}

	// Timelines, and unlinking through the page's form.
	if !strings.Contains(a.as("supervisor.dkr").get("/cases/"+dkr+"?history=all").Body, "linked the case to a case of OCU MNL raised by PH (Followed up by)") {
		t.Errorf("Dakar's timeline lacks the link")
	}
	links := m["links"].([]any)
	id := fmt.Sprint(links[0].(map[string]any)["id"])
	if r := a.as("supervisor.dkr").postForm("/cases/"+dkr+"/links/"+id+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
		t.Fatalf("Dakar's supervisor unlinks: %d %s", r.Status, r.Body)
	}
	if strings.Contains(a.as("officer.ph").get("/cases/"+mnl).Body, "Zzsecret") {
		t.Errorf("the removed link still shows")
	}
	if !strings.Contains(a.as("officer.ph").get("/cases/"+mnl+"?history=all").Body, "removed the link to a case of OCU DKR raised by") {
		t.Errorf("Manila's timeline lacks the unlink")
	}
	var n int64
	a.db.Read.Raw(`SELECT COUNT(*) FROM audit_log WHERE action IN ('case.link', 'case.unlink') AND subject IN (?, ?)`,
		"case:"+mnl, "case:"+dkr).Scan(&n)
	// The link and the unlink on both cases, and the second link on Manila's.
	if n != 5 {
		t.Errorf("audit entries of the links and unlink on both cases: %d, want 5", n)
	}
	var leaked int64
	a.db.Read.Raw(`SELECT COUNT(*) FROM audit_log WHERE details LIKE '%Zzsecret%'`).Scan(&leaked)
	if leaked != 0 {
		t.Errorf("the link's reason went into the audit trail")
	}
}
