package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestOfficerStoryWithoutTheGrid walks the same story as
// TestOfficerStoryOnTheScreeningGrid with what ocu offered before the grid
// (the screening form under the people list, one outcome per submission,
// and each minor's age band on the person's own page), counting the same
// way: the "before" figure the grid is measured against. The bulk form's
// defaults are now "not known"; before, an officer who knew nothing had to
// change Female and 0–8 by hand, two more actions than counted here.
func TestOfficerStoryWithoutTheGrid(t *testing.T) {
	coord := as(t, coordinator)
	coord.openOK("/dashboard")
	before := dashboardFigures(coord)

	off := as(t, officer)
	off.openOK("/cases")
	s := newStory(off)
	s.start()

	s.in("raise the case")
	title := fmt.Sprintf("Raid on a karaoke bar, screened by hand, run %d", time.Now().UnixNano()%1e6)
	s.click("Raise a case", `a.button[href^="/cases/new"]`)
	off.waitText("h1", "Raise")
	s.choose("the raising country", "#raising_country", "PH")
	s.typeIn("the title", "#title", title)
	s.typeIn("the place", "#place", "Malate, Manila")
	s.choose("the raid country", "#country", "PH")
	s.setIn("the raid time", "#raid_at", "2024-10-02T23:30")
	s.click("sexual exploitation", `input[name=forms][value=sexual_exploitation]`)
	s.click("Raise", "form.case-form button[type=submit]")
	off.waitText("main .alert.success", "Case raised")
	ref := regexp.MustCompile(`/cases/(LIB2-MNL-\d{4})`).FindStringSubmatch(off.waitURL(`/cases/LIB2-MNL-\d{4}(\?|$)`))[1]

	s.in("add 40 people")
	s.typeIn("how many people", "#bulk-count", "40")
	s.click("Add people", "#bulk button[type=submit]")
	off.waitText("main .alert.success", "40 people added")

	s.in("screen from the people list")
	p := func(i int) string { return fmt.Sprintf("%s-P%03d", ref, i) }
	screen := func(outcome string, rows ...int) {
		for _, i := range rows {
			s.click(fmt.Sprintf("person %d", i), "#sel-"+p(i))
		}
		s.choose(outcome, "#screen-outcome", outcome)
		s.click("Screen", "#screen button[type=submit]")
		off.waitText("main .alert.success", " screened")
	}
	screen("suspect", 36)
	screen("irregular_migrant", 26, 27, 28, 29, 30, 31, 32, 33, 34, 35)
	screen("other", 37, 38, 39, 40)
	s.click("all unscreened", `#screen input[name=all_unscreened]`)
	s.choose("potential victim", "#screen-outcome", "potential_victim")
	s.click("Screen", "#screen button[type=submit]")
	off.waitText("main .alert.success", "25 people screened")
	for i := 1; i <= 4; i++ {
		s.click("person "+p(i), fmt.Sprintf(`.people-table a[href="/people/%s"]`, p(i)))
		off.waitText("h1", p(i))
		s.choose("9–17", "#age_band", "9-17")
		s.click("Save", "form.person-form button[type=submit]")
		off.waitText("main .alert.success", "Person saved")
	}

	s.finish(p(36))
	s.stop()

	for _, phase := range s.order {
		t.Logf("%-40s %2d actions, %2d round trips", phase, s.byPhase[phase][0], s.byPhase[phase][1])
	}
	t.Logf("the officer's story without the grid: %d actions, %d round trips\n%s", s.actions, s.roundTrips, strings.Join(s.steps, "\n"))

	afterMaxAge()
	coord.openOK("/dashboard")
	after := dashboardFigures(coord)
	for _, d := range []struct {
		key  string
		diff int
	}{{"cases", 1}, {"people", 40}, {"victims", 25}, {"migrants", 10}, {"arrests", 1}, {"arrests_htms", 1}, {"referred", 1}} {
		if got := after[d.key] - before[d.key]; got != d.diff {
			t.Errorf("dashboard %s went from %d to %d (%+d), want %+d", d.key, before[d.key], after[d.key], got, d.diff)
		}
	}
}
