package e2e

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

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
// about the Tunisian case's suspects; a UK officer finds the request and
// answers it; the Dakar officer reads the answer; an officer of another
// OCU gets 404 for the request. (Live arrival and an attached file are
// added where live updates and files are.)
func TestRequestBetweenCountries(t *testing.T) {
	addRequestUsers(t)
	dk := as(t, dakarOfficer)

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

	// The UK officer finds it among the requests sent to them, sees the
	// three suspects and nothing else of the case, and answers.
	uk := as(t, ukOfficer)
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
	answer := "Two of the three are known to us: both left for Calais on 28 September."
	uk.do("answer", chromedp.SendKeys(chromedp.ID("body"), answer), chromedp.Click(chromedp.ID("request-answer")))
	uk.waitText("#request-status", "Answered")
	uk.waitText("#thread", answer)
	uk.shot("request-answered")

	// The Dakar officer reads the answer (a reload here; live updates
	// bring it without one).
	dk.openOK(path)
	dk.waitText("#request-status", "Answered")
	dk.waitText("#thread", answer)
	dk.shot("answer-read")

	// An officer of another OCU: the request does not exist for them.
	if status := as(t, officer).open(path); status != 404 {
		t.Errorf("GET %s as an officer of OCU Manila: %d, want 404", path, status)
	}
}
