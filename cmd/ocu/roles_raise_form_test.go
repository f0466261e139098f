package main

import (
	"strings"
	"testing"
)

// The raise form fills in what it can and asks no Ctrl-click (issue 13,
// point 9): the raid country starts as the raising country, the zone hint
// names the officer's OCU only, and linked countries are checkbox pickers
// that post the same fields as before.
func TestRaiseFormPrefillsAndPicksCountriesWithoutCtrlClick(t *testing.T) {
	a := newTestApp(t)
	page := a.as("officer.ph").get("/cases/new").Body
	i := strings.Index(page, `id="country"`)
	if i < 0 {
		t.Fatal("no raid country")
	}
	raid := page[i : i+strings.Index(page[i:], "</select>")]
	if !strings.Contains(raid, `<option value="PH" selected>`) {
		t.Error("the raid country does not start as the raising country, the Philippines")
	}
	mustContain(t, page, "Local time of the OCU (Manila: Asia/Manila).",
		`<details class="picker" id="origin-picker">`, `<input type="checkbox" name="transit" value="TH">`,
		`<input type="search" id="destination-filter" class="picker-filter"`, `/static/js/case-form.js?v=`)
	for _, bad := range []string{"Dakar", "Skopje", "Buenos Aires", "multiple", "Ctrl"} {
		if strings.Contains(page, bad) {
			t.Errorf("the officer's raise form shows %q", bad)
		}
	}
	// The operation (2024) is not today: the raid time is left to type.
	if !strings.Contains(page, `name="raid_at" value=""`) {
		t.Error("the raid time is filled in outside the operation's days")
	}
	// Ticked countries post as before and come back ticked and named in
	// the picker's summary.
	v := caseForm()
	v.Set("title", "")
	v.Set("place", "")
	v["destination"] = []string{"TH", "MY"}
	r := a.postForm("/cases", v)
	mustContain(t, r.Body, `<input type="checkbox" name="destination" value="TH" checked>`,
		`<details class="picker" id="destination-picker" open>`, "Malaysia, Thailand")
	v.Set("title", "Raid with linked countries")
	v.Set("place", "Port Area, Manila")
	r = a.postForm("/cases", v)
	if r.Status != 303 {
		t.Fatalf("create: %d", r.Status)
	}
	mustContain(t, a.get(r.Location).Body, "Malaysia, Thailand")
}
