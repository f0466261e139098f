package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Tests of the follow-up after the operation week (issue 15, point 6):
// follow-up cases, prosecution steps of referred suspects, the week /
// follow-up split of the figures, and final results with amendments. The
// demo's Liberterra II has a follow-up period up to 2024-11-06.

// followUpCase raises a Philippines case of LIB2 with its raid at raidAt
// and answers the API's status and body.
func followUpCase(a *testApp, title, raidAt string) (int, map[string]any) {
	a.t.Helper()
	return a.api("POST", "/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "PH", "title": title, "place": "Pasay", "country": "PH",
		"raid_at": raidAt, "forms": []string{"forced_criminality"},
	})
}

// referredSuspect adds to ref a suspect referred for prosecution,
// arrested in the week or not, and returns its pseudonym.
func referredSuspect(a *testApp, ref string, arrested bool) string {
	a.t.Helper()
	body := map[string]any{"outcome": "suspect", "charges": []string{"human_trafficking"},
		"prosecution_authority": "Public prosecutor", "prosecution_ref": "PP-9", "prosecution_date": "2024-10-03"}
	if arrested {
		body["arrested"], body["arrested_at"] = true, "2024-10-02T10:00"
	}
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", body)
	if status != http.StatusCreated {
		a.t.Fatalf("add suspect: %d %v", status, m)
	}
	return m["pseudonym"].(string)
}

// results reads GET /api/v1/operations/LIB2/results (with query q).
func results(a *testApp, q string) map[string]any {
	a.t.Helper()
	status, m := a.api("GET", "/api/v1/operations/LIB2/results"+q, nil)
	if status != http.StatusOK {
		a.t.Fatalf("results: %d %v", status, m)
	}
	return m
}

func figure(m map[string]any, side, key string) int64 {
	s, _ := m[side].(map[string]any)
	v, _ := s[key].(float64)
	return int64(v)
}

func TestFollowUpCaseRules(t *testing.T) {
	a := newTestApp(t)

	// A raid after the last day (4 October), within the follow-up period.
	status, m := followUpCase(a, "Follow-up raid", "2024-10-20T09:00")
	if status != http.StatusCreated {
		t.Fatalf("follow-up case: %d %v", status, m)
	}
	ref := m["reference"].(string)
	if m["follow_up"] != true {
		t.Errorf("the API does not mark a follow-up case: %v", m["follow_up"])
	}
	if page := a.get("/cases/" + ref); page.Status != 200 || !strings.Contains(page.Body, "Follow-up case") {
		t.Errorf("a follow-up case's page does not mark it as such: %d", page.Status)
	}
	// A week case is not marked.
	week := a.newCase("Week raid")
	if _, w := a.api("GET", "/api/v1/cases/"+week, nil); w["follow_up"] != false {
		t.Errorf("a week case's follow_up: %v", w["follow_up"])
	}
	if page := a.get("/cases/" + week); strings.Contains(page.Body, "Follow-up case") {
		t.Errorf("a week case is marked as a follow-up case")
	}
	// After the follow-up period: refused, saying what the period is.
	status, m = followUpCase(a, "Too late", "2024-11-10T09:00")
	if status != http.StatusUnprocessableEntity || !strings.Contains(m["fields"].(map[string]any)["raid_at"].(string), "follow-up period up to 2024-11-06") {
		t.Errorf("raid after the follow-up period: %d %v", status, m)
	}

	// Administrators set the period; it may not strand the follow-up case,
	// nor end before the last day.
	a.as("admin")
	if r := a.get("/admin/operations/LIB2"); r.Status != 200 || !strings.Contains(r.Body, `value="2024-11-06"`) {
		t.Errorf("the admin operation page does not show the follow-up period: %d", r.Status)
	}
	for until, want := range map[string]int{"": 409, "2024-10-10": 409, "2024-10-03": 422, "not a date": 422} {
		r := a.postForm("/admin/operations/LIB2/followup", url.Values{"followup_until": {until}})
		if r.Status != want || !strings.Contains(r.Body, `id="form-errors"`) {
			t.Errorf("follow-up until %q: %d, want %d with what to fix", until, r.Status, want)
		}
	}
	r := a.postForm("/admin/operations/LIB2/followup", url.Values{"followup_until": {"2024-11-30"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("extend the follow-up period: %d %s", r.Status, r.Body)
	}
	var n int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'operation.followup' AND subject = 'operation:LIB2'").Scan(&n)
	if n != 1 {
		t.Errorf("follow-up period changes audited: %d, want 1", n)
	}
	// Only administrators set it.
	a.as("coordinator")
	if r := a.postForm("/admin/operations/LIB2/followup", url.Values{"followup_until": {"2024-12-01"}}); r.Status != http.StatusForbidden {
		t.Errorf("a coordinator setting the follow-up period: %d, want 403", r.Status)
	}
	// The period now runs to 30 November.
	a.as("officer.ph")
	if status, m := followUpCase(a, "Later", "2024-11-10T09:00"); status != http.StatusCreated {
		t.Errorf("raid within the extended period: %d %v", status, m)
	}
}

func TestProsecutionOutcomes(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Prosecuted network")
	atLarge := referredSuspect(a, ref, false)
	held := referredSuspect(a, ref, true)
	path := "/api/v1/people/" + atLarge + "/prosecution"

	step := func(who, pseudonym, kind, day string, want int) map[string]any {
		t.Helper()
		a.as(who)
		status, m := a.api("POST", "/api/v1/people/"+pseudonym+"/prosecution", map[string]any{"kind": kind, "day": day})
		if status != want {
			t.Errorf("%s records %s on %s for %s: %d %v, want %d", who, kind, day, pseudonym, status, m, want)
		}
		return m
	}
	step("officer.ph", atLarge, "convicted", "2024-10-20", 422) // not charged yet
	step("officer.ph", atLarge, "arrested", "2024-10-03", 422)  // within the week
	step("officer.ph", held, "arrested", "2024-10-15", 422)     // arrested in the week already
	step("officer.ph", atLarge, "arrested", "2024-10-15", 201)
	step("officer.ph", atLarge, "charged", "2024-10-01", 422) // before the referral
	step("officer.ph", atLarge, "charged", "2099-01-01", 422) // in the future
	step("officer.ph", atLarge, "sentenced", "2024-10-16", 422)
	step("officer.ph", atLarge, "charged", "2024-10-16", 201)
	step("officer.ph", atLarge, "charged", "2024-10-17", 409) // once
	step("officer.ph", atLarge, "convicted", "2024-10-14", 422)
	step("officer.ar", atLarge, "convicted", "2024-11-20", 404) // another OCU's case
	step("coordinator", atLarge, "convicted", "2024-11-20", 403)
	step("officer.ph", atLarge, "convicted", "2024-11-20", 201)
	step("officer.ph", atLarge, "dropped", "2024-11-21", 409) // ended
	step("supervisor.mnl", held, "dropped", "2024-10-20", 201)

	// A person not referred has no prosecution.
	a.as("officer.ph")
	status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "potential_victim"})
	if status != http.StatusCreated {
		t.Fatalf("add victim: %d %v", status, m)
	}
	step("officer.ph", m["pseudonym"].(string), "charged", "2024-10-16", 422)

	a.as("coordinator")
	status, m = a.api("GET", path, nil)
	steps, _ := m["steps"].([]any)
	if status != 200 || len(steps) != 3 || steps[2].(map[string]any)["kind"] != "convicted" {
		t.Errorf("steps read back: %d %v", status, m)
	}
	// Every step audited, and on the case's timeline.
	var n int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'person.prosecution' AND subject IN (?, ?)",
		"person:"+atLarge, "person:"+held).Scan(&n)
	if n != 4 {
		t.Errorf("prosecution steps audited: %d, want 4", n)
	}
	page := a.get("/cases/" + ref + "?history=all")
	for _, want := range []string{atLarge + ": Convicted on 2024-11-20", atLarge + ": Arrested later on 2024-10-15", held + ": Dropped on 2024-10-20"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("the case's timeline lacks %q", want)
		}
	}
	// The person's page lists the steps; the coordinator reads, with no
	// way to record.
	if p := a.get("/people/" + atLarge); !strings.Contains(p.Body, "Prosecution after referral") || strings.Contains(p.Body, "/prosecution\"") {
		t.Errorf("the coordinator's view of the person's prosecution: %d", p.Status)
	}

	// The form: refused with what to fix, kept as typed; then recorded.
	a.as("officer.ph")
	other := referredSuspect(a, ref, false)
	r := a.postForm("/people/"+other+"/prosecution", url.Values{"kind": {"acquitted"}, "day": {"2024-10-20"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "has not been charged") || !strings.Contains(r.Body, `value="2024-10-20"`) {
		t.Errorf("refused form: %d", r.Status)
	}
	r = a.postForm("/people/"+other+"/prosecution", url.Values{"kind": {"charged"}, "day": {"2024-10-20"}})
	if r.Status != http.StatusSeeOther || r.Location != "/people/"+other+"#prosecution" {
		t.Errorf("recorded by the form: %d %s", r.Status, r.Location)
	}
}

func TestWeekAndFollowUpSplit(t *testing.T) {
	a := newTestApp(t)
	a.as("coordinator")
	before := results(a, "")
	_, dash := a.api("GET", "/api/v1/dashboard", nil)
	weekVictims := dash["potential_victims"].(float64)

	// A follow-up case with two victims and a suspect, seized cash; a
	// later arrest and a charge on a suspect referred in the week.
	a.as("officer.ph")
	status, m := followUpCase(a, "Follow-up raid", "2024-10-20T09:00")
	if status != http.StatusCreated {
		t.Fatalf("follow-up case: %d %v", status, m)
	}
	fu := m["reference"].(string)
	if status, m := a.api("POST", "/api/v1/cases/"+fu+"/people/bulk", map[string]any{"count": 2, "outcome": "potential_victim", "nationality": "VN"}); status != 201 {
		t.Fatalf("victims: %d %v", status, m)
	}
	referredSuspect(a, fu, true)
	week := a.newCase("Week raid")
	s := referredSuspect(a, week, false)
	for _, st := range [][2]string{{"arrested", "2024-10-15"}, {"charged", "2024-10-16"}} {
		if status, m := a.api("POST", "/api/v1/people/"+s+"/prosecution", map[string]any{"kind": st[0], "day": st[1]}); status != 201 {
			t.Fatalf("%s: %d %v", st[0], status, m)
		}
	}

	for _, q := range []string{"", "?unit=MNL"} {
		a.as("coordinator")
		after := results(a, q)
		if q == "" {
			before := before
			for key, want := range map[string]int64{"potential_victims": 0, "arrests": 0, "cases": 1, "referred_for_prosecution": 1} {
				if got := figure(after, "week", key) - figure(before, "week", key); got != want {
					t.Errorf("week %s moved by %d, want %d", key, got, want)
				}
			}
		}
		for key, want := range map[string]int64{"potential_victims": 2, "cases": 1, "arrests": 2, "later_arrests": 1,
			"referred_for_prosecution": 1, "charged": 1, "convicted": 0} {
			if got := figure(after, "follow_up", key); got != want {
				t.Errorf("%s follow-up %s = %d, want %d", q, key, got, want)
			}
		}
		if after["status"] != "preliminary" {
			t.Errorf("status %v before any declaration", after["status"])
		}
	}
	// The dashboard's own figures are the week's; its results block has
	// the follow-up's.
	_, dash = a.api("GET", "/api/v1/dashboard", nil)
	if dash["potential_victims"].(float64) != weekVictims {
		t.Errorf("dashboard potential victims %v, want the week's %v", dash["potential_victims"], weekVictims)
	}
	if r := dash["results"].(map[string]any); figure(r, "follow_up", "potential_victims") != 2 {
		t.Errorf("dashboard results: %v", r)
	}
	// Pages: the dashboard and the report show both columns, preliminary.
	for _, path := range []string{"/dashboard", "/report"} {
		p := a.get(path)
		if p.Status != 200 || !strings.Contains(p.Body, "Preliminary") || !strings.Contains(p.Body, "Follow-up") ||
			!strings.Contains(p.Body, "Referred suspects charged") {
			t.Errorf("%s lacks the week/follow-up split: %d", path, p.Status)
		}
	}
	// A supervisor of another OCU sees Dakar's follow-up: none.
	a.as("supervisor.dkr")
	if r := results(a, ""); figure(r, "follow_up", "potential_victims") != 0 || r["unit"] != "DKR" {
		t.Errorf("Dakar's follow-up: %v", r)
	}
}

func TestFinaliseResults(t *testing.T) {
	a := newTestApp(t)

	// Only coordinators.
	for _, who := range []string{"supervisor.mnl", "officer.ph"} {
		a.as(who)
		if status, m := a.api("POST", "/api/v1/operations/LIB2/finalise", nil); status != http.StatusForbidden {
			t.Errorf("%s finalising: %d %v", who, status, m)
		}
	}
	a.as("coordinator")
	// The page asks first; nothing is done until Confirm.
	r := a.postForm("/results/finalise", url.Values{"op": {"LIB2"}})
	if r.Status != 200 || !strings.Contains(r.Body, "cannot be undone") || !strings.Contains(r.Body, `name="confirm"`) {
		t.Errorf("confirmation page: %d", r.Status)
	}
	if res := results(a, ""); res["status"] != "preliminary" {
		t.Fatalf("results declared final without confirmation")
	}
	r = a.postForm("/results/finalise", url.Values{"op": {"LIB2"}, "confirm": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("finalise: %d %s", r.Status, r.Body)
	}
	// Once.
	if status, m := a.api("POST", "/api/v1/operations/LIB2/finalise", nil); status != http.StatusConflict {
		t.Errorf("finalising again: %d %v", status, m)
	}
	var n int64
	a.db.Read.Raw("SELECT COUNT(*) FROM audit_log WHERE action = 'operation.finalise' AND subject = 'operation:LIB2'").Scan(&n)
	if n != 1 {
		t.Errorf("finalisation audited %d times, want 1", n)
	}
	final := results(a, "")
	pub := final["published"].(map[string]any)
	victims := figure(pub, "week", "potential_victims")
	if final["status"] != "final" || victims != figure(final, "week", "potential_victims") || len(final["amendments"].([]any)) != 0 {
		t.Fatalf("final results: %v", final)
	}
	var stored string
	a.db.Read.Raw("SELECT figures FROM operation_results").Scan(&stored)

	// A later change: one more victim in a week case, a conviction.
	a.as("officer.ph")
	ref := a.newCase("Found later")
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "potential_victim"}); status != 201 {
		t.Fatalf("victim: %d %v", status, m)
	}
	a.as("coordinator")
	after := results(a, "")
	if got := figure(after["published"].(map[string]any), "week", "potential_victims"); got != victims {
		t.Errorf("published victims moved to %d, want %d as published", got, victims)
	}
	if got := figure(after, "week", "potential_victims"); got != victims+1 {
		t.Errorf("current victims %d, want %d", got, victims+1)
	}
	found := false
	for _, x := range after["amendments"].([]any) {
		am := x.(map[string]any)
		if am["measure"] == "week.potential_victims" {
			found = int64(am["published"].(float64)) == victims && int64(am["current"].(float64)) == victims+1 && am["change"].(float64) == 1
		}
	}
	if !found {
		t.Errorf("no amendment of the week's victims: %v", after["amendments"])
	}
	var now string
	a.db.Read.Raw("SELECT figures FROM operation_results").Scan(&now)
	if now != stored {
		t.Errorf("the stored figures changed after a later change")
	}
	// The report shows the published figure, final, and the amendment; so
	// does Manila's dashboard for its own scope.
	p := a.get("/report")
	if !strings.Contains(p.Body, "Final") || !strings.Contains(p.Body, "Amendments since the results were published") || !strings.Contains(p.Body, ">+1<") {
		t.Errorf("the report lacks the final figures and the amendment")
	}
	a.as("supervisor.mnl")
	if d := a.get("/dashboard"); !strings.Contains(d.Body, ">+1<") || strings.Contains(d.Body, "Declare the results final") {
		t.Errorf("Manila's dashboard: amendment or finalise button wrong")
	}
}
