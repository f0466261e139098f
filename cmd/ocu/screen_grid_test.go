package main

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// gridCase is a new case with n unscreened people, and the grid's form as
// a browser would send it unchanged.
func gridCase(t *testing.T, a *testApp, n int) (string, url.Values) {
	t.Helper()
	ref := a.newCase(fmt.Sprintf("Raid with %d people to screen", n))
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": n}); status != http.StatusCreated {
		t.Fatalf("bulk add: %d %v", status, m)
	}
	page := a.get("/cases/" + ref + "/screen")
	if page.Status != http.StatusOK {
		t.Fatalf("GET the grid: %d %.300s", page.Status, page.Body)
	}
	return ref, formDefaults(t, page.Body, "grid-form")
}

func ps(ref string, i int) string { return fmt.Sprintf("%s-P%03d", ref, i) }

// tally is the case's figures, over the API.
func tally(t *testing.T, a *testApp, ref string) map[string]any {
	t.Helper()
	status, m := a.api("GET", "/api/v1/cases/"+ref+"/people?per_page=1", nil)
	if status != http.StatusOK {
		t.Fatalf("people of %s: %d %v", ref, status, m)
	}
	return m["tally"].(map[string]any)
}

// TestScreeningGridSavesEveryRowAtOnce: 40 people found in a raid are
// screened in one save: 25 potential victims of whom 4 minors, 10
// irregular migrants, 1 suspect and 4 others, with sex and nationality
// (typed by code or by name). The case's figures and the dashboard move by
// exactly that, and the page comes back at the row the officer was on.
func TestScreeningGridSavesEveryRowAtOnce(t *testing.T) {
	a := newTestApp(t)
	before := dashboardFigures(t, a)
	ref, v := gridCase(t, a, 40)
	if got := len(v["row"]); got != 40 {
		t.Fatalf("the grid has %d rows, want 40", got)
	}
	for i := 1; i <= 40; i++ {
		p := ps(ref, i)
		switch {
		case i <= 25:
			v.Set("o."+p, "potential_victim")
			v.Set("s."+p, "female")
		case i <= 35:
			v.Set("o."+p, "irregular_migrant")
			v.Set("n."+p, "Myanmar")
		case i == 36:
			v.Set("o."+p, "suspect")
			v.Set("s."+p, "male")
			v.Set("n."+p, "th")
		default:
			v.Set("o."+p, "other")
		}
		if i <= 4 {
			v.Set("a."+p, "9-17")
		}
	}
	v.Set("at", "row-"+ps(ref, 36))
	r := a.postForm("/cases/"+ref+"/screen", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save the grid: %d %.500s", r.Status, r.Body)
	}
	if want := "/cases/" + ref + "/screen?n=40&saved=grid#row-" + ps(ref, 36); r.Location != want {
		t.Errorf("after saving, the grid goes to %s, want %s", r.Location, want)
	}
	mustContain(t, a.get(r.Location).Body, "Grid saved: people changed: 40.")
	got := tally(t, a, ref)
	for key, want := range map[string]float64{"people": 40, "unscreened": 0, "potential_victims": 25, "minor_victims": 4, "irregular_migrants": 10, "suspects": 1} {
		if got[key] != want {
			t.Errorf("the case's %s: %v, want %v", key, got[key], want)
		}
	}
	_, p := a.api("GET", "/api/v1/people/"+ps(ref, 30), nil)
	if p["nationality"] != "MM" || p["sex"] != "unknown" || p["age_band"] != "unknown" {
		t.Errorf("a migrant whose nationality was typed as Myanmar: %v", p)
	}
	_, p = a.api("GET", "/api/v1/people/"+ps(ref, 2), nil)
	if p["minor"] != true || p["age_band"] != "9-17" || p["sex"] != "female" || p["version"] != 2.0 {
		t.Errorf("a minor victim: %v", p)
	}
	after := dashboardFigures(t, a)
	for key, want := range map[string]float64{"people": 40, "unscreened": 0, "potential_victims": 25, "minor_victims": 4, "irregular_migrants": 10, "suspects": 1} {
		if d := after[key].(float64) - before[key].(float64); d != want {
			t.Errorf("the dashboard's %s moved by %v, want %v", key, d, want)
		}
	}
	// The case can move on: nobody is left unscreened.
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening"}); status != http.StatusOK {
		t.Fatalf("move to screening: %d %v", status, m)
	}

	// Saved again unchanged, nobody changes (no version moves).
	v = formDefaults(t, a.get("/cases/"+ref+"/screen").Body, "grid-form")
	if r := a.postForm("/cases/"+ref+"/screen", v); r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "n=0") {
		t.Errorf("saving the grid unchanged: %d %s", r.Status, r.Location)
	}
	if _, p = a.api("GET", "/api/v1/people/"+ps(ref, 2), nil); p["version"] != 2.0 {
		t.Errorf("saving unchanged moved a version: %v", p)
	}
}

// TestScreeningGridRefusesWholeAndShowsErrorsOnTheirRows: a save with a
// mistake on two rows saves nothing, and shows each mistake on its row
// with everything typed kept.
func TestScreeningGridRefusesWholeAndShowsErrorsOnTheirRows(t *testing.T) {
	a := newTestApp(t)
	ref, v := gridCase(t, a, 5)
	v.Set("o."+ps(ref, 1), "potential_victim")
	v.Set("a."+ps(ref, 1), "9-17")
	v.Set("n."+ps(ref, 2), "Atlantis")
	v.Set("a."+ps(ref, 4), "teen")
	r := a.postForm("/cases/"+ref+"/screen", v)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a grid with mistakes: %d, want 422", r.Status)
	}
	mustContain(t, r.Body, "Each problem is shown on its row; nothing was saved.",
		`id="err-nationality-`+ps(ref, 2)+`"`, `value="Atlantis"`, `id="err-age_band-`+ps(ref, 4)+`"`,
		`is not an age band`)
	// What was typed on the good rows is kept.
	row1 := r.Body[strings.Index(r.Body, `id="row-`+ps(ref, 1)+`"`):]
	row1 = row1[:strings.Index(row1, "</tr>")]
	mustContain(t, row1, `<option value="potential_victim" selected>`, `<option value="9-17" selected>`)
	if got := tally(t, a, ref); got["unscreened"] != 5.0 || got["potential_victims"] != 0.0 {
		t.Errorf("a refused grid changed the case: %v", got)
	}

	// A person changed by someone else since the grid was shown: that row
	// is refused; a row not changed on the grid does not care.
	if status, m := a.api("PATCH", "/api/v1/people/"+ps(ref, 3), map[string]any{"version": 1, "outcome": "irregular_migrant"}); status != http.StatusOK {
		t.Fatalf("patch: %d %v", status, m)
	}
	v = formDefaults(t, a.get("/cases/"+ref+"/screen").Body, "grid-form")
	v.Set("v."+ps(ref, 3), "1") // the copy seen before the change
	v.Set("o."+ps(ref, 3), "suspect")
	v.Set("v."+ps(ref, 5), "1")
	r = a.postForm("/cases/"+ref+"/screen", v)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a stale row: %d, want 422", r.Status)
	}
	mustContain(t, r.Body, "Changed by someone else while you worked ("+ps(ref, 3)+" is now version 2)")
	if strings.Contains(r.Body, `id="err-outcome-`+ps(ref, 5)+`"`) {
		t.Errorf("a row left unchanged was refused as stale")
	}

	// A victim's details do not silently go with a new outcome.
	if status, m := a.api("PATCH", "/api/v1/people/"+ps(ref, 5), map[string]any{"version": 1, "outcome": "potential_victim", "exploitation": "forced_labour"}); status != http.StatusOK {
		t.Fatalf("patch: %d %v", status, m)
	}
	v = formDefaults(t, a.get("/cases/"+ref+"/screen").Body, "grid-form")
	v.Set("o."+ps(ref, 5), "irregular_migrant")
	r = a.postForm("/cases/"+ref+"/screen", v)
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="err-outcome-`+ps(ref, 5)+`"`) {
		t.Fatalf("a victim with a form of exploitation made a migrant: %d", r.Status)
	}
	mustContain(t, r.Body, "change them on the person")
}

// TestScreeningGridWithoutScript: with no script, the selection links and
// "the next N unscreened" pre-select rows, and "set on the selected rows"
// is applied by the server on save.
func TestScreeningGridWithoutScript(t *testing.T) {
	a := newTestApp(t)
	ref, _ := gridCase(t, a, 6)
	if status, m := a.api("PATCH", "/api/v1/people/"+ps(ref, 1), map[string]any{"version": 1, "outcome": "irregular_migrant"}); status != http.StatusOK {
		t.Fatalf("patch: %d %v", status, m)
	}
	page := a.get("/cases/" + ref + "/screen?next=3")
	v := formDefaults(t, page.Body, "grid-form")
	if got := strings.Join(v["sel"], " "); got != ps(ref, 2)+" "+ps(ref, 3)+" "+ps(ref, 4) {
		t.Errorf("?next=3 selects %q, want the next three unscreened (2 to 4)", got)
	}
	if got := formDefaults(t, a.get("/cases/"+ref+"/screen?select=all").Body, "grid-form")["sel"]; len(got) != 6 {
		t.Errorf("?select=all selects %d rows, want 6", len(got))
	}
	v.Set("fill_outcome", "potential_victim")
	v.Set("fill_age_band", "minor_unknown")
	r := a.postForm("/cases/"+ref+"/screen", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("save with values for the selection: %d %.300s", r.Status, r.Body)
	}
	if got := tally(t, a, ref); got["potential_victims"] != 3.0 || got["minor_victims"] != 3.0 || got["unscreened"] != 2.0 || got["irregular_migrants"] != 1.0 {
		t.Errorf("after setting the selection: %v", got)
	}
}

// TestScreeningGridOnlyForThoseWhoMayChangeTheCase: an officer of another
// OCU does not find the grid; one of another country of the same OCU may
// not save it; nor may anyone once the case is closed.
func TestScreeningGridOnlyForThoseWhoMayChangeTheCase(t *testing.T) {
	a := newTestApp(t)
	ref, v := gridCase(t, a, 2)
	v.Set("o."+ps(ref, 1), "suspect")
	if r := a.as("officer.ar").get("/cases/" + ref + "/screen"); r.Status != http.StatusNotFound {
		t.Errorf("GET the grid as an officer of another OCU: %d, want 404", r.Status)
	}
	if r := a.as("officer.ar").postForm("/cases/"+ref+"/screen", v); r.Status != http.StatusNotFound {
		t.Errorf("POST the grid as an officer of another OCU: %d, want 404", r.Status)
	}
	if r := a.as("officer.th").get("/cases/" + ref + "/screen"); r.Status != http.StatusForbidden {
		t.Errorf("GET the grid as an officer of another country: %d, want 403", r.Status)
	}
	if r := a.as("officer.th").postForm("/cases/"+ref+"/screen", v); r.Status != http.StatusForbidden {
		t.Errorf("POST the grid as an officer of another country: %d, want 403", r.Status)
	}
	a.as("officer.ph")
	if got := tally(t, a, ref); got["suspects"] != 0.0 {
		t.Errorf("a refused grid changed the case: %v", got)
	}
}
