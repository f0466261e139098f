package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/chromedp"
)

// actionTimeout bounds every browser step, so a test that waits for
// something that never comes fails rather than hangs.
const actionTimeout = 30 * time.Second

// tab is one user's browser tab, signed in, as seen from one test.
type tab struct {
	t    *testing.T
	ctx  context.Context
	user account
}

// sessions holds each user's tab across tests: every user signs in once
// per suite (the server rate-limits sign-ins per address).
var sessions = struct {
	sync.Mutex
	tabs map[string]context.Context
}{tabs: map[string]context.Context{}}

// as gives the tab of a signed-in user, signing in on first use.
func as(t *testing.T, a account) *tab {
	t.Helper()
	need(t)
	sessions.Lock()
	defer sessions.Unlock()
	if ctx, ok := sessions.tabs[a.Username]; ok {
		return &tab{t: t, ctx: ctx, user: a}
	}
	ctx := newTab(t)
	b := &tab{t: t, ctx: ctx, user: a}
	b.do("open the sign-in page", chromedp.Navigate(env.base+"/signin"))
	b.do("sign in as "+a.Username,
		chromedp.SendKeys(chromedp.ID("username"), a.Username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)),
	)
	sessions.tabs[a.Username] = ctx
	return b
}

// anonymous gives a fresh tab with no session.
func anonymous(t *testing.T) *tab {
	t.Helper()
	need(t)
	ctx := newTab(t)
	t.Cleanup(func() { _ = chromedp.Cancel(ctx) })
	return &tab{t: t, ctx: ctx}
}

// newTab opens a tab in a browser context of its own: cookies are not
// shared between users.
func newTab(t *testing.T) context.Context {
	t.Helper()
	ctx, _ := chromedp.NewContext(env.browser, chromedp.WithNewBrowserContext())
	// The first run opens the tab and binds it to the context it is given:
	// give it the tab's own, not one with a step's timeout.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return ctx
}

// do runs browser steps, failing the test (with a screenshot of where it
// stood) when one fails or takes longer than actionTimeout.
func (b *tab) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.failShot()
		b.t.Fatalf("%s: %v", what, err)
	}
}

// run runs one browser action that returns a value.
func run[T any](b *tab, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.failShot()
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// open navigates to a path of the server and answers the HTTP status of
// the document.
func (b *tab) open(path string) int64 {
	b.t.Helper()
	res := run(b, "open "+path, chromedp.NavigateResponse(env.base+path))
	if res == nil {
		b.t.Fatalf("open %s: no response", path)
	}
	return res.Status
}

// openOK opens a page that must answer 200.
func (b *tab) openOK(path string) {
	b.t.Helper()
	if status := b.open(path); status != 200 {
		b.t.Fatalf("GET %s as %s: status %d, want 200; page says: %.300s", path, b.who(), status, b.text("main"))
	}
}

func (b *tab) who() string {
	if b.user.Username == "" {
		return "nobody"
	}
	return b.user.Username
}

// text is the visible text of the first element matching a CSS selector.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(run(b, "read "+sel, chromedp.Text(chromedp.CSS(sel))))
}

// waitText waits until the element matching sel contains want, as a person
// would wait for the page to show it: htmx swaps pages in without a load
// event.
func (b *tab) waitText(sel, want string) {
	b.t.Helper()
	// Once shown, wait for htmx to finish swapping and settling too: it may
	// still scroll, and a click aimed before that would land elsewhere.
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q);
		return !!e && e.textContent.includes(%q) && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"); })()`, sel, want)
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(actionTimeout-time.Second))); err != nil {
		b.failShot()
		got := ""
		if c, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q)||{}).textContent||"(no element)"`, sel))); err == nil {
			got = c
		}
		b.t.Fatalf("waiting for %q in %s: %v; it says: %.500s", want, sel, err, strings.Join(strings.Fields(got), " "))
	}
}

// waitURL waits until the page's address (htmx pushes it) matches re.
func (b *tab) waitURL(re string) string {
	b.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(actionTimeout)
	for {
		loc := run(b, "read the location", chromedp.Location())
		if rx.MatchString(loc) {
			return loc
		}
		if time.Now().After(deadline) {
			b.failShot()
			b.t.Fatalf("the page stayed at %s, want an address matching %s", loc, re)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// eval evaluates JavaScript in the page.
func eval[T any](b *tab, js string) T {
	b.t.Helper()
	return run(b, "evaluate "+js, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// number reads a figure such as "3,222" shown in the element matching sel.
func (b *tab) number(sel string) int {
	b.t.Helper()
	s := b.text(sel)
	digits := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		if r == ',' || r == ' ' || r == '\u202f' || r == '\u00a0' || r == '.' {
			return -1
		}
		return 'x'
	}, s)
	n, err := strconv.Atoi(digits)
	if err != nil {
		b.t.Fatalf("%s shows %q, not a number", sel, s)
	}
	return n
}

// shotCounters numbers each test's screenshots in order.
var shotCounters = struct {
	sync.Mutex
	n map[string]int
}{n: map[string]int{}}

// screenshotDir is where a test's screenshots go; emptied when the test
// takes its first.
func screenshotDir(t *testing.T) string {
	return filepath.Join("screenshots", filepath.FromSlash(t.Name()))
}

// shot saves a full-page screenshot as
// screenshots/TEST_NAME/NN-name.png.
func (b *tab) shot(name string) {
	b.t.Helper()
	shotCounters.Lock()
	key := b.t.Name()
	if shotCounters.n[key] == 0 {
		os.RemoveAll(screenshotDir(b.t))
	}
	shotCounters.n[key]++
	n := shotCounters.n[key]
	shotCounters.Unlock()
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	dir := screenshotDir(b.t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d-%s.png", n, name)), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// failShot records where a failing step stood, best effort.
func (b *tab) failShot() {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return
	}
	dir := screenshotDir(b.t)
	if os.MkdirAll(dir, 0o755) == nil {
		_ = os.WriteFile(filepath.Join(dir, "failed.png"), png, 0o644)
	}
}

// source is the HTML the server sends for the page now shown (a GET of
// its address, from the page, with its cookies), for the HTML checker.
func (b *tab) source() string {
	b.t.Helper()
	return eval[string](b, `fetch(location.href, {credentials: "same-origin"}).then(r => r.text())`)
}

// browserContextID is the browser context a tab runs in.
func (b *tab) browserContextID() cdp.BrowserContextID {
	return chromedp.FromContext(b.ctx).BrowserContextID
}

// axeViolation is one failed axe-core rule on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axe runs axe-core on the page as shown and fails the test on any
// violation of impact serious or critical; lesser ones are logged.
func (b *tab) axe(page string) {
	b.t.Helper()
	raw := eval[[]byte](b, env.axe+`;
		axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			nodes: v.nodes.map(n => ({target: n.target, failureSummary: n.failureSummary}))
		})))`)
	var vs []axeViolation
	if err := json.Unmarshal(raw, &vs); err != nil {
		b.t.Fatalf("axe on %s: %v", page, err)
	}
	for _, v := range vs {
		var where []string
		for i, n := range v.Nodes {
			if i == 5 {
				where = append(where, fmt.Sprintf("… and %d more", len(v.Nodes)-5))
				break
			}
			where = append(where, fmt.Sprintf("%v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " ")))
		}
		msg := fmt.Sprintf("axe %s on %s (as %s): %s [%s]\n\t%s", v.Impact, page, b.who(), v.Help, v.ID, strings.Join(where, "\n\t"))
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
}
