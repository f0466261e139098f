package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// story drives one user's tab as a person would and counts what it costs
// them: actions (a click, a key press that is not typing into a field, a
// choice in a list, a submission: one each; typing a value: one) and round
// trips (pages loaded and htmx requests, counted from the browser's own
// network events, not from the test's steps).
type story struct {
	*tab
	mu         sync.Mutex
	counting   bool
	roundTrips int
	actions    int
	steps      []string
	phase      string
	byPhase    map[string][2]int // actions, round trips
	order      []string
}

func newStory(b *tab) *story {
	s := &story{tab: b, byPhase: map[string][2]int{}}
	// Requests the page itself makes to the server: documents (loads,
	// form posts without htmx) and XHR/fetch (htmx). Static files and the
	// test's own reads (source, evaluate) are not the officer's.
	if err := chromedp.Listen(b.ctx, func(ev any) {
		e, ok := ev.(*network.EventRequestWillBeSent)
		if !ok || !strings.HasPrefix(e.Request.URL, env.base) || strings.Contains(e.Request.URL, "/static/") {
			return
		}
		if e.Type != network.ResourceTypeDocument && e.Type != network.ResourceTypeXHR && e.Type != network.ResourceTypeFetch {
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.counting {
			s.roundTrips++
			p := s.byPhase[s.phase]
			p[1]++
			s.byPhase[s.phase] = p
		}
	}); err != nil {
		b.t.Fatalf("listen to the network: %v", err)
	}
	return s
}

// start begins counting; stop ends it (a helper must not count what the
// test does to check the page).
func (s *story) start() { s.mu.Lock(); s.counting = true; s.mu.Unlock() }
func (s *story) stop()  { s.mu.Lock(); s.counting = false; s.mu.Unlock() }

// in names the part of the story the next actions belong to.
func (s *story) in(phase string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.phase = phase
	s.order = append(s.order, phase)
}

func (s *story) count(what string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.actions++
	p := s.byPhase[s.phase]
	p[0]++
	s.byPhase[s.phase] = p
	s.steps = append(s.steps, fmt.Sprintf("%2d. %s", s.actions, what))
}

// click is one action: a click on the element matching sel.
func (s *story) click(what, sel string) {
	s.t.Helper()
	s.count("click " + what)
	s.do(what, chromedp.Click(chromedp.CSS(sel)))
}

// shiftClick is one action: a click with Shift held.
func (s *story) shiftClick(what, sel string) {
	s.t.Helper()
	s.count("shift-click " + what)
	nodes := run(s.tab, "find "+sel, chromedp.Nodes(chromedp.CSS(sel), chromedp.NodeVisible))
	s.do(what, chromedp.MouseClickNode(nodes[0], chromedp.ButtonModifiers(chromedp.ModifierShift)))
}

// typeIn is one action: typing a value into an empty field.
func (s *story) typeIn(what, sel, value string) {
	s.t.Helper()
	s.count("type " + what)
	s.do(what, chromedp.Click(chromedp.CSS(sel)), chromedp.SendKeys(chromedp.CSS(sel), value))
}

// setIn is one action: entering a value in a field a browser fills with a
// picker (a date, a time), as the picker would, with the events it sends.
func (s *story) setIn(what, sel, value string) {
	s.t.Helper()
	s.count("enter " + what)
	s.do(what, chromedp.SetValue(chromedp.CSS(sel), value))
	s.fire(sel)
}

// choose is one action: a choice in a list (what a click on the option, or
// typing its first letters, does), with the events a browser sends.
func (s *story) choose(what, sel, value string) {
	s.t.Helper()
	s.count("choose " + what)
	s.do(what, chromedp.Focus(chromedp.CSS(sel)))
	// Set as a browser does when an option is picked: the value, then the
	// events (the grid's script may clear the list once it has applied it).
	if !eval[bool](s.tab, fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		if (![...e.options].some(o => o.value === %q)) return false;
		e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel, value, value)) {
		s.t.Fatalf("%s: %s has no option %q", what, sel, value)
	}
}

func (s *story) fire(sel string) {
	s.t.Helper()
	eval[bool](s.tab, fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true })()`, sel))
}

// TestOfficerStoryOnTheScreeningGrid walks the officer's story of issue 13
// in the browser as a new user would, counting actions and round trips:
// raise a case, add 40 people found in a raid, screen them on the grid
// into 25 potential victims of whom 4 minors, 10 irregular migrants, 1
// suspect and 4 others (referral needs nobody left unscreened), arrest the
// suspect with a trafficking charge and a prosecution referral, record a
// cash seizure, refer the case. The coordinator's dashboard moves by
// exactly what was recorded.
func TestOfficerStoryOnTheScreeningGrid(t *testing.T) {
	coord := as(t, coordinator)
	coord.openOK("/dashboard")
	before := dashboardFigures(coord)
	before["minors"] = firstNumber(coord, ".headline .figure-victims .note")

	off := as(t, officer)
	off.openOK("/cases")
	s := newStory(off)
	s.start()

	s.in("raise the case")
	title := fmt.Sprintf("Raid on a karaoke bar, 40 people found, run %d", time.Now().UnixNano()%1e6)
	s.click("Raise a case", `a.button[href^="/cases/new"]`)
	off.waitText("h1", "Raise")
	// An officer raises for their own country, and the raid country
	// follows it: both come filled in, nothing to choose.
	for _, id := range []string{"raising_country", "country"} {
		if got := eval[string](off, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != "PH" {
			t.Fatalf("#%s starts as %q, want the officer's own country, PH", id, got)
		}
	}
	s.typeIn("the title", "#title", title)
	s.typeIn("the place", "#place", "Malate, Manila")
	s.setIn("the raid time", "#raid_at", "2024-10-02T23:30")
	s.click("sexual exploitation", `input[name=forms][value=sexual_exploitation]`)
	s.click("Raise", "form.case-form button[type=submit]")
	off.waitText("main .alert.success", "Case raised")
	ref := regexp.MustCompile(`/cases/(LIB2-MNL-\d{4})`).FindStringSubmatch(off.waitURL(`/cases/LIB2-MNL-\d{4}(\?|$)`))[1]

	s.in("add 40 people")
	s.typeIn("how many people", "#bulk-count", "40")
	s.click("Add people", "#bulk button[type=submit]")
	off.waitText("main .alert.success", "40 people added")

	s.in("screen on the grid")
	s.click("Screen in a grid", "a.grid-link")
	off.waitText("h1", "Screening grid")
	// The grid's script has run (a person takes longer than this to look).
	run(off, "wait for the grid's script", chromedp.Poll[bool](`window.ocuScreenGrid === true`, chromedp.WithPollingTimeout(10*time.Second)))
	p := func(i int) string { return fmt.Sprintf("%s-P%03d", ref, i) }
	box := func(i int) string { return "#sel-" + p(i) }
	s.click("select all", `a[data-grid-select=all]`)
	s.choose("potential victim for the selection", "#fill_outcome", "potential_victim")
	s.click("person 26", box(26))
	s.shiftClick("person 35", box(35))
	s.choose("irregular migrant for the selection", "#fill_outcome", "irregular_migrant")
	s.choose("suspect for person 36", "#o-"+p(36), "suspect")
	s.click("person 37", box(37))
	s.shiftClick("person 40", box(40))
	s.choose("other for the selection", "#fill_outcome", "other")
	s.click("person 1", box(1))
	s.shiftClick("person 4", box(4))
	s.choose("9–17 for the selection", "#fill_age_band", "9-17")
	s.stop()
	// What the grid holds before it is saved: the script set the rows.
	counts := eval[map[string]int](off, `(() => { const c = {};
		document.querySelectorAll('#grid-form select[data-col=o]').forEach(s => c[s.value] = (c[s.value] || 0) + 1);
		c.minors = [...document.querySelectorAll('#grid-form select[data-col=a]')].filter(s => s.value === "9-17").length;
		return c })()`)
	if counts["potential_victim"] != 25 || counts["irregular_migrant"] != 10 || counts["suspect"] != 1 || counts["other"] != 4 || counts["minors"] != 4 {
		t.Fatalf("before saving, the grid holds %v", counts)
	}
	s.start()
	s.click("Save all rows", ".grid-save button[type=submit]")
	off.waitText("#grid .alert.success", "people changed: 40")
	if got := s.roundTripsSoFar(); got == 0 {
		t.Fatal("no round trip counted: the network listener is not working")
	}
	s.stop()
	// htmx swapped the grid in place: the page did not jump to the top.
	if y := eval[float64](off, `window.scrollY`); y < 100 {
		t.Errorf("after saving, the page scrolled back to the top (scrollY %v)", y)
	}
	off.shot("grid-saved")
	s.start()

	s.in("back to the case")
	s.click("back to the case", `.grid-save a[href="/cases/`+ref+`#people"]`)
	off.waitText("h1", ref)
	s.finish(p(36))
	s.stop()
	off.shot("referred")

	for _, phase := range s.order {
		t.Logf("%-40s %2d actions, %2d round trips", phase, s.byPhase[phase][0], s.byPhase[phase][1])
	}
	t.Logf("the officer's story: %d actions, %d round trips\n%s", s.actions, s.roundTrips, strings.Join(s.steps, "\n"))

	// The dashboards move by exactly what was recorded.
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
	// The budget: adding and screening 40 people one by one on the grid
	// (the people section's part) within 16 actions and 5 round trips:
	// open the grid, save it, and the redirect after each post; the whole
	// story as measured. When the outcomes are known at raise time the
	// story takes at most 20 (TestOfficerStoryWithinTwentyActions).
	if a := s.byPhase["add 40 people"][0] + s.byPhase["screen on the grid"][0]; a > 16 {
		t.Errorf("adding and screening 40 people took %d actions, want at most 16", a)
	}
	if rt := s.byPhase["add 40 people"][1] + s.byPhase["screen on the grid"][1]; rt > 5 {
		t.Errorf("adding and screening 40 people took %d round trips, want at most 5", rt)
	}
	if s.actions > storyBudget {
		t.Errorf("the story took %d actions, want at most %d", s.actions, storyBudget)
	}
}

// storyBudget is the most actions the story may take when every person is
// screened on the grid, a guard against it growing again.
const storyBudget = 32

func (s *story) roundTripsSoFar() int { s.mu.Lock(); defer s.mu.Unlock(); return s.roundTrips }

// finish is the rest of the officer's story once the people are screened,
// the same whatever screened them, all on the case page: arrest, charge
// and refer the suspect (pseudonym) in its quick form, record the cash
// seized in the cash form, and refer the case, confirming it.
func (s *story) finish(pseudonym string) {
	s.t.Helper()
	off := s.tab
	form := "#suspect-" + pseudonym
	s.in("arrest, charge and refer the suspect")
	// The arrest time and referral date start as the raid's.
	if got := eval[string](off, fmt.Sprintf(`document.querySelector(%q).value`, "#arrested_at-"+pseudonym)); got == "" {
		s.t.Fatalf("the arrest time of %s starts empty", pseudonym)
	}
	s.click("arrested", "#arrested-"+pseudonym)
	s.click("human trafficking", form+` input[name=charges][value=human_trafficking]`)
	s.typeIn("the prosecuting authority", "#prosecution_authority-"+pseudonym, "Office of the City Prosecutor, Manila")
	s.click("Save", form+" button[type=submit]")
	off.waitText("main .alert.success", "Suspect saved")

	s.in("record the cash seized")
	if got := eval[string](off, `document.getElementById("cash-currency").value`); got != "PHP" {
		s.t.Fatalf("the cash form's currency starts as %q, want the raid country's, PHP", got)
	}
	s.typeIn("the amount", "#cash-quantity", "180000")
	s.typeIn("the value in US dollars", "#cash-value_usd", "3200")
	s.click("Record the cash", "#cash-form button[type=submit]")
	off.waitText("main .alert.success", "Seizure recorded")

	s.in("refer the case")
	s.click("Refer", "button.move-referred")
	// Referral cannot be undone by an officer: ocu asks first.
	off.waitText("main h1", "Refer ")
	s.click("Confirm the referral", "form.confirm-form button[type=submit]")
	off.waitText(".page-head .badge", "Referred")
}
