package main

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// raiseWithPeople raises a Philippines case through the form with the
// people found typed in, and returns its reference.
func (a *testApp) raiseWithPeople(found map[string]string) string {
	a.t.Helper()
	v := url.Values{"operation": {"LIB2"}, "raising_country": {"PH"}, "place": {"Malate, Manila"}, "country": {"PH"},
		"raid_at": {"2024-10-02T23:30"}, "forms": {"sexual_exploitation"}}
	for k, n := range found {
		v.Set(k, n)
	}
	r := a.postForm("/cases", v)
	m := regexp.MustCompile(`^/cases/(LIB2-MNL-\d{4})\?saved=created$`).FindStringSubmatch(r.Location)
	if r.Status != http.StatusSeeOther || m == nil {
		a.t.Fatalf("raise: %d %q %s", r.Status, r.Location, r.Body)
	}
	return m[1]
}

var storyCrowd = map[string]string{"found_victims": "25", "found_minors": "4", "found_migrants": "10", "found_suspects": "1", "found_other": "4"}

// The raise form records the people found with the case, by screening
// outcome, making nothing up: sex, age and nationality stay unknown, and
// only the number said to be minors are minors. A blank title is named
// after the place.
func TestRaiseWithPeopleFound(t *testing.T) {
	a := newTestApp(t)
	ref := a.raiseWithPeople(storyCrowd)
	var rows []struct {
		Outcome, Sex, AgeBand, Nationality string
		Minor                              bool
		N                                  int
	}
	a.db.Read.Raw(`SELECT outcome, sex, age_band, nationality, minor, COUNT(*) AS n FROM people
		WHERE case_id = (SELECT id FROM cases WHERE reference = ?) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 5`, ref).Scan(&rows)
	got := map[string]int{}
	for _, r := range rows {
		if r.Sex != "unknown" || r.Nationality != "" || (r.AgeBand != "unknown" && r.AgeBand != "minor_unknown") {
			t.Errorf("a person was given a value nobody typed: %+v", r)
		}
		key := r.Outcome
		if r.Minor {
			key += "/minor"
		}
		got[key] += r.N
	}
	want := map[string]int{"potential_victim": 21, "potential_victim/minor": 4, "irregular_migrant": 10, "suspect": 1, "other": 4}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: %d people, want %d (all: %v)", k, got[k], n, got)
		}
	}
	var c struct {
		Title, Status                                                     string
		PeopleCount, PotentialVictims, MinorVictims, Suspects, Unscreened int
	}
	a.db.Read.Raw(`SELECT title, status, people_count, potential_victims, minor_victims, suspects, unscreened FROM cases WHERE reference = ?`, ref).Scan(&c)
	if c.Title != "Raid at Malate, Manila" || c.Status != "raid" || c.PeopleCount != 40 || c.PotentialVictims != 25 || c.MinorVictims != 4 || c.Suspects != 1 || c.Unscreened != 0 {
		t.Errorf("the case holds %+v", c)
	}
	var audited int
	a.db.Read.Raw(`SELECT COUNT(*) FROM audit_log WHERE action = 'people.add' AND subject = ? AND details LIKE '%"count":40%'`, "case:"+ref).Scan(&audited)
	if audited != 1 {
		t.Errorf("the people added with the case are not in the audit trail (%d entries)", audited)
	}
}

// Wrong counts are refused with what to fix next to each, and the form
// comes back as typed; nothing is created.
func TestRaiseWithPeopleFoundRefusesWrongCounts(t *testing.T) {
	a := newTestApp(t)
	var before int
	a.db.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&before)
	v := caseForm()
	v.Set("found_victims", "3")
	v.Set("found_minors", "5")
	v.Set("found_migrants", "ten")
	v.Set("found_suspects", "-1")
	r := a.postForm("/cases", v)
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.Status)
	}
	mustContain(t, r.Body, "There cannot be more minors than potential victims (3).", "Enter a whole number from 0 to 5000, or leave it blank.",
		`id="found_minors" name="found_minors" value="5"`, `id="found_migrants" name="found_migrants" value="ten"`, `href="#found_suspects"`)
	var after int
	a.db.Read.Raw("SELECT COUNT(*) FROM cases").Scan(&after)
	if after != before {
		t.Errorf("a refused form created %d cases", after-before)
	}
}

// A suspect is arrested, charged and referred from the case page's quick
// form: the arrest time and the referral date come filled with the raid's
// and count only once "arrested" is ticked or an authority named; the
// prosecutor's reference may follow later. With everyone screened, the
// case is referred from raid, through screening, in one move.
func TestSuspectQuickFormAndReferralFromRaid(t *testing.T) {
	a := newTestApp(t)
	ref := a.raiseWithPeople(storyCrowd)
	suspect := ref + "-P036"
	page := a.get("/cases/" + ref)
	mustContain(t, page.Body, `id="suspect-`+suspect+`"`, `id="arrested_at-`+suspect+`" name="arrested_at" value="2024-10-02T23:30"`,
		`id="prosecution_date-`+suspect+`" name="prosecution_date" value="2024-10-02"`, `id="cash-currency" name="currency" value="PHP"`)

	// Saving with nothing ticked changes nothing, whatever the prefilled
	// times say.
	r := a.postForm("/people/"+suspect+"/arrest", url.Values{"version": {"1"}, "arrested_at": {"2024-10-02T23:30"}, "prosecution_date": {"2024-10-02"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("empty quick save: %d %s", r.Status, r.Body)
	}
	// An authority without a date is refused on the case page, as typed.
	r = a.postForm("/people/"+suspect+"/arrest", url.Values{"version": {"2"}, "arrested": {"1"}, "arrested_at": {"2024-10-03T00:15"},
		"charges": {"human_trafficking"}, "prosecution_authority": {"City Prosecutor <b>Manila</b>"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("half a referral: %d", r.Status)
	}
	mustContain(t, r.Body, "A referral for prosecution needs the authority and the date", `value="City Prosecutor &lt;b&gt;Manila&lt;/b&gt;"`,
		`id="arrested_at-`+suspect+`" name="arrested_at" value="2024-10-03T00:15"`)
	r = a.postForm("/people/"+suspect+"/arrest", url.Values{"version": {"2"}, "arrested": {"1"}, "arrested_at": {"2024-10-03T00:15"},
		"charges": {"human_trafficking"}, "prosecution_authority": {"Office of the City Prosecutor, Manila"}, "prosecution_date": {"2024-10-03"}})
	if r.Status != http.StatusSeeOther || !strings.HasSuffix(r.Location, "saved=suspect_saved#suspects") {
		t.Fatalf("quick save: %d %q %s", r.Status, r.Location, r.Body)
	}
	var c struct{ Arrests, ArrestsHtMs, ReferredSuspects int }
	a.db.Read.Raw("SELECT arrests, arrests_ht_ms, referred_suspects FROM cases WHERE reference = ?", ref).Scan(&c)
	if c.Arrests != 1 || c.ArrestsHtMs != 1 || c.ReferredSuspects != 1 {
		t.Fatalf("after the quick form the case counts %+v", c)
	}
	// Referred, the suspect leaves the quick forms.
	if page := a.get("/cases/" + ref); strings.Contains(page.Body, `id="suspect-`+suspect+`"`) {
		t.Error("a referred suspect still has a quick form")
	}
	r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"referred"}, "version": {"1"}, "confirm": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("refer from raid: %d %s", r.Status, r.Body)
	}
	var steps []string
	a.db.Read.Raw(`SELECT from_status || '>' || to_status FROM case_transitions WHERE case_id = (SELECT id FROM cases WHERE reference = ?) ORDER BY id`, ref).Scan(&steps)
	if strings.Join(steps, " ") != ">raid raid>screening screening>referred" {
		t.Errorf("history %v", steps)
	}
}

// The quick form is for those who may change the case: another OCU's
// officer finds no such person, an officer of another country of the same
// OCU may not save.
func TestSuspectQuickFormScope(t *testing.T) {
	a := newTestApp(t)
	ref := a.raiseWithPeople(storyCrowd)
	suspect := ref + "-P036"
	v := url.Values{"version": {"1"}, "arrested": {"1"}, "arrested_at": {"2024-10-03T00:15"}}
	if r := a.as("officer.ar").postForm("/people/"+suspect+"/arrest", v); r.Status != http.StatusNotFound {
		t.Errorf("another OCU's officer: %d", r.Status)
	}
	if r := a.as("officer.th").postForm("/people/"+suspect+"/arrest", v); r.Status != http.StatusForbidden {
		t.Errorf("another country's officer: %d", r.Status)
	}
	if page := a.as("officer.th").get("/cases/" + ref); strings.Contains(page.Body, `class="suspect-form"`) || strings.Contains(page.Body, `id="cash-form"`) {
		t.Error("forms offered to an officer who cannot save them")
	}
	var arrests int
	a.db.Read.Raw("SELECT arrests FROM cases WHERE reference = ?", ref).Scan(&arrests)
	if arrests != 0 {
		t.Errorf("%d arrests recorded by people who may not", arrests)
	}
}

// Cash has its own form, open on the case page, starting in the raid
// country's currency; a refusal comes back in that form, as typed.
func TestCashForm(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Cash seized")
	r := a.postForm("/cases/"+ref+"/seizures", url.Values{"form": {"cash"}, "kind": {"cash"}, "quantity": {"180000"}, "currency": {"PHP"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("cash without a value: %d", r.Status)
	}
	mustContain(t, r.Body, `id="cash-quantity" name="quantity" value="180000"`, `id="cash-value_usd-error"`)
	r = a.postForm("/cases/"+ref+"/seizures", url.Values{"form": {"cash"}, "kind": {"cash"}, "quantity": {"180000"}, "currency": {"PHP"}, "value_usd": {"3200"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("cash: %d %s", r.Status, r.Body)
	}
	var got struct {
		Kind, Currency     string
		Quantity, ValueUSD float64
	}
	a.db.Read.Raw("SELECT kind, currency, quantity, value_usd FROM seizures WHERE case_id = (SELECT id FROM cases WHERE reference = ?)", ref).Scan(&got)
	if got.Kind != "cash" || got.Currency != "PHP" || got.Quantity != 180000 || got.ValueUSD != 3200 {
		t.Errorf("seizure stored as %+v", got)
	}
}

// The API raises a case with its people found, as the form does.
func TestAPIRaiseWithPeopleFound(t *testing.T) {
	a := newTestApp(t)
	status, m := a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "PH", "title": "By the API", "place": "Pasay", "country": "PH",
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"},
		"people_found": map[string]string{"potential_victims": "3", "of_whom_minors": "1", "unscreened": "2"},
	})
	if status != http.StatusCreated {
		t.Fatalf("create: %d %v", status, m)
	}
	var n, minors int
	a.db.Read.Raw("SELECT people_count, minor_victims FROM cases WHERE reference = ?", m["reference"]).Row().Scan(&n, &minors)
	if n != 5 || minors != 1 {
		t.Errorf("%d people, %d minors", n, minors)
	}
	status, m = a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "PH", "title": "By the API", "place": "Pasay", "country": "PH",
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"},
		"people_found": map[string]string{"potential_victims": "1", "of_whom_minors": "2"},
	})
	if fields, _ := m["fields"].(map[string]any); status != 422 || fields["found_minors"] == nil {
		t.Errorf("more minors than victims: %d %v", status, m)
	}
}
