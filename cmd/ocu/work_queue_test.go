package main

import (
	"net/http"
	"strings"
	"testing"
)

// workOf is the current user's queue over the API: the total, and the
// count per kind.
func (a *testApp) workOf() (total int, byKind map[string]int, items []map[string]any) {
	a.t.Helper()
	status, m := a.api("GET", "/api/v1/work", nil)
	if status != http.StatusOK {
		a.t.Fatalf("work: %d %v", status, m)
	}
	byKind = map[string]int{}
	for _, x := range m["items"].([]any) {
		it := x.(map[string]any)
		byKind[it["kind"].(string)] += int(it["count"].(float64))
		items = append(items, it)
	}
	return int(m["total"].(float64)), byKind, items
}

// My work counts what waits on each user from the domains' sources:
// people left unscreened in an officer's cases, and an alert told to
// their country until they read it; the page, the header and the API
// agree, and another OCU's supervisor is not given the alert.
func TestMyWorkQueuesUnscreenedPeopleAndUnreadAlerts(t *testing.T) {
	a := newTestApp(t)
	a.as("officer.ph")
	before, kinds0, _ := a.workOf()
	ref := a.newCase("Work queue")
	for range 3 {
		a.addPersonAPI(ref, map[string]any{"outcome": "unscreened"})
	}
	after, kinds1, items := a.workOf()
	if after != before+3 || kinds1["people_unscreened"] != kinds0["people_unscreened"]+3 {
		t.Fatalf("3 unscreened people: total %d -> %d, unscreened %d -> %d", before, after, kinds0["people_unscreened"], kinds1["people_unscreened"])
	}
	found := false
	for _, it := range items {
		found = found || (it["kind"] == "people_unscreened" && strings.Contains(it["href"].(string), ref))
	}
	if !found && len(items) < 10 {
		t.Fatalf("the queue does not point at case %s: %v", ref, items)
	}
	page := a.get("/work")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, "People unscreened") ||
		!strings.Contains(page.Body, `http-equiv="refresh"`) || !strings.Contains(page.Body, `data-sse-connect="/events"`) {
		t.Fatalf("the My work page: %d %.2000s", page.Status, page.Body)
	}
	if !strings.Contains(page.Body, `id="work-count-menu"`) || !strings.Contains(page.Body, ">"+itoa(int64(after))+" waiting<") {
		t.Fatalf("the header does not count %d waiting", after)
	}

	// An alert told to Argentina waits on Argentina's officer until read.
	arBefore, arKinds, _ := a.as("officer.ar").workOf()
	dkrBefore, _, _ := a.as("supervisor.dkr").workOf()
	suspect := a.as("officer.ph").addPersonAPI(ref, map[string]any{"outcome": "suspect"})
	if status, m := a.api("POST", "/api/v1/people/"+suspect+"/notices", map[string]any{
		"colour": "red", "control_number": "A-88/1-2024", "issuing_country": "AR"}); status != http.StatusCreated {
		t.Fatalf("record notice: %d %v", status, m)
	}
	arAfter, arKinds1, _ := a.as("officer.ar").workOf()
	if arAfter != arBefore+1 || arKinds1["alert_unread"] != arKinds["alert_unread"]+1 {
		t.Fatalf("Argentina's officer's queue: %d -> %d, alerts %d -> %d", arBefore, arAfter, arKinds["alert_unread"], arKinds1["alert_unread"])
	}
	counts := a.get("/work/counts")
	if counts.Status != http.StatusOK || !strings.Contains(counts.Body, `id="alerts-count-nav"`) ||
		!strings.Contains(counts.Body, ">"+itoa(int64(arAfter))+" waiting<") {
		t.Fatalf("the header's counts: %d %s", counts.Status, counts.Body)
	}
	if dkrAfter, _, _ := a.as("supervisor.dkr").workOf(); dkrAfter != dkrBefore {
		t.Fatalf("Dakar's supervisor's queue moved on Argentina's alert: %d -> %d", dkrBefore, dkrAfter)
	}
}
