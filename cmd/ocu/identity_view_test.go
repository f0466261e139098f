package main

import (
	"net/http"
	"strings"
	"testing"
)

// Suspects' identities are recorded in the audit trail when a response
// carries them (the person page, the API), by the handler's own call; the
// reads never write, so the case page, whose rows show no identity, runs no
// write at all, whoever asks.
func TestIdentityViewsAreRecordedWhereShownAndNowhereElse(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Named suspect")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect", "name": "Juan Dela Demo", "birth_date": "1985-01-01"})
	if status != http.StatusCreated {
		t.Fatalf("add: %d %v", status, m)
	}
	suspect := m["pseudonym"].(string)
	recorded := `{"people":["` + suspect + `"]}`
	viewsBy := func(user string) (n int, people string) {
		a.t.Helper()
		err := a.db.Read.Raw("SELECT COUNT(*), COALESCE(MAX(details), '') FROM audit_log WHERE action = 'suspect.view' AND username = ? AND subject = ?",
			user, "case:"+ref).Row().Scan(&n, &people)
		if err != nil {
			t.Fatal(err)
		}
		return n, people
	}
	get := func(user, path string) (page response, writes []string) {
		t.Helper()
		_, writes = a.as(user).countStatements(func() { page = a.get(path) })
		if page.Status != http.StatusOK {
			t.Fatalf("GET %s as %s: %d", path, user, page.Status)
		}
		return page, writes
	}

	// The case page: no identity shown, nothing written, for those who may
	// see identities and those who may not.
	for _, user := range []string{"officer.ph", "coordinator"} {
		page, writes := get(user, "/cases/"+ref)
		if strings.Contains(page.Body, "Juan Dela Demo") {
			t.Fatalf("the case page shows the name to %s", user)
		}
		if n, _ := viewsBy(user); n != 0 || len(writes) != 0 {
			t.Fatalf("the case page as %s recorded %d views and wrote %v", user, n, writes)
		}
	}

	// The person page shows the identity to the raising officer: recorded,
	// and the only write is the audit trail's.
	page, writes := get("officer.ph", "/people/"+suspect)
	if !strings.Contains(page.Body, "Juan Dela Demo") {
		t.Fatal("the person page does not show the raising officer the name")
	}
	if n, people := viewsBy("officer.ph"); n != 1 || people != recorded {
		t.Fatalf("views recorded for the person page: %d %s", n, people)
	}
	for _, w := range writes {
		if !strings.Contains(w, "audit_log") {
			t.Errorf("the person page wrote beyond the audit trail: %s", w)
		}
	}
	// Not to a coordinator: nothing shown, nothing recorded.
	if page, writes = get("coordinator", "/people/"+suspect); strings.Contains(page.Body, "Juan Dela Demo") || len(writes) != 0 {
		t.Fatalf("the coordinator's person page: name shown %v, writes %v", strings.Contains(page.Body, "Juan Dela Demo"), writes)
	}

	// The API's list carries identities: recorded.
	if status, _ := a.as("supervisor.mnl").api("GET", "/api/v1/cases/"+ref+"/people", nil); status != http.StatusOK {
		t.Fatalf("API people: %d", status)
	}
	if n, people := viewsBy("supervisor.mnl"); n != 1 || people != recorded {
		t.Fatalf("views recorded for the supervisor's API list: %d %s", n, people)
	}
	// A save through the API answers with the identity: recorded once.
	_, m = a.as("officer.ph").api("GET", "/api/v1/people/"+suspect, nil)
	if status, m := a.api("PATCH", "/api/v1/people/"+suspect, map[string]any{"version": m["version"], "name": "Juan Other"}); status != http.StatusOK || m["name"] != "Juan Other" {
		t.Fatalf("API save: %d %v", status, m)
	}
	if n, _ := viewsBy("officer.ph"); n != 3 { // the person page, the API read, the API save
		t.Fatalf("views recorded for the raising officer: %d, want 3", n)
	}
}
