package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestCaseFormByKeyboard raises a case with the keyboard alone, as an
// officer who cannot or does not use a mouse: the skip link leads to the
// form, Tab walks its fields in the order they are shown, selects take
// typed names, checkboxes take Space and Enter submits. The raising and
// raid countries start as the officer's own. A form sent incomplete comes
// back with the error summary focused, its links lead to the fields (and
// focus stays there: see static/js/in-page-links.js), and what was typed
// is still there. A linked country is found by typing in its picker.
func TestCaseFormByKeyboard(t *testing.T) {
	off := as(t, officer)
	off.openOK("/cases/new")

	// The first Tab reaches the skip link; following it, the next Tab is
	// in the form, past the header's menu.
	off.press(kb.Tab)
	if got := off.focused(); got != "a.skip" {
		t.Fatalf("the first Tab focuses %s, want the skip link", got)
	}
	off.press(kb.Enter)
	off.press(kb.Tab)
	if got := off.focused(); got != "#operation" {
		t.Fatalf("after the skip link, Tab focuses %s, want the operation (the form's first field)", got)
	}
	off.shot("skip-link-to-form")
	// An officer raises for their own country, and raids usually happen
	// there: both are filled in.
	off.wantValue("raising_country", "PH")
	off.wantValue("country", "PH")

	// Sent with only a title, the form comes back with what to fix.
	title := fmt.Sprintf("Keyboard-raised case: domestic servitude, run %d", time.Now().UnixNano()%1e6)
	off.tabTo("#title")
	off.press(title)
	off.tabTo("button.primary")
	off.press(kb.Enter)
	off.waitText("#form-errors", "Fill this in")
	off.waitFocus("#form-errors")
	if got := eval[string](off, `document.getElementById("title").value`); got != title {
		t.Errorf("after a failed submission the title reads %q, want what was typed, %q", got, title)
	}
	off.shot("errors-focused")
	// From here on, nothing may pull focus back to the summary. It used
	// to: the summary's link made a fragment navigation, which htmx took
	// for a history restore, and the restored page's autofocus landed a
	// settle delay later, under load while the officer was typing.
	eval[bool](off, `(() => { window.summaryRefocused = 0;
		document.addEventListener("focusin", e => { if (e.target.id === "form-errors") window.summaryRefocused++ }); return true })()`)
	// The summary's first link leads to the first field to fix, and
	// focuses it.
	off.press(kb.Tab)
	first := eval[string](off, `document.activeElement.getAttribute("href") || ""`)
	if !strings.HasPrefix(first, "#") {
		t.Fatalf("Tab from the error summary focuses %s, want its first link", off.focused())
	}
	off.press(kb.Enter)
	off.wantFocus(first)
	eval[bool](off, `(() => { window.summaryRefocused = 0; return true })()`)

	// Now fill everything in, field after field.
	off.fromTop()
	off.tabTo("#raising_country")
	off.wantValue("raising_country", "PH")
	off.press(kb.Tab) // the title, already typed
	off.wantFocus("#title")
	off.press(kb.Tab)
	off.wantFocus("#summary")
	off.press("Three women kept as domestic workers; their phones taken by the employer.")
	off.press(kb.Tab)
	off.wantFocus("#place")
	off.press("Quezon City")
	off.press(kb.Tab)
	off.wantFocus("#country")
	off.wantValue("country", "PH")
	off.press(kb.Tab)
	off.wantFocus("#raid_at")
	// The raid time's segments come in the browser's locale's order. Day
	// and month move on when full; the year takes up to six digits, so
	// Right moves on from it. Then a morning time, and "A" for an AM/PM
	// segment if the clock shows 12 hours (a 24-hour clock ignores it).
	order := eval[[]string](off, `new Intl.DateTimeFormat(navigator.language, {year: "numeric", month: "2-digit", day: "2-digit"})
		.formatToParts(new Date(2024, 9, 3)).filter(p => p.type !== "literal").map(p => p.type)`)
	for _, part := range order {
		switch part {
		case "day":
			off.press("03")
		case "month":
			off.press("10")
		case "year":
			off.press("2024")
			off.press(kb.ArrowRight)
		}
	}
	off.press("1040" + "A")
	off.wantValue("raid_at", "2024-10-03T10:40")
	// Tab on through the raid time's segments into the forms of crime;
	// Space ticks the two that apply. Then the first country picker.
	ticked := 0
	for range 60 {
		off.press(kb.Tab)
		f := off.focused()
		if f == `input[name=forms][value=domestic_servitude]` || f == `input[name=forms][value=sexual_exploitation]` {
			off.press(" ")
			ticked++
		}
		if f == "summary" {
			break
		}
	}
	if ticked != 2 {
		t.Fatalf("Tab reached %d of the 2 forms of crime to tick", ticked)
	}
	// The origin picker: Enter opens it, its filter takes a few letters,
	// Enter goes to the first country shown and Space ticks it.
	if got := eval[string](off, `document.activeElement.parentElement.id`); got != "origin-picker" {
		t.Fatalf("after the forms of crime focus is in %q, want the origin picker", got)
	}
	off.press(kb.Enter)
	off.press(kb.Tab)
	off.wantFocus("#origin-filter")
	off.press("indon")
	if n := eval[int](off, `document.querySelectorAll("#origin-picker li:not([hidden])").length`); n != 1 {
		t.Errorf("typing \"indon\" leaves %d countries in the picker, want Indonesia alone", n)
	}
	off.press(kb.Enter)
	off.wantFocus("input[name=origin][value=ID]")
	off.press(" ")
	if got := off.text("#origin-picker .picker-chosen"); got != "Indonesia" {
		t.Errorf("the origin picker's summary says %q, want Indonesia", got)
	}
	off.shot("picker-by-keyboard")
	off.tabTo("button.primary")
	if n := eval[int](off, `window.summaryRefocused`); n != 0 {
		t.Errorf("focus went back to the error summary %d times while the form was being filled", n)
	}
	off.shot("filled-by-keyboard")
	off.press(kb.Enter)
	off.waitText("main .alert.success", "Case raised")
	off.waitURL(`/cases/LIB2-MNL-\d{4}(\?|$)`)
	if got := off.text("h1"); !strings.Contains(got, title) {
		t.Errorf("the case raised is headed %q, want %q", got, title)
	}
	details := off.text("main")
	for _, want := range []string{"Quezon City", "Domestic servitude", "10:40", "Indonesia"} {
		if !strings.Contains(details, want) {
			t.Errorf("the case raised by keyboard does not show %q: %.600s", want, details)
		}
	}
	off.shot("raised-by-keyboard")
}

// waitFocus waits until the element named want has focus: htmx focuses an
// [autofocus] element when a swapped page settles.
func (b *tab) waitFocus(want string) {
	b.t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for b.focused() != want {
		if time.Now().After(deadline) {
			b.failShot()
			b.t.Fatalf("focus stayed on %s, want %s", b.focused(), want)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// press types keys into whatever has focus, as a keyboard does.
func (b *tab) press(keys string) {
	b.t.Helper()
	b.do(fmt.Sprintf("press %q", keys), chromedp.KeyEvent(keys))
}

// fromTop puts focus back at the start of the page, on the skip link (the
// first Tab from a fresh load lands there, as the test checks).
func (b *tab) fromTop() {
	b.t.Helper()
	eval[bool](b, `(() => { window.scrollTo(0, 0); document.querySelector("a.skip").focus(); return true })()`)
}

// focused names the element with focus: #id, a.class, an input by name
// and value, or a button by class.
func (b *tab) focused() string {
	b.t.Helper()
	return eval[string](b, `(() => {
		const e = document.activeElement;
		if (!e || e === document.body) return "body";
		if (e.id) return "#" + e.id;
		if (e.tagName === "INPUT" && e.name) return "input[name=" + e.name + "][value=" + e.value + "]";
		return e.tagName.toLowerCase() + (e.classList.length ? "." + e.classList[0] : "");
	})()`)
}

// tabTo presses Tab until the element named want has focus.
func (b *tab) tabTo(want string) {
	b.t.Helper()
	var seen []string
	for range 80 {
		if f := b.focused(); f == want {
			return
		} else {
			seen = append(seen, f)
		}
		b.press(kb.Tab)
	}
	b.failShot()
	b.t.Fatalf("Tab never reached %s; it went through %s", want, strings.Join(seen, " "))
}

// wantFocus fails the test unless the element named want has focus.
func (b *tab) wantFocus(want string) {
	b.t.Helper()
	if got := b.focused(); got != want {
		b.failShot()
		b.t.Fatalf("focus is on %s, want %s", got, want)
	}
}

// wantValue fails the test unless the field with that id holds want.
func (b *tab) wantValue(id, want string) {
	b.t.Helper()
	if got := eval[string](b, fmt.Sprintf(`document.getElementById(%q).value`, id)); got != want {
		b.failShot()
		b.t.Fatalf("#%s holds %q, want %q", id, got, want)
	}
}
