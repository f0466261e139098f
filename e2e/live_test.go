package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An alert told to Argentina reaches the Argentine officer's open page
// without a reload: the stream's event has the header fetch its counts,
// and the unread alerts' badge moves. The page is the same document
// throughout (a mark set on it before is still there).
func TestAlertReachesAnOpenPageLive(t *testing.T) {
	ar := as(t, otherOfficer)
	ar.openOK("/alerts")
	before := 0
	if s := strings.TrimSpace(eval[string](ar, `(document.querySelector("#alerts-count-nav")||{}).textContent||""`)); s != "" {
		n, err := strconv.Atoi(strings.Fields(s)[0])
		if err != nil {
			t.Fatalf("the alerts badge says %q", s)
		}
		before = n
	}
	eval[bool](ar, `(window.__samePage = true)`)
	// Let the page's stream connect before the change is made.
	deadline := time.Now().Add(10 * time.Second)
	for !eval[bool](ar, `!!document.body["htmx-internal-data"] && !!document.body["htmx-internal-data"].sseEventSource && document.body["htmx-internal-data"].sseEventSource.readyState === 1`) {
		if time.Now().After(deadline) {
			t.Fatal("the page did not open its live stream")
		}
		time.Sleep(100 * time.Millisecond)
	}

	ph := as(t, officer)
	ph.openOK("/cases")
	ref := ph.apiCase("Live alert e2e")
	person := ph.apiPost("/api/v1/cases/"+ref+"/people", map[string]any{"outcome": "suspect"})
	pseudonym, _ := person["pseudonym"].(string)
	ph.apiPost("/api/v1/people/"+pseudonym+"/notices", map[string]any{
		"colour": "red", "control_number": fmt.Sprintf("E2E-%d/1-2026", time.Now().UnixNano()%100000), "issuing_country": "AR"})

	ar.waitText("#alerts-count-nav", fmt.Sprintf("%d new", before+1))
	if !eval[bool](ar, `window.__samePage === true`) {
		t.Fatal("the page was reloaded: the count should come over the live stream")
	}
}
