package main

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// addPersonAPI adds one person of outcome to ref through the API as the
// current user and returns their pseudonym.
func (a *testApp) addPersonAPI(ref string, body map[string]any) string {
	a.t.Helper()
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", body)
	if status != http.StatusCreated {
		a.t.Fatalf("add person: %d %v", status, m)
	}
	return m["pseudonym"].(string)
}

// Identifiers: phones normalised to E.164 in the case's country, the rules
// of who carries what, and visibility exactly as names: the raising
// country's officers and the OCU's supervisors; not another country's
// officer of the same OCU, not a coordinator, and nobody outside the case's
// scope. Every view is audited.
func TestIdentifiersAreNormalisedAndSeenOnlyByNameReaders(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Phones and passports")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect", "name": "Test Suspect"})
	victim := a.addPersonAPI(ref, map[string]any{"outcome": "potential_victim"})

	status, m := a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "phone", "value": "0917 555 0101"})
	if status != http.StatusCreated || m["normalized"] != "+639175550101" || m["country"] != "PH" {
		t.Fatalf("phone in the case's country: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "phone", "value": "+63 917-555-0101"}); status != http.StatusUnprocessableEntity {
		t.Fatalf("the same number typed differently was accepted twice: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "phone", "value": "12"}); status != http.StatusUnprocessableEntity ||
		m["fields"].(map[string]any)["value"] == nil {
		t.Fatalf("an invalid phone: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "document", "value": "P1234567", "doc_type": "passport"}); status != http.StatusUnprocessableEntity ||
		m["fields"].(map[string]any)["country"] == nil {
		t.Fatalf("a document without its issuing country: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "alias", "value": "El Flaco"}); status != http.StatusCreated {
		t.Fatalf("alias: %d %v", status, m)
	}
	// A potential victim carries a document number, never a phone, plate or alias.
	for _, kind := range []string{"phone", "plate", "alias"} {
		status, m = a.api("POST", "/api/v1/people/"+victim+"/identifiers", map[string]any{"kind": kind, "value": "+63 917 555 0199", "country": ""})
		if status != http.StatusUnprocessableEntity || m["fields"].(map[string]any)["kind"] == nil {
			t.Fatalf("a potential victim was given a %s: %d %v", kind, status, m)
		}
	}
	if status, m = a.api("POST", "/api/v1/people/"+victim+"/identifiers", map[string]any{"kind": "document", "doc_type": "passport", "country": "PH", "value": "ec 123 4567"}); status != http.StatusCreated || m["normalized"] != "EC1234567" {
		t.Fatalf("a potential victim's passport: %d %v", status, m)
	}

	views := func(user string) int {
		t.Helper()
		var n int
		if err := a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'identifier.view' AND username = ? AND subject = ?",
			user, "person:"+suspect).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Those who see names see identifiers, on the page and in the API, and
	// each view is recorded.
	for _, user := range []string{"officer.ph", "supervisor.mnl"} {
		page := a.as(user).get("/people/" + suspect)
		if page.Status != http.StatusOK || !strings.Contains(page.Body, "+639175550101") || !strings.Contains(page.Body, "El Flaco") {
			t.Fatalf("%s does not see the identifiers on the person page: %d", user, page.Status)
		}
		status, m := a.api("GET", "/api/v1/people/"+suspect+"/identifiers", nil)
		if status != http.StatusOK || len(m["identifiers"].([]any)) != 2 {
			t.Fatalf("%s: identifiers over the API: %d %v", user, status, m)
		}
		if n := views(user); n != 2 {
			t.Fatalf("%s: %d identifier views recorded, want 2 (page and API)", user, n)
		}
	}
	// Those who see the case but not its names see no identifier.
	for _, user := range []string{"officer.th", "coordinator"} {
		page := a.as(user).get("/people/" + suspect)
		if page.Status != http.StatusOK || strings.Contains(page.Body, "9175550101") || strings.Contains(page.Body, "El Flaco") {
			t.Fatalf("%s sees an identifier on the person page: %d", user, page.Status)
		}
		if status, m := a.api("GET", "/api/v1/people/"+suspect+"/identifiers", nil); status != http.StatusForbidden {
			t.Fatalf("%s: identifiers over the API: %d %v", user, status, m)
		}
		if status, _ := a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "alias", "value": "X"}); status != http.StatusForbidden {
			t.Fatalf("%s added an identifier: %d", user, status)
		}
		if n := views(user); n != 0 {
			t.Fatalf("%s: %d identifier views recorded for nothing shown", user, n)
		}
	}
	// Outside the case's scope the person does not exist.
	if status, _ := a.as("officer.ar").api("GET", "/api/v1/people/"+suspect+"/identifiers", nil); status != http.StatusNotFound {
		t.Fatalf("another OCU's officer: %d", status)
	}
	// The audit trail names the kind, never the value.
	var details string
	a.db.Read.Raw("SELECT group_concat(details) FROM audit_log WHERE action LIKE 'identifier.%'").Scan(&details)
	if strings.Contains(details, "9175550101") || strings.Contains(details, "Flaco") || strings.Contains(details, "1234567") {
		t.Fatalf("the audit trail holds an identifier's value: %s", details)
	}
}

// A refused identifier form comes back with what was typed and what to fix.
func TestIdentifierFormKeepsWhatWasTyped(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Typed phone")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	r := a.postForm("/people/"+suspect+"/identifiers", url.Values{"kind": {"phone"}, "value": {"0917 55"}, "country": {""}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="0917 55"`) || !strings.Contains(r.Body, "not a valid phone number") {
		t.Fatalf("refused form: %d %s", r.Status, r.Body)
	}
	r = a.postForm("/people/"+suspect+"/identifiers", url.Values{"kind": {"phone"}, "value": {"0917 555 0101"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("valid form: %d", r.Status)
	}
	if page := a.get("/people/" + suspect); !strings.Contains(page.Body, "+639175550101") {
		t.Fatal("the saved phone is not on the person page")
	}
}

// A suspect carrying a phone, plate or alias cannot be re-screened as
// anything else (which would leave a victim traceable) by the person form,
// the screening API or the grid, until they are removed.
func TestOutcomeChangeRefusedWhileSuspectCarriesTracingIdentifiers(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Re-screened")
	suspect := a.addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	status, m := a.api("POST", "/api/v1/people/"+suspect+"/identifiers", map[string]any{"kind": "plate", "country": "PH", "value": "ABC 1234"})
	if status != http.StatusCreated {
		t.Fatalf("plate: %d %v", status, m)
	}
	id := m["id"].(float64)
	if status, m = a.api("PATCH", "/api/v1/people/"+suspect, map[string]any{"outcome": "potential_victim", "version": 1}); status != http.StatusUnprocessableEntity ||
		m["fields"].(map[string]any)["outcome"] == nil {
		t.Fatalf("re-screened with a plate: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": []string{suspect}, "outcome": "irregular_migrant"}); status != http.StatusUnprocessableEntity {
		t.Fatalf("screened with a plate: %d %v", status, m)
	}
	if r := a.do("DELETE", "/api/v1/people/"+suspect+"/identifiers/"+strconv.Itoa(int(id)), "", ""); r.Status != http.StatusNoContent {
		t.Fatalf("delete plate: %d %s", r.Status, r.Body)
	}
	if status, m = a.api("PATCH", "/api/v1/people/"+suspect, map[string]any{"outcome": "potential_victim", "version": 1}); status != http.StatusOK {
		t.Fatalf("re-screened without a plate: %d %v", status, m)
	}
}
