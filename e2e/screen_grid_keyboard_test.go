package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestScreeningGridByKeyboard works the grid from the keyboard: a letter
// typed in a row's list sets it, Enter moves to the same field of the next
// row (not a submission), "the next N unscreened" selects in place, and a
// refused save shows its error on the row, as typed, in place.
func TestScreeningGridByKeyboard(t *testing.T) {
	off := as(t, officer)
	off.openOK("/cases")
	// A case with six people, made through the API with the officer's
	// session, as the page's own script would.
	ref := eval[string](off, `(async () => {
		const post = (path, body) => fetch(path, {method: "POST", credentials: "same-origin",
			headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)}).then(r => r.json());
		const c = await post("/api/v1/cases", {operation: "LIB2", raising_country: "PH", title: "Six people screened by keyboard",
			place: "Pasay", country: "PH", raid_at: "2024-10-02T09:00", forms: ["forced_labour"]});
		await post("/api/v1/cases/" + c.reference + "/people/bulk", {count: 6});
		return c.reference;
	})()`)
	if !strings.HasPrefix(ref, "LIB2-MNL-") {
		t.Fatalf("the case was not made: %q", ref)
	}
	p := func(i int) string { return fmt.Sprintf("%s-P%03d", ref, i) }
	off.openOK("/cases/" + ref + "/screen")
	run(off, "wait for the grid's script", chromedp.Poll[bool](`window.ocuScreenGrid === true`))

	off.do("focus the first outcome", chromedp.Focus(chromedp.ID("o-"+p(1))))
	off.press("p")
	off.wantValue("o-"+p(1), "potential_victim")
	off.press(kb.Enter)
	off.wantFocus("#o-" + p(2))
	off.press("s")
	off.wantValue("o-"+p(2), "suspect")
	off.press(kb.Enter)
	off.wantFocus("#o-" + p(3))
	off.press("o")
	off.wantValue("o-"+p(3), "other")
	off.press(kb.Enter)
	off.wantFocus("#o-" + p(4))

	off.do("focus the first age band", chromedp.Focus(chromedp.ID("a-"+p(1))))
	off.press("9")
	off.wantValue("a-"+p(1), "9-17")
	off.press(kb.Enter)
	off.wantFocus("#a-" + p(2))

	off.do("focus the first nationality", chromedp.Focus(chromedp.ID("n-"+p(1))))
	off.press("MM")
	off.press(kb.Enter)
	off.wantFocus("#n-" + p(2))
	if loc := run(off, "read the location", chromedp.Location()); strings.Contains(loc, "saved=") {
		t.Fatalf("Enter in a row submitted the grid: %s", loc)
	}

	// The next two still unscreened, as the grid stands: 4 and 5.
	off.do("ask for the next 2", chromedp.Focus(chromedp.ID("grid-next")))
	off.press("2")
	off.press(kb.Enter)
	got := eval[string](off, `[...document.querySelectorAll("input.grid-sel:checked")].map(b => b.value).join(" ")`)
	if got != p(4)+" "+p(5) {
		t.Errorf("the next 2 unscreened selected %q, want %s %s", got, p(4), p(5))
	}
	off.waitText("#grid-selected", "Selected: 2.")
	off.shot("typed")

	// A country that does not exist: the save is refused in place, the
	// error on its row, what was typed kept.
	off.do("type a country that does not exist", chromedp.Focus(chromedp.ID("n-"+p(5))))
	off.press("Atlantis")
	off.do("save", chromedp.Click(chromedp.CSS(".grid-save button[type=submit]")))
	off.waitText("#grid-errors", "nothing was saved")
	off.waitText("#row-"+p(5)+" .field-error", "is not a country")
	off.wantValue("n-"+p(5), "Atlantis")
	off.wantValue("o-"+p(1), "potential_victim")
	off.wantValue("a-"+p(1), "9-17")
	off.shot("refused")
	off.axe("/cases/" + ref + "/screen (refused)")

	// Put right and saved: the grid comes back in place, saved.
	eval[bool](off, `(() => { document.getElementById("n-`+p(5)+`").value = ""; return true })()`)
	off.do("save", chromedp.Click(chromedp.CSS(".grid-save button[type=submit]")))
	off.waitText("#grid .alert.success", "people changed: 3")
	off.wantValue("o-"+p(1), "potential_victim")
	off.wantValue("n-"+p(1), "MM")
	if n := eval[int](off, `document.querySelectorAll("#row-`+p(1)+` .badge-minor").length`); n != 1 {
		t.Errorf("the minor is not marked as such after the save")
	}
}
