package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestIrreversibleActsAskFirst deletes a seizure with JavaScript on and
// closes a case with it off: each first shows its confirmation page
// (Cancel goes back and nothing happened), and only its Confirm button
// does the act. Without JavaScript the confirmation is an ordinary page
// and form, the reference path.
func TestIrreversibleActsAskFirst(t *testing.T) {
	off := as(t, officer)
	off.openOK("/cases")
	ref := off.apiCase(fmt.Sprintf("Confirmation steps, run %d", time.Now().UnixNano()%1e6))
	off.apiPost("/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "cash", "description": "Envelope of dollars",
		"quantity": 1200, "unit": "USD", "currency": "USD", "value_usd": 1200})

	// With JavaScript (htmx swaps the pages in).
	off.openOK("/cases/" + ref)
	if !eval[bool](off, `typeof htmx === "object"`) {
		t.Fatal("htmx did not load: this half of the test needs JavaScript")
	}
	deleteButton := chromedp.CSS(`#seizures form[action$="/delete"] button`)
	off.do("press Delete on the seizure", chromedp.Click(deleteButton))
	off.waitText("main h1", "Delete a seizure of "+ref+"?")
	off.waitText("main .confirm", "Envelope of dollars")
	off.shot("seizure-confirm")
	off.do("cancel", chromedp.Click(chromedp.CSS(`.confirm-form a.button`)))
	off.waitText("#seizures table", "Envelope of dollars")
	off.do("press Delete again", chromedp.Click(deleteButton))
	off.waitText("main h1", "Delete a seizure of "+ref+"?")
	off.do("confirm", chromedp.Click(chromedp.CSS(`.confirm-form button[type=submit]`)))
	off.waitText("main .alert.success", "Seizure deleted")
	if n := eval[int](off, `document.querySelectorAll("#seizures tbody tr").length`); n != 0 {
		t.Errorf("after the confirmed delete the case shows %d seizures, want none", n)
	}
	off.shot("seizure-deleted")

	// Without JavaScript: plain pages and forms.
	off.noScript()
	off.openOK("/cases/" + ref)
	if eval[bool](off, `typeof htmx === "object"`) {
		t.Fatal("htmx loaded: this half of the test needs JavaScript off")
	}
	off.do("type the reason and press Close",
		chromedp.SendKeys(chromedp.ID("note"), "Raised twice by mistake"),
		chromedp.Click(chromedp.CSS(`button.move-closed`)),
	)
	off.waitPage("main h1", "Close "+ref+"?")
	off.waitPage("main .confirm", "Raised twice by mistake")
	off.shot("close-confirm-nojs")
	off.do("cancel", chromedp.Click(chromedp.CSS(`.confirm-form a.button`)))
	off.waitPage(".page-head .badge", "Raid")
	off.do("press Close again",
		chromedp.SendKeys(chromedp.ID("note"), "Raised twice by mistake"),
		chromedp.Click(chromedp.CSS(`button.move-closed`)),
	)
	off.waitPage("main h1", "Close "+ref+"?")
	off.do("confirm", chromedp.Click(chromedp.CSS(`.confirm-form button[type=submit]`)))
	off.waitPage(".page-head .badge", "Closed")
	off.waitPage(".history .timeline", "Raised twice by mistake")
	off.shot("closed-nojs")
}

// noScript turns JavaScript off in b's tab for the rest of the test.
func (b *tab) noScript() {
	b.t.Helper()
	set := func(ctx context.Context, off bool) error {
		return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return err
		}))
	}
	if err := set(b.ctx, true); err != nil {
		b.t.Fatalf("turn JavaScript off: %v", err)
	}
	b.t.Cleanup(func() { _ = set(b.ctx, false) })
}

// apiPost sends a JSON request to the API from the page, with the
// signed-in user's session, and answers the decoded reply; any status
// but 200 or 201 fails the test.
func (b *tab) apiPost(path string, body any) map[string]any {
	b.t.Helper()
	js, err := json.Marshal(body)
	if err != nil {
		b.t.Fatal(err)
	}
	raw := eval[string](b, fmt.Sprintf(`fetch(%q, {method: "POST", credentials: "same-origin",
		headers: {"Content-Type": "application/json"}, body: %q}).then(async r => r.status + " " + await r.text())`, path, js))
	var status int
	var rest string
	fmt.Sscanf(raw, "%d", &status)
	if i := len(fmt.Sprint(status)) + 1; i <= len(raw) {
		rest = raw[i:]
	}
	if status != 200 && status != 201 {
		b.t.Fatalf("POST %s: %s", path, raw)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(rest), &m); err != nil {
		b.t.Fatalf("POST %s: %v in %s", path, err, raw)
	}
	return m
}

// apiCase raises a Philippines case in LIB2 through the API and answers
// its reference.
func (b *tab) apiCase(title string) string {
	b.t.Helper()
	m := b.apiPost("/api/v1/cases", map[string]any{
		"operation": "LIB2", "raising_country": "PH", "title": title, "place": "Pasay", "country": "PH",
		"raid_at": "2024-10-02T09:00", "forms": []string{"forced_criminality"},
	})
	ref, _ := m["reference"].(string)
	if ref == "" {
		b.t.Fatalf("raising a case answered %v", m)
	}
	return ref
}

// waitPage waits until the element matching sel contains want, across
// full page loads (without JavaScript every form answers with a new
// document, which ends any script evaluating in the old one).
func (b *tab) waitPage(sel, want string) {
	b.t.Helper()
	js := fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.textContent.includes(%q); })()`, sel, want)
	deadline := time.Now().Add(actionTimeout)
	for {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			b.failShot()
			b.t.Fatalf("waiting for %q in %s: not there after %s (last error: %v)", want, sel, actionTimeout, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
