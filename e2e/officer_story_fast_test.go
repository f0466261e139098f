package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestOfficerStoryWithinTwentyActions walks issue 13's story as an officer
// who screened on site: the people found are typed with the case by
// outcome (25 potential victims of whom 4 minors, 10 irregular migrants, 1
// suspect, 4 others), the suspect is arrested, charged and referred and
// the cash recorded on the case page, and the case referred straight from
// raid. It counts every action and round trip and holds the story to 20
// actions; the dashboards move by exactly what was recorded.
func TestOfficerStoryWithinTwentyActions(t *testing.T) {
	coord := as(t, coordinator)
	coord.openOK("/dashboard")
	before := dashboardFigures(coord)
	before["minors"] = firstNumber(coord, ".headline .figure-victims .note")

	off := as(t, officer)
	off.openOK("/cases")
	s := newStory(off)
	s.start()

	s.in("raise the case with the people found")
	place := fmt.Sprintf("Karaoke bar %d, Malate, Manila", time.Now().UnixNano()%1e6)
	s.click("Raise a case", `a.button[href^="/cases/new"]`)
	off.waitText("h1", "Raise")
	s.typeIn("the place", "#place", place)
	s.setIn("the raid time", "#raid_at", "2024-10-02T23:30")
	s.click("sexual exploitation", `input[name=forms][value=sexual_exploitation]`)
	s.typeIn("potential victims", "#found_victims", "25")
	s.typeIn("of whom minors", "#found_minors", "4")
	s.typeIn("irregular migrants", "#found_migrants", "10")
	s.typeIn("suspects", "#found_suspects", "1")
	s.typeIn("screened, none of these", "#found_other", "4")
	s.click("Raise", "form.case-form button[type=submit]")
	off.waitText("main .alert.success", "Case raised")
	ref := regexp.MustCompile(`/cases/(LIB2-MNL-\d{4})`).FindStringSubmatch(off.waitURL(`/cases/LIB2-MNL-\d{4}(\?|$)`))[1]
	if got := off.text("h1"); !strings.Contains(got, "Raid at "+place) {
		t.Errorf("the case is titled %q, want it named after the place", got)
	}

	// Potential victims come first (minors first), then migrants, then the
	// suspect: person 36.
	s.finish(fmt.Sprintf("%s-P%03d", ref, 36))
	s.stop()
	off.shot("fast-referred")

	for _, phase := range s.order {
		t.Logf("%-40s %2d actions, %2d round trips", phase, s.byPhase[phase][0], s.byPhase[phase][1])
	}
	t.Logf("the officer's story, screened on site: %d actions, %d round trips\n%s", s.actions, s.roundTrips, strings.Join(s.steps, "\n"))

	afterMaxAge()
	coord.openOK("/dashboard")
	after := dashboardFigures(coord)
	after["minors"] = firstNumber(coord, ".headline .figure-victims .note")
	for _, d := range []struct {
		key  string
		diff int
	}{{"cases", 1}, {"people", 40}, {"victims", 25}, {"minors", 4}, {"migrants", 10}, {"arrests", 1}, {"arrests_htms", 1}, {"referred", 1}} {
		if got := after[d.key] - before[d.key]; got != d.diff {
			t.Errorf("dashboard %s went from %d to %d (%+d), want %+d", d.key, before[d.key], after[d.key], got, d.diff)
		}
	}
	if s.actions > 20 {
		t.Errorf("the story took %d actions, want at most 20", s.actions)
	}
	if s.roundTrips > 12 {
		t.Errorf("the story took %d round trips, want at most 12", s.roundTrips)
	}
}
