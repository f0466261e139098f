package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// Officers record checks of a person, a document or a vehicle against a
// named police database with the result; hits are leads shown on the case,
// on the OCU's dashboard (by database, and the latest hits) and in the
// case's history, and audited without the hit's reference.
func TestDatabaseChecksAndHits(t *testing.T) {
	a := newTestApp(t).as("officer.ph")
	base := "/api/v1/cases/" + mnlCase + "/checks"
	person := "person:" + mnlCase + "-P001"

	// A person, no hit.
	status, m := a.api("POST", base, map[string]any{"target": person, "database": "nominal", "result": "no_hit"})
	if status != http.StatusCreated || m["subject"] != "person" || m["person"] != mnlCase+"-P001" || m["result"] != "no_hit" {
		t.Fatalf("no hit: %d %v", status, m)
	}
	// Refusals say what to fix.
	for _, c := range []struct {
		body  map[string]any
		field string
		says  string
	}{
		{map[string]any{"target": person, "database": "nominal", "result": "hit"}, "hit_reference", "Enter the reference of the record the check hit."},
		{map[string]any{"target": person, "database": "nominal", "result": "no_hit", "hit_reference": "X"}, "hit_reference", "A check with no hit has no reference"},
		{map[string]any{"target": person, "database": "sltd", "result": "no_hit"}, "database", "cannot be checked against sltd"},
		{map[string]any{"target": person, "database": "dna", "result": "no_hit"}, "database", `"dna" is not a database`},
		{map[string]any{"target": "person:LIB2-MNL-0002-P001", "database": "nominal", "result": "no_hit"}, "target", "is not a person, document or vehicle of " + mnlCase},
		{map[string]any{"database": "nominal", "result": "no_hit"}, "target", "Choose what was checked"},
	} {
		status, m := a.api("POST", base, c.body)
		fields, _ := m["fields"].(map[string]any)
		if got, _ := fields[c.field].(string); status != http.StatusUnprocessableEntity || !strings.Contains(got, c.says) {
			t.Errorf("%v: %d %v, want 422 with %s saying %q", c.body, status, m, c.field, c.says)
		}
	}

	// A seized vehicle against stolen motor vehicles: a hit.
	status, m = a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "vehicles", "quantity": 1, "unit": "van", "description": "White van"})
	if status != http.StatusCreated {
		t.Fatalf("vehicle: %d %v", status, m)
	}
	vehicle := fmt.Sprintf("seizure:%d", int64(m["id"].(float64)))
	status, m = a.api("POST", base, map[string]any{"target": vehicle, "database": "smv", "result": "hit", "hit_reference": "SMV-2024-118"})
	if status != http.StatusCreated || m["subject"] != "vehicle" || m["hit_reference"] != "SMV-2024-118" {
		t.Fatalf("vehicle hit: %d %v", status, m)
	}
	// A document carried by a person, against stolen and lost travel documents.
	var caseID, personID, unitID int64
	a.db.Read.Raw("SELECT id, unit_id FROM cases WHERE reference = ?", mnlCase).Row().Scan(&caseID, &unitID)
	a.db.Read.Raw("SELECT id FROM people WHERE pseudonym = ?", mnlCase+"-P001").Scan(&personID)
	if err := a.db.Write.Exec(`INSERT INTO person_identifiers (person_id, case_id, unit_id, kind, doc_type, country, value, normalized, added_by, created_at)
		VALUES (?, ?, ?, 'document', 'passport', 'CN', 'E1234567', 'E1234567', 'Officer Santos', ?)`, personID, caseID, unitID, time.Now().UTC()).Error; err != nil {
		t.Fatal(err)
	}
	var docID int64
	a.db.Read.Raw("SELECT id FROM person_identifiers WHERE person_id = ?", personID).Scan(&docID)
	r := a.postForm("/cases/"+mnlCase+"/checks", url.Values{"target": {fmt.Sprintf("identifier:%d", docID)}, "database": {"sltd"}, "result": {"hit"}, "hit_reference": {"SLTD-77-A"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "saved=check_added") {
		t.Fatalf("form: %d %s", r.Status, r.Body)
	}
	// The form comes back with what to fix.
	r = a.postForm("/cases/"+mnlCase+"/checks", url.Values{"target": {vehicle}, "database": {"faces"}, "result": {"no_hit"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "cannot be checked against faces") {
		t.Errorf("refused form: %d", r.Status)
	}

	// On the case: the checks, the hits as leads, the history; never the
	// document number.
	page := a.get("/cases/" + mnlCase).Body
	for _, want := range []string{"Checks against police databases", "2 hits: leads to follow.", "SLTD-77-A", "SMV-2024-118",
		"Stolen motor vehicles", "Checked a vehicle against Stolen motor vehicles: hit", "Checked a document against Stolen and lost travel documents: hit",
		"Checked a person against Nominal data (persons): no hit"} {
		if !strings.Contains(page, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if strings.Contains(page, "E1234567") {
		t.Error("the case page shows the document number")
	}
	status, m = a.api("GET", base, nil)
	if list, _ := m["checks"].([]any); status != http.StatusOK || len(list) != 3 {
		t.Errorf("list: %d %v", status, m)
	}

	// Audited, by field name for the hit's reference.
	var details []string
	a.db.Read.Raw("SELECT details FROM audit_log WHERE action = 'check.add' AND subject = ?", "case:"+mnlCase).Scan(&details)
	if len(details) != 3 {
		t.Errorf("%d audit entries for checks, want 3", len(details))
	}
	for _, d := range details {
		if strings.Contains(d, "SMV-2024-118") || strings.Contains(d, "SLTD-77-A") || strings.Contains(d, "E1234567") {
			t.Errorf("audit entry holds a value it should name only: %s", d)
		}
	}

	// On the person's page, editable or read-only: their checks and their
	// document's.
	for _, user := range []string{"officer.ph", "officer.th"} {
		body := a.as(user).get("/people/" + mnlCase + "-P001").Body
		if !strings.Contains(body, "Nominal data (persons)") || !strings.Contains(body, "SLTD-77-A") || strings.Contains(body, "SMV-2024-118") {
			t.Errorf("%s: the person's page does not list their checks (and only theirs)", user)
		}
	}
	a.as("officer.ph")

	// Who may: an officer of the same OCU reads but may not change a
	// Philippine case; another OCU's officer does not see it.
	if status, _ := a.as("officer.th").api("POST", base, map[string]any{"target": person, "database": "faces", "result": "no_hit"}); status != http.StatusForbidden {
		t.Errorf("officer.th: %d, want 403", status)
	}
	if status, _ := a.as("officer.ar").api("GET", base, nil); status != http.StatusNotFound {
		t.Errorf("officer.ar: %d, want 404", status)
	}

	// The OCU's dashboard: hits by database and the latest hits.
	status, m = a.as("supervisor.mnl").api("GET", "/api/v1/dashboard?unit=MNL", nil)
	if status != http.StatusOK {
		t.Fatal(status)
	}
	hits := m["hits"].(map[string]any)
	byDB := map[string][2]float64{}
	for _, l := range hits["by_database"].([]any) {
		x := l.(map[string]any)
		byDB[x["database"].(string)] = [2]float64{x["checks"].(float64), x["hits"].(float64)}
	}
	if hits["count"] != 2.0 || byDB["nominal"] != [2]float64{1, 0} || byDB["smv"] != [2]float64{1, 1} || byDB["sltd"] != [2]float64{1, 1} || len(byDB) != 6 {
		t.Errorf("hits: %v", hits)
	}
	if recent := hits["recent"].([]any); len(recent) != 2 || recent[0].(map[string]any)["case"] != mnlCase {
		t.Errorf("recent hits: %v", hits["recent"])
	}
	body := a.get("/dashboard?unit=MNL").Body
	for _, want := range []string{"Checks against police databases: 2 hits", "Latest hits: leads to follow", "SLTD-77-A"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	// Another OCU's dashboard counts none of them.
	if _, m := a.as("supervisor.dkr").api("GET", "/api/v1/dashboard?unit=DKR", nil); m["hits"].(map[string]any)["count"] != 0.0 {
		t.Errorf("Dakar's dashboard counts Manila's hits: %v", m["hits"])
	}
}
