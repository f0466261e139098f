package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocu-project/ocu"
)

// Irreversible acts posted from a page's form ask first: the first POST
// answers with a confirmation page (200) and does nothing; the same POST
// with confirm=1 does it. The API acts at once, as before.

// askedFirst checks that r is the confirmation page carrying the values
// of the first POST to its Confirm button, with confirm=1.
func askedFirst(t *testing.T, what string, r response, wants ...string) {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("%s without confirm=1: status %d, want 200 and the confirmation page; %.300s", what, r.Status, r.Body)
	}
	mustContain(t, r.Body, append([]string{`class="confirm-form"`, `name="confirm" value="1"`, `name="_csrf"`, "Cancel, go back"}, wants...)...)
}

func confirmed(v url.Values) url.Values {
	out := url.Values{"confirm": {"1"}}
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

func caseStatus(t *testing.T, a *testApp, ref string) string {
	t.Helper()
	var s string
	if err := a.db.Read.Raw("SELECT status FROM cases WHERE reference = ?", ref).Scan(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReferringAndClosingAskFirst(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Confirm before referral")
	a.readyForReferral(ref)
	if status, m := a.api("POST", "/api/v1/cases/"+ref+"/transitions", map[string]any{"to": "screening"}); status != http.StatusOK {
		t.Fatalf("to screening: %d %v", status, m)
	}
	refer := url.Values{"to": {"referred"}, "version": {"2"}, "note": {"Suspect charged"}}
	r := a.postForm("/cases/"+ref+"/transitions", refer)
	askedFirst(t, "refer", r, "Refer "+ref+" for prosecution?", `name="to" value="referred"`, `name="version" value="2"`,
		`name="note" value="Suspect charged"`, `href="/cases/`+ref+`"`, "Refer the case")
	if got := caseStatus(t, a, ref); got != "screening" {
		t.Fatalf("after the unconfirmed referral the case is %s, want screening", got)
	}
	if r = a.postForm("/cases/"+ref+"/transitions", confirmed(refer)); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed referral: %d %.300s", r.Status, r.Body)
	}
	if got := caseStatus(t, a, ref); got != "referred" {
		t.Fatalf("after the confirmed referral the case is %s", got)
	}

	closeIt := url.Values{"to": {"closed"}, "version": {"3"}}
	askedFirst(t, "close", a.postForm("/cases/"+ref+"/transitions", closeIt), "Close "+ref+"?", "Close the case")
	if got := caseStatus(t, a, ref); got != "referred" {
		t.Fatalf("after the unconfirmed closure the case is %s", got)
	}
	if r = a.postForm("/cases/"+ref+"/transitions", confirmed(closeIt)); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed closure: %d %.300s", r.Status, r.Body)
	}
	if got := caseStatus(t, a, ref); got != "closed" {
		t.Fatalf("after the confirmed closure the case is %s", got)
	}
}

func TestRefusedMovesAreNotAskedAbout(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Refused before asking")
	// Closing from raid needs a reason: say so at once, not after a
	// confirmation.
	r := a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"closed"}, "version": {"1"}})
	if r.Status != http.StatusUnprocessableEntity || strings.Contains(r.Body, `name="confirm"`) {
		t.Fatalf("close without reason: %d, want 422 without a confirmation", r.Status)
	}
	// A stale page is refused at once too.
	r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"closed"}, "version": {"7"}, "note": {"dup"}})
	if r.Status != http.StatusConflict {
		t.Fatalf("stale close: %d, want 409", r.Status)
	}
	// Moves that can be undone by the one who made them are not asked about.
	if r = a.postForm("/cases/"+ref+"/transitions", url.Values{"to": {"screening"}, "version": {"1"}}); r.Status != http.StatusUnprocessableEntity && r.Status != http.StatusConflict && r.Status != http.StatusSeeOther {
		t.Fatalf("move to screening: %d", r.Status)
	}
	if strings.Contains(r.Body, `name="confirm"`) {
		t.Fatal("a move to screening asked for confirmation")
	}
	// Someone who may not change the case gets the refusal, not a question.
	r = a.as("officer.ar").postForm("/cases/"+ref+"/transitions", url.Values{"to": {"closed"}, "version": {"1"}, "note": {"x"}})
	if r.Status == http.StatusOK {
		t.Fatalf("an officer of another OCU was asked to confirm closing a case they cannot see")
	}
}

func TestDeletingASeizureAsksFirst(t *testing.T) {
	a := newTestApp(t)
	ref := a.newCase("Seizure to delete")
	st, m := a.api("POST", "/api/v1/cases/"+ref+"/seizures", map[string]any{"kind": "firearms", "description": "Two pistols",
		"quantity": 2, "unit": "items"})
	if st != http.StatusCreated {
		t.Fatalf("add seizure: %d %v", st, m)
	}
	path := fmt.Sprintf("/cases/%s/seizures/%v/delete", ref, m["id"])
	count := func() int {
		var n int
		a.db.Read.Raw("SELECT COUNT(*) FROM seizures WHERE id = ?", m["id"]).Scan(&n)
		return n
	}
	askedFirst(t, "delete seizure", a.postForm(path, nil), "Delete a seizure of "+ref+"?", "Two pistols", "Delete the seizure",
		`href="/cases/`+ref+`#seizures"`)
	if count() != 1 {
		t.Fatal("the seizure went without confirmation")
	}
	if r := a.postForm(path, url.Values{"confirm": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("confirmed delete: %d %.300s", r.Status, r.Body)
	}
	if count() != 0 {
		t.Fatal("the confirmed delete left the seizure")
	}
	// A seizure that is not there is a 404, not a question.
	if r := a.postForm(path, nil); r.Status != http.StatusNotFound {
		t.Fatalf("deleting a deleted seizure: %d, want 404", r.Status)
	}
}

func TestDisablingResettingAndRevokingAskFirst(t *testing.T) {
	a := newTestApp(t)
	a.as("admin")
	disabled := func() bool {
		var d bool
		a.db.Read.Raw("SELECT disabled FROM users WHERE username = 'officer.th'").Scan(&d)
		return d
	}
	askedFirst(t, "disable", a.postForm("/admin/users/officer.th/disabled", url.Values{"disabled": {"true"}}),
		"Disable officer.th?", `name="disabled" value="true"`, `href="/admin/users/officer.th"`)
	if disabled() {
		t.Fatal("the account was disabled without confirmation")
	}
	if r := a.postForm("/admin/users/officer.th/disabled", url.Values{"disabled": {"true"}, "confirm": {"1"}}); r.Status != http.StatusSeeOther || !disabled() {
		t.Fatalf("confirmed disable: %d, disabled %v", r.Status, disabled())
	}
	// Enabling undoes nothing: it happens at once.
	if r := a.postForm("/admin/users/officer.th/disabled", url.Values{"disabled": {"false"}}); r.Status != http.StatusSeeOther || disabled() {
		t.Fatalf("enable: %d, disabled %v", r.Status, disabled())
	}

	hash := func() string {
		var h string
		a.db.Read.Raw("SELECT password_hash FROM users WHERE username = 'officer.th'").Scan(&h)
		return h
	}
	before := hash()
	askedFirst(t, "reset password", a.postForm("/admin/users/officer.th/password", nil), "Reset the password of officer.th?")
	if hash() != before {
		t.Fatal("the password was reset without confirmation")
	}
	if r := a.postForm("/admin/users/officer.th/password", url.Values{"confirm": {"1"}}); r.Status != http.StatusOK || hash() == before {
		t.Fatalf("confirmed reset: %d, changed %v", r.Status, hash() != before)
	}

	ctx := ocu.SystemContext(context.Background())
	_, tok, err := accountStore(a.db).CreateToken(ctx, "officer.ph", "Scanner")
	if err != nil {
		t.Fatal(err)
	}
	revoked := func() bool {
		var n int
		a.db.Read.Raw("SELECT COUNT(*) FROM api_tokens WHERE id = ? AND revoked_at IS NOT NULL", tok.ID).Scan(&n)
		return n == 1
	}
	adminPath := fmt.Sprintf("/admin/tokens/%d/revoke", tok.ID)
	askedFirst(t, "admin revoke", a.postForm(adminPath, nil), "Revoke the token Scanner?", "officer.ph", `href="/admin/users/officer.ph#tokens-h"`)
	if revoked() {
		t.Fatal("the token was revoked without confirmation")
	}
	// Its owner, from their account page.
	own := fmt.Sprintf("/account/tokens/%d/revoke", tok.ID)
	if r := a.as("officer.ar").postForm(own, nil); r.Status != http.StatusNotFound {
		t.Fatalf("another user asked to revoke someone's token: %d, want 404", r.Status)
	}
	a.as("officer.ph")
	askedFirst(t, "own revoke", a.postForm(own, nil), "Revoke the token Scanner?", `href="/account"`)
	if revoked() {
		t.Fatal("the token was revoked without confirmation")
	}
	if r := a.postForm(own, url.Values{"confirm": {"1"}}); r.Status != http.StatusSeeOther || !revoked() {
		t.Fatalf("confirmed revoke: %d, revoked %v", r.Status, revoked())
	}
}
