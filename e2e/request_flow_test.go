package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The officers a request between countries needs: Tunisia's at the Dakar
// OCU (the demo's Tunisian case is theirs) and the United Kingdom's at
// Skopje. Added by this file, with the binary's own command, so the
// suite's common accounts stay as they are.
var (
	dakarOfficer = account{Username: "e2e.officer.tn", Role: "officer", Unit: "DKR", Country: "TN"}
	ukOfficer    = account{Username: "e2e.officer.gb", Role: "officer", Unit: "SKP", Country: "GB"}
	requestUsers sync.Once
)

// addRequestUsers creates the two officers once per suite, as an
// administrator would, on the database the server is serving.
func addRequestUsers(t *testing.T) {
	t.Helper()
	need(t)
	var failed error
	requestUsers.Do(func() {
		for _, a := range []account{dakarOfficer, ukOfficer} {
			cmd := exec.Command(filepath.Join(env.tmp, "ocu"), "user", "add", "--db", filepath.Join(env.tmp, "e2e.db"),
				"--username", a.Username, "--role", a.Role, "--name", "E2E "+a.Username, "--unit", a.Unit, "--country", a.Country)
			cmd.Stdin = strings.NewReader(password + "\n")
			if out, err := cmd.CombinedOutput(); err != nil {
				failed = err
				t.Errorf("ocu user add %s: %v\n%s", a.Username, err, out)
			}
		}
	})
	if failed != nil {
		t.FailNow()
	}
}

// TestRequestBetweenCountries: a Dakar officer asks the United Kingdom
// about the Tunisian case's suspects; a UK officer, with a page open, sees
// it arrive live (no reload), answers with a file attached; the Dakar
// officer, with a page open, sees the answer arrive live and finds it in
// My work; an officer of another OCU gets 404 for the request and the
// file.
func TestRequestBetweenCountries(t *testing.T) {
	addRequestUsers(t)
	dk := as(t, dakarOfficer)
	// The UK officer has My work open before anything is sent; the page
	// is marked so that a reload would show.
	uk := as(t, ukOfficer)
	uk.openOK("/work")
	waitLive(uk)
	ukBefore := countText(uk, "#work-count-nav")

	// The Tunisian case, from the case list.
	dk.openOK("/cases?country=TN")
	ref := eval[string](dk, `(() => { const a = [...document.querySelectorAll("main a[href^='/cases/LIB2-DKR-']")]
		.find(a => a.closest("tr") && a.closest("tr").textContent.includes("language-study"));
		return a ? a.getAttribute("href").replace("/cases/", "") : ""; })()`)
	if ref == "" {
		t.Fatal("the Tunisian case is not in Dakar's list of Tunisia's cases")
	}
	dk.openOK("/cases/" + ref)
	dk.do("ask another country", chromedp.Click(chromedp.CSS(`#requests a.button`)))
	dk.waitText("main h1", "New request about case "+ref)
	subject := "Suspects of " + ref + " identified in the United Kingdom"
	dk.do("fill the request",
		chromedp.SetValue(chromedp.ID("to_country"), "GB"),
		chromedp.SendKeys(chromedp.ID("subject"), subject),
		chromedp.SendKeys(chromedp.ID("question"), "The NCB in Manchester helped identify these three. Are they known to you, and where are they now?"),
		chromedp.SetValue(chromedp.ID("priority"), "urgent"),
	)
	ticked := eval[int](dk, `(() => { let n = 0; for (const box of document.querySelectorAll("input[name=people]")) {
		if (document.querySelector("label[for='" + box.id + "']").textContent.includes("(suspect")) { box.checked = true; n++; } }
		return n; })()`)
	if ticked != 3 {
		t.Fatalf("the form offers %d suspects, want the case's 3", ticked)
	}
	dk.shot("request-form")
	dk.do("send the request", chromedp.Click(chromedp.CSS(`form[action="/requests"] button[type=submit]`)))
	path := regexp.MustCompile(`/requests/\d+`).FindString(dk.waitURL(`/requests/\d+`))
	dk.waitText("#request-status", "Sent")
	dk.shot("request-sent")

	// It reaches the UK officer's open page without a reload: the header's
	// count of what waits on them moves.
	waitLiveCount(uk, "#work-count-nav", ukBefore)
	uk.shot("request-arrived-live")
	// The Dakar officer waits on My work for the answer.
	dk.openOK("/work")
	waitLive(dk)
	dkBefore := countText(dk, "#work-count-nav")

	// The UK officer finds it among the requests sent to them, sees the
	// three suspects and nothing else of the case, and answers.
	uk.openOK("/requests?box=in")
	uk.waitText("#requests-list", subject)
	uk.do("open the request", chromedp.Click(chromedp.CSS(`#requests-list a[href="`+path+`"]`)))
	uk.waitText("#request-status", "Sent")
	if n := eval[int](uk, `document.querySelectorAll("#extract tbody tr").length`); n != 3 {
		t.Errorf("the extract shows %d people, want the 3 suspects", n)
	}
	if strings.Contains(uk.text("main"), "language-study") {
		t.Error("the recipient is shown the case's title: the extract must hold only the chosen items")
	}
	if status := uk.open("/cases/" + ref); status != 404 {
		t.Errorf("the recipient opens the case itself: %d, want 404", status)
	}
	uk.openOK(path)
	// A scan attached to the request, through its own form.
	scan := filepath.Join(t.TempDir(), "ncb-manchester-reply.pdf")
	if err := os.WriteFile(scan, []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	uk.do("attach the scan", chromedp.SetUploadFiles("#evidence-file", []string{scan}), chromedp.Submit("#evidence-file"))
	uk.waitURL(path + `\?file=\d+`)
	file := eval[string](uk, `(() => { const a = document.querySelector("#files a[href^='/files/']"); return a ? a.getAttribute("href") : ""; })()`)
	if file == "" {
		t.Fatal("the request page does not list the attached file")
	}
	answer := "Two of the three are known to us: both left for Calais on 28 September."
	uk.do("answer", chromedp.SendKeys(chromedp.ID("body"), answer), chromedp.Click(chromedp.ID("request-answer")))
	uk.waitText("#request-status", "Answered")
	uk.waitText("#thread", answer)
	uk.shot("request-answered")

	// The answer reaches the Dakar officer's open page live, and waits in
	// their My work.
	waitLiveCount(dk, "#work-count-nav", dkBefore)
	dk.openOK("/work")
	dk.waitText("main", subject)
	dk.do("open the answered request", chromedp.Click(chromedp.CSS(`main a[href="`+path+`"]`)))
	dk.waitText("#request-status", "Answered")
	dk.waitText("#thread", answer)
	if !strings.Contains(dk.text("#files"), "ncb-manchester-reply.pdf") {
		t.Error("the sender does not see the file the recipient attached")
	}
	dk.shot("answer-read")

	// An officer of another OCU: the request and its file do not exist for
	// them.
	manila := as(t, officer)
	for _, p := range []string{path, file} {
		if status := manila.open(p); status != 404 {
			t.Errorf("GET %s as an officer of OCU Manila: %d, want 404", p, status)
		}
	}
}

// waitLive marks the open page (a reload would clear the mark) and waits
// until its live stream is connected.
func waitLive(b *tab) {
	b.t.Helper()
	eval[bool](b, `(window.ocuNoReload = true)`)
	run(b, "wait for the live stream", chromedp.Poll[bool](`(() => { const s = document.body["htmx-internal-data"];
		return !!(s && s.sseEventSource && s.sseEventSource.readyState === 1); })()`, chromedp.WithPollingTimeout(10*time.Second)))
}

// waitLiveCount waits until the count in sel changes from before to a
// number, on the same page as waitLive marked: it came live, not by a
// reload.
func waitLiveCount(b *tab, sel, before string) {
	b.t.Helper()
	run(b, "wait for "+sel+" to move live", chromedp.Poll[bool](fmt.Sprintf(`(() => { const t = ((document.querySelector(%q) || {}).textContent || "").trim();
		return window.ocuNoReload === true && /\d/.test(t) && t !== %q; })()`, sel, before), chromedp.WithPollingTimeout(10*time.Second)))
}

// countText is what the count in sel says now.
func countText(b *tab, sel string) string {
	return eval[string](b, fmt.Sprintf(`((document.querySelector(%q) || {}).textContent || "").trim()`, sel))
}
