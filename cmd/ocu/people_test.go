package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestBulkAddAndScreenThreeHundredPeopleOverTheAPI(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Compound with 300 people")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 300, "nationality": "CN", "age_band": "adult_unknown", "sex": "male"})
	if status != http.StatusCreated || m["added"] != 300.0 || m["first"] != ref+"-P001" || m["last"] != ref+"-P300" {
		t.Fatalf("bulk add: %d %v", status, m)
	}
	var selected []string
	for i := 1; i <= 300; i++ {
		selected = append(selected, fmt.Sprintf("%s-P%03d", ref, i))
	}
	status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": selected, "outcome": "potential_victim", "exploitation": "forced_criminality"})
	if status != 200 || m["screened"] != 300.0 {
		t.Fatalf("screen: %d %v", status, m)
	}
	status, m = a.api("GET", "/api/v1/cases/"+ref+"/people?outcome=potential_victim&per_page=1", nil)
	tally := m["tally"].(map[string]any)
	if status != 200 || m["total"] != 300.0 || tally["potential_victims"] != 300.0 || tally["unscreened"] != 0.0 {
		t.Fatalf("people: %d %v", status, m)
	}
	person := m["people"].([]any)[0].(map[string]any)
	if person["exploitation"] != "forced_criminality" || person["nationality"] != "CN" || person["name"] != nil {
		t.Fatalf("person %v", person)
	}
	if status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 5001}); status != 422 {
		t.Fatalf("5,001 people: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 2, "outcome": "suspect", "name": "A Name"}); status != 422 {
		t.Fatalf("named bulk add: %d %v", status, m)
	}
	status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": []string{ref + "-P001", ref + "-P999"}, "outcome": "suspect"})
	if fields, _ := m["fields"].(map[string]any); status != 422 || !strings.Contains(fmt.Sprint(fields["people"]), ref+"-P999") {
		t.Fatalf("unknown pseudonym: %d %v", status, m)
	}
	if _, m = a.api("GET", "/api/v1/people/"+ref+"-P001", nil); m["outcome"] != "potential_victim" {
		t.Fatalf("a refused screening changed someone: %v", m)
	}
}

func TestScreeningFormAppliesToAllUnscreened(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Crowd screened from the page")
	r := a.postForm("/cases/"+ref+"/people/bulk", url.Values{"count": {"300"}, "nationality": {"MM"}, "age_band": {"adult_unknown"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "people_added&n=300") {
		t.Fatalf("bulk form: %d %s", r.Status, r.Location)
	}
	page := a.get(r.Location)
	mustContain(t, page.Body, "300 people added.", "People found (300)", ref+"-P100", "Page 1 of 3")
	r = a.postForm("/cases/"+ref+"/people/screen", url.Values{"all_unscreened": {"1"}, "outcome": {"irregular_migrant"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "screened&n=300") {
		t.Fatalf("screen all: %d %s", r.Status, r.Location)
	}
	// Selected people, with the exploitation set for victims.
	r = a.postForm("/cases/"+ref+"/people/screen", url.Values{"people": {ref + "-P001", ref + "-P002"}, "outcome": {"potential_victim"}, "exploitation": {"forced_labour"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("screen selected: %d", r.Status)
	}
	_, m := a.api("GET", "/api/v1/cases/"+ref+"/people?per_page=1", nil)
	tally := m["tally"].(map[string]any)
	if tally["irregular_migrants"] != 298.0 || tally["potential_victims"] != 2.0 {
		t.Fatalf("tally %v", tally)
	}
	// Nothing chosen: the form comes back with what to fix.
	r = a.postForm("/cases/"+ref+"/people/screen", url.Values{"outcome": {"suspect"}})
	if r.Status != 422 || !strings.Contains(r.Body, "Select the people to screen") {
		t.Fatalf("empty screening: %d", r.Status)
	}
	// A bad bulk add keeps what was typed.
	r = a.postForm("/cases/"+ref+"/people/bulk", url.Values{"count": {"zero"}, "nationality": {"MM"}})
	mustContain(t, r.Body, "Enter how many people", `value="zero"`, `<option value="MM" selected>`)
	if r.Status != 422 {
		t.Fatalf("bad count: %d", r.Status)
	}
}

func TestSuspectsChargesAndDeidentification(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Suspects and victims")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "potential_victim", "name": "Should Not Be Here"})
	if fields, _ := m["fields"].(map[string]any); status != 422 || fields["name"] == nil {
		t.Fatalf("named victim: %d %v", status, m)
	}
	status, m = a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "unscreened", "sex": "male", "nationality": "KR"})
	if status != 201 {
		t.Fatalf("add: %d %v", status, m)
	}
	p := m["pseudonym"].(string)
	status, m = a.api("PATCH", "/api/v1/people/"+p, map[string]any{"version": 1, "outcome": "suspect", "name": "Kim Demo", "birth_date": "1980-02-03",
		"arrested": true, "arrested_at": "2024-10-02T14:00", "charges": []string{"human_trafficking", "firearms"},
		"prosecution_authority": "Public prosecutor", "prosecution_ref": "PP-77", "prosecution_date": "2024-10-03"})
	if status != 200 || m["name"] != "Kim Demo" || m["arrested_at"] != "2024-10-02T06:00:00Z" || len(m["charges"].([]any)) != 2 {
		t.Fatalf("suspect: %d %v", status, m)
	}
	// Screening a named suspect as a victim is refused, not silently
	// stripped of the name.
	status, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": []string{p}, "outcome": "potential_victim"})
	if fields, _ := m["fields"].(map[string]any); status != 422 || fields[p] == nil {
		t.Fatalf("screen named suspect: %d %v", status, m)
	}
	if status, m = a.api("PATCH", "/api/v1/people/"+p, map[string]any{"version": 1, "sex": "female"}); status != 409 || m["current"] == nil {
		t.Fatalf("stale person: %d %v", status, m)
	}
	if status, m = a.api("PATCH", "/api/v1/people/"+p, map[string]any{"version": 2, "prosecution_authority": ""}); status != 422 {
		t.Fatalf("half a referral: %d %v", status, m)
	}
	// The case can now be screened and referred.
	for _, to := range []string{"screening", "referred"} {
		if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": to, "by": "Sgt"}); status != 200 {
			t.Fatalf("move to %s: %d %v", to, status, m)
		}
	}
	// The person page shows the suspect's details.
	page := a.get("/people/" + p)
	mustContain(t, page.Body, `value="Kim Demo"`, `value="human_trafficking" checked`, `value="PP-77"`)
}

func TestPersonFormKeepsWhatWasTyped(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Person form")
	r := a.postForm("/cases/"+ref+"/people", url.Values{"outcome": {"irregular_migrant"}, "name": {"Typed Name"}, "nationality": {"AF"}, "age_band": {"9-17"}})
	if r.Status != 422 {
		t.Fatalf("named migrant: %d", r.Status)
	}
	mustContain(t, r.Body, "Victims and migrants are recorded without names", `value="Typed Name"`, `<option value="AF" selected>`, `<option value="9-17" selected>`)
	r = a.postForm("/cases/"+ref+"/people", url.Values{"outcome": {"irregular_migrant"}, "nationality": {"AF"}, "age_band": {"9-17"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("add: %d", r.Status)
	}
	page := a.get("/cases/" + ref)
	mustContain(t, page.Body, ref+"-P001", "Afghanistan", "minor")
}

func TestSeizuresOverTheAPIAndForms(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Seizures")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "cash", "quantity": 320000, "currency": "dzd", "value_usd": 2400, "recorded_by": "Officer"})
	if status != 201 || m["currency"] != "DZD" || m["unit"] != "DZD" || m["value_usd"] != 2400.0 {
		t.Fatalf("cash: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "cash", "quantity": 100, "currency": "DZD", "recorded_by": "Officer"}); status != 422 {
		t.Fatalf("cash without USD value: %d %v", status, m)
	}
	if status, m = a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "helicopters", "quantity": 1, "unit": "items", "recorded_by": "Officer"}); status != 422 {
		t.Fatalf("unknown kind: %d %v", status, m)
	}
	r := a.postForm("/cases/"+ref+"/seizures", url.Values{"kind": {"firearms"}, "description": {"Pistols"}, "quantity": {"-3"}, "unit": {"items"}, "recorded_by": {"Officer"}})
	if r.Status != 422 || !strings.Contains(r.Body, "greater than zero") || !strings.Contains(r.Body, `value="Pistols"`) {
		t.Fatalf("bad form: %d", r.Status)
	}
	r = a.postForm("/cases/"+ref+"/seizures", url.Values{"kind": {"firearms"}, "description": {"Pistols"}, "quantity": {"3"}, "unit": {"items"}, "recorded_by": {"Officer"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("form: %d", r.Status)
	}
	_, m = a.api("GET", "/api/v1/cases/"+ref+"/seizures", nil)
	list := m["seizures"].([]any)
	if len(list) != 2 {
		t.Fatalf("seizures %v", list)
	}
	id := int(list[0].(map[string]any)["id"].(float64))
	if r := a.do("DELETE", fmt.Sprintf("/api/v1/cases/%s/seizures/%d", ref, id), "", ""); r.Status != 204 {
		t.Fatalf("delete: %d", r.Status)
	}
	if r := a.do("DELETE", fmt.Sprintf("/api/v1/cases/%s/seizures/%d", ref, id), "", ""); r.Status != 404 {
		t.Fatalf("delete again: %d", r.Status)
	}
}

func TestDashboardEndpoints(t *testing.T) {
	a := newTestApp(t).as("coordinator")
	status, m := a.api("GET", "/api/v1/dashboard", nil)
	if status != 200 {
		t.Fatal(status)
	}
	for _, f := range []string{"potential_victims", "minor_victims", "irregular_migrants", "arrests", "arrests_trafficking_smuggling",
		"referred_for_prosecution", "cases_by_status", "database_checks", "flights_monitored"} {
		if _, ok := m[f]; !ok {
			t.Errorf("dashboard lacks %s", f)
		}
	}
	// The demo's Argentina farms case: 59 victims, 14 of them minors.
	_, bue := a.api("GET", "/api/v1/dashboard?unit=bue", nil)
	if bue["unit"] != "BUE" || bue["time_zone"] != "America/Argentina/Buenos_Aires" || bue["potential_victims"] != 82.0 || bue["minor_victims"] != 14.0 {
		t.Fatalf("Buenos Aires: %v", bue)
	}
	if status, m = a.api("GET", "/api/v1/dashboard?unit=XXX", nil); status != 422 {
		t.Fatalf("unknown unit: %d %v", status, m)
	}
	// Adding victims shows on the next read.
	_, g1 := a.api("GET", "/api/v1/dashboard", nil)
	a.as("officer.ph")
	ref := a.newCase("Live figures")
	a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 7, "outcome": "potential_victim", "age_band": "0-8"})
	_, g2 := a.as("coordinator").api("GET", "/api/v1/dashboard", nil)
	if g2["potential_victims"].(float64)-g1["potential_victims"].(float64) != 7 || g2["minor_victims"].(float64)-g1["minor_victims"].(float64) != 7 {
		t.Fatalf("figures did not move: %v -> %v", g1["potential_victims"], g2["potential_victims"])
	}
	page := a.as("supervisor.mnl").get("/dashboard?unit=MNL&sort=victims&dir=desc")
	mustContain(t, page.Body, "OCU Manila · Liberterra II", `hx-trigger="sse:dashboard"`, "<svg", `aria-sort="descending"`, "Needs attention", "Asia/Manila")
	if page.Status != 200 {
		t.Fatal(page.Status)
	}
}
