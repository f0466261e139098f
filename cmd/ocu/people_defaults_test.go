package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// formDefaults is what a browser would send for the form with id formID
// on page if the officer changed nothing: each select's selected option or
// else its first, each input's value, each checked box.
func formDefaults(t *testing.T, page, formID string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	attr := func(n *html.Node, name string) (string, bool) {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val, true
			}
		}
		return "", false
	}
	var form *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "form" {
			if id, _ := attr(n, "id"); id == formID {
				form = n
			}
		}
		for c := n.FirstChild; c != nil && form == nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	if form == nil {
		t.Fatalf("no form #%s on the page", formID)
	}
	v := url.Values{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			name, _ := attr(n, "name")
			switch n.Data {
			case "input":
				typ, _ := attr(n, "type")
				_, checked := attr(n, "checked")
				val, _ := attr(n, "value")
				if name != "" && ((typ != "checkbox" && typ != "radio") || checked) {
					v.Add(name, val)
				}
			case "select":
				var first, chosen *html.Node
				for o := n.FirstChild; o != nil; o = o.NextSibling {
					if o.Type == html.ElementNode && o.Data == "option" {
						if first == nil {
							first = o
						}
						if _, sel := attr(o, "selected"); sel && chosen == nil {
							chosen = o
						}
					}
				}
				if chosen == nil {
					chosen = first
				}
				if chosen != nil && name != "" {
					val, _ := attr(chosen, "value")
					v.Add(name, val)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(form)
	return v
}

// dashboardFigures reads the coordinator's dashboard figures over the API.
func dashboardFigures(t *testing.T, a *testApp) map[string]any {
	t.Helper()
	defer a.as(a.user)
	status, m := a.as("coordinator").api("GET", "/api/v1/dashboard", nil)
	if status != http.StatusOK {
		t.Fatalf("dashboard: %d %v", status, m)
	}
	return m
}

// TestBulkAddFormDefaultsToNotKnown: an officer who types only the number
// of people found records that many people of unknown sex and age band,
// unscreened: not a crowd of girls under 9 counted as minors.
func TestBulkAddFormDefaultsToNotKnown(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Raid where only a head count is known")
	page := a.get("/cases/" + ref)
	if page.Status != http.StatusOK {
		t.Fatalf("case page: %d", page.Status)
	}
	v := formDefaults(t, page.Body, "bulk")
	if got := v.Get("count"); got != "" {
		t.Errorf("the bulk form's count is prefilled with %q: how many people were found must be typed", got)
	}
	for field, want := range map[string]string{"sex": "unknown", "age_band": "unknown", "outcome": "unscreened", "nationality": "", "exploitation": ""} {
		if got := v.Get(field); got != want {
			t.Errorf("the bulk form's %s defaults to %q, want %q", field, got, want)
		}
	}
	before := dashboardFigures(t, a)
	v.Set("count", "40")
	r := a.postForm("/cases/"+ref+"/people/bulk", v)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("bulk add with only the count: %d %.300s", r.Status, r.Body)
	}
	_, m := a.api("GET", "/api/v1/cases/"+ref+"/people?per_page=100", nil)
	people := m["people"].([]any)
	if len(people) != 40 {
		t.Fatalf("%d people added, want 40", len(people))
	}
	for _, p := range people {
		p := p.(map[string]any)
		if p["sex"] != "unknown" || p["age_band"] != "unknown" || p["minor"] != false || p["outcome"] != "unscreened" || p["nationality"] != "" {
			t.Fatalf("a person added with only the count is %v, want unknown sex and age band, unscreened, not a minor", p)
		}
	}
	// Screened as victims with the form's defaults otherwise: victims move
	// by 40, minors not at all.
	v = formDefaults(t, a.get("/cases/"+ref).Body, "bulk")
	v.Set("count", "10")
	v.Set("outcome", "potential_victim")
	if r := a.postForm("/cases/"+ref+"/people/bulk", v); r.Status != http.StatusSeeOther {
		t.Fatalf("bulk add of victims: %d", r.Status)
	}
	after := dashboardFigures(t, a)
	if d := after["minor_victims"].(float64) - before["minor_victims"].(float64); d != 0 {
		t.Errorf("the dashboard's minor victims moved by %v after adding people of unknown age, want 0", d)
	}
	if d := after["potential_victims"].(float64) - before["potential_victims"].(float64); d != 10 {
		t.Errorf("the dashboard's potential victims moved by %v, want 10", d)
	}
	if d := after["people"].(float64) - before["people"].(float64); d != 50 {
		t.Errorf("the dashboard's people moved by %v, want 50", d)
	}
}

// TestPersonFormDefaultsToNotKnown: the form to add one person, sent as
// shown, records a person of unknown sex and age band, unscreened.
func TestPersonFormDefaultsToNotKnown(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("One person, nothing known yet")
	page := a.get("/cases/" + ref + "/people/new")
	if page.Status != http.StatusOK {
		t.Fatalf("new person page: %d", page.Status)
	}
	v := formDefaults(t, page.Body, "person-form")
	for field, want := range map[string]string{"sex": "unknown", "age_band": "unknown", "outcome": "unscreened", "nationality": "", "exploitation": ""} {
		if got := v.Get(field); got != want {
			t.Errorf("the person form's %s defaults to %q, want %q", field, got, want)
		}
	}
	if r := a.postForm("/cases/"+ref+"/people", v); r.Status != http.StatusSeeOther {
		t.Fatalf("add one person as the form shows: %d %.300s", r.Status, r.Body)
	}
	_, p := a.api("GET", "/api/v1/people/"+ref+"-P001", nil)
	if p["sex"] != "unknown" || p["age_band"] != "unknown" || p["minor"] != false || p["outcome"] != "unscreened" {
		t.Fatalf("the person added is %v", p)
	}
}

// TestAPIPeopleWithoutFieldsAreNotKnown: a JSON body that leaves out sex,
// age band, nationality and outcome gets "not known" for each, never a
// real value; one person or a crowd.
func TestAPIPeopleWithoutFieldsAreNotKnown(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("People added over the API with nothing known")
	before := dashboardFigures(t, a)
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"assistance_org": ""}); status != http.StatusCreated {
		t.Fatalf("one person with an empty body: %d %v", status, m)
	}
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 12}); status != http.StatusCreated {
		t.Fatalf("12 people with only the count: %d %v", status, m)
	}
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 3, "outcome": "potential_victim"}); status != http.StatusCreated {
		t.Fatalf("3 victims: %d %v", status, m)
	}
	_, m := a.api("GET", "/api/v1/cases/"+ref+"/people?per_page=100", nil)
	for i, p := range m["people"].([]any) {
		p := p.(map[string]any)
		wantOutcome := "unscreened"
		if i >= 13 {
			wantOutcome = "potential_victim"
		}
		if p["sex"] != "unknown" || p["age_band"] != "unknown" || p["minor"] != false || p["nationality"] != "" || p["outcome"] != wantOutcome {
			t.Errorf("person %d added over the API with fields left out is %v", i+1, p)
		}
	}
	// Screening without an outcome is refused, not defaulted.
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"all_unscreened": true}); status != 422 {
		t.Errorf("screening without an outcome: %d %v, want 422", status, m)
	}
	after := dashboardFigures(t, a)
	for key, want := range map[string]float64{"minor_victims": 0, "potential_victims": 3, "people": 16, "unscreened": 13} {
		if d := after[key].(float64) - before[key].(float64); d != want {
			t.Errorf("the dashboard's %s moved by %v, want %v", key, d, want)
		}
	}
}
