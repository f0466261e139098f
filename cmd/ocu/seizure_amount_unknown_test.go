package main

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A seizure can say "amount not published" (Serbia's and Montenegro's cash
// in the reporting): the API and the form take it, the case page says it,
// the dashboards count it without adding it to any sum, and the export
// writes its quantity and value blank rather than 0.
func TestSeizureAmountNotPublished(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl")
	cashBefore := func() float64 {
		status, m := a.as("coordinator").api("GET", "/api/v1/dashboard?unit=MNL", nil)
		if status != http.StatusOK {
			t.Fatalf("dashboard: %d %v", status, m)
		}
		return m["cash_usd"].(float64)
	}
	before := cashBefore()
	unknownBefore := unknownLines(t, a.as("coordinator"))
	a.as("supervisor.mnl")

	// Neither a quantity nor the flag: refused, saying what to do.
	status, m := a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "cash", "currency": "PHP"})
	if fields, _ := m["fields"].(map[string]any); status != http.StatusUnprocessableEntity || !strings.Contains(fields["quantity"].(string), "Amount not published") {
		t.Fatalf("no quantity, no flag: %d %v", status, m)
	}
	// A figure and "not published" at once: refused.
	status, m = a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "cash", "amount_unknown": true, "quantity": 5, "currency": "PHP"})
	if status != http.StatusUnprocessableEntity {
		t.Fatalf("quantity with the flag: %d %v", status, m)
	}
	// The flag alone: recorded, with no quantity or value (null, not 0).
	status, m = a.api("POST", "/api/v1/cases/"+mnlCase+"/seizures", map[string]any{"kind": "cash", "amount_unknown": true, "description": "Cash"})
	if status != http.StatusCreated || m["amount_unknown"] != true || m["quantity"] != nil || m["value_usd"] != nil {
		t.Fatalf("cash, amount not published: %d %v", status, m)
	}
	// The form, for firearms.
	r := a.postForm("/cases/"+mnlCase+"/seizures", url.Values{"kind": {"firearms"}, "amount_unknown": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("form: %d %s", r.Status, r.Body)
	}
	page := a.get("/cases/" + mnlCase).Body
	if strings.Count(page, "Amount not published</td>") < 2 || !strings.Contains(page, "seizure whose amount was not published") {
		t.Errorf("case page does not say the amounts were not published")
	}

	// Dashboards: counted on a line of its own, added to no sum.
	status, m = a.as("coordinator").api("GET", "/api/v1/dashboard?unit=MNL", nil)
	if status != http.StatusOK {
		t.Fatal(status)
	}
	if after := m["cash_usd"].(float64); after != before {
		t.Errorf("cash total moved from %v to %v", before, after)
	}
	if n := unknownLines(t, a); n != unknownBefore+2 {
		t.Errorf("%d dashboard lines of amounts not published, want %d (cash, firearms)", n, unknownBefore+2)
	}
	if body := a.get("/dashboard?unit=MNL").Body; !strings.Contains(body, "Amount not published") {
		t.Errorf("dashboard page does not say the amount was not published")
	}

	// The export: blank, not 0.
	r = a.get("/exports/download?format=csv&table=seizures&unit=MNL")
	if r.Status != http.StatusOK {
		t.Fatalf("export: %d %s", r.Status, r.Body)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	blank := 0
	for _, row := range rows[1:] {
		if row[col["case"]] == mnlCase && (row[col["kind"]] == "cash" || row[col["kind"]] == "firearms") {
			if row[col["quantity"]] != "" || row[col["value_usd"]] != "" {
				t.Errorf("export writes an unknown amount as %q / %q", row[col["quantity"]], row[col["value_usd"]])
			}
			blank++
		}
	}
	if blank != 2 {
		t.Errorf("%d exported seizures with blank amounts, want 2", blank)
	}
}

// unknownLines counts the Manila dashboard's lines of seizures whose
// amount was not published, checking none carries a sum.
func unknownLines(t *testing.T, a *testApp) int {
	t.Helper()
	status, m := a.api("GET", "/api/v1/dashboard?unit=MNL", nil)
	if status != http.StatusOK {
		t.Fatal(status)
	}
	n := 0
	for _, l := range m["seizures"].([]any) {
		line := l.(map[string]any)
		if line["amount_unknown"] == true {
			n++
			if line["quantity"] != nil || line["value_usd"] != nil {
				t.Errorf("unknown amount summed: %v", line)
			}
		}
	}
	return n
}
