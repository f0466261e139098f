package main

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Each user is offered only the forms they may save (issue 13, point 7):
// the case page, the person page, the case list and the raise form show no
// form or link a role could not use, and the edit pages answer 403 rather
// than a form that would be refused on save.
func TestFormsOfferedOnlyToThoseWhoMaySaveThem(t *testing.T) {
	a := newTestApp(t)
	ref := a.as("officer.ph").newCase("Raid on a call centre")
	a.readyForReferral(ref) // adds a charged suspect: P001
	person := ref + "-P001"
	edit, personForm := `href="/cases/`+ref+`/edit"`, `action="/people/`+person+`"`
	forms := []string{`action="/cases/` + ref + `/transitions"`, `action="/cases/` + ref + `/seizures"`,
		`action="/cases/` + ref + `/people/bulk"`, `id="screen-outcome"`}

	// The raising country's officer and the OCU's supervisor change the case.
	for _, user := range []string{"officer.ph", "supervisor.mnl"} {
		a.as(user)
		page := a.get("/cases/" + ref)
		mustContain(t, page.Body, append([]string{edit}, forms...)...)
		if r := a.get("/cases/" + ref + "/edit"); r.Status != http.StatusOK || !strings.Contains(r.Body, `name="version"`) {
			t.Errorf("%s: the edit page answers %d without its form", user, r.Status)
		}
		if r := a.get("/people/" + person); r.Status != http.StatusOK || !strings.Contains(r.Body, personForm) {
			t.Errorf("%s: the person page answers %d without its form", user, r.Status)
		}
		if r := a.get("/cases"); !strings.Contains(r.Body, `href="/cases/new?`) {
			t.Errorf("%s: the case list offers no way to raise a case", user)
		}
	}
	// Another country's officer of the same OCU, and the coordinator, read
	// the case: no form, no edit link, and the edit pages say why not.
	for _, user := range []string{"officer.th", "coordinator"} {
		a.as(user)
		page := a.get("/cases/" + ref)
		if page.Status != http.StatusOK {
			t.Fatalf("%s: the case page answers %d", user, page.Status)
		}
		for _, f := range append([]string{edit}, forms...) {
			if strings.Contains(page.Body, f) {
				t.Errorf("%s: the case page offers %s", user, f)
			}
		}
		for _, path := range []string{"/cases/" + ref + "/edit", "/cases/" + ref + "/people/new"} {
			r := a.get(path)
			if r.Status != http.StatusForbidden || strings.Contains(r.Body, `name="version"`) || !strings.Contains(r.Body, "but not change it") && !strings.Contains(r.Body, "was raised by PH") {
				t.Errorf("%s: GET %s answers %d, want 403 saying why, without a form: %.300s", user, path, r.Status, r.Body)
			}
		}
		r := a.get("/people/" + person)
		if r.Status != http.StatusOK || strings.Contains(r.Body, personForm) || strings.Contains(r.Body, "<form method=\"post\" action=\"/people") {
			t.Errorf("%s: the person page answers %d with a form", user, r.Status)
		}
		mustContain(t, r.Body, person, "Suspect", "Human trafficking")
	}
	// Those who raise no case are not offered to.
	for _, user := range []string{"coordinator", "admin"} {
		a.as(user)
		if r := a.get("/cases"); strings.Contains(r.Body, `href="/cases/new`) {
			t.Errorf("%s: the case list offers to raise a case", user)
		}
		if r := a.get("/cases/new"); r.Status != http.StatusForbidden || strings.Contains(r.Body, `name="title"`) {
			t.Errorf("%s: GET /cases/new answers %d, want 403 without a form", user, r.Status)
		}
	}
	// Another OCU's supervisor does not see the case at all.
	a.as("supervisor.dkr")
	for _, path := range []string{"/cases/" + ref + "/edit", "/people/" + person, "/cases/" + ref + "/people/new"} {
		if r := a.get(path); r.Status != http.StatusNotFound {
			t.Errorf("supervisor.dkr: GET %s answers %d, want 404", path, r.Status)
		}
	}
}

// raisingOptions are the values of the raise form's raising-country select.
func raisingOptions(t *testing.T, body string) []string {
	t.Helper()
	i := strings.Index(body, `id="raising_country"`)
	if i < 0 {
		t.Fatal("the raise form has no raising country")
	}
	sel := body[i : i+strings.Index(body[i:], "</select>")]
	var out []string
	for _, m := range regexp.MustCompile(`<option value="([A-Z]{2})"( selected)?>`).FindAllStringSubmatch(sel, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// The raise form lists only the countries its user may raise for: an
// officer their own, chosen already; a supervisor their OCU's (point 7).
func TestRaiseFormOffersOnlyCountriesOneMayRaiseFor(t *testing.T) {
	a := newTestApp(t)
	got := raisingOptions(t, a.as("officer.ph").get("/cases/new").Body)
	if strings.Join(got, ",") != "PH selected" {
		t.Errorf("officer.ph's raise form lists %v, want only the Philippines, chosen", got)
	}
	got = raisingOptions(t, a.as("officer.ar").get("/cases/new").Body)
	if strings.Join(got, ",") != "AR selected" {
		t.Errorf("officer.ar's raise form lists %v, want only Argentina, chosen", got)
	}
	page := a.as("supervisor.mnl").get("/cases/new").Body
	got = raisingOptions(t, page)
	if len(got) < 2 || !strings.Contains(strings.Join(got, ","), "PH") || !strings.Contains(strings.Join(got, ","), "TH") {
		t.Errorf("supervisor.mnl's raise form lists %v, want Manila's countries", got)
	}
	for _, iso := range got {
		if iso == "AR" || iso == "SN" || iso == "MK" {
			t.Errorf("supervisor.mnl's raise form lists %s, a country of another OCU", iso)
		}
	}
	if strings.Contains(page, "OCU Dakar") || strings.Contains(page, "Dakar: ") {
		t.Error("supervisor.mnl's raise form names another OCU")
	}
}
