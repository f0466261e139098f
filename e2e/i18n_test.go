package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// The suite's ocu is built with -tags pseudolocale: it renders the
// pseudo-locale (accented English, 40 % longer) for a cookie set by hand,
// and has stand-in catalogues for languages whose translators have not
// delivered yet (views/pseudo_build.go).
const (
	langCookie = "ocu_lang"
	pseudoLang = "en-XA"
)

// offeredLanguages are the languages the sign-in page's switcher offers,
// English first: whatever ocu ships, the suite checks.
func offeredLanguages(t *testing.T) []string {
	t.Helper()
	b := anonymous(t)
	b.openOK("/signin")
	var langs []string
	raw := eval[string](b, `JSON.stringify([...document.querySelectorAll('form.lang-switch option')].map(o => o.value))`)
	if err := json.Unmarshal([]byte(raw), &langs); err != nil {
		t.Fatal(err)
	}
	if len(langs) < 4 || langs[0] != "en" {
		t.Fatalf("the switcher offers %v, want English, French, Spanish and Arabic", langs)
	}
	for _, l := range langs {
		if l == pseudoLang {
			t.Fatal("the pseudo-locale is offered to readers")
		}
	}
	return langs
}

// inLanguage makes b read pages in lang (through the switcher's cookie)
// for the rest of the test; English again afterwards, for the tests that
// share the tab.
func (b *tab) inLanguage(lang string) *tab {
	b.t.Helper()
	if lang == "" || lang == "en" {
		return b
	}
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: langCookie, Value: lang, URL: env.base + "/", Path: "/"}); err != nil {
		b.t.Fatalf("read in %s: %v", lang, err)
	}
	b.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
		defer cancel()
		_, _ = chromedp.Call(ctx, network.DeleteCookies, network.DeleteCookiesParams{Name: langCookie, URL: env.base + "/"})
	})
	return b
}

// say is an English text the walk waits for: in another language, any
// text (the element's presence is what the walk waits for).
func (v pageVisitor) say(english string) string {
	if v.lang == "" || v.lang == "en" {
		return english
	}
	return ""
}

// layoutCheckJS finds text the layout clips (a box with hidden overflow
// whose content is larger than it) or draws over other text (two text runs
// whose boxes intersect), on the page as shown. A disclosure stays as it
// is (an open one may lay its content over the page on purpose, as the
// phone's menu does), and a sticky or fixed bar is meant to pass over the
// text it scrolls by.
const layoutCheckJS = `(() => {
	const describe = e => {
		let s = e.tagName.toLowerCase();
		if (e.id) s += "#" + e.id;
		if (e.classList.length) s += "." + [...e.classList].join(".");
		return s + " \"" + (e.innerText || "").trim().replace(/\s+/g, " ").slice(0, 50) + "\"";
	};
	const tiny = e => { const r = e.getBoundingClientRect(); return r.width <= 1 || r.height <= 1; };
	const floats = e => { for (let p = e; p; p = p.parentElement) { if (/sticky|fixed/.test(getComputedStyle(p).position)) return true; } return false; };
	const hidden = e => !e.checkVisibility({checkVisibilityCSS: true}) || tiny(e) ||
		e.closest(".visually-hidden, .skip, svg, select, option, [aria-hidden=true]") || floats(e);
	const out = {clipped: [], overlapping: []};
	for (const e of document.body.querySelectorAll("*")) {
		if (hidden(e) || !e.textContent.trim()) continue;
		const cs = getComputedStyle(e);
		// Cut short with an ellipsis is shown as cut, on purpose (the
		// operation's name in a phone's header).
		const clips = /hidden|clip/.test(cs.overflowX + cs.overflowY) && cs.textOverflow !== "ellipsis";
		if (clips && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) && !e.matches(".table-wrap")) {
			out.clipped.push(describe(e));
		}
	}
	// Every visible run of text, as line boxes, cut to what the boxes
	// around it let show (a scrolling table shows only its window; a
	// heading hidden for screen readers, nothing).
	const clips = new Map();
	const clipOf = el => {
		if (clips.has(el)) return clips.get(el);
		let r = {left: -1e9, top: -1e9, right: 1e9, bottom: 1e9};
		for (let p = el; p && p !== document.body; p = p.parentElement) {
			const cs = getComputedStyle(p);
			if (cs.overflowX !== "visible" || cs.overflowY !== "visible" || cs.clip !== "auto") {
				const b = p.getBoundingClientRect();
				r = {left: Math.max(r.left, b.left), top: Math.max(r.top, b.top), right: Math.min(r.right, b.right), bottom: Math.min(r.bottom, b.bottom)};
			}
		}
		clips.set(el, r);
		return r;
	};
	const runs = [];
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		if (!n.textContent.trim() || !n.parentElement || hidden(n.parentElement)) continue;
		const r = document.createRange();
		r.selectNodeContents(n);
		const c = clipOf(n.parentElement);
		for (const b of r.getClientRects()) {
			const box = {left: Math.max(b.left, c.left), top: Math.max(b.top, c.top), right: Math.min(b.right, c.right), bottom: Math.min(b.bottom, c.bottom)};
			if (box.right - box.left > 1 && box.bottom - box.top > 1) runs.push({box, el: n.parentElement});
		}
	}
	runs.sort((a, b) => a.box.top - b.box.top);
	for (let i = 0; i < runs.length && out.overlapping.length < 20; i++) {
		const a = runs[i].box;
		for (let j = i + 1; j < runs.length && runs[j].box.top < a.bottom - 2; j++) {
			const b = runs[j].box;
			const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
			const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
			if (w > 2 && h > 2 && runs[i].el !== runs[j].el) {
				out.overlapping.push(describe(runs[i].el) + " × " + describe(runs[j].el));
			}
		}
	}
	return JSON.stringify(out);
})()`

// textFits fails the test when the page shown clips or overlaps text.
func (b *tab) textFits(page string) {
	b.t.Helper()
	var r struct{ Clipped, Overlapping []string }
	if err := json.Unmarshal([]byte(eval[string](b, layoutCheckJS)), &r); err != nil {
		b.t.Fatalf("measuring %s: %v", page, err)
	}
	if len(r.Clipped) > 0 {
		b.t.Errorf("%s (as %s): text clipped:\n\t%s", page, b.who(), strings.Join(limit(r.Clipped, 10), "\n\t"))
	}
	if len(r.Overlapping) > 0 {
		b.t.Errorf("%s (as %s): text drawn over text:\n\t%s", page, b.who(), strings.Join(limit(r.Overlapping, 10), "\n\t"))
	}
}

// TestPseudoLocaleFitsEveryPage renders every page in the pseudo-locale
// (every text accented and 40 % longer, as French or Spanish often are),
// at desktop and phone size, and fails on text clipped or drawn over other
// text, and on a phone on sideways scrolling; screenshots of each land in
// screenshots/TestPseudoLocaleFitsEveryPage/.
func TestPseudoLocaleFitsEveryPage(t *testing.T) {
	need(t)
	for _, size := range []string{"desktop", "phone"} {
		t.Run(size, func(t *testing.T) {
			check := func(b *tab, name, label string) {
				t.Helper()
				b.shot(name)
				if got := eval[string](b, `document.documentElement.lang`); got != pseudoLang {
					t.Fatalf("%s is in %q, not the pseudo-locale", label, got)
				}
				b.textFits(label)
				if size == "phone" {
					b.fitsAPhone(label)
				}
			}
			everyPage(t, pageVisitor{
				lang: pseudoLang,
				open: func(a account) *tab {
					var b *tab
					if a.Username == "" {
						b = anonymous(t)
					} else {
						b = as(t, a)
					}
					if size == "phone" {
						b.onAPhone()
					}
					return b.inLanguage(pseudoLang)
				},
				visit: func(b *tab, name, path string, want int64) {
					t.Helper()
					if b.visitStatus(name, path, want) {
						check(b, name, path)
					}
				},
				shown:  check,
				source: func(page) {},
			})
		})
	}
}

// TestArabicReadsRightToLeft reads ocu in Arabic: the page is right to
// left, the navigation starts at the right, and a case reference inside
// Arabic text reads whole and left to right (LIB2-MNL-0007, never
// 0007-MNL-LIB2), on the case page and in the crumbs beside Arabic.
func TestArabicReadsRightToLeft(t *testing.T) {
	need(t)
	off := as(t, officer).inLanguage("ar")
	// At desktop size, whatever size the shared tab was left at.
	off.do("desktop size", chromedp.EmulateViewport(1280, 900))
	t.Cleanup(func() { _, _ = chromedp.Run(off.ctx, chromedp.ResetViewport()) })
	off.openOK("/cases")
	if dir := eval[string](off, `document.documentElement.dir + " " + document.documentElement.lang`); dir != "rtl ar" {
		t.Fatalf("the page is %q, want rtl ar", dir)
	}
	// The navigation starts at the right: each entry left of the one
	// before it, the first against the right edge.
	xs := eval[[]float64](off, `[...document.querySelectorAll("header nav li")].map(li => li.getBoundingClientRect().right)`)
	if len(xs) < 3 {
		t.Fatalf("navigation has %d entries", len(xs))
	}
	for i := 1; i < len(xs); i++ {
		if xs[i] >= xs[i-1] {
			t.Errorf("navigation entry %d ends at %.0f, right of entry %d (%.0f): it does not run right to left", i+1, xs[i], i, xs[i-1])
		}
	}
	// The header starts at the right too: the brand against the right
	// edge, the first entry in the right half.
	if brand, width := eval[float64](off, `document.querySelector(".brand").getBoundingClientRect().right`), eval[float64](off, `window.innerWidth`); brand < width*0.9 || xs[0] < width/2 {
		t.Errorf("the brand ends at %.0f and the first entry at %.0f of %.0f px: the header does not start at the right", brand, xs[0], width)
	}
	off.shot("cases-ar")

	ref := off.firstLink("table.cases td.ref a", `/cases/(LIB2-MNL-\d{4})$`)
	off.openOK("/cases/" + ref)
	off.shot("case-ar")
	for _, sel := range []string{"main h1 .ref", ".crumbs bdi"} {
		// The reference as drawn: its characters from left to right.
		drawn := eval[string](off, fmt.Sprintf(`(() => {
			const e = document.querySelector(%q);
			if (!e) return "(no element)";
			const t = e.firstChild, chars = [];
			for (let i = 0; i < t.length; i++) {
				const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
				chars.push({c: t.data[i], x: r.getBoundingClientRect().left});
			}
			return chars.sort((a, b) => a.x - b.x).map(c => c.c).join("");
		})()`, sel))
		if drawn != ref {
			t.Errorf("%s draws the reference as %q, want %q", sel, drawn, ref)
		}
	}
	// In the crumbs the reference follows the Arabic link, so it stands
	// to its left.
	if ok := eval[bool](off, `document.querySelector(".crumbs bdi").getBoundingClientRect().right <= document.querySelector(".crumbs a").getBoundingClientRect().left`); !ok {
		t.Error("in the crumbs, the reference is not to the left of the link before it")
	}
	if !regexp.MustCompile(`\p{Arabic}`).MatchString(off.text(".crumbs")) {
		t.Errorf("the crumbs hold no Arabic: %q", off.text(".crumbs"))
	}
}

// TestSwitcherChangesTheLanguage chooses Arabic on the sign-in page, with
// and without JavaScript: the page comes back whole, right to left, still
// on its way to the page asked for.
func TestSwitcherChangesTheLanguage(t *testing.T) {
	need(t)
	for _, js := range []bool{true, false} {
		b := anonymous(t)
		if !js {
			b.noScript()
		}
		b.openOK("/signin?next=%2Fcases")
		b.do("choose Arabic", chromedp.SetValue(chromedp.ID("lang-choice"), "ar"),
			chromedp.Click(chromedp.CSS("form.lang-switch button[type=submit]")))
		b.waitText("html", "")
		deadline := time.Now().Add(actionTimeout)
		for eval[string](b, `document.documentElement.dir`) != "rtl" {
			if time.Now().After(deadline) {
				b.failShot()
				t.Fatalf("JavaScript %v: the page did not turn right to left", js)
			}
			time.Sleep(50 * time.Millisecond)
		}
		if loc := b.waitURL(`/signin\?next=%2Fcases$`); !strings.HasSuffix(loc, "/signin?next=%2Fcases") {
			t.Errorf("JavaScript %v: back at %s", js, loc)
		}
		if got := eval[string](b, `document.querySelector("#lang-choice").value`); got != "ar" {
			t.Errorf("JavaScript %v: the switcher shows %q", js, got)
		}
		b.shot(fmt.Sprintf("signin-ar-js-%v", js))
	}
}
