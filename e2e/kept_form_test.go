package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/ocu-project/ocu/db"
)

// TestRaiseFormSurvivesAnEndedSession: an officer types a whole case into
// the raise form, the session ends while they type (as after 30 minutes
// without use), and Save lands on the sign-in page saying what happened;
// signing in again brings the form back filled in, not saved.
func TestRaiseFormSurvivesAnEndedSession(t *testing.T) {
	b := anonymous(t)
	b.user = officer
	b.do("sign in", chromedp.Navigate(env.base+"/signin"),
		chromedp.SendKeys(chromedp.ID("username"), officer.Username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/signout"]`)))
	b.openOK("/cases/new")

	title := fmt.Sprintf("Raid typed at 3 a.m., run %d", time.Now().UnixNano()%1e6)
	summary := "Eleven workers found locked in; passports held by the manager."
	b.do("type the case",
		chromedp.SetValue(chromedp.ID("raising_country"), "PH"),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("summary"), summary),
		chromedp.SendKeys(chromedp.ID("place"), "Malate, Manila"),
		chromedp.SetValue(chromedp.ID("country"), "PH"),
		chromedp.SetValue(chromedp.ID("raid_at"), "2024-10-02T03:05"),
		chromedp.Click(chromedp.CSS(`input[name=forms][value=forced_labour]`)))
	b.shot("typed")

	// The session ends: the server finds it idle past its timeout.
	expireSession(b)

	b.do("save", chromedp.Click(chromedp.CSS(`form.case-form button.primary`)))
	b.waitURL(`/signin\?next=%2Fcases%2Fnew$`)
	b.waitText("main", "Your session had ended. Sign in again: what you typed is kept, check it and save.")
	b.shot("signin-with-message")

	b.do("sign in again",
		chromedp.SendKeys(chromedp.ID("username"), officer.Username),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Click(chromedp.CSS(`form[action="/signin"] button[type=submit]`)))
	b.waitURL(`/cases/new$`)
	b.waitText("form.case-form", "What you typed before your session ended is back in this form.")
	b.shot("restored")
	for id, want := range map[string]string{"title": title, "summary": summary, "place": "Malate, Manila",
		"raising_country": "PH", "country": "PH", "raid_at": "2024-10-02T03:05"} {
		b.wantValue(id, want)
	}
	if !eval[bool](b, `document.querySelector("input[name=forms][value=forced_labour]").checked`) {
		t.Error("the form of exploitation ticked before is not ticked")
	}
	// Nothing was saved: no case bears the title.
	b.openOK("/cases?q=" + strings.ReplaceAll(title, " ", "+"))
	if got := b.text("main"); strings.Contains(got, title) {
		t.Fatalf("the case was saved without a click: %.300s", got)
	}
}

// expireSession makes this tab's session idle for an hour, in the
// database the server runs on.
func expireSession(b *tab) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	res, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{env.base + "/"}})
	if err != nil {
		b.t.Fatalf("read cookies: %v", err)
	}
	token := ""
	for _, c := range res.Cookies {
		if c.Name == "ocu_session" {
			token = c.Value
		}
	}
	if token == "" {
		b.t.Fatal("no session cookie")
	}
	d, err := db.Open(filepath.Join(env.tmp, "e2e.db"))
	if err != nil {
		b.t.Fatal(err)
	}
	defer d.Close()
	sum := sha256.Sum256([]byte(token))
	upd := d.Write.Exec("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?", time.Now().Add(-time.Hour), hex.EncodeToString(sum[:]))
	if upd.Error != nil || upd.RowsAffected != 1 {
		b.t.Fatalf("expire the session: %v (%d rows)", upd.Error, upd.RowsAffected)
	}
}
