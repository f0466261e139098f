package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A phone: 390 × 844 CSS pixels at a device scale factor of 3, portrait,
// as a mobile browser (meta viewport honoured, touch events).
const (
	phoneWidth  = 390
	phoneHeight = 844
	phoneScale  = 3
	// minTarget is the smallest tap target, in CSS pixels: WCAG 2.5.5
	// (AAA) and the platforms' own guidance (Apple 44 pt, Material 48 dp).
	minTarget = 44
)

// onAPhone switches b to the phone's viewport, for the rest of the test.
func (b *tab) onAPhone() *tab {
	b.t.Helper()
	b.do("emulate a phone", chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(phoneScale), chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	// The users' tabs are shared by the suite's tests: give them back at
	// the desktop size the others expect.
	b.t.Cleanup(func() {
		_, _ = chromedp.Run(b.ctx, chromedp.ResetViewport())
	})
	return b
}

// TestEveryPageOnAPhone visits every page TestEveryPage visits on a phone
// and checks that none scrolls sideways, that every visible tap target is
// at least 44 px tall (and wide, where it stands alone), and, as on the
// desktop, axe-core and the Nu HTML Checker. A screenshot of each lands in
// screenshots/TestEveryPageOnAPhone/.
func TestEveryPageOnAPhone(t *testing.T) {
	need(t)
	var pages []page
	check := func(b *tab, name, label string) {
		t.Helper()
		b.shot(name)
		b.fitsAPhone(label)
		b.axe(label + " (phone)")
	}
	everyPage(t, pageVisitor{
		open: func(a account) *tab {
			if a.Username == "" {
				return anonymous(t).onAPhone()
			}
			return as(t, a).onAPhone()
		},
		visit: func(b *tab, name, path string, want int64) {
			t.Helper()
			if !b.visitStatus(name, path, want) {
				return
			}
			check(b, name, path)
			pages = append(pages, page{name: name, path: path, source: b.source()})
		},
		shown:  check,
		source: func(p page) { pages = append(pages, p) },
	})
	checkHTML(t, pages)
}

// phoneReport is what phoneCheckJS finds on a page.
type phoneReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Wide        []string `json:"wide"`  // elements reaching past the right edge
	Small       []string `json:"small"` // tap targets below the minimum
}

// phoneCheckJS measures the page as shown. A tap target is every visible
// link, button, input (not hidden), select, textarea and summary, and a
// label wrapping a checkbox or radio (the label is the target then, not
// the box in it). Exempt, as WCAG 2.5.8 exempts them ("the target is in a
// sentence or its size is otherwise constrained by the line-height of
// non-target text"): a link inline in running text, that is a link shown
// inline whose block holds other text than its own. Visually hidden
// elements (clipped to 1 px for screen readers) are not targets. Every
// disclosure (<details>) is opened for the measure, and folded again.
const phoneCheckJS = `(() => {
	const min = %d, width = %d;
	const describe = e => {
		let s = e.tagName.toLowerCase();
		if (e.id) s += "#" + e.id;
		if (e.classList.length) s += "." + [...e.classList].join(".");
		if (e.name) s += "[name=" + e.name + "]";
		const text = (e.innerText || e.value || e.getAttribute("aria-label") || "").trim().replace(/\s+/g, " ").slice(0, 40);
		const r = e.getBoundingClientRect();
		return s + (text ? " \"" + text + "\"" : "") + " " + Math.round(r.width) + "×" + Math.round(r.height);
	};
	const blockOf = e => {
		for (let p = e.parentElement; p; p = p.parentElement) {
			if (!getComputedStyle(p).display.startsWith("inline")) return p;
		}
		return document.body;
	};
	const inText = e => getComputedStyle(e).display === "inline" &&
		blockOf(e).textContent.replace(/\s+/g, "") !== e.textContent.replace(/\s+/g, "");
	// What a disclosure holds is measured too: the folded menu, the forms
	// behind "Add several people at once". Open them all, then fold back.
	const closed = [...document.querySelectorAll("details:not([open])")];
	closed.forEach(d => d.open = true);
	const out = {scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: [], small: []};
	if (out.scrollWidth > width || out.innerWidth > width) {
		for (const e of document.body.querySelectorAll("*")) {
			const r = e.getBoundingClientRect();
			if (r.right > width + 0.5 && e.checkVisibility() && !(e.parentElement && e.parentElement.getBoundingClientRect().right > width + 0.5)) {
				out.wide.push(describe(e));
			}
		}
	}
	const targets = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, label');
	for (const e of targets) {
		if (!e.checkVisibility({checkVisibilityCSS: true}) || e.closest(".visually-hidden")) continue;
		const box = e.tagName === "INPUT" && (e.type === "checkbox" || e.type === "radio") ? e.closest("label") : null;
		if (box) continue; // its label is the target, measured as one
		if (e.tagName === "LABEL" && !e.querySelector('input[type="checkbox"], input[type="radio"]')) continue;
		if (e.tagName === "A" && inText(e)) continue;
		const r = e.getBoundingClientRect();
		if (r.height < min - 0.5 || r.width < min - 0.5) out.small.push(describe(e));
	}
	closed.forEach(d => d.open = false);
	return JSON.stringify(out);
})()`

// fitsAPhone fails the test when the page shown scrolls sideways or has a
// tap target smaller than minTarget, naming the page and the elements.
func (b *tab) fitsAPhone(page string) {
	b.t.Helper()
	raw := eval[string](b, fmt.Sprintf(phoneCheckJS, minTarget, phoneWidth))
	var r phoneReport
	if err := json.Unmarshal([]byte(raw), &r); err != nil {
		b.t.Fatalf("measuring %s: %v", page, err)
	}
	// A mobile browser given a page wider than the device widens its
	// layout viewport to fit (window.innerWidth grows) and zooms out, so
	// scrollWidth <= innerWidth alone would pass a page too wide: the
	// window must also still be the phone's width.
	if r.ScrollWidth > r.InnerWidth || r.InnerWidth > phoneWidth {
		b.t.Errorf("%s (as %s) scrolls sideways on a phone: %d px wide, window %d px, on a %d px screen; past the edge:\n\t%s",
			page, b.who(), r.ScrollWidth, r.InnerWidth, phoneWidth, strings.Join(limit(r.Wide, 10), "\n\t"))
	}
	if len(r.Small) > 0 {
		b.t.Errorf("%s (as %s): %d tap targets smaller than %d×%d px:\n\t%s",
			page, b.who(), len(r.Small), minTarget, minTarget, strings.Join(limit(r.Small, 15), "\n\t"))
	}
}

func limit(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(s[:n:n], fmt.Sprintf("… and %d more", len(s)-n))
}

// TestPhoneHeaderFolds checks the header on a phone: one short row, the
// menu folded behind its toggle until pressed, with and without
// JavaScript (a disclosure needs none).
func TestPhoneHeaderFolds(t *testing.T) {
	off := as(t, officer).onAPhone()
	for _, js := range []bool{true, false} {
		if !js {
			off.noScript()
		}
		off.openOK("/cases")
		if h := eval[float64](off, `document.querySelector("header.top").getBoundingClientRect().height`); h > 64 {
			t.Errorf("JavaScript %v: the header is %.0f px tall on a phone, want at most 64", js, h)
		}
		if eval[bool](off, `document.querySelector('header nav a[href="/cases"]').checkVisibility()`) {
			t.Errorf("JavaScript %v: the menu shows before it is opened", js)
		}
		off.do("open the menu", chromedp.Click(chromedp.CSS("details.menu > summary")))
		if !eval[bool](off, `document.querySelector('header nav a[href="/cases"]').checkVisibility()`) {
			t.Fatalf("JavaScript %v: the menu does not open", js)
		}
		off.fitsAPhone("/cases with the menu open")
		off.shot(fmt.Sprintf("menu-open-js-%v", js))
		off.do("go to the OCUs", chromedp.Click(chromedp.CSS(`header nav a[href="/units"]`)))
		off.waitPage("main h1", "coordination units")
	}
}
