package main

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// The case page's timeline lists every event of the case, who, what and
// when, with the OCU's zone named, and nothing that names a person.
func TestCaseTimelineShowsEveryEvent(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Timeline of a raid")
	must := func(status int, m map[string]any, want int, what string) {
		t.Helper()
		if status != want {
			t.Fatalf("%s: %d %v", what, status, m)
		}
	}
	s, m := a.api("POST", "/api/v1/cases/"+ref+"/people/bulk", map[string]any{"count": 3})
	must(s, m, http.StatusCreated, "add people")
	s, m = a.api("POST", "/api/v1/cases/"+ref+"/people/screen", map[string]any{"people": []string{ref + "-P001", ref + "-P002"}, "outcome": "potential_victim"})
	must(s, m, http.StatusOK, "screen")
	s, m = a.api("PATCH", "/api/v1/people/"+ref+"-P003", map[string]any{"version": 1, "outcome": "suspect", "name": "Juan Dela Cruz",
		"arrested": true, "arrested_at": "2024-10-02T10:00", "charges": []string{"human_trafficking"},
		"prosecution_authority": "Public prosecutor", "prosecution_ref": "PP-9", "prosecution_date": "2024-10-03"})
	must(s, m, http.StatusOK, "arrest")
	s, m = a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "cash", "quantity": 12000, "currency": "PHP", "value_usd": 210})
	must(s, m, http.StatusCreated, "seizure")
	s, m = a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "phones_devices", "quantity": 4, "unit": "phones"})
	must(s, m, http.StatusCreated, "second seizure")
	if r := a.do("DELETE", fmt.Sprintf("/api/v1/cases/%s/seizures/%v", ref, m["id"]), "", ""); r.Status != http.StatusNoContent {
		t.Fatalf("delete seizure: %d %s", r.Status, r.Body)
	}
	s, m = a.api("PATCH", "/api/v1/cases/"+ref, map[string]any{"version": 1, "title": "Timeline of a raid, renamed"})
	must(s, m, http.StatusOK, "edit")
	s, m = a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening", "note": "People found, screening starts"})
	must(s, m, http.StatusOK, "move")
	a.as("supervisor.mnl")
	s, m = a.api("POST", "/api/v1/cases/"+ref+"/shares", map[string]any{"unit": "BUE"})
	must(s, m, http.StatusOK, "share")
	s, m = a.api("PUT", "/api/v1/cases/"+ref+"/notable", map[string]any{"notable": true, "note": "Biggest of the week"})
	must(s, m, http.StatusOK, "notable")

	// An officer of the same OCU but another country sees the case, not
	// the suspect's name.
	a.as("officer.th")
	page := a.get("/cases/" + ref)
	if page.Status != http.StatusOK {
		t.Fatalf("case page: %d", page.Status)
	}
	tl := section(t, page.Body, `<section class="history"`)
	for _, want := range []string{
		"Officer Santos raised the case (Raid)",
		"Officer Santos added 3 people (" + ref + "-P001–" + ref + "-P003)",
		"Officer Santos screened 2 people as potential victim",
		"Officer Santos updated " + ref + "-P003: screened as suspect; arrest; charges; referral for prosecution; name",
		"recorded a seizure: cash (12000 PHP)",
		"recorded a seizure: phones and devices (4 phones)",
		"deleted a seizure: phones and devices (4 phones)",
		"Officer Santos edited the case: title",
		"Officer Santos moved it from Raid to Screening",
		"People found, screening starts",
		"Sgt Cruz shared the case with OCU BUE",
		"Sgt Cruz marked the case notable for the debrief",
	} {
		if !strings.Contains(tl, want) {
			t.Errorf("timeline lacks %q", want)
		}
	}
	if strings.Contains(page.Body, "Juan Dela Cruz") {
		t.Error("the page shows a suspect's name to an officer who may not see it")
	}
	if strings.Contains(tl, "Biggest of the week") || strings.Contains(tl, "PP-9") {
		t.Error("the timeline copies free text it must only name")
	}
	// Newest first: the notable mark before the raising.
	if strings.Index(tl, "marked the case notable") > strings.Index(tl, "raised the case") {
		t.Error("timeline not newest first")
	}
	// Every time names its zone and is machine-readable.
	times := regexp.MustCompile(`<time datetime="(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)" title="[^"]+ UTC">[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d PST</time>`).FindAllString(tl, -1)
	if len(times) != 11 {
		t.Errorf("%d times with the OCU's zone (PST, Manila) in the timeline, want 11:\n%s", len(times), tl)
	}
	// UTC on request, on this page and the next.
	if utc := a.get("/cases/" + ref + "?tz=utc"); !regexp.MustCompile(`\d\d:\d\d UTC</time>`).MatchString(section(t, utc.Body, `<section class="history"`)) {
		t.Error("?tz=utc does not show UTC")
	}
}

// A long timeline shows its newest events and a link to all.
func TestLongTimelineIsCapped(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Many events")
	for i := range 35 {
		if s, m := a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "documents", "quantity": i + 1, "unit": "passports"}); s != http.StatusCreated {
			t.Fatalf("seizure %d: %d %v", i, s, m)
		}
	}
	tl := section(t, a.get("/cases/"+ref).Body, `<section class="history"`)
	if n := strings.Count(tl, "<li"); n != 30 {
		t.Errorf("%d events shown, want the newest 30", n)
	}
	if !strings.Contains(tl, "The latest 30 of 36 events.") || !strings.Contains(tl, `href="/cases/`+ref+`?history=all#history-h"`) {
		t.Errorf("no count and link to all:\n%.500s", tl)
	}
	if !strings.Contains(tl, "(35 passports)") || strings.Contains(tl, "raised the case") {
		t.Error("the capped timeline is not the newest events")
	}
	all := section(t, a.get("/cases/"+ref+"?history=all").Body, `<section class="history"`)
	if n := strings.Count(all, "<li"); n != 36 {
		t.Errorf("history=all shows %d events, want 36", n)
	}
}

// The timeline reads the audit trail through its subject index, for the
// case and the range of its people.
func TestTimelineQueryUsesTheSubjectIndex(t *testing.T) {
	a := newTestApp(t)
	var plan []struct{ Detail string }
	a.db.Read.Raw(`EXPLAIN QUERY PLAN SELECT a.id FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
		WHERE (a.subject = ? OR (a.subject >= ? AND a.subject < ?))
		  AND a.action NOT IN ('case.create', 'case.transition', 'suspect.view') ORDER BY a.id`,
		"case:X", "person:X-P", "person:X-Q").Scan(&plan)
	var b strings.Builder
	for _, p := range plan {
		b.WriteString(p.Detail + "\n")
	}
	if strings.Count(b.String(), "audit_by_subject") < 2 || strings.Contains(b.String(), "SCAN a") {
		t.Fatalf("the timeline query does not read the subject index twice:\n%s", b.String())
	}
}

// section is the part of a page from the first marker to the end of its
// element's closing tag (the next "</section>").
func section(t *testing.T, body, marker string) string {
	t.Helper()
	i := strings.Index(body, marker)
	if i < 0 {
		t.Fatalf("page lacks %s", marker)
	}
	j := strings.Index(body[i:], "</section>")
	return body[i : i+j]
}

// The footer's zone link keeps the page's own query: a filtered list
// stays filtered when its times switch to UTC.
func TestZoneToggleKeepsTheQuery(t *testing.T) {
	a := newTestApp(t)
	page := a.get("/cases?status=raid&page=1")
	if !strings.Contains(page.Body, `class="zone-toggle"`) || !regexp.MustCompile(`href="\?page=1&amp;status=raid&amp;tz=utc" class="zone-toggle"`).MatchString(page.Body) {
		t.Errorf("the zone link drops the page's query: %s", regexp.MustCompile(`<a[^>]*zone-toggle[^>]*>`).FindString(page.Body))
	}
	page = a.get("/cases?status=raid&tz=utc")
	if !strings.Contains(page.Body, `href="?status=raid&amp;tz=local" class="zone-toggle"`) {
		t.Errorf("back to local time drops the query: %s", regexp.MustCompile(`<a[^>]*zone-toggle[^>]*>`).FindString(page.Body))
	}
}
