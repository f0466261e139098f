package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// noReturns empties the returns tables, so the tests see the demo
// operation with nothing filed whatever the demo loader files.
func (a *testApp) noReturns() {
	a.t.Helper()
	for _, q := range []string{"DELETE FROM daily_return_history", "DELETE FROM daily_returns"} {
		if err := a.db.Write.Exec(q).Error; err != nil {
			a.t.Fatal(err)
		}
	}
}

func returnForm(checks, flights, borders, officers, by, version string) url.Values {
	return url.Values{"operation": {"LIB2"}, "database_checks": {checks}, "flights_monitored": {flights},
		"border_points": {borders}, "officers_deployed": {officers}, "filed_by": {by}, "version": {version}}
}

func TestReturnsGridShowsMissingThenFiled(t *testing.T) {
	a := newTestApp(t)
	a.noReturns()

	grid := a.get("/returns?op=LIB2&unit=MNL")
	if grid.Status != 200 {
		t.Fatalf("grid: %d", grid.Status)
	}
	mustContain(t, grid.Body, "Daily activity returns · Liberterra II", "Philippines", "Vietnam",
		`<time datetime="2024-09-29">Sun 29 Sep</time>`, `<time datetime="2024-10-04">Fri 4 Oct</time>`,
		`href="/returns/PH/2024-09-29?op=LIB2"`, `aria-label="Philippines, Sun 29 Sep: Missing"`, ">Missing<",
		"0 of 96 returns due so far are filed.", `<option value="MNL" selected>`)
	if strings.Contains(grid.Body, "Senegal") {
		t.Error("the Manila grid lists a country of another OCU")
	}
	if all := a.get("/returns?op=LIB2&unit="); all.Status != 200 || !strings.Contains(all.Body, "Senegal") || !strings.Contains(all.Body, "0 of 696") {
		t.Errorf("grid of every OCU: %d", all.Status)
	}

	form := a.get("/returns/PH/2024-09-29?op=LIB2")
	mustContain(t, form.Body, "Daily return · Philippines · Sun 29 Sep 2024", `name="version" value="0"`,
		`<label for="flights_monitored">`, "No return is filed for this day yet.")

	r := a.postForm("/returns/PH/2024-09-29", returnForm("1340", "12", "3", "45", "Officer Santos", "0"))
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/returns?") {
		t.Fatalf("file: %d %q %s", r.Status, r.Location, r.Body)
	}
	grid = a.get(r.Location)
	mustContain(t, grid.Body, "Return saved: Philippines, Sun 29 Sep 2024.", "12 flights", "1,340 checks",
		`aria-label="Philippines, Sun 29 Sep: 12 flights, 1,340 checks"`, "1 of 96 returns due so far are filed.", "1 of 16 filed")
}

func TestReturnFormKeepsWhatWasTypedAndShowsHistory(t *testing.T) {
	a := newTestApp(t)
	a.noReturns()

	r := a.postForm("/returns/ph/2024-10-01", returnForm("1,200", "", "-2", "7", `Sgt <b>Cruz</b>`, "0"))
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid: %d", r.Status)
	}
	mustContain(t, r.Body, "Some fields need fixing",
		`value="1,200"`, `value="-2"`, `value="7"`,
		`id="database_checks-error"`, "Enter a whole number in digits only",
		`id="flights_monitored-error"`, "Fill this in.",
		`id="border_points-error"`, "Enter a number from 0 to 100,000,000.",
		`aria-describedby="database_checks-hint database_checks-error"`, `aria-invalid="true"`,
		`href="#border_points"`)
	if strings.Contains(r.Body, `id="officers_deployed-error"`) {
		t.Error("a valid figure is marked as an error")
	}

	if r := a.postForm("/returns/PH/2024-10-01", returnForm("1200", "10", "2", "7", "Sgt Cruz", "0")); r.Status != http.StatusSeeOther {
		t.Fatalf("file: %d %s", r.Status, r.Body)
	}
	// The correction comes from the OCU's supervisor: the history names
	// both, from their accounts.
	a.as("supervisor.mnl")
	if r := a.postForm("/returns/PH/2024-10-01", returnForm("1250", "11", "2", "8", "ignored", "1")); r.Status != http.StatusSeeOther {
		t.Fatalf("correct: %d %s", r.Status, r.Body)
	}
	form := a.get("/returns/PH/2024-10-01?op=LIB2")
	mustContain(t, form.Body, `name="version" value="2"`, `value="1250"`, "Save correction",
		"Figures filed", "Officer Santos", "Sgt Cruz", "1,200", "1,250")

	// A colleague's form still on version 1 cannot overwrite version 2.
	r = a.postForm("/returns/PH/2024-10-01", returnForm("999", "9", "9", "9", "Late colleague", "1"))
	if r.Status != http.StatusConflict {
		t.Fatalf("stale: %d", r.Status)
	}
	mustContain(t, r.Body, "Someone else saved this return", "1,250", `value="999"`, `name="version" value="2"`)

	// A day that has no form is a 404, not an empty form.
	for _, path := range []string{"/returns/JP/2024-10-01?op=LIB2", "/returns/PH/2024-10-07?op=LIB2"} {
		if r := a.get(path); r.Status != http.StatusNotFound {
			t.Errorf("%s: %d", path, r.Status)
		}
	}
}

func TestReturnsAreFiledByTheirOwnCountryOrOCU(t *testing.T) {
	a := newTestApp(t)
	a.noReturns()
	if r := a.postForm("/returns/TH/2024-09-30", returnForm("10", "1", "1", "1", "", "0")); r.Status != http.StatusForbidden {
		t.Fatalf("officer.ph filing for Thailand: %d", r.Status)
	}
	if r := a.as("officer.th").postForm("/returns/TH/2024-09-30", returnForm("10", "1", "1", "1", "", "0")); r.Status != http.StatusSeeOther {
		t.Fatalf("officer.th filing for Thailand: %d", r.Status)
	}
	if status, _ := a.as("supervisor.dkr").api("PUT", "/api/v1/returns/TH/2024-09-30", map[string]any{"database_checks": 1,
		"flights_monitored": 1, "border_points": 1, "officers_deployed": 1, "version": 1}); status != http.StatusForbidden {
		t.Fatalf("a Dakar supervisor filing for Thailand: %d", status)
	}
	_, m := a.as("coordinator").api("GET", "/api/v1/returns?country=TH", nil)
	if rs := m["returns"].([]any); len(rs) != 1 || rs[0].(map[string]any)["filed_by"] != "Officer Chai" {
		t.Fatalf("returns %v", m)
	}
}

func TestReturnsAPI(t *testing.T) {
	a := newTestApp(t)
	a.noReturns()
	body := map[string]any{"operation": "LIB2", "database_checks": 340, "flights_monitored": 12,
		"border_points": 4, "officers_deployed": 55, "filed_by": "Officer Santos"}

	status, m := a.api("PUT", "/api/v1/returns/PH/2024-09-30", body)
	if status != http.StatusCreated || m["country"] != "PH" || m["version"] != 1.0 || m["database_checks"] != 340.0 {
		t.Fatalf("create: %d %v", status, m)
	}
	if h, ok := m["history"].([]any); !ok || len(h) != 0 {
		t.Fatalf("a new return has an empty history: %v", m["history"])
	}

	body["database_checks"], body["version"] = 360, 1
	delete(body, "operation") // the current operation by default
	a.as("supervisor.mnl")
	status, m = a.api("PUT", "/api/v1/returns/PH/2024-09-30", body)
	if status != http.StatusOK || m["version"] != 2.0 || m["database_checks"] != 360.0 || m["filed_by"] != "Sgt Cruz" {
		t.Fatalf("correct: %d %v", status, m)
	}
	h, _ := m["history"].([]any)
	if len(h) != 1 || h[0].(map[string]any)["database_checks"] != 340.0 || h[0].(map[string]any)["filed_by"] != "Officer Santos" {
		t.Fatalf("history: %v", m["history"])
	}

	// Stale version: 409 with the newer return.
	status, m = a.api("PUT", "/api/v1/returns/PH/2024-09-30", body)
	cur, _ := m["current"].(map[string]any)
	if status != http.StatusConflict || cur["version"] != 2.0 || cur["database_checks"] != 360.0 {
		t.Fatalf("stale: %d %v", status, m)
	}

	for _, f := range []struct{ country, day string }{{"TH", "2024-09-30"}, {"SN", "2024-10-01"}, {"PH", "2024-10-01"}} {
		b := map[string]any{"database_checks": 1, "flights_monitored": 2, "border_points": 0, "officers_deployed": 3, "filed_by": "Demo"}
		a.as("supervisor.mnl")
		if f.country == "SN" {
			a.as("supervisor.dkr") // Senegal reports to Dakar
		}
		if status, m := a.api("PUT", "/api/v1/returns/"+f.country+"/"+f.day, b); status != http.StatusCreated {
			t.Fatalf("file %v: %d %v", f, status, m)
		}
	}
	for query, want := range map[string][]string{
		"":                           {"PH/2024-09-30", "PH/2024-10-01", "SN/2024-10-01", "TH/2024-09-30"},
		"?operation=lib2&unit=MNL":   {"PH/2024-09-30", "PH/2024-10-01", "TH/2024-09-30"},
		"?unit=DKR":                  {"SN/2024-10-01"},
		"?country=ph":                {"PH/2024-09-30", "PH/2024-10-01"},
		"?day=2024-09-30":            {"PH/2024-09-30", "TH/2024-09-30"},
		"?country=PH&day=2024-10-01": {"PH/2024-10-01"},
		"?unit=SKP":                  {},
		"?country=JP&day=2024-10-01": {},
	} {
		status, m := a.api("GET", "/api/v1/returns"+query, nil)
		rs, _ := m["returns"].([]any)
		var got []string
		for _, r := range rs {
			r := r.(map[string]any)
			got = append(got, r["country"].(string)+"/"+r["day"].(string))
		}
		if status != 200 || strings.Join(got, " ") != strings.Join(want, " ") || m["total"] != float64(len(want)) {
			t.Errorf("GET %s: %d %v total %v, want %v", query, status, got, m["total"], want)
		}
	}
	for query, field := range map[string]string{"?unit=XYZ": "unit", "?country=PHL": "country", "?day=30-09-2024": "day"} {
		status, m := a.api("GET", "/api/v1/returns"+query, nil)
		if fields, _ := m["fields"].(map[string]any); status != 422 || fields[field] == nil {
			t.Errorf("GET %s: %d %v", query, status, m)
		}
	}
}

// TestReturnsAPIRefusals: bad figures and a country that does not take
// part both answer 422 naming the field, so one answer lists everything to
// fix; an unknown operation is 404, as everywhere in the API.
func TestReturnsAPIRefusals(t *testing.T) {
	a := newTestApp(t).as("supervisor.mnl") // may file for any Manila country, so validation answers
	a.noReturns()
	good := func() map[string]any {
		return map[string]any{"database_checks": 1, "flights_monitored": 2, "border_points": 0, "officers_deployed": 3, "filed_by": "Demo"}
	}
	for name, tc := range map[string]struct {
		path   string
		edit   func(map[string]any)
		status int
		fields []string
	}{
		"decimal and negative": {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { b["flights_monitored"] = 2.5; b["border_points"] = -1 }, 422, []string{"flights_monitored", "border_points"}},
		"over the limit":       {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { b["officers_deployed"] = 100000001 }, 422, []string{"officers_deployed"}},
		"missing figure":       {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { delete(b, "database_checks") }, 422, []string{"database_checks"}},
		"text figure":          {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { b["database_checks"] = true }, 422, []string{"database_checks"}},
		"not participating":    {"/api/v1/returns/JP/2024-09-30", nil, 422, []string{"country"}},
		"no such country code": {"/api/v1/returns/XX/2024-09-30", nil, 422, []string{"country"}},
		"day outside":          {"/api/v1/returns/PH/2024-10-05", nil, 422, []string{"day"}},
		"unknown field":        {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { b["flights"] = 3 }, 422, nil},
		"unknown operation":    {"/api/v1/returns/PH/2024-09-30", func(b map[string]any) { b["operation"] = "NOPE" }, 404, nil},
	} {
		t.Run(name, func(t *testing.T) {
			b := good()
			if tc.edit != nil {
				tc.edit(b)
			}
			status, m := a.api("PUT", tc.path, b)
			fields, _ := m["fields"].(map[string]any)
			if status != tc.status || m["message"] == "" {
				t.Fatalf("want %d, got %d %v", tc.status, status, m)
			}
			for _, f := range tc.fields {
				if fields[f] == nil {
					t.Errorf("no message for %s: %v", f, m)
				}
			}
		})
	}
	if status, m := a.api("GET", "/api/v1/returns", nil); status != 200 || m["total"] != 0.0 {
		t.Fatalf("refused returns were stored: %v", m)
	}
}
